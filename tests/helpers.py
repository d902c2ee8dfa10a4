"""Test helpers: a deterministic embedder for plumbing tests (never the real model)."""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np

from qa.embed.tokens import normalise, split_offsets

_WORD = re.compile(r"\w+|[^\w\s]")


class HashEmbedder:
    """Deterministic bag-of-words vectors seeded from SHA-256 (never the process-salted ``hash``).

    Words are hashed into buckets, so texts that share words are similar; the
    same text always gives the same vector in every process.
    """

    name = "hash-test"
    dim = 64

    def count_tokens(self, text: str) -> int:
        return len(_WORD.findall(text))

    def split_tokens(self, text: str, budget: int) -> list[tuple[int, int]]:
        return split_offsets(text, [m.span() for m in _WORD.finditer(text)], budget)

    def embed(self, texts: list[str], batch_size: int = 32, progress: bool = False) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, text in enumerate(texts):
            for word in _WORD.findall(text.lower()):
                h = hashlib.sha256(word.encode()).digest()
                out[i, h[0] % self.dim] += 1.0 if h[1] % 2 else -1.0
            out[i, -1] += 0.1  # never a zero vector
        return normalise(out)

    def embed_query(self, text: str) -> np.ndarray:
        return self.embed([text])[0]

    def embed_passages(
        self, texts: list[str], spans: list[list[tuple[int, int]]], batch_size: int = 32, progress: bool = False, pool: Any = None
    ) -> tuple[np.ndarray, np.ndarray]:
        sentences = [t[a:b] for t, ss in zip(texts, spans) for a, b in ss]
        return self.embed(texts), self.embed(sentences).reshape(-1, self.dim)

    def process_pool(self, workers: int) -> None:
        return None


def register() -> None:
    """Make ``QA_MODEL=hash-test`` work in this process (and in `qa` subprocesses that call this first)."""
    from qa.embed import register as register_embedder

    register_embedder(HashEmbedder.name, HashEmbedder)


# argv prefix for `qa` in a subprocess with the hash embedder registered (QA_MODEL=hash-test).
QA_HASH_CLI = [
    sys.executable, "-c",
    f"import sys; sys.path.insert(0, {str(Path(__file__).parent)!r}); import helpers; helpers.register(); "
    "from qa.cli import main; sys.exit(main(sys.argv[1:]))",
]


ROOT = Path(__file__).resolve().parent.parent
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync"]


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def running_app(work: Path, timeout: float = 180) -> Iterator[str]:
    """`python app.py` over ``work/corpus`` on a free loopback port (it builds ``work/index``); yields its URL."""
    import httpx
    import pytest

    port = free_port()
    env = {**os.environ, "GRADIO_SERVER_PORT": str(port), "QA_CORPUS": str(work / "corpus"), "QA_INDEX": str(work / "index"),
           "GRADIO_ANALYTICS_ENABLED": "False", "HF_HUB_OFFLINE": "1", "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, str(ROOT / "app.py")], cwd=work, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            if httpx.get(f"{url}/api/health", timeout=2).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.5)
        if proc.poll() is not None:
            pytest.fail(f"app exited: {proc.stdout.read() if proc.stdout else ''}")
    else:
        proc.kill()
        pytest.fail(f"app did not start in {timeout:.0f} s")
    try:
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=20)


@contextlib.contextmanager
def chat_page(url: str, height: int = 1100) -> Iterator[Any]:
    """Debian's chromium (headless, no network but loopback) on the chat page, ready for a question."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS, headless=True)
        page = browser.new_page(viewport={"width": 1100, "height": height})
        page.goto(url)
        page.wait_for_selector("#question textarea", timeout=60_000)
        try:
            yield page
        finally:
            browser.close()
