"""qa_eval/fan.py: the fan-set counts are consistent with each other, and the plot of them is drawn (tiny corpus)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from qa import QA
from qa_eval.fan import _answerable_parts, fan_markdown, fan_plot, load_fan, score_fan


def test_fan_counts_add_up_and_the_plot_is_written(tiny_corpus: Path, tmp_path: Path, hash_embedder) -> None:  # type: ignore[no-untyped-def]
    qa = QA.build(tiny_corpus, tmp_path / "index", embedder=hash_embedder)
    rows = [
        {"q": "how long does kimchi take to ferment", "expect": ["three days"]},
        {"q": "what is gang tae afraid of", "expect": ["butterflies"]},
        {"q": "what does ko moon young write", "expect": ["children's books"]},
        {"q": "what is the capital of france", "abstain": True},
        {"q": "who won the world cup", "abstain": True},
    ]
    path = tmp_path / "fan.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    questions = load_fan(path)
    result = {"set": "tiny", **score_fan(qa, questions)}
    assert (result["answerable"], result["out_of_scope"]) == (3, 2)
    parts = _answerable_parts(result)
    # Every answerable question lands in exactly one part; the right-quote parts are the right top quotes.
    assert min(parts) >= 0 and sum(parts) == 3 and sum(parts[:3]) == result["top"]
    assert 0 <= result["oos_abstained"] + result["oos_hedged"] <= 2
    assert fan_markdown([result]).count("\n") == 2
    fan_plot([result, result], tmp_path / "fan.png")
    assert (tmp_path / "fan.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_every_expected_phrase_of_the_bundled_fan_sets_is_in_the_article() -> None:
    # A phrase the article lacks would count a right answer as wrong (and could never be met).
    from qa_eval.fan import TESTS_DATA, load_fan

    article = " ".join((Path(__file__).parent.parent / "corpus").glob("*.md").__next__().read_text().split()).lower()
    for name in ("fan_bundled.jsonl", "fan_bundled_heldout.jsonl", "fan_bundled_independent.jsonl",
                 "fan_bundled_blind.jsonl", "fan_bundled_fourth.jsonl", "fan_bundled_fifth.jsonl",
                 "fan_bundled_sixth.jsonl", "fan_bundled_seventh.jsonl", "fan_bundled_eighth.jsonl",
                 "fan_bundled_ninth.jsonl", "fan_bundled_tenth.jsonl", "fan_bundled_eleventh.jsonl",
                 "fan_bundled_twelfth.jsonl", "fan_bundled_thirteenth.jsonl", "fan_bundled_fourteenth.jsonl"):
        questions = load_fan(TESTS_DATA / name)
        assert questions and any(q.abstain for q in questions) and any(not q.abstain for q in questions)
        for q in questions:
            assert q.abstain or any(" ".join(p.split()).lower() in article for p in q.expect), (name, q.q)


def test_typo_questions_change_one_long_word_each() -> None:
    from qa_eval.fan import FanQuestion, with_typos

    questions = [FanQuestion("how many episodes are there", ("16 episodes",)), FanQuestion("is it good", ("good",)),
                 FanQuestion("who directed it", abstain=True)]
    typos = with_typos(questions)
    assert len(typos) == 1 and typos[0].expect == ("16 episodes",) and typos == with_typos(questions)  # seeded
    before, after = questions[0].q.split(), typos[0].q.split()
    changed = [(a, b) for a, b in zip(before, after) if a != b]
    assert len(before) == len(after) and len(changed) == 1 and abs(len(changed[0][0]) - len(changed[0][1])) <= 1


def test_every_expected_phrase_of_the_xquad_fan_sets_is_in_its_article() -> None:
    from qa_eval.fan import TESTS_DATA
    from qa_eval.sets import shared_data

    data = json.loads((shared_data() / "xquad_en" / "xquad.en.json").read_text(encoding="utf-8"))
    texts = {a["title"]: " ".join(p["context"] for p in a["paragraphs"]) for a in data["data"]}
    for name in ("fan_other_xquad.jsonl", "fan_other_xquad_second.jsonl", "fan_other_xquad_third.jsonl",
                 "fan_other_xquad_fourth.jsonl", "fan_other_xquad_fifth.jsonl",
                 "fan_other_xquad_sixth.jsonl", "fan_other_xquad_seventh.jsonl"):
        rows = [json.loads(line) for line in (TESTS_DATA / name).read_text(encoding="utf-8").splitlines() if line]
        assert rows and any(r.get("abstain") for r in rows)
        for r in rows:
            assert r["article"] in texts, (name, r["q"])
            assert r.get("abstain") or any(p in texts[r["article"]] for p in r["expect"]), (name, r["q"])


@pytest.mark.parametrize("name", ["news", "news2", "news3", "news4", "news5", "news6"])
def test_every_expected_phrase_of_the_news_fan_sets_is_in_its_article(name: str) -> None:
    from qa_eval.fan import TESTS_DATA

    lines = (TESTS_DATA / f"fan_{name}.jsonl").read_text(encoding="utf-8").splitlines()
    rows = [json.loads(line) for line in lines if line]
    articles = {p.stem: p.read_text(encoding="utf-8") for p in (TESTS_DATA / name).glob("*.md")}
    assert len(articles) == 8 and sum(bool(r.get("abstain")) for r in rows) == 16 and len(rows) == 64
    for r in rows:
        assert r["doc"] in articles, r["q"]
        assert r.get("abstain") or any(p in articles[r["doc"]] for p in r["expect"]), r["q"]
