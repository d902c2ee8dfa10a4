"""FastAPI app: /api/ask, /api/health, and the Gradio chat page mounted at /."""

from __future__ import annotations

from typing import Any

import anyio
import gradio as gr
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from . import __version__
from .errors import BadQuestion
from .pipeline import QA
from .ui import CSS, build_ui

__all__ = ["create_app", "MAX_BODY_BYTES"]

MAX_BODY_BYTES = 64_000
ANSWER_SLOTS = 2


class AskRequest(BaseModel):
    """Body of POST /api/ask."""

    question: str = Field(description="the fan's question")
    k: int | None = Field(default=None, description="quotes to return, 1..50 (default 3)")


def create_app(qa: QA) -> FastAPI:
    """The HTTP API and the chat page in one ASGI app (server.py is imported only by shells)."""
    app = FastAPI(title="fan-qa", version=__version__)
    # Two answers at a time (one per core, one torch thread each); the other
    # requests wait in the event loop, not on worker threads fighting for the GIL.
    slots = anyio.CapacityLimiter(ANSWER_SLOTS)

    @app.middleware("http")
    async def limit_body(request: Request, call_next: Any) -> Any:
        length = request.headers.get("content-length")
        if request.url.path.startswith("/api/") and length and length.isdigit() and int(length) > MAX_BODY_BYTES:
            return JSONResponse({"error": f"request body over {MAX_BODY_BYTES} bytes"}, status_code=413)
        return await call_next(request)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(p) for p in first.get("loc", ()) if p != "body")
        return JSONResponse({"error": f"{where or 'body'}: {first.get('msg', 'invalid request')}"}, status_code=422)

    @app.post("/api/ask")
    async def ask(body: AskRequest) -> Any:
        try:
            answer = await anyio.to_thread.run_sync(qa.ask, body.question, body.k, limiter=slots)
            return answer.to_dict()
        except BadQuestion as exc:
            return JSONResponse({"error": str(exc)}, status_code=400)

    @app.get("/api/health")
    def health() -> dict[str, Any]:
        return {"status": "ok", **qa.info()}

    demo = build_ui(qa)
    return gr.mount_gradio_app(app, demo, path="/", css=CSS, footer_links=["api"])
