"""The web application: JSON API, dashboard pages, interactive docs, static assets, limits and headers.

    app = create_app("events.db")          # token from NEWSEVENTS_TOKEN; writes refused when unset
    serve("events.db", port=8000)          # uvicorn on 127.0.0.1

Every asset comes from an installed package or from this package's static/ folder; nothing loads from a
CDN. The dashboard's map tiles come from OpenStreetMap when online; without them the map still shows points.
"""

from __future__ import annotations

import html
import ipaddress
import logging
import os
import re
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

import newsevents
from newsevents import settings
from newsevents.api.access import StoreAccess
from newsevents.api.errors import ApiError, error_response, install_handlers
from newsevents.api.routes import router
from newsevents.api.schemas import ArticleBatch, ArticleIn
from newsevents.errors import InputError
from newsevents.store import Store

logger = logging.getLogger(__name__)

__all__ = ["create_app", "serve", "DEFAULT_MAX_BODY_BYTES", "CSP"]

STATIC = Path(__file__).parent / "static"
DEFAULT_MAX_BODY_BYTES = 5 * 1024 * 1024
TILE_ORIGIN = "https://tile.openstreetmap.org"
CSP = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    f"img-src 'self' data: {TILE_ORIGIN}",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])


def create_app(db_path: str, *, token: str | None = None, max_body_bytes: int | None = None) -> FastAPI:
    """The app serving the store at `db_path`.

    `token` guards the write endpoints; None reads NEWSEVENTS_TOKEN, and an empty token refuses writes.
    `max_body_bytes` limits request bodies (413 beyond it); None reads NEWSEVENTS_MAX_BODY_BYTES, else 5 MiB.
    """
    if token is None:
        token = settings.get("token") or None
    if max_body_bytes is None:
        max_body_bytes = _setting_bytes("max_body_bytes")
    _check_store(db_path, writable=bool(token))
    access = StoreAccess(db_path)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        yield
        access.close()

    app = FastAPI(
        title="newsevents", version=newsevents.__version__, lifespan=lifespan,
        description="Political events coded from news articles (ACLED, PLOVER, CAMEO), with the article's words "
                    "behind every field. Reads are open; POST /api/articles needs `Authorization: Bearer <token>`. "
                    "Every error is `{\"error\": {\"code\", \"message\"}}`.",
        docs_url=None, redoc_url=None, swagger_ui_oauth2_redirect_url=None,
    )
    app.state.access = access
    app.state.token = token
    install_handlers(app)
    app.include_router(router)
    _pages(app)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    for name, directory in _vendor_dirs().items():
        app.mount(f"/vendor/{name}", StaticFiles(directory=directory), name=f"vendor-{name}")
    app.openapi = lambda: _openapi(app)  # type: ignore[method-assign]
    app.add_middleware(BodyLimit, max_bytes=max_body_bytes)
    app.add_middleware(SecurityHeaders)
    return app


def serve(db_path: str, host: str = "127.0.0.1", port: int = 8000, *, allow_remote: bool = False,
          token: str | None = None) -> None:
    """Run the app with uvicorn until interrupted; only on a loopback address unless `allow_remote`."""
    import uvicorn

    if not allow_remote and not is_loopback(host):
        raise InputError(f"refusing to listen on {host}: only loopback addresses (127.0.0.1, ::1, localhost) "
                         "unless asked (serve(..., allow_remote=True), or name the host with --host)")
    app = create_app(db_path, token=token)
    if not is_loopback(host):
        logger.warning("listening on %s: anyone who can reach it can read the store%s", host,
                       "; the bearer token travels in clear text over plain HTTP" if app.state.token else "")
    uvicorn.run(app, host=host, port=port, log_level="info")


def is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _setting_bytes(name: str) -> int:
    value = settings.get(name)
    try:
        number = int(value)
    except ValueError:
        raise InputError(f"NEWSEVENTS_{name.upper()} must be a whole number of bytes, not {value!r}") from None
    if number < 1:
        raise InputError(f"NEWSEVENTS_{name.upper()} must be at least 1, not {number}")
    return number


def _check_store(path: str, *, writable: bool) -> None:
    """Fail at start, not at the first request: the store must exist (or be creatable when writes are on)."""
    if writable and not os.path.exists(path):
        Store(path).close()  # an empty store with its schema, for POST /api/articles to fill
    Store(path, readonly=True).close()


def _vendor_dirs() -> dict[str, str]:
    """Third-party assets, served from the packages that ship them."""
    import fastapi_offline
    import xstatic.pkg.leaflet
    import xstatic.pkg.leaflet_markercluster

    return {
        "leaflet": xstatic.pkg.leaflet.BASE_DIR,
        "leaflet.markercluster": xstatic.pkg.leaflet_markercluster.BASE_DIR,
        "swagger-ui": str(Path(fastapi_offline.__file__).parent / "static"),
    }


def _openapi(app: FastAPI) -> dict[str, Any]:
    if app.openapi_schema is None:
        schema = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
        schema.setdefault("components", {})["securitySchemes"] = {
            "bearer": {"type": "http", "scheme": "bearer", "description": "The server's NEWSEVENTS_TOKEN."}}
        schema["paths"]["/api/articles"]["post"]["security"] = [{"bearer": []}]
        components = schema["components"].setdefault("schemas", {})
        for model in (ArticleIn, ArticleBatch):
            model_schema = model.model_json_schema(ref_template="#/components/schemas/{model}")
            components.update(model_schema.pop("$defs", {}))
            components[model.__name__] = model_schema
        app.openapi_schema = schema
    return app.openapi_schema


_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _pages(app: FastAPI) -> None:
    """The HTML pages: static shells whose scripts read the JSON API (each page's JSON twin)."""
    index = (STATIC / "index.html").read_text(encoding="utf-8")
    event = (STATIC / "event.html").read_text(encoding="utf-8")
    docs = (STATIC / "docs.html").read_text(encoding="utf-8")

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def dashboard() -> HTMLResponse:
        return HTMLResponse(index)

    @app.get("/events/{event_id}", response_class=HTMLResponse, include_in_schema=False)
    def event_page(event_id: str) -> HTMLResponse:
        with app.state.access.reader() as store:
            found = store.db.execute("SELECT 1 FROM events WHERE id = ?", (event_id,)).fetchone() is not None
        # Unknown ids still get the page (it shows the API's message), with a 404 status.
        shown = _CONTROL.sub("\ufffd", html.escape(event_id, quote=True))  # no NUL or escape code in the page
        return HTMLResponse(event.replace("{event_id}", shown), status_code=200 if found else 404)

    @app.get("/docs", response_class=HTMLResponse, include_in_schema=False)
    def api_docs() -> HTMLResponse:
        return HTMLResponse(docs)


class SecurityHeaders:
    """nosniff on every response; a Content-Security-Policy (scripts only from this server) on HTML pages."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.setdefault("X-Content-Type-Options", "nosniff")
                if headers.get("content-type", "").startswith("text/html"):
                    headers["Content-Security-Policy"] = CSP
                    headers["X-Frame-Options"] = "DENY"
            await send(message)

        await self.app(scope, receive, send_with_headers)


class BodyLimit:
    """Refuse request bodies over `max_bytes` with 413, whether or not they declare their length.

    A declared length over the limit is refused at once. Otherwise the body is counted as the endpoint reads
    it, so nothing is read before the endpoint's checks (the token) pass: a stranger cannot make the server
    buffer an upload, and a chunked upload still stops at the limit.
    """

    def __init__(self, app: ASGIApp, max_bytes: int):
        self.app = app
        self.max_bytes = max_bytes

    def _too_large(self) -> str:
        return (f"the request body is larger than this server's limit of {self.max_bytes} bytes "
                "(send fewer articles per request, or raise NEWSEVENTS_MAX_BODY_BYTES)")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None:
            try:
                length = int(declared)
            except ValueError:
                await error_response(400, "the Content-Length header is not a number")(scope, receive, send)
                return
            if length > self.max_bytes:
                await error_response(413, self._too_large())(scope, receive, send)
                return
        size = 0

        async def counted() -> Message:
            nonlocal size
            message = await receive()
            size += len(message.get("body", b""))
            if size > self.max_bytes:
                raise ApiError(413, self._too_large())
            return message

        await self.app(scope, counted, send)
