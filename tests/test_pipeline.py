"""Build, load, ask and the index on disk, with the deterministic hash embedder."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from qa import QA
from qa.build import build_index
from qa.errors import BadQuestion, IndexCorrupt, IndexLocked, IndexMismatch, IndexNotFound, IndexStale
from qa.generation import build_lock, live_folder


@pytest.fixture
def built(tiny_corpus: Path, tmp_path: Path, hash_embedder):  # type: ignore[no-untyped-def]
    return QA.build(tiny_corpus, tmp_path / "index", embedder=hash_embedder)


def test_answer_schema_and_exact_quotes(built: QA, tiny_corpus: Path) -> None:
    answer = built.ask("how long does kimchi take to ferment", k=2)
    d = answer.to_dict()
    # The original fields keep their names and order; outcome (#13), kind, earlier and filters (#14) come after them.
    assert list(d) == ["question", "abstained", "reason", "answer", "confidence", "quotes", "outcome", "kind", "earlier", "filters"]
    assert (d["kind"], d["earlier"], d["filters"]) == ("quote", [], {})
    assert set(d["quotes"][0]) == {"text", "doc_id", "title", "date", "source", "url", "start", "end", "score", "highlight"}
    assert json.loads(json.dumps(d)) == d
    table = built.generation.table
    raw = {"kimchi": (tiny_corpus / "kimchi.md").read_text(), "drama": (tiny_corpus / "drama.txt").read_text()}
    for quote in answer.quotes:
        # Re-read the source file: the quote is its text at the quote's offsets (after the front matter).
        body_start = raw[quote.doc_id].index(quote.text) - quote.start
        assert raw[quote.doc_id][body_start + quote.start : body_start + quote.end] == quote.text
        # The highlight is one of the passage's sentence spans, not any slice.
        row = next(r for r in range(len(table)) if table.document(r).id == quote.doc_id and table.p_start[r] == quote.start)
        assert tuple(quote.highlight) in table.spans(row)
    top = answer.quotes[0]
    assert top.doc_id == "kimchi" and top.title == "Kimchi at home" and top.date == "2024-01-05" and top.url == "https://example.org/kimchi"
    if not answer.abstained:
        assert answer.answer == top.highlighted


@pytest.mark.parametrize("question", ["", "   ", "?!", "\x00\x01"])
def test_empty_questions_are_refused(built: QA, question: str) -> None:
    with pytest.raises(BadQuestion, match="empty"):
        built.ask(question)


@pytest.mark.parametrize("k", [0, -1, 10**9, "3", 2.5, True])
def test_bad_k_is_refused(built: QA, k: object) -> None:
    with pytest.raises(BadQuestion, match="k must be"):
        built.ask("kimchi", k=k)  # type: ignore[arg-type]


def test_huge_and_non_text_questions_are_refused(built: QA) -> None:
    with pytest.raises(BadQuestion, match="characters long"):
        built.ask("kimchi " * 20000)
    with pytest.raises(BadQuestion, match="must be text"):
        built.ask(42)  # type: ignore[arg-type]


@pytest.mark.parametrize("mode", ["bm25", "dense", "hybrid", "rerank"])
def test_every_mode_returns_the_same_shape(built: QA, mode: str) -> None:
    answer = built.ask("butterflies", k=3, mode=mode)
    assert 1 <= len(answer.quotes) <= 3 and isinstance(answer.abstained, bool)
    assert answer.quotes[0].doc_id == "drama"


def test_no_index_says_what_to_run(tmp_path: Path, hash_embedder) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(IndexNotFound, match="qa build"):
        QA.load(tmp_path / "nothing", embedder=hash_embedder)


def test_rebuild_reuses_unchanged_passages_and_drops_removed(tiny_corpus: Path, tmp_path: Path, hash_embedder) -> None:  # type: ignore[no-untyped-def]
    index = tmp_path / "index"
    first = build_index(tiny_corpus, index, embedder=hash_embedder)
    assert first.reused == 0 and first.embedded == first.passages
    (tiny_corpus / "new.md").write_text("Season two was announced today by the network.")
    second = build_index(tiny_corpus, index, embedder=hash_embedder)
    assert second.embedded == 1 and second.reused == first.passages
    (tiny_corpus / "kimchi.md").unlink()
    third = build_index(tiny_corpus, index, embedder=hash_embedder)
    assert third.embedded == 0 and third.documents == 2
    qa = QA.load(index, embedder=hash_embedder)
    assert {d.id for d in qa.generation.table.documents} == {"drama", "new"}
    assert all(q.doc_id != "kimchi" for q in qa.ask("kimchi cabbage", k=5).quotes)
    assert len([p for p in index.iterdir() if p.name.startswith("gen-")]) == 1  # old generations removed


def test_new_flag_rules_retag_every_sentence_without_re_embedding(tmp_path: Path, hash_embedder, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import qa.build

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "news.md").write_text("The show was not renewed. Stay tuned to Example News for more updates.\n")
    index = tmp_path / "index"
    note = 1024  # BITS["NOTE"]

    def flags() -> list[int]:
        return [int(f) for f in QA.load(index, embedder=hash_embedder).generation.sentence_flags]

    monkeypatch.setattr(qa.build, "FLAG_RULES", 1)
    monkeypatch.setattr(qa.build, "sentence_flags", lambda texts, types: np.zeros(len(texts), np.uint16))  # old rules
    build_index(corpus, index, embedder=hash_embedder)
    assert flags() == [0, 0]
    monkeypatch.undo()
    again = build_index(corpus, index, embedder=hash_embedder)  # today's rules: a call to action is flagged
    assert again.embedded == 0 and again.reused == 1  # vectors reused, flags made anew
    assert [bool(f & note) for f in flags()] == [False, True]
    manifest = json.loads((live_folder(index) / "manifest.json").read_text())
    assert manifest["flags"] == qa.build.flags_tag(qa.build.Settings())


def test_an_index_with_older_flag_rules_loads_and_says_how_to_refresh(tiny_corpus: Path, tmp_path: Path, hash_embedder, caplog) -> None:  # type: ignore[no-untyped-def]
    from qa.answer_types import BITS, question_type

    index = tmp_path / "index"
    build_index(tiny_corpus, index, embedder=hash_embedder)
    path = live_folder(index) / "manifest.json"
    manifest = json.loads(path.read_text())
    del manifest["flags"]  # as 0.4 wrote it: no POINT bits in its flags
    path.write_text(json.dumps(manifest))
    with caplog.at_level("WARNING"):
        qa = QA.load(index, embedder=hash_embedder)
    assert "qa build" in caplog.text and qa._live.stage.flag_rules == 0
    query = qa.prepare("when did it air")
    assert question_type(query.text) & BITS["POINT"]  # today's typing, read as DATE against the old flags:
    old = qa._live.stage.scores(query, np.arange(len(qa.generation.sentence_flags)))
    dated = (np.asarray(qa.generation.sentence_flags) & BITS["DATE"]) > 0
    assert dated.any()  # "It takes three days to ferment.": a span, DATE but not POINT
    assert np.allclose((old[1] - old[0])[dated], 0.1, atol=1e-3)  # a dated sentence still counts as the type


def test_failed_build_leaves_previous_index_usable(tiny_corpus: Path, tmp_path: Path, hash_embedder, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    index = tmp_path / "index"
    build_index(tiny_corpus, index, embedder=hash_embedder)
    before = live_folder(index)
    (tiny_corpus / "more.md").write_text("Another article about ferment times.")

    def boom(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise OSError("disk full")

    monkeypatch.setattr("qa.store.faiss.FaissStore.save", boom)
    with pytest.raises(OSError, match="disk full"):
        build_index(tiny_corpus, index, embedder=hash_embedder)
    assert live_folder(index) == before
    assert not [p for p in index.iterdir() if p.name.startswith(".tmp")]
    assert QA.load(index, embedder=hash_embedder).ask("kimchi").quotes


def test_stale_index_is_refused_when_corpus_changed(tiny_corpus: Path, tmp_path: Path, hash_embedder) -> None:  # type: ignore[no-untyped-def]
    index = tmp_path / "index"
    build_index(tiny_corpus, index, embedder=hash_embedder)
    QA.load(index, embedder=hash_embedder, corpus_dir=tiny_corpus)  # current: fine
    (tiny_corpus / "drama.txt").write_text("Edited.")
    with pytest.raises(IndexStale, match=r"edited: drama.txt.*qa build"):
        QA.load(index, embedder=hash_embedder, corpus_dir=tiny_corpus)


def test_index_from_another_embedder_is_refused(built: QA, tmp_path: Path) -> None:
    from qa.embed.torch_st import SentenceTransformerEmbedder

    with pytest.raises(IndexMismatch, match="built with hash-test"):
        QA.load(tmp_path / "index", embedder=SentenceTransformerEmbedder())


@pytest.mark.parametrize("victim", ["vectors.npy", "manifest.json", "documents.jsonl", "dense.faiss", "p_start.npy"])
def test_truncated_or_edited_files_are_detected(built: QA, tmp_path: Path, hash_embedder, victim: str) -> None:  # type: ignore[no-untyped-def]
    path = live_folder(tmp_path / "index") / victim
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(IndexCorrupt, match="qa build"):
        QA.load(tmp_path / "index", embedder=hash_embedder)
    path.write_bytes(data[:-1] + bytes([data[-1] ^ 1]))  # same size, one bit changed
    if victim != "manifest.json":
        with pytest.raises(IndexCorrupt, match="changed after the build"):
            QA.load(tmp_path / "index", embedder=hash_embedder)


def test_second_build_at_once_fails_clearly(tiny_corpus: Path, tmp_path: Path, hash_embedder) -> None:  # type: ignore[no-untyped-def]
    index = tmp_path / "index"
    with build_lock(index):
        with pytest.raises(IndexLocked, match="Another `qa build`"):
            build_index(tiny_corpus, index, embedder=hash_embedder)


def test_manifest_describes_the_index(built: QA) -> None:
    m = built.generation.manifest.to_json()
    assert m["format_version"] == 3 and m["embedder"] == {"name": "hash-test", "dim": 64, "normalized": True}
    assert m["chunking"]["max_tokens"] == 128 and set(m["corpus"]["files"]) == {"kimchi.md", "drama.txt"}
    assert m["counts"]["documents"] == 2 and m["counts"]["passages"] == len(built.generation.table)
    assert "vectors.npy" in m["files"] and m["files"]["vectors.npy"]["bytes"] > 0


def test_an_articles_title_counts_for_each_of_its_passages(tmp_path: Path, hash_embedder) -> None:  # type: ignore[no-untyped-def]
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    body = "The anthem was sung before the {} began.\n"  # the same passage but one word: only the titles differ
    (corpus / "super-bowl-50.md").write_text("---\ntitle: Super Bowl 50\n---\n" + body.format("game"))
    (corpus / "doctor-who.md").write_text("---\ntitle: Doctor Who\n---\n" + body.format("show"))
    qa = QA.build(corpus, tmp_path / "index", embedder=hash_embedder)
    assert qa.ask("who sang the anthem at the super bowl", mode="bm25").quotes[0].doc_id == "super-bowl-50"
    assert qa.ask("who sang the anthem of doctor who", mode="bm25").quotes[0].doc_id == "doctor-who"
    # Retitling an article re-embeds its passages (the title is part of each passage's vector).
    (corpus / "doctor-who.md").write_text("---\ntitle: Doctor Who (TV series)\n---\n" + body.format("show"))
    assert build_index(corpus, tmp_path / "index", embedder=hash_embedder).embedded == 1


def test_titles_mix_in_once_each_and_shared_titles_not_at_all() -> None:
    from qa.build import TITLE_WEIGHT, title_field, with_titles
    from qa.types import Document

    docs = [Document("a", "Super Bowl 50", "x", "a.md"), Document("b", "articles", "y", "n.jsonl"),
            Document("c", "articles", "z", "n.jsonl")]
    assert title_field(docs) == {"a": "Super Bowl 50", "b": "", "c": ""}  # a fallback title shared by records
    vectors = np.array([[1.0, 0.0], [0.0, 1.0]], dtype=np.float32)
    mixed = with_titles(vectors, [np.array([0.0, 1.0], dtype=np.float32), None])
    assert np.allclose(np.linalg.norm(mixed, axis=1), 1) and np.allclose(mixed[1], [0.0, 1.0])
    assert np.allclose(mixed[0], np.array([1.0, TITLE_WEIGHT]) / np.hypot(1.0, TITLE_WEIGHT))


def test_the_same_sentence_is_never_quoted_twice(tmp_path: Path, hash_embedder) -> None:  # type: ignore[no-untyped-def]
    """A story reprinted with a line added (not a duplicate file, so both are indexed): its best sentence is
    shown once, and the quotes that follow are other sentences."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    story = "Kimchi takes three days to ferment in a cool room. Salt the cabbage first and rinse it well.\n"
    (corpus / "wire.md").write_text(story, encoding="utf-8")
    (corpus / "reprint.md").write_text(story + "Reprinted with permission.\n", encoding="utf-8")
    (corpus / "other.md").write_text("Fermenting kimchi longer makes it more sour.\n", encoding="utf-8")
    qa = QA.build(corpus, tmp_path / "index", embedder=hash_embedder)
    answer = qa.ask("how long does kimchi take to ferment", k=3)
    shown = [" ".join(q.highlighted.split()) for q in answer.quotes]
    # Three passages, two distinct best sentences: the copy is skipped, so two quotes come back.
    assert len(shown) == len(set(shown)) == 2, shown
    assert len({q.doc_id for q in answer.quotes} & {"wire", "reprint"}) == 1
    assert "other" in {q.doc_id for q in answer.quotes}


class _Table:
    """Just what ``distinct`` reads of a PassageTable: passage text and sentence spans."""

    def __init__(self, passages: list[list[str]]) -> None:
        self.texts = [" ".join(p) for p in passages]
        self._spans = []
        for sentences in passages:
            spans, at = [], 0
            for sentence in sentences:
                spans.append((at, at + len(sentence)))
                at += len(sentence) + 1
            self._spans.append(spans)

    def text(self, row: int) -> str:
        return self.texts[row]

    def spans(self, row: int) -> list[tuple[int, int]]:
        return self._spans[row]

    def span(self, sentence_row: int) -> tuple[int, int]:
        return [s for spans in self._spans for s in spans][sentence_row]


def test_distinct_skips_only_sentences_already_shown() -> None:
    from qa.quotes import distinct
    from qa.types import Hit

    # Three passages of one article overlapping by a sentence (A B | B C | C D), a passage of another article that
    # repeats B (B E), and a copy of the first passage (A B).
    table = _Table([["Alpha one.", "Beta two."], ["Beta two.", "Gamma three."], ["Gamma three.", "Delta four."],
                    ["Beta two.", "Epsilon five."], ["Alpha one.", "Beta two."]])
    best = {0: 1, 1: 2, 2: 4, 3: 6, 4: 9}  # best sentences: "Beta two.", "Beta two.", "Gamma three.", "Beta two.", B
    shown_as = {0: 0, 1: 0, 2: 0, 3: 0, 4: 1}  # highlights: "Alpha one.", "Beta two.", "Gamma three.", "Beta two.", B
    hits = [Hit(row=r, score=1.0 - r / 10, sentence_row=best[r]) for r in (0, 1, 2, 3, 4)]
    highlighted: list[int] = []

    def highlight(hit: Hit) -> Hit:
        highlighted.append(hit.row)
        return replace(hit, highlight=table.spans(hit.row)[shown_as[hit.row]])

    out = distinct(table, hits, 5, highlight)  # type: ignore[arg-type]
    shown = [table.text(h.row)[slice(*h.highlight)] for h in out]
    # Passage 1's best sentence ("Beta two.") was passage 0's best but not its highlight: passage 1 is still shown.
    assert shown == ["Alpha one.", "Beta two.", "Gamma three."]
    # Passage 3's best sentence was already shown, passage 4 is a copy: both skipped before highlighting.
    assert highlighted == [0, 1, 2]
    assert distinct(table, hits, 0, highlight) == []  # type: ignore[arg-type]
