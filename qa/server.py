"""FastAPI app: /api/ask, /api/health, /api/articles, and the Gradio chat page mounted at /.

Every error the app itself answers is ``{"error": ...}`` JSON; limits on what a
client can make the server hold are in :mod:`qa.http_limits`.
"""

from __future__ import annotations

import logging
from functools import partial
from typing import Any

import anyio
import gradio as gr
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field, StrictInt, StrictStr
from starlette.exceptions import HTTPException as StarletteHTTPException

from . import __version__
from .articles import article_list
from .errors import BadQuestion
from .http_limits import API_MAX_BODY_BYTES, BodyGuard, HeaderTimeoutH11Protocol
from .pipeline import QA
from .ui import CSS, build_ui

__all__ = ["create_app", "serve", "MAX_BODY_BYTES", "UVICORN_OPTIONS"]

log = logging.getLogger(__name__)
MAX_BODY_BYTES = API_MAX_BODY_BYTES
ANSWER_SLOTS = 2
# How uvicorn must run this app (python app.py uses serve()):
# - the h11 protocol with a header deadline: uvicorn never times out half-sent headers itself;
# - 16 kB of buffered headers per connection at most (h11's incomplete-event bound);
# - 5 s idle keep-alive; at most 1,000 connections + requests at once, then 503.
UVICORN_OPTIONS: dict[str, Any] = {
    "http": HeaderTimeoutH11Protocol,
    "h11_max_incomplete_event_size": 16 * 1024,
    "timeout_keep_alive": 5,
    "limit_concurrency": 1000,
    "log_level": "warning",
}
_API_ROUTES = {"/api/ask": "POST", "/api/health": "GET", "/api/articles": "GET"}
_BODY_PARSE_ERROR = "There was an error parsing the body"  # FastAPI's words for undecodable or too-deep JSON


class AskRequest(BaseModel):
    """Body of POST /api/ask."""

    question: str = Field(description="the fan's question")
    # StrictInt: a JSON integer only ("3", 3.0 and true are refused, not coerced); null means the default.
    k: StrictInt | None = Field(default=None, description="quotes to return, 1..50 (default 3)")
    since: StrictStr | None = Field(default=None, description="only articles dated on or after YYYY-MM-DD")
    until: StrictStr | None = Field(default=None, description="only articles dated on or before YYYY-MM-DD")
    source: StrictStr | None = Field(default=None, description="only articles whose source contains this (any case)")


def _error(status: int, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status, headers=headers)


def create_app(qa: QA) -> FastAPI:
    """The HTTP API and the chat page in one ASGI app (server.py is imported only by shells)."""
    app = FastAPI(title="fan-qa", version=__version__)
    # Two answers at a time (one per core, one torch thread each); the other
    # requests wait in the event loop, not on worker threads fighting for the GIL.
    slots = anyio.CapacityLimiter(ANSWER_SLOTS)
    app.add_middleware(BodyGuard)
    _add_error_handlers(app)

    @app.post("/api/ask")
    async def ask(body: AskRequest) -> Any:
        try:
            answer = await anyio.to_thread.run_sync(
                partial(qa.ask, body.question, body.k, since=body.since, until=body.until, source=body.source),
                limiter=slots,
            )
            return answer.to_dict()
        except BadQuestion as exc:
            return _error(400, str(exc))

    @app.get("/api/health")
    def health() -> dict[str, Any]:
        return {"status": "ok", **qa.info()}  # "index" is the generation's name, never a server path

    @app.get("/api/articles")
    def articles() -> dict[str, Any]:
        """Every indexed article (doc_id, title, source, date, url), newest first; undated last."""
        return {"articles": article_list(qa.generation.table.documents)}

    @app.api_route(
        "/api/{rest:path}",
        methods=["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"],
        include_in_schema=False,
    )
    def unknown(request: Request) -> JSONResponse:
        # Without this, /api/typo would fall through to the Gradio mount and answer in its format.
        allowed = _API_ROUTES.get(request.url.path)
        if allowed:
            return _error(
                405, f"{request.method} is not allowed on {request.url.path} — use {allowed}", {"Allow": allowed}
            )
        return _error(404, f"no API route {request.url.path} — use POST /api/ask, GET /api/health or GET /api/articles")

    demo = build_ui(qa)
    return gr.mount_gradio_app(app, demo, path="/", css=CSS, footer_links=["api"])


def _add_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(p) for p in first.get("loc", ()) if p != "body")
        if where == "k":  # the same words as the library and the Gradio /ask endpoint
            return _error(
                422, f"k must be a whole number from 1 to 50, or null for the default (got {first.get('input')!r})"
            )
        return _error(422, f"{where or 'body'}: {first.get('msg', 'invalid request')}")

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        message = str(exc.detail)
        if message == _BODY_PARSE_ERROR:
            message = 'the body is not valid JSON (UTF-8, nested at most a few hundred levels) — send {"question": "…"}'
        return _error(exc.status_code, message, getattr(exc, "headers", None))

    @app.exception_handler(Exception)
    async def crashed(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return _error(500, "internal error — the server log has the details; try again or report it")


def serve(app: Any, host: str, port: int) -> None:
    """Run ``app`` under uvicorn with the limits in :data:`UVICORN_OPTIONS`."""
    import uvicorn

    uvicorn.run(app, host=host, port=port, **UVICORN_OPTIONS)
