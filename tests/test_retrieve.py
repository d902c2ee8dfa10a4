"""First stage: each leg alone, and the z-score fusion of both, over a real FAISS index and real BM25."""

from __future__ import annotations

import numpy as np
import pytest

from qa.lexical import LexicalIndex
from qa.retrieve import SENTENCE_SHARE, Query, Retriever, Sentences, zscore
from qa.store.faiss import FaissStore

TEXTS = [
    "Kimchi is fermented cabbage with chili.",
    "The drama aired on Netflix in 2020.",
    "Moon Gang-Tae is afraid of butterflies.",
    "Seo Yea-ji plays the author Ko Moon-Young.",
]


def unit(v: list[float]) -> np.ndarray:
    a = np.array(v, dtype=np.float32)
    return a / np.linalg.norm(a)


@pytest.fixture
def parts() -> tuple[FaissStore, LexicalIndex]:
    vectors = np.stack([unit([1, 0, 0, 0]), unit([0, 1, 0, 0]), unit([0, 0, 1, 0]), unit([0, 0, 0, 1])])
    return FaissStore.build(vectors), LexicalIndex.build(TEXTS)


def query(lexical: LexicalIndex, text: str, vector: list[float]) -> Query:
    return Query(text, lexical.analyse(text), unit(vector))


def test_zscore_centres_and_scales_and_is_zero_when_flat() -> None:
    z = zscore(np.array([1.0, 2.0, 3.0], dtype=np.float32))
    assert np.allclose(z.mean(), 0) and np.allclose(z.std(), 1) and z[2] > z[1] > z[0]
    assert not zscore(np.array([5.0, 5.0], dtype=np.float32)).any()


def test_dense_leg_ranks_by_cosine(parts: tuple[FaissStore, LexicalIndex]) -> None:
    store, lexical = parts
    hits = Retriever(store, lexical).search(query(lexical, "zzz", [0.1, 0.2, 0.9, 0.3]), "dense", 4)
    assert [h.row for h in hits][:2] == [2, 3]
    assert hits[0].dense == pytest.approx(float(unit([0.1, 0.2, 0.9, 0.3]) @ unit([0, 0, 1, 0])), abs=1e-5)


def test_bm25_leg_ranks_by_terms_and_drops_passages_without_any(parts: tuple[FaissStore, LexicalIndex]) -> None:
    store, lexical = parts
    hits = Retriever(store, lexical).search(query(lexical, "butterflies", [1, 0, 0, 0]), "bm25", 4)
    assert [h.row for h in hits] == [2] and hits[0].lexical > 0


def test_hybrid_pool_holds_both_legs_and_a_sure_leg_wins(parts: tuple[FaissStore, LexicalIndex]) -> None:
    store, lexical = parts
    # The dense leg points at the kimchi passage only weakly over the rest; BM25 is sure of "netflix".
    q = query(lexical, "netflix", [0.6, 0.5, 0.45, 0.45])
    hits = Retriever(store, lexical).search(q, "hybrid", 4)
    assert {h.row for h in hits} == {0, 1, 2, 3}
    assert hits[0].row == 1
    # Without the lexical evidence the dense order stands.
    assert Retriever(store, lexical).search(q, "dense", 1)[0].row == 0


def test_k_larger_than_the_index_returns_every_passage_once(parts: tuple[FaissStore, LexicalIndex]) -> None:
    store, lexical = parts
    hits = Retriever(store, lexical).search(query(lexical, "drama netflix", [0, 1, 0, 0]), "hybrid", 50)
    assert sorted(h.row for h in hits) == [0, 1, 2, 3]


def test_sentences_best_is_the_max_cosine_per_passage_and_minus_one_without_sentences() -> None:
    # passage 0 has sentences 0-1, passage 1 has none, passage 2 has sentence 2
    sentences = Sentences(
        np.stack([unit([1, 0, 0, 0]), unit([0, 1, 0, 0]), unit([0, 0, 1, 0])]).astype(np.float16),
        np.array([0, 2, 2, 3]),
    )
    best = sentences.best(np.array([2, 0, 1]), unit([0, 1, 1, 0]))
    assert best == pytest.approx([0.7071, 0.7071, -1.0], abs=1e-3)


def test_hybrid_dense_leg_blends_in_the_best_sentence() -> None:
    """A passage whose mean vector is blurred but one sentence of which matches the question outranks a passage
    that is uniformly near it (the fan's "whos in the cast" against a passage that names its stars once)."""
    lexical = LexicalIndex.build(["alpha", "beta"])
    # passage 0: mean vector fairly close to the question, no sentence very close;
    # passage 1: mean vector further off (its other sentence is off-topic), one sentence exactly on it.
    q = unit([1, 0, 0, 0])
    s0a, s0b = unit([0.6, 0.8, 0, 0]), unit([0.6, -0.8, 0, 0])
    s1a, s1b = unit([1, 0, 0, 0]), unit([0, 0, 1, 0])
    p0, p1 = unit(list(s0a + s0b)), unit(list(s1a + s1b))
    store = FaissStore.build(np.stack([p0, p1]))
    text_query = Query("zzz", lexical.analyse("zzz"), q)
    plain = Retriever(store, lexical).search(text_query, "hybrid", 2)
    assert plain[0].row == 0  # passage vectors alone: 1.0 vs 0.71; blended: 0.8 vs 0.85
    sentences = Sentences(np.stack([s0a, s0b, s1a, s1b]), np.array([0, 2, 4]))
    blended = Retriever(store, lexical, sentences=sentences).search(text_query, "hybrid", 2)
    assert blended[0].row == 1
    expected = (1 - SENTENCE_SHARE) * float(p1 @ q) + SENTENCE_SHARE * 1.0
    assert blended[0].dense == pytest.approx(expected, abs=1e-5)
    # The dense mode stays the passage vectors' own ranking.
    assert Retriever(store, lexical, sentences=sentences).search(text_query, "dense", 1)[0].row == 0
