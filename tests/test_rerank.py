"""Second stage: term coverage, the best sentence of a passage, and the reranking formula."""

from __future__ import annotations

import numpy as np
import pytest

from qa.lexical import LexicalIndex, terms
from qa.rerank import SentenceReranker, SentenceScorer, coverage
from qa.retrieve import Query, zscore
from qa.types import Hit

TEXTS = ["The drama aired on Netflix.", "The drama stars Kim Soo-hyun.", "The drama has sixteen episodes."]


@pytest.fixture
def lexical() -> LexicalIndex:
    return LexicalIndex.build(TEXTS)


def test_coverage_weighs_rare_terms_more_and_unknown_terms_most(lexical: LexicalIndex) -> None:
    q = lexical.analyse("drama netflix").terms
    only_common = coverage(q, set(terms("the drama")), lexical)
    only_rare = coverage(q, set(terms("netflix")), lexical)
    assert 0 < only_common < only_rare < 1
    assert coverage(q, set(terms(TEXTS[0])), lexical) == 1.0
    # A word the articles never use weighs like the rarest known word, so it cannot be ignored.
    assert coverage(lexical.analyse("netflix zanzibar").terms, set(terms(TEXTS[0])), lexical) <= 0.5 + 1e-6
    assert coverage([], {"x"}, lexical) == 0.0


def test_best_sentence_adds_similarity_and_coverage(lexical: LexicalIndex) -> None:
    vectors = np.eye(3, 4, dtype=np.float16)  # sentence i points along axis i
    scorer = SentenceScorer(vectors, lexical)
    vector = np.array([0.2, 0.9, 0.1, 0.0], dtype=np.float32)
    q = Query("who stars", lexical.analyse("who stars"), vector)
    i, sim, combined = scorer.best(q, range(0, 3), TEXTS)
    assert i == 1 and sim == pytest.approx(0.9, abs=1e-3)
    assert combined == pytest.approx(sim + 0.3 * coverage(q.terms.terms, set(terms(TEXTS[1])), lexical), abs=1e-4)
    assert scorer.best(q, range(0, 0), []) == (-1, 0.0, 0.0)


def test_rerank_orders_by_first_stage_plus_weighted_sentence_z() -> None:
    hits = [Hit(row=r, score=s, sentence_score=b) for r, s, b in [(0, 3.0, 0.1), (1, 2.0, 0.9), (2, 1.0, 0.5), (3, 0.0, 0.0)]]
    out = SentenceReranker(sentence_weight=0.8, depth=3).rerank(Query("q", LexicalIndex.build(["x"]).analyse("q"), np.zeros(4)), hits)
    expected = zscore(np.array([3.0, 2.0, 1.0])) + 0.8 * zscore(np.array([0.1, 0.9, 0.5]))
    assert [h.row for h in out[:3]] == [int(i) for i in np.argsort(-expected)]
    assert out[3].row == 3 and out[3].score == 0.0  # past the depth: untouched
