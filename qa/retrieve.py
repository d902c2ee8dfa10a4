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

In hybrid mode the dense leg of a candidate is half its passage vector's
cosine and half its best sentence's (``sentences``, when given). A fan's
question matches one sentence ("whos in the cast" -> "The drama stars …"),
and a passage vector, the mean of its sentences, blurs that sentence among
its neighbours; the best sentence alone would let one lucky sentence of a
passage on another subject win. Candidates still come from the passage
vectors (and BM25); only their scores change. Fan sets, right top quote:
bundled 50 -> 53/61, bundled with 53 distractor articles 33 -> 37/61;
XQuAD R@1 unchanged, SQuAD subset 0.896 -> 0.899 (README "Evaluation").
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

import numpy as np

from .config import Mode
from .lexical import LexicalIndex, QueryTerms
from .store import VectorStore
from .types import Hit

__all__ = ["Query", "Retriever", "Sentences", "pool_sentences", "zscore"]

# With a filter, the dense leg searches this many rows before dropping disallowed ones: a small corpus is searched
# whole (flat search scans every row anyway); 16,384 is the most a Milvus search returns. A filter admitting only
# articles far from the question in a larger corpus keeps its BM25 candidates (that leg is masked, never cut).
FILTER_SCAN = 16_384
SENTENCE_SHARE = 0.5  # the best sentence's share of a candidate's dense score in hybrid mode


@dataclass(frozen=True)
class Sentences:
    """Sentence vectors and which passage each belongs to: ``offsets[row]`` .. ``offsets[row + 1]``."""

    vectors: np.ndarray  # one row per sentence (float16 or float32)
    offsets: np.ndarray  # passage row -> first sentence row, length rows + 1

    def best(self, rows: np.ndarray, vector: np.ndarray) -> np.ndarray:
        """The best sentence cosine of each passage row (-1.0 for a passage without sentences)."""
        owner, sentence_rows, _ = pool_sentences(self.offsets, rows)
        out = np.full(len(rows), -1.0, dtype=np.float32)
        if len(sentence_rows):
            np.maximum.at(out, owner, np.asarray(self.vectors[sentence_rows], dtype=np.float32) @ vector)
        return out


def pool_sentences(offsets: np.ndarray, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(owner, sentence rows, counts) of passage ``rows``: every sentence of every passage, in one flat array;
    ``owner[i]`` is the index into ``rows`` of sentence ``i``'s passage. ``offsets``: passage row -> first
    sentence row (``PassageTable.s_offsets``)."""
    rows = np.asarray(rows, dtype=np.int64)
    starts = np.asarray(offsets[rows], dtype=np.int64)
    counts = np.asarray(offsets[rows + 1], dtype=np.int64) - starts
    owner = np.repeat(np.arange(len(rows)), counts)
    sentence_rows = np.repeat(starts - np.cumsum(counts) + counts, counts) + np.arange(int(counts.sum()))
    return owner, sentence_rows, counts


@dataclass(frozen=True)
class Query:
    """A question prepared for retrieval: its terms and its vector; where it names an article's subject
    (:mod:`qa.subjects`), those words (``subject``) and the vector of the question without them (``rest``)."""

    text: str
    terms: QueryTerms
    vector: np.ndarray
    subject: frozenset[str] = frozenset()
    rest: np.ndarray | None = None


class Retriever:
    """Finds candidate passages with one or both legs."""

    def __init__(
        self,
        store: VectorStore,
        lexical: LexicalIndex,
        dense_weight: float = 0.5,
        adaptive: bool = True,
        server_hybrid: bool = False,
        sentences: Sentences | None = None,
    ) -> None:
        self.store = store
        self.lexical = lexical
        self.dense_weight = dense_weight
        self.adaptive = adaptive
        # Milvus only: first stage by the server's own hybrid_search (dense + its BM25, RRF).
        self.server_hybrid = server_hybrid
        self.allowed: np.ndarray | None = None  # bool mask over passage rows; None: every row
        self.sentences = sentences

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
        if mode == "hybrid":
            dense = self._with_sentences(pool, dense, query.vector)
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
        dense = self._with_sentences(rows, dense, query.vector)  # the server ranks; the outcome reads the same blend
        return [Hit(row=int(r), score=float(f), dense=float(d), lexical=0.0) for r, f, d in zip(rows, fused, dense)]

    def _with_sentences(self, rows: np.ndarray, dense: np.ndarray, vector: np.ndarray) -> np.ndarray:
        """Half passage cosine, half best-sentence cosine, for passages that have sentences (see module doc)."""
        if self.sentences is None or not len(rows):
            return dense
        best = self.sentences.best(rows, np.asarray(vector, dtype=np.float32))
        has = self.sentences.offsets[rows + 1] > self.sentences.offsets[rows]  # the pool's rows only: no O(corpus)
        return np.where(has, (1 - SENTENCE_SHARE) * dense + SENTENCE_SHARE * best, dense).astype(np.float32)


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
