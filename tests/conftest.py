"""Shared fixtures: a tiny corpus with the hash embedder for plumbing, the real model where quality matters."""

from __future__ import annotations

import os
import shutil
import socket
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

TINY = {
    "kimchi.md": "---\ntitle: Kimchi at home\ndate: 2024-01-05\nsource: Food Weekly\nurl: https://example.org/kimchi\n---\n\n"
    "Kimchi is fermented cabbage. It takes three days to ferment.\n\nSalt the cabbage first. Then add chili paste and garlic.\n",
    "drama.txt": "Moon Gang-Tae works at a psychiatric ward. He is afraid of butterflies.\n\n"
    "Ko Moon-Young writes children's books. Her books are dark fairy tales.\n",
}


@pytest.fixture(autouse=True)
def _clean_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test starts from the documented defaults: no QA_* variable leaks in from the shell or another test."""
    for name in [n for n in os.environ if n.startswith("QA_")]:
        monkeypatch.delenv(name)
    import helpers

    helpers.register()


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests may talk to loopback only: a test that reaches for a hub fails loudly."""
    real_connect = socket.socket.connect

    def guarded(self: socket.socket, address: object) -> object:
        host = address[0] if isinstance(address, tuple) else str(address)
        if isinstance(host, str) and not (host.startswith("127.") or host in ("localhost", "::1") or self.family == socket.AF_UNIX):
            raise RuntimeError(f"test tried to reach the network: {address!r}")
        return real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)


@pytest.fixture
def tiny_corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name, text in TINY.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture
def hash_embedder():  # type: ignore[no-untyped-def]
    from helpers import HashEmbedder

    return HashEmbedder()


@pytest.fixture(scope="session")
def real_qa(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """The bundled corpus indexed with the real packaged model (built once per session)."""
    from qa import QA

    base = tmp_path_factory.mktemp("real")
    shutil.copytree(ROOT / "corpus", base / "corpus")
    return QA.build(base / "corpus", base / "index")
