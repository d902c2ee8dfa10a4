"""The HTTP server against hostile clients: a real uvicorn process on loopback, the hash test embedder.

Body limits counted on bytes read (chunked too, every route), no uploads, one
error format, strict ``k``, and half-sent requests closed by deadline.
"""

from __future__ import annotations

import json
import os
import select
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from helpers import HashEmbedder, free_port

from qa import QA
from qa.http_limits import BODY_TIMEOUT_S, GRADIO_MAX_BODY_BYTES, HEADER_TIMEOUT_S
from qa.server import MAX_BODY_BYTES

ROOT = Path(__file__).resolve().parent.parent
SERVE = f"""
import sys
sys.path.insert(0, {str(Path(__file__).parent)!r})
from helpers import HashEmbedder
from qa import QA
from qa.server import create_app, serve
serve(create_app(QA.load(sys.argv[1], embedder=HashEmbedder())), "127.0.0.1", int(sys.argv[2]))
"""



@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from conftest import TINY  # tests/ is on sys.path (rootdir conftest)

    base = tmp_path_factory.mktemp("server")
    (base / "corpus").mkdir()
    for name, text in TINY.items():
        (base / "corpus" / name).write_text(text, encoding="utf-8")
    QA.build(base / "corpus", base / "index", embedder=HashEmbedder())
    return base / "index"


@pytest.fixture(scope="module")
def server(built: Path) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "GRADIO_ANALYTICS_ENABLED": "False", "HF_HUB_OFFLINE": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-c", SERVE, str(built), str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while True:
        try:
            if httpx.get(f"{url}/api/health", timeout=2).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            pytest.fail("the test server did not start")
        time.sleep(0.3)
    yield url, proc
    proc.terminate()
    proc.wait(timeout=20)


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS")


def _chunked_post(url: str, path: str, total: int, chunk: int = 64 * 1024) -> tuple[int, dict, int]:
    """POST ``total`` bytes chunked, stopping once the server answers: (status, JSON body, bytes sent)."""
    port = int(url.rsplit(":", 1)[1])
    sent = 0
    reply = b""
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        sock.sendall(
            f"POST {path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n".encode()
            + b"Transfer-Encoding: chunked\r\n\r\n"
        )
        piece = f"{chunk:x}\r\n".encode() + b"[" * chunk + b"\r\n"
        try:
            while sent < total:
                if select.select([sock], [], [], 0)[0]:
                    break  # the server has answered: a well-behaved client stops here
                sock.sendall(piece)
                sent += chunk
            else:
                sock.sendall(b"0\r\n\r\n")
        except (BrokenPipeError, ConnectionResetError):
            pass
        try:
            while b"\r\n\r\n" not in reply or len(reply) < reply.index(b"\r\n\r\n") + 4 + 20:
                data = sock.recv(65536)
                if not data:
                    break
                reply += data
        except ConnectionResetError:
            pass
    head, _, body = reply.partition(b"\r\n\r\n")
    status = int(head.split()[1]) if head else 0
    # the JSON body may still be arriving in pieces: read what has come up to the closing brace
    return status, json.loads(body[: body.rindex(b"}") + 1]) if b"}" in body else {}, sent


@pytest.mark.parametrize(
    "path,limit",
    [
        ("/api/ask", MAX_BODY_BYTES),
        ("/gradio_api/call/ask", GRADIO_MAX_BODY_BYTES),
        ("/gradio_api/queue/join", GRADIO_MAX_BODY_BYTES),
    ],
)
def test_chunked_body_is_refused_once_over_the_limit_without_reading_it_all(server, path: str, limit: int) -> None:  # type: ignore[no-untyped-def]
    url, proc = server
    before = _rss_mb(proc.pid)
    status, body, sent = _chunked_post(url, path, 200_000_000)
    grown = _rss_mb(proc.pid) - before
    assert status == 413 and str(limit) in body["error"]
    assert sent < 20_000_000, f"the client could send {sent} bytes before the refusal"
    assert grown < 100, f"server RSS grew by {grown:.0f} MB"
    assert httpx.get(f"{url}/api/health", timeout=10).status_code == 200


def test_declared_oversized_gradio_post_is_refused(server) -> None:  # type: ignore[no-untyped-def]
    url, _ = server
    r = httpx.post(
        f"{url}/gradio_api/call/ask",
        content=b'{"data": ["' + b"a" * 2_000_000 + b'"]}',
        timeout=30,
        headers={"content-type": "application/json"},
    )
    assert r.status_code == 413 and "error" in r.json()


def test_uploads_are_refused(server) -> None:  # type: ignore[no-untyped-def]
    url, _ = server
    r = httpx.post(
        f"{url}/gradio_api/upload", files={"files": ("x.html", b"<script>alert(1)</script>", "text/html")}, timeout=10
    )
    assert r.status_code == 403 and "upload" in r.json()["error"]
    r = httpx.post(
        f"{url}/gradio_api/upload", content=b"x", headers={"content-type": "application/octet-stream"}, timeout=10
    )
    assert r.status_code == 403


def _gradio_ask(url: str, data: list) -> tuple[str, object]:
    """Call the /ask endpoint over Gradio's HTTP API: (event, payload)."""
    raw = json.dumps({"data": data}).replace("SURROGATE", "\\ud800")
    event = httpx.post(
        f"{url}/gradio_api/call/ask", content=raw, headers={"content-type": "application/json"}, timeout=10
    ).json()["event_id"]
    text = httpx.get(f"{url}/gradio_api/call/ask/{event}", timeout=30).text
    kind = text.split("event: ")[-1].split("\n", 1)[0]
    payload = json.loads(text.split("data: ")[-1].strip())
    return kind, payload


def test_lone_surrogate_question_gets_a_clear_error_everywhere(server) -> None:  # type: ignore[no-untyped-def]
    url, _ = server
    r = httpx.post(
        f"{url}/api/ask",
        content=b'{"question": "kimchi \\ud800"}',
        headers={"content-type": "application/json"},
        timeout=10,
    )
    assert r.status_code == 400 and "surrogate" in r.json()["error"]
    kind, payload = _gradio_ask(url, ["kimchi SURROGATE", 2])
    assert kind == "error" and "surrogate" in payload["error"]  # type: ignore[index]


@pytest.mark.parametrize("k", ["3", " 3 ", "1_0", 3.0, 2.9, True, "abc"])
def test_k_must_be_a_json_integer_on_rest_and_gradio(server, k: object) -> None:  # type: ignore[no-untyped-def]
    url, _ = server
    r = httpx.post(f"{url}/api/ask", json={"question": "kimchi", "k": k}, timeout=10)
    assert r.status_code == 422 and r.json()["error"].startswith("k must be a whole number")
    kind, payload = _gradio_ask(url, ["kimchi", k])
    assert kind == "error" and payload["error"].startswith("k must be a whole number")  # type: ignore[index]


def test_null_or_missing_k_means_the_default(server) -> None:  # type: ignore[no-untyped-def]
    url, _ = server
    for body in ({"question": "kimchi"}, {"question": "kimchi", "k": None}):
        assert httpx.post(f"{url}/api/ask", json=body, timeout=10).status_code == 200
    kind, payload = _gradio_ask(url, ["kimchi", None])
    assert kind == "complete" and payload[0]["quotes"]  # type: ignore[index]


@pytest.mark.parametrize(
    "method,path,content,status",
    [
        ("POST", "/api/ask", b'{"question": "\xff\xfe kimchi"}', 400),
        ("POST", "/api/ask", b'{"question": ' + b"[" * 10_000 + b"]" * 10_000 + b"}", 400),
        ("GET", "/api/nope", b"", 404),
        ("GET", "/api/ask", b"", 405),
        ("DELETE", "/api/health", b"", 405),
    ],
)
def test_every_api_error_is_error_json(server, method: str, path: str, content: bytes, status: int) -> None:  # type: ignore[no-untyped-def]
    url, _ = server
    r = httpx.request(method, f"{url}{path}", content=content, headers={"content-type": "application/json"}, timeout=10)
    assert r.status_code == status and r.headers["content-type"] == "application/json"
    assert set(r.json()) == {"error"}


def test_health_names_the_generation_not_the_server_path(server, built: Path) -> None:  # type: ignore[no-untyped-def]
    url, _ = server
    health = httpx.get(f"{url}/api/health", timeout=10).json()
    assert health["index"].startswith("gen-") and "/" not in health["index"] and str(built) not in json.dumps(health)


def test_half_sent_requests_are_closed_and_the_server_keeps_answering(server) -> None:  # type: ignore[no-untyped-def]
    url, _ = server
    port = int(url.rsplit(":", 1)[1])
    half_headers = b"POST /api/ask HTTP/1.1\r\nHost: x\r\n"
    half_body = (
        b'POST /api/ask HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"quest'
    )
    socks = []
    try:
        for i in range(50):
            s = socket.create_connection(("127.0.0.1", port), timeout=5)
            s.sendall(half_body if i % 2 else half_headers if i % 4 else b"")
            socks.append(s)
        started = time.monotonic()
        assert httpx.get(f"{url}/api/health", timeout=5).status_code == 200
        replies = []
        for s in socks:
            s.settimeout(max(HEADER_TIMEOUT_S, BODY_TIMEOUT_S) + 10 - (time.monotonic() - started))
            replies.append(s.recv(4096))  # b"" (closed) or a 408; a socket.timeout fails the test
        assert time.monotonic() - started < max(HEADER_TIMEOUT_S, BODY_TIMEOUT_S) + 10
        assert all(r.startswith(b"HTTP/1.1 408") for r in replies[1::2])
        assert all(r == b"" for r in replies[0::2])
        assert httpx.post(f"{url}/api/ask", json={"question": "kimchi"}, timeout=10).status_code == 200
    finally:
        for s in socks:
            s.close()


def test_unhandled_error_is_500_json(tmp_path: Path, tiny_corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from fastapi.testclient import TestClient

    from qa.server import create_app

    qa = QA.build(tiny_corpus, tmp_path / "index", embedder=HashEmbedder())

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(qa, "ask", broken)
    with TestClient(create_app(qa), raise_server_exceptions=False) as client:
        r = client.post("/api/ask", json={"question": "kimchi"})
    assert r.status_code == 500 and r.headers["content-type"] == "application/json"
    assert r.json()["error"].startswith("internal error") and "fire" not in r.text


def test_chat_shows_the_surrogate_message_in_the_chat(tmp_path: Path, tiny_corpus: Path) -> None:
    from qa.ui import build_ui

    qa = QA.build(tiny_corpus, tmp_path / "index", embedder=HashEmbedder())
    demo = build_ui(qa)
    respond = next(f.fn for f in demo.fns.values() if getattr(f, "name", "") == "respond")
    _, history, _, _ = respond("kimchi \ud800", [], None)
    shown = json.dumps(history, ensure_ascii=False)  # must be sendable as UTF-8 JSON
    shown.encode("utf-8")
    assert "surrogates" in history[-1]["content"] and "\ufffd" in history[0]["content"]
