"""Settings: defaults, the QA_* variables (the only place they are read), and one-line errors for bad values."""

from __future__ import annotations

from pathlib import Path

import pytest

from qa.config import MODES, Settings, check_mode
from qa.errors import BadQuestion, BadSettings


def test_defaults_are_the_documented_ones() -> None:
    s = Settings.from_env({})
    assert (s.mode, s.k, s.store, s.lexical, s.query_backend, s.index, s.corpus) == (
        "rerank", 3, "faiss", "local", "onnx", Path("index"), Path("corpus"))


def test_every_variable_is_read_with_its_type() -> None:
    env = {"QA_MODE": "dense", "QA_K": "7", "QA_INDEX": "/tmp/ix", "QA_CORPUS": "news", "QA_QUERY_BACKEND": "torch",
           "QA_MILVUS_INDEX": "hnsw", "QA_WORKERS": "2", "QA_PROGRESS": "yes", "QA_THREADS": "1", "QA_LEXICAL": "server"}
    s = Settings.from_env(env)
    assert (s.mode, s.k, s.index, s.corpus, s.query_backend) == ("dense", 7, Path("/tmp/ix"), Path("news"), "torch")
    assert (s.milvus_index, s.workers, s.progress, s.threads, s.lexical) == ("HNSW", 2, True, 1, "server")


@pytest.mark.parametrize("env,named", [
    ({"QA_K": "x"}, "QA_K"), ({"QA_K": "3.5"}, "QA_K"), ({"QA_K": "0"}, "k must be"), ({"QA_MODE": "magic"}, "mode must be"),
    ({"QA_LEXICAL": "cloud"}, "lexical"), ({"QA_QUERY_BACKEND": "gpu"}, "query_backend"), ({"QA_PROGRESS": "maybe"}, "QA_PROGRESS"),
    ({"QA_MILVUS_INDEX": "IVF"}, "milvus_index"), ({"QA_TEST_STALL": "nowhere"}, "test_stall"),
    ({"QA_ANSWER_TYPES": "spacy"}, "answer_types must be rules, ner or off"),
])
def test_bad_values_are_one_clear_error(env: dict[str, str], named: str) -> None:
    with pytest.raises(BadSettings, match=named) as err:
        Settings.from_env(env)
    assert "\n" not in str(err.value)


def test_blank_variables_mean_default() -> None:
    assert Settings.from_env({"QA_K": "  ", "QA_MODE": ""}) == Settings()


def test_check_mode_raises_the_callers_error() -> None:
    assert [check_mode(m) for m in MODES] == list(MODES)
    with pytest.raises(BadQuestion, match="mode must be one of bm25, dense, hybrid, rerank"):
        check_mode("fast", BadQuestion)


def test_settings_survive_the_trip_through_the_environment() -> None:
    s = Settings(mode="dense", k=9, store="milvus-lite:/tmp/x.db", progress=True, index=Path("/srv/ix"), threads=2)
    assert Settings.from_env(s.to_env()) == s


@pytest.mark.parametrize("raw,value", [("rules", "rules"), ("NER", "ner"), ("off", "off"), ("1", "rules"), ("0", "off")])
def test_answer_types_take_a_tagger_name_and_the_old_on_off_values(raw: str, value: str) -> None:
    assert Settings.from_env({"QA_ANSWER_TYPES": raw}).answer_types == value


def test_answer_types_default_to_the_pattern_tagger() -> None:
    assert Settings().answer_types == "rules"
