"""Limits on what one HTTP client can make the server hold: body bytes, body time, header time.

Two layers, because they see different things:

* :class:`BodyGuard`, a pure-ASGI middleware, counts the body bytes the app
  actually reads (chunked or not, whatever ``Content-Length`` claims) and the
  time spent waiting for them. Over the limit it answers 413, past the
  deadline 408, both as ``{"error": ...}`` JSON with ``Connection: close``.
  It also refuses file uploads: the chat page has no file input.
* :class:`HeaderTimeoutH11Protocol`, a uvicorn protocol, closes a connection
  that has not sent complete request headers within ``HEADER_TIMEOUT_S`` of
  opening (or of its previous response): uvicorn itself never times out a
  half-sent request line or header block.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

import anyio
from uvicorn.protocols.http.h11_impl import H11Protocol

__all__ = [
    "BodyGuard",
    "HeaderTimeoutH11Protocol",
    "API_MAX_BODY_BYTES",
    "GRADIO_MAX_BODY_BYTES",
    "BODY_TIMEOUT_S",
    "HEADER_TIMEOUT_S",
]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

API_MAX_BODY_BYTES = 64_000
# The chat page posts the whole conversation (rendered quotes included) with every
# question: 1 MB is some hundreds of turns, and four 50 MB posts are refused.
GRADIO_MAX_BODY_BYTES = 1_000_000
BODY_TIMEOUT_S = 10.0
HEADER_TIMEOUT_S = 10.0
# Routes that store files; the page has no file input, so nothing may be uploaded.
UPLOAD_PATHS = frozenset({"/gradio_api/upload", "/gradio_api/process_recording"})


class _Refused(Exception):
    """Raised into the app's ``receive`` once the guard has answered for it."""


def _json(status: int, error: str) -> tuple[Message, Message]:
    body = json.dumps({"error": error}).encode()
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
        (b"connection", b"close"),
    ]
    return {"type": "http.response.start", "status": status, "headers": headers}, {
        "type": "http.response.body",
        "body": body,
    }


class BodyGuard:
    """ASGI middleware: body size and read-time limits on every HTTP route, no uploads."""

    def __init__(
        self,
        app: ASGIApp,
        api_limit: int = API_MAX_BODY_BYTES,
        other_limit: int = GRADIO_MAX_BODY_BYTES,
        timeout_s: float = BODY_TIMEOUT_S,
    ) -> None:
        self.app = app
        self.api_limit = api_limit
        self.other_limit = other_limit
        self.timeout_s = timeout_s

    def limit(self, path: str) -> int:
        """Body bytes allowed for a path: the REST API takes small JSON, the chat page its conversation."""
        return self.api_limit if path.startswith("/api/") else self.other_limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        headers = dict(scope.get("headers") or [])
        if path.rstrip("/") in UPLOAD_PATHS or headers.get(b"content-type", b"").lower().startswith(b"multipart/"):
            await _reply(send, 403, "file uploads are not accepted (the chat page takes text questions only)")
            return
        limit = self.limit(path)
        length = headers.get(b"content-length", b"")
        if length.isdigit() and int(length) > limit:
            await _reply(send, 413, f"request body over {limit} bytes")
            return
        await self._guarded(scope, receive, send, limit)

    async def _guarded(self, scope: Scope, receive: Receive, send: Send, limit: int) -> None:
        deadline = time.monotonic() + self.timeout_s
        state = {"read": 0, "done": False, "answered": False, "started": False}

        async def guarded_send(message: Message) -> None:
            if state["answered"]:
                return  # the guard already answered; whatever the app says about the broken body is dropped
            if message["type"] == "http.response.start":
                state["started"] = True
            await send(message)

        async def refuse(status: int, error: str) -> None:
            if not state["started"]:
                await _reply(send, status, error)
            state["answered"] = True
            raise _Refused(error)

        async def guarded_receive() -> Message:
            if state["done"]:
                return await receive()  # body complete: the app may wait for a disconnect as long as it likes
            try:
                with anyio.fail_after(max(deadline - time.monotonic(), 0.0)):
                    message = await receive()
            except TimeoutError:
                await refuse(408, f"request body not received within {self.timeout_s:g} s")
            if message["type"] == "http.request":
                state["read"] += len(message.get("body", b""))
                if state["read"] > limit:
                    await refuse(413, f"request body over {limit} bytes")
                state["done"] = not message.get("more_body", False)
            else:
                state["done"] = True
            return message

        try:
            await self.app(scope, guarded_receive, guarded_send)
        except _Refused:
            pass
        except Exception:
            if not state["answered"]:
                raise  # a real error of the app: the app's error handlers (500 JSON) deal with it


async def _reply(send: Send, status: int, error: str) -> None:
    start, body = _json(status, error)
    await send(start)
    await send(body)


class HeaderTimeoutH11Protocol(H11Protocol):
    """uvicorn's h11 protocol, closing connections that do not finish their request headers in time.

    The clock starts when the connection opens and again after each response;
    a request whose headers arrived is the body guard's business from then on.
    """

    header_timeout_s = HEADER_TIMEOUT_S

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm_header_timer()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        self._arm_header_timer()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm_header_timer()
        super().connection_lost(exc)

    def handle_websocket_upgrade(self, event: Any) -> None:
        self._disarm_header_timer()  # the websocket protocol owns the connection from here on
        super().handle_websocket_upgrade(event)

    def _arm_header_timer(self) -> None:
        self._disarm_header_timer()
        if self.transport.is_closing():
            return
        waiting_for = self.cycle  # the cycle before the next request: unchanged means no new headers arrived
        self._header_timer: asyncio.TimerHandle | None = self.loop.call_later(
            self.header_timeout_s, self._header_timeout, waiting_for
        )

    def _disarm_header_timer(self) -> None:
        timer = getattr(self, "_header_timer", None)
        if timer is not None:
            timer.cancel()
            self._header_timer = None

    def _header_timeout(self, waiting_for: object) -> None:
        self._header_timer = None
        if self.cycle is waiting_for and not self.transport.is_closing():
            self.transport.close()
