"""Conditional GET for what feed readers and crawlers poll: ETag and Last-Modified on the
response, and a 304 without a body when the client's copy is still current."""

from __future__ import annotations

import datetime as dt
import hashlib
from email.utils import format_datetime, parsedate_to_datetime

from fastapi import Request
from fastapi.responses import Response


def utc(moment: dt.datetime) -> dt.datetime:
    """Stored times are UTC; SQLite gives them back without their zone."""
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def conditional(
    request: Request, response: Response, last_modified: dt.datetime | None
) -> Response:
    """The response with its validators, or a 304 when the request's validators match.

    The ETag is a hash of the body, so it is exact whatever the page depends on (the
    archive, the address it was asked for, the query). Last-Modified is when the archive
    last changed, which bounds every page's change from above: a journalist's feed can
    change through another session's ingest (a first-name call linked to them)."""
    etag = '"' + hashlib.sha256(bytes(response.body)).hexdigest()[:32] + '"'
    validators = {"ETag": etag}
    if last_modified is not None:
        validators["Last-Modified"] = format_datetime(utc(last_modified), usegmt=True)
    if still_current(request, etag, last_modified):
        return Response(status_code=304, headers=validators)
    response.headers.update(validators)
    return response


def still_current(request: Request, etag: str, last_modified: dt.datetime | None) -> bool:
    """RFC 9110, 13.2.2: If-None-Match (compared weakly) decides when present; otherwise
    If-Modified-Since, to the second, since that is all an HTTP date holds."""
    if (match := request.headers.get("if-none-match")) is not None:
        tags = {tag.strip().removeprefix("W/") for tag in match.split(",")}
        return "*" in tags or etag in tags
    since = request.headers.get("if-modified-since")
    if since is None or last_modified is None:
        return False
    try:
        client = utc(parsedate_to_datetime(since))
    except (TypeError, ValueError):
        return False  # an unreadable date is ignored, as the RFC asks
    return utc(last_modified).replace(microsecond=0) <= client
