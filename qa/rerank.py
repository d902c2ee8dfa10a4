"""Second stage: sentence-level scoring with the same embedder, no cross-encoder.

Every sentence has a vector made at build time by mean-pooling the
embedder's token vectors over the sentence's word pieces inside its passage
("late chunking": the sentence is read in context, at no extra model cost).
A passage's second-stage score adds its best sentence's similarity and the
question's term coverage to the first-stage score; the best sentence is also
the highlight.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Protocol

import numpy as np

from .lexical import LexicalIndex, terms
from .retrieve import Query, zscore
from .types import Hit

__all__ = ["Reranker", "SentenceReranker", "SentenceScorer", "coverage"]


class Reranker(Protocol):
    """Reorders first-stage hits; may set each hit's highlight."""

    def rerank(self, query: Query, hits: list[Hit]) -> list[Hit]: ...


def coverage(query_terms: list[str], text_terms: set[str], lexical: LexicalIndex) -> float:
    """IDF-weighted share of the question's terms found in a text (0..1).

    A term the corpus never uses weighs as much as the rarest known term, so a
    question about something the articles never mention scores low.
    """
    if not query_terms:
        return 0.0
    total = found = 0.0
    ceiling = lexical.max_idf()
    for term in dict.fromkeys(query_terms):
        weight = lexical.idf(term)
        weight = ceiling if weight is None else weight
        total += weight
        if term in text_terms:
            found += weight
    return found / total if total else 0.0


@dataclass(frozen=True)
class SentenceScorer:
    """Scores the sentences of a passage against a question."""

    sentence_vectors: np.ndarray  # float16 rows, one per sentence
    lexical: LexicalIndex
    lexical_weight: float = 0.3

    def best(self, query: Query, rows: range, texts: list[str]) -> tuple[int, float, float]:
        """(index of best sentence, its similarity, its combined score) within ``rows``."""
        if len(rows) == 0:
            return -1, 0.0, 0.0
        sims = np.asarray(self.sentence_vectors[rows.start : rows.stop], dtype=np.float32) @ query.vector
        cover = np.array([coverage(query.terms.terms, set(terms(t)), self.lexical) for t in texts], dtype=np.float32)
        combined = sims + self.lexical_weight * cover
        i = int(np.argmax(combined))
        return i, float(sims[i]), float(combined[i])


@dataclass(frozen=True)
class SentenceReranker:
    """z(first-stage score) + weight * z(best sentence score), over the top ``depth`` hits."""

    sentence_weight: float = 0.8
    depth: int = 20

    def rerank(self, query: Query, hits: list[Hit]) -> list[Hit]:
        head, tail = hits[: self.depth], hits[self.depth :]
        if len(head) < 2:
            return hits
        best = np.array([h.sentence_score for h in head], dtype=np.float32)
        base = np.array([h.score for h in head], dtype=np.float32)
        score = zscore(base) + self.sentence_weight * zscore(best)
        order = np.argsort(-score, kind="stable")
        return [replace(head[i], score=float(score[i])) for i in order] + tail
