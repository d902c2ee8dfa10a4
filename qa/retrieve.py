"""Dense, lexical and hybrid retrieval -> Hits.

Hybrid fusion scores every candidate of either leg with *both* legs, turns
each leg's scores into z-scores over that shared pool, and adds them with a
weight. Unlike reciprocal-rank fusion this keeps how far ahead a leg's best
passage is: a leg that is sure of one passage (a high z) outweighs a leg
whose scores are flat, query by query. On top of that (``adaptive``) the
weight itself moves per query towards the leg whose best passage stands
further above its pool (its top z-score), so a set where one leg is much
stronger does not need the weight re-tuned. benchmarks/sweep_fusion.py shows
the weights' effect: R@1 moves by under 0.01 over dense weight 0.4-0.6 and
sentence weight 0.3-0.8 on both shared sets.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

import numpy as np

from .config import Mode
from .lexical import LexicalIndex, QueryTerms
from .store import VectorStore
from .types import Hit

__all__ = ["Query", "Retriever", "zscore"]

# With a filter, the dense leg searches this many rows before dropping disallowed ones: a small corpus is searched
# whole (flat search scans every row anyway); 16,384 is the most a Milvus search returns. A filter admitting only
# articles far from the question in a larger corpus keeps its BM25 candidates (that leg is masked, never cut).
FILTER_SCAN = 16_384


@dataclass(frozen=True)
class Query:
    """A question prepared for retrieval: its terms and its vector."""

    text: str
    terms: QueryTerms
    vector: np.ndarray


class Retriever:
    """Finds candidate passages with one or both legs."""

    def __init__(
        self,
        store: VectorStore,
        lexical: LexicalIndex,
        dense_weight: float = 0.5,
        adaptive: bool = True,
        server_hybrid: bool = False,
    ) -> None:
        self.store = store
        self.lexical = lexical
        self.dense_weight = dense_weight
        self.adaptive = adaptive
        # Milvus only: first stage by the server's own hybrid_search (dense + its BM25, RRF).
        self.server_hybrid = server_hybrid
        self.allowed: np.ndarray | None = None  # bool mask over passage rows; None: every row

    def only(self, allowed: np.ndarray) -> Retriever:
        """A retriever that returns only rows where ``allowed`` is True, filtered before the top-k cut."""
        restricted = copy.copy(self)
        restricted.allowed = allowed
        return restricted

    def search(self, query: Query, mode: Mode, k: int, depth: int | None = None) -> list[Hit]:
        """Top-k hits, best first. ``mode`` is bm25, dense or hybrid; each leg brings ``depth`` (default k)."""
        depth = depth or k
        if mode == "hybrid" and self.server_hybrid and self.allowed is None:
            return self._server_hybrid(query, k)
        n = len(self.store)
        lexical = self.lexical.scores(query.terms)
        deep = depth
        if self.allowed is not None:
            lexical = np.where(self.allowed, lexical, 0.0) if len(lexical) else lexical
            deep = min(n, max(depth, FILTER_SCAN))
        pool: np.ndarray
        if mode == "bm25":
            pool = _top(lexical, depth)
        elif mode == "dense":
            pool = self.store.search(query.vector, deep)[1]
        else:
            dense_rows = self.store.search(query.vector, deep)[1]
            pool = np.union1d(dense_rows, _top(lexical, depth))
        pool = np.sort(pool[(pool >= 0) & (pool < n)])
        if self.allowed is not None:
            pool = pool[self.allowed[pool]]
            if mode != "bm25":  # the dense leg went deep: keep its k best allowed rows (and the lexical ones)
                lex_rows = _top(lexical, depth) if mode == "hybrid" else pool[:0]
                pool = _dense_cut(pool, self.store.vectors(pool) @ query.vector, lex_rows, depth)
        dense = np.asarray(self.store.vectors(pool) @ query.vector, dtype=np.float32)
        lex = lexical[pool] if len(lexical) else np.zeros(len(pool), dtype=np.float32)
        if mode == "bm25":
            fused = lex
        elif mode == "dense":
            fused = dense
        else:
            zd, zl = zscore(dense), zscore(lex)
            w = self.dense_weight
            if self.adaptive and len(pool) > 1:
                # Per query, trust the leg whose best passage stands further out.
                md, ml = max(float(zd.max()), 0.0), max(float(zl.max()), 0.0)
                if md + ml > 0:
                    w = (w * md) / (w * md + (1 - w) * ml)
            fused = w * zd + (1 - w) * zl
        order = np.argsort(-fused, kind="stable")[:k]
        return [
            Hit(row=int(pool[i]), score=float(fused[i]), dense=float(dense[i]), lexical=float(lex[i])) for i in order
        ]

    def _server_hybrid(self, query: Query, k: int) -> list[Hit]:
        fused, rows = self.store.hybrid(query.vector, query.terms.rewritten, k)
        dense = (
            np.asarray(self.store.vectors(rows) @ query.vector, dtype=np.float32)
            if len(rows)
            else np.zeros(0, np.float32)
        )
        return [Hit(row=int(r), score=float(f), dense=float(d), lexical=0.0) for r, f, d in zip(rows, fused, dense)]


def _dense_cut(pool: np.ndarray, dense: np.ndarray, lexical_rows: np.ndarray, k: int) -> np.ndarray:
    """The k densest rows of ``pool`` plus ``lexical_rows``, sorted (what an unfiltered pool would hold)."""
    best = pool[np.argsort(-dense, kind="stable")[:k]]
    return np.sort(np.union1d(best, lexical_rows)).astype(pool.dtype)


def _top(scores: np.ndarray, k: int) -> np.ndarray:
    positive = np.flatnonzero(scores > 0)
    if len(positive) <= k:
        return positive
    return positive[np.argpartition(-scores[positive], k - 1)[:k]]


def zscore(values: np.ndarray) -> np.ndarray:
    """(values - mean) / std; all zeros when the values are flat."""
    std = float(values.std())
    if std < 1e-9:
        return np.zeros_like(values)
    return (values - values.mean()) / std
