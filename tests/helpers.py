"""Test helpers: a deterministic embedder for plumbing tests (never the real model)."""

from __future__ import annotations

import hashlib
import re
import sys
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
