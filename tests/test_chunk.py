from __future__ import annotations

import pytest
from helpers import HashEmbedder
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qa.chunk import SPECIAL_TOKENS, chunk_document, split_sentences
from qa.config import Settings
from qa.embed.torch_st import SentenceTransformerEmbedder
from qa.types import Document

REAL = SentenceTransformerEmbedder()  # tokenizer only: no torch


def chunks(text: str, embedder=REAL, **kw):  # type: ignore[no-untyped-def]
    doc = Document(id="d", title="t", text=text, path="d.txt")
    return doc, chunk_document(doc, Settings(**kw), embedder.count_tokens, embedder.split_tokens)


def test_sentence_splitter_handles_abbreviations() -> None:
    text = "Dr. Ko met Mr. Moon at 3 p.m. on Jan. 5. They talked."
    assert [text[a:b] for a, b in split_sentences(text)] == ["Dr. Ko met Mr. Moon at 3 p.m. on Jan. 5.", "They talked."]


def test_passages_keep_whole_sentences_and_paragraphs() -> None:
    text = "First sentence here. Second one.\n\nA new paragraph starts. It ends."
    _, ps = chunks(text, min_paragraph_tokens=0)
    assert [p.text for p in ps] == ["First sentence here. Second one.", "A new paragraph starts. It ends."]
    assert ps[0].sentences == ((0, 20), (21, 32))


def test_short_heading_joins_next_paragraph() -> None:
    text = "Why season 2?\n\nBecause fans ask for it every single day on every platform they use, loudly and often."
    _, ps = chunks(text)
    assert len(ps) == 1 and ps[0].text.startswith("Why season 2?")


def test_budget_counts_word_pieces_and_overlap_repeats_a_sentence() -> None:
    sentence = "The series follows two orphaned brothers who meet an author."
    text = " ".join([sentence] * 12)
    _, ps = chunks(text, max_tokens=40, overlap_sentences=1)
    assert len(ps) > 3
    for p in ps:
        assert REAL.count_tokens(p.text) <= 40 - SPECIAL_TOKENS
    assert ps[1].start < ps[0].end  # the overlap


def test_no_overlap_when_zero() -> None:
    text = " ".join(["Sentence number one is here."] * 20)
    _, ps = chunks(text, max_tokens=30, overlap_sentences=0)
    assert all(b.start >= a.end for a, b in zip(ps, ps[1:]))


def test_sentence_without_breaks_is_cut_at_word_pieces() -> None:
    text = "x" + " word" * 3000  # a 'sentence' far over the model's 256
    doc, ps = chunks(text)
    assert len(ps) > 20
    assert all(REAL.count_tokens(p.text) <= 126 for p in ps)
    assert "".join(p.text for p in ps).replace(" ", "") == text.replace(" ", "")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.sampled_from(list("abc XYZ.!?\n\u00e9\u200b-'\"\u4e2d\U0001f600") + ["\n\n", "Dr. ", "word ", "Moon-Young. "]), min_size=1, max_size=200).map("".join)
    | st.text(max_size=300),
    st.integers(min_value=16, max_value=64),
    st.integers(min_value=0, max_value=2),
)
def test_offsets_invariant_and_budget_hold_for_any_text(text: str, max_tokens: int, overlap: int) -> None:
    if not text.strip():
        return
    for embedder in (REAL, HashEmbedder()):
        doc, ps = chunks(text, embedder, max_tokens=max_tokens, overlap_sentences=overlap)
        for p in ps:
            assert doc.text[p.start : p.end] == p.text
            assert p.text.strip() == p.text and p.text
            assert embedder.count_tokens(p.text) <= max_tokens - SPECIAL_TOKENS
            for a, b in p.sentences:
                assert 0 <= a < b <= len(p.text)


@pytest.mark.parametrize("bad", [dict(max_tokens=4), dict(overlap_sentences=-1), dict(mode="magic"), dict(k=0)])
def test_settings_refuse_bad_values(bad: dict) -> None:
    with pytest.raises(ValueError):
        Settings(**bad)


_LONG = """
import json, sys, time
from qa.chunk import chunk_document
from qa.config import Settings
from helpers import HashEmbedder
from qa.types import Document
size = int(sys.argv[1])
base = "Dr. Ko met Mr. Moon at 3 p.m. on Jan. 5. They talked about the second season! Would it air? Fans think so. "
text = (base * (size // len(base) + 1))[:size].strip()
doc = Document(id="d", title="t", text=text, path="d.txt")
emb = HashEmbedder()
ps = chunk_document(doc, Settings(), emb.count_tokens, emb.split_tokens)
assert all(text[p.start : p.end] == p.text for p in ps)
print(json.dumps([p.text[a:b] for p in ps for a, b in p.sentences]))
"""


@pytest.mark.parametrize("size", [200_000, 1_000_000])
def test_one_long_paragraph_chunks_in_linear_time(size: int) -> None:
    # Before the windowing, pysbd took ~40 s for 200 kB and hours for 1 MB (quadratic); now ~1.6 s and ~0.3 s.
    import json
    import os
    import subprocess
    import sys
    from pathlib import Path

    try:
        env = {**os.environ, "PYTHONPATH": str(Path(__file__).parent)}  # helpers.HashEmbedder
        out = subprocess.run([sys.executable, "-c", _LONG, str(size)], capture_output=True, text=True, timeout=20, check=True, env=env)
    except subprocess.TimeoutExpired:
        pytest.fail(f"chunking one {size:,}-character paragraph took over 20 s")
    sentences = json.loads(out.stdout)
    assert len(sentences) > size / 200  # still cut into sentences, not into one blob
    assert "Would it air?" in sentences and all(s == s.strip() and s for s in sentences)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(["word ", "Dr. ", "end. ", "why? ", "x", "\u4e2d\u3002", "  ", "\u201cq.\u201d "]), max_size=400).map("".join),
       st.integers(min_value=1, max_value=60))
def test_windows_and_regex_spans_are_exact_and_cover_the_text(text: str, size: int) -> None:
    from qa.chunk import _regex_spans, _windows

    windows = _windows(text, size)
    assert "".join(text[a:b] for a, b in windows) == text and all(0 < b - a <= size for a, b in windows if text)
    spans = _regex_spans(text, 7)
    assert all(text[a - 7 : b - 7] == text[a - 7 : b - 7].strip() != "" for a, b in spans)
    assert [a for a, _ in spans] == sorted(a for a, _ in spans) and "".join(text.split()) == "".join("".join(text[a - 7 : b - 7] for a, b in spans).split())
