"""Embedders: which one embeds questions, and the helpers both MiniLM backends share."""

from __future__ import annotations

import numpy as np
import pytest

from qa.config import Settings
from qa.embed import get_embedder, get_embedders, onnx_available
from qa.embed.tokens import embed_units, normalise, split_offsets
from qa.errors import BadSettings


def test_questions_go_to_onnx_by_default_and_to_torch_on_request() -> None:
    passage, query = get_embedders(Settings())
    assert passage.name == "sentence-transformers/all-MiniLM-L6-v2"
    assert query.name == ("all-MiniLM-L6-v2-onnx-int8" if onnx_available() else passage.name)
    assert onnx_available()  # the int8 model is a core dependency
    passage, query = get_embedders(Settings(query_backend="torch"))
    assert query is passage


def test_another_passage_embedder_embeds_its_own_questions(hash_embedder) -> None:  # type: ignore[no-untyped-def]
    passage, query = get_embedders(Settings(), hash_embedder)
    assert passage is query is hash_embedder


def test_one_embedder_per_name_and_unknown_names_are_refused() -> None:
    assert get_embedder("minilm") is get_embedder("minilm")
    with pytest.raises(BadSettings, match="Unknown embedder 'bert'"):
        get_embedder("bert")


def test_embed_units_runs_the_model_once_over_sentences_alone_and_repeated_sentences_once() -> None:
    seen: list[list[str]] = []

    def encode(items: list[str]) -> np.ndarray:
        seen.append(items)
        return np.array([[len(t), 1.0] for t in items], dtype=np.float32)

    texts = ["Ab. Cde.", "Cde. Fghi.", "No spans here"]  # "Cde." is repeated by the overlap
    passages, sentences = embed_units(encode, texts, [[(0, 3), (4, 8)], [(0, 4), (5, 10)], []], 2)
    assert seen == [["Ab.", "Cde.", "Fghi.", "No spans here"]]  # one pass; a passage without spans goes whole
    assert sentences.shape == (4, 2) and np.allclose(sentences[1], sentences[2])
    assert np.allclose(np.linalg.norm(passages, axis=1), 1) and np.allclose(np.linalg.norm(sentences, axis=1), 1)
    unit = sentences / np.linalg.norm(sentences, axis=1, keepdims=True)
    mean = unit[:2].mean(axis=0)
    assert np.allclose(passages[0], mean / np.linalg.norm(mean))  # a passage is the mean of its sentences
    assert np.allclose(passages[2], normalise(np.array([[13.0, 1.0]]))[0])


def test_normalise_gives_unit_rows_and_survives_zero_rows() -> None:
    out = normalise(np.array([[3.0, 4.0], [0.0, 0.0]]))
    assert out.dtype == np.float32 and np.allclose(out[0], [0.6, 0.8]) and not np.isnan(out).any()


def test_split_offsets_respects_the_budget_and_keeps_words_whole() -> None:
    text = "alpha beta gamma delta epsilon"
    offsets = [(0, 3), (3, 5), (6, 10), (11, 16), (17, 22), (23, 30)]  # "alpha" is two pieces
    spans = split_offsets(text, offsets, 3)
    # "alpha" + "beta" would leave "gamma" split off from nothing: the cut backs off to a word start.
    assert spans == [(0, 10), (11, 30)]
    assert all(sum(1 for s, _ in offsets if a <= s < b) <= 3 for a, b in spans)
    assert all(text[a - 1 : a] in ("", " ") for a, _ in spans)


@pytest.mark.slow
def test_minilm_tokens_and_vectors_are_real() -> None:
    embedder = get_embedder("minilm-int8")
    assert embedder.count_tokens("Kim Soo-hyun") > 3
    v = embedder.embed(["who plays gang tae", "Moon Gang-Tae, played by Kim Soo-hyun", "kimchi recipe"])
    assert np.allclose(np.linalg.norm(v, axis=1), 1, atol=1e-5)
    assert v[0] @ v[1] > v[0] @ v[2]
