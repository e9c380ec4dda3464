"""HEAD answered wherever GET is, as the GET without its body; 405s say that HEAD is allowed."""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send


class HeadAsGet:
    """Plain ASGI middleware: a HEAD request runs the GET handler, whose status and headers
    (Content-Length, ETag, Last-Modified) go out unchanged and whose body is dropped.

    FastAPI routes answer only the methods they declare, so HEAD was a 405 on every page,
    feed and sitemap. Declaring HEAD on each route (`api_route(methods=["GET", "HEAD"])`)
    would put a second operation per path in the OpenAPI schema and would have to be
    remembered on every route added later; HTTP defines HEAD as GET without the body
    (RFC 9110, 9.3.2), so one middleware gives it to every GET route, present and future.
    A HEAD costs what its GET costs: nothing here is dear enough to be worth a second path."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if scope["method"] == "HEAD":
            await self.app({**scope, "method": "GET"}, receive, _without_body(send))
        else:
            await self.app(scope, receive, _allowing_head(send))


def _without_body(send: Send) -> Send:
    async def send_headers_only(message: Message) -> None:
        if message["type"] == "http.response.body":
            message = {**message, "body": b""}
        await send(message)

    return send_headers_only


def _allowing_head(send: Send) -> Send:
    """A 405 lists the methods a route answers (RFC 9110, 15.5.6); HEAD goes with GET."""

    async def send_with_head(message: Message) -> None:
        if message["type"] == "http.response.start" and message["status"] == 405:
            headers = []
            for name, value in message.get("headers", []):
                if name.lower() == b"allow":
                    methods = [m.strip() for m in value.decode("latin-1").split(",")]
                    if "GET" in methods and "HEAD" not in methods:
                        methods.append("HEAD")
                    value = ", ".join(methods).encode("latin-1")
                headers.append((name, value))
            message = {**message, "headers": headers}
        await send(message)

    return send_with_head
