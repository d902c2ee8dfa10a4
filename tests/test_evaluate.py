"""The evaluation harness: loaders and paragraph-level scoring, on tiny sets written here."""

from __future__ import annotations

import json
from pathlib import Path

from qa.types import Quote
from qa_eval.metrics import score_question
from qa_eval.sets import load_beir, load_squad


def test_squad_loader_keeps_paragraph_offsets(tmp_path: Path) -> None:
    data = {"data": [{"title": "Drama_news", "paragraphs": [
        {"context": "First paragraph here.", "qas": [{"id": "q1", "question": "first?", "answers": [{"text": "First"}]}]},
        {"context": "Second  paragraph\nthere.", "qas": [{"id": "q2", "question": "gone?", "answers": [], "is_impossible": True}]},
    ]}]}
    path = tmp_path / "s.json"
    path.write_text(json.dumps(data))
    s = load_squad(path)
    doc = s.docs[0]
    assert doc["title"] == "Drama news" and doc["text"] == "First paragraph here.\n\nSecond paragraph there."
    assert [doc["text"][a:b] for a, b in doc["units"]] == ["First paragraph here.", "Second paragraph there."]
    assert [q.answerable for q in s.questions] == [True, False]


def test_beir_loader(tmp_path: Path) -> None:
    (tmp_path / "qrels").mkdir()
    (tmp_path / "corpus.jsonl").write_text('{"_id": "d1", "title": "A", "text": "Alpha text."}\n{"_id": "d2", "text": "Beta text."}\n')
    (tmp_path / "queries.jsonl").write_text('{"_id": "q1", "text": "beta?"}\n')
    (tmp_path / "qrels" / "test.tsv").write_text("query-id\tcorpus-id\tscore\nq1\td2\t1\n")
    s = load_beir(tmp_path)
    assert [d["id"] for d in s.docs] == ["d1", "d2"] and s.questions[0].doc == 1 and s.questions[0].question == "beta?"


def quote(doc: int, start: int, end: int, text: str = "x") -> Quote:
    return Quote(text, f"articles/{doc}", "t", None, None, None, start, end, 1.0, None)


def test_quote_counts_for_the_paragraph_holding_half_its_characters(tmp_path: Path) -> None:
    data = {"data": [{"title": "T", "paragraphs": [
        {"context": "a" * 100, "qas": []},
        {"context": "b" * 100, "qas": [{"id": "q", "question": "?", "answers": [{"text": "bbb"}]}]},
    ]}]}
    path = tmp_path / "s.json"
    path.write_text(json.dumps(data))
    s = load_squad(path)
    q = s.questions[0]
    # Gold paragraph is chars 102..202. First quote mostly in paragraph 0, second mostly in the gold one.
    m = score_question(s, q, [quote(0, 0, 90), quote(0, 95, 190, "bbb")], highlight="bbb")
    assert m["r1"] == 0 and m["r5"] == 1 and m["mrr10"] == 0.5 and m["answer_in_top"] == 0 and m["answer_in_highlight"] == 1
    # Two quotes inside the same paragraph count once: the gold paragraph is still rank 1.
    m = score_question(s, q, [quote(0, 110, 150, "bbb"), quote(0, 150, 200)], highlight="")
    assert m["r1"] == 1 and m["ndcg10"] == 1.0 and m["answer_in_top"] == 1
