"""One error shape for every failure the API reports: ``{"error": {"code": ..., "message": ...}}``.

Every path to an error ends here: our own ApiError, Starlette's HTTPException (unknown route, wrong
method), FastAPI's validation errors (rewritten to name the bad parameter), store errors and anything
unexpected (500, logged with its traceback, never shown to the client).
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from newsevents.store import StoreError

logger = logging.getLogger(__name__)

__all__ = ["ApiError", "error_response", "install_handlers", "CODES"]

# The code each HTTP status gets when the raiser gave none; clients switch on `code`, people read `message`.
CODES: dict[int, str] = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "invalid_parameter",
    500: "internal_error",
    503: "store_unavailable",
}


class ApiError(Exception):
    """An error to send as it is: HTTP status, a stable code, and a message saying how to fix the request."""

    def __init__(self, status: int, message: str, code: str | None = None, headers: dict[str, str] | None = None):
        super().__init__(message)
        self.status = status
        self.code = code or CODES.get(status, "error")
        self.message = message
        self.headers = headers


def error_body(code: str, message: str) -> dict[str, Any]:
    return {"error": {"code": code, "message": message}}


def error_response(status: int, message: str, code: str | None = None,
                   headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(error_body(code or CODES.get(status, "error"), message), status_code=status, headers=headers)


def _where(loc: tuple[Any, ...]) -> str:
    """FastAPI's error location as a reader names it: "query parameter 'limit'", "body: articles[2].text"."""
    if not loc:
        return "request"
    kind, rest = loc[0], list(loc[1:])
    path = ""
    for part in rest:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    if kind in ("query", "path", "header", "cookie"):
        return f"{kind} parameter '{path}'" if path else f"{kind} parameters"
    if kind == "body":
        return f"body: {path}" if path else "body"
    return path or str(kind)


def validation_message(errors: list[dict[str, Any]]) -> str:
    parts = []
    for err in errors[:5]:
        message = err.get("msg", "invalid")
        given = err.get("input")
        if err.get("type") not in ("missing",) and isinstance(given, (str, int, float)) and len(str(given)) <= 80:
            message += f" (got {given!r})"
        parts.append(f"{_where(tuple(err.get('loc', ())))}: {message}")
    if len(errors) > 5:
        parts.append(f"... and {len(errors) - 5} more")
    return "; ".join(parts)


async def _api_error(request: Request, exc: ApiError) -> JSONResponse:
    return error_response(exc.status, exc.message, exc.code, exc.headers)


async def _http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
    status = exc.status_code
    if status == 404:
        message = f"no such resource: {request.url.path} (see /docs for the endpoints)"
    elif status == 405:
        allowed = (exc.headers or {}).get("Allow") or (exc.headers or {}).get("allow")
        message = f"{request.method} is not allowed on {request.url.path}" + (f" (allowed: {allowed})" if allowed else "")
    else:
        message = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
    return error_response(status, message, headers=exc.headers)


async def _validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
    return error_response(422, validation_message(list(exc.errors())))


async def _store_error(request: Request, exc: StoreError) -> JSONResponse:
    logger.warning("store error on %s %s: %s", request.method, request.url.path, exc)
    return error_response(503, str(exc))


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    logger.exception("unexpected error on %s %s", request.method, request.url.path)
    return error_response(500, "internal error: the server logged the details")


def install_handlers(app: FastAPI) -> None:
    app.add_exception_handler(ApiError, _api_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StoreError, _store_error)
    app.add_exception_handler(Exception, _unexpected)
