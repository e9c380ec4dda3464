"""Error pages that keep the layout and offer a search box; JSON errors under /api."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException

from app.routes.deps import DATE
from app.services.errors import NotFound

log = logging.getLogger("presser")

TITLES = {400: "Bad request", 404: "Not found", 405: "Method not allowed", 500: "Server error"}


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api")


def _page(
    request: Request, status: int, detail: str, headers: Mapping[str, str] | None = None
) -> Response:
    templates: Jinja2Templates = request.app.state.templates
    name = "404.html" if status == 404 else "error.html"
    context = {"detail": detail, "title": TITLES.get(status, "Error")}
    return templates.TemplateResponse(request, name, context, status_code=status, headers=headers)


async def http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    if _wants_json(request):
        return JSONResponse(
            {"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers
        )
    # Starlette's own "Not Found" (no route matched) gets the page's friendlier default.
    detail = exc.detail if isinstance(exc.detail, str) and exc.detail != "Not Found" else ""
    # The exception's headers (a 405's Allow) belong to the page as much as to the JSON.
    return _page(request, exc.status_code, detail, exc.headers)


async def not_found(request: Request, exc: Exception) -> Response:
    """The domain's NotFound (app/services) as the 404 page, or JSON under /api."""
    assert isinstance(exc, NotFound)
    return await http_error(request, StarletteHTTPException(404, str(exc)))


async def validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    if _wants_json(request):
        return JSONResponse({"detail": exc.errors()}, status_code=422)
    problems = "; ".join(_problem(e) for e in exc.errors())
    return _page(request, 400, f"The address has a parameter this site cannot use ({problems}).")


def _problem(error: Mapping[str, Any]) -> str:
    where = ".".join(str(p) for p in error["loc"][1:])
    if error["type"] == "string_pattern_mismatch":
        # The pattern itself (a date's runs to 300 characters) tells a reader nothing.
        expected = (
            "a date written YYYY-MM-DD" if error["ctx"]["pattern"] == DATE else "another form"
        )
        return f"{where}: expects {expected}, not {error['input']!r}"
    return f"{where}: {error['msg']}"


async def server_error(request: Request, exc: Exception) -> Response:
    log.exception("unhandled error on %s", request.url.path, exc_info=exc)
    detail = "Something went wrong on our side. The error has been logged; please try again."
    if _wants_json(request):
        return JSONResponse({"detail": detail}, status_code=500)
    return _page(request, 500, detail)


def install(app: FastAPI) -> None:
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(NotFound, not_found)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(Exception, server_error)
