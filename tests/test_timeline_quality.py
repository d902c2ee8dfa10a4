"""Articles over time with the real packaged model: reports that disagree (2021 / 2023 / 2024), an unrelated
article, a newer article that only names the same actor, and an undated one (tests/data/timeline/)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from qa import QA
from qa.config import Settings
from qa.errors import BadQuestion

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "data" / "timeline"
SPEC = json.loads((CORPUS / "_questions.json").read_text(encoding="utf-8"))
BUNDLED = "its-okay-to-not-be-okay-season-2"


@pytest.fixture(scope="module")
def timeline(tmp_path_factory: pytest.TempPathFactory) -> QA:
    base = tmp_path_factory.mktemp("timeline")
    shutil.copytree(CORPUS, base / "corpus")
    return QA.build(base / "corpus", base / "index")


@pytest.fixture(scope="module")
def no_recency(timeline: QA) -> QA:
    return QA.load(timeline.index_dir, Settings(recency=False))


def test_status_question_quotes_the_newest_answering_report_first_with_earlier_reports(timeline: QA) -> None:
    answer = timeline.ask("is there going to be a season 2")
    assert not answer.abstained and answer.quotes[0].doc_id == "okay-2024" and answer.quotes[0].date == "2024-05-02"
    assert answer.answer == answer.quotes[0].highlighted
    assert BUNDLED in {q.doc_id for q in answer.earlier}
    assert all(q.date and q.date < "2024-05-02" for q in answer.earlier)
    d = answer.to_dict()
    assert d["earlier"] and set(d["earlier"][0]) == set(d["quotes"][0]) and d["kind"] == "quote"


@pytest.mark.parametrize("case", SPEC["status"], ids=lambda c: c["q"])
def test_every_status_question_of_the_set_puts_the_newest_report_first(timeline: QA, case: dict) -> None:
    answer = timeline.ask(case["q"])
    assert not answer.abstained and answer.quotes[0].doc_id == case["newest"]
    assert set(case["earlier"]) <= {q.doc_id for q in answer.earlier}


def test_recency_changes_what_the_ranking_alone_would_quote(no_recency: QA) -> None:
    # Without recency the 2023 article's "no official confirmation" comes first: the old behaviour of #14.
    assert no_recency.ask("will its okay to not be okay get renewed").quotes[0].doc_id == BUNDLED


def test_a_newer_article_naming_the_same_actor_is_not_a_newer_report(timeline: QA) -> None:
    answer = timeline.ask("will kim soo hyun return for season 2")
    assert answer.quotes[0].doc_id == "okay-2024"  # not the later (2024-08-01) Queen of Tears article
    assert "kim-soo-hyun-new-drama" not in {q.doc_id for q in answer.earlier}


@pytest.mark.parametrize("case", SPEC["timeless"], ids=lambda c: c["q"])
def test_timeless_questions_rank_exactly_as_without_recency(timeline: QA, no_recency: QA, case: dict) -> None:
    assert timeline.ask(case["q"]).to_dict() == no_recency.ask(case["q"]).to_dict()


def test_naming_a_source_or_a_year_narrows_to_it_with_k_quotes(timeline: QA) -> None:
    answer = timeline.ask("what did devdiscourse say about season 2", k=3)
    assert not answer.abstained and len(answer.quotes) == 3 and {q.doc_id for q in answer.quotes} == {BUNDLED}
    assert answer.to_dict()["filters"] == {"source": "Devdiscourse"}
    answer = timeline.ask("is there going to be a season 2 in 2021", k=3)
    assert {q.doc_id for q in answer.quotes} == {"okay-2021"} and len(answer.quotes) == 3
    assert "no plans for a second season" in answer.answer and answer.earlier == ()


def test_relative_time_is_relative_to_the_newest_article(timeline: QA) -> None:
    # The newest article is 2024-08-01: "last year" is 2023, whatever today's date is.
    answer = timeline.ask("what was said last year about a second season")
    assert {q.doc_id for q in answer.quotes} == {BUNDLED} and dict(answer.filters)["since"] == "2023-01-01"


def test_explicit_filters_narrow_before_the_top_k_cut(timeline: QA) -> None:
    answer = timeline.ask("is there going to be a season 2", k=5, until="2021-12-31")
    assert len(answer.quotes) == 3 and {q.doc_id for q in answer.quotes} == {"okay-2021"}  # all it has
    answer = timeline.ask("who plays gang tae", k=3, source="HALLYU")
    assert {q.doc_id for q in answer.quotes} == {"okay-2024"} and "Kim Soo-hyun" in answer.answer
    answer = timeline.ask("is there going to be a season 2", since="2023-01-01", until="2023-12-31")
    assert answer.quotes[0].doc_id == BUNDLED and answer.earlier == ()


def test_filters_that_leave_nothing_abstain_saying_so(timeline: QA) -> None:
    answer = timeline.ask("is there going to be a season 2", source="Variety")
    assert answer.abstained and "No article matches the filter (from Variety)" in (answer.reason or "")
    assert answer.quotes == () and answer.to_dict()["filters"] == {"source": "Variety"}
    answer = timeline.ask("is there going to be a season 2", since="2030-01-01")
    assert answer.abstained and "dated since 2030-01-01" in (answer.reason or "")


def test_bad_filter_values_are_refused(timeline: QA) -> None:
    with pytest.raises(BadQuestion, match="not a real date"):
        timeline.ask("is there going to be a season 2", since="2021-13-01")


@pytest.mark.parametrize("case", SPEC["meta"], ids=lambda c: c["q"])
def test_questions_about_the_articles_are_answered_from_metadata(timeline: QA, case: dict) -> None:
    answer = timeline.ask(case["q"])
    assert not answer.abstained and answer.kind in ("metadata", "articles") and case["expect"] in answer.answer
    docs = {d.id: d for d in timeline.generation.table.documents}
    for quote in answer.quotes:  # real citations: each quote is its article's text at its offsets
        assert docs[quote.doc_id].text[quote.start : quote.end] == quote.text


def test_metadata_answer_is_built_from_metadata_only(timeline: QA) -> None:
    answer = timeline.ask("when was the article about the subway published")
    quote = answer.quotes[0]
    assert answer.kind == "metadata" and quote.doc_id == "subway-fares"
    assert answer.answer == f'"{quote.title}" ({quote.source}) was published on {quote.date}.'


def test_this_article_follows_the_conversation(timeline: QA) -> None:
    answer = timeline.ask("when was this article published", about_doc="okay-2021")
    assert answer.quotes[0].doc_id == "okay-2021" and "2021-03-15" in answer.answer
    answer = timeline.ask("who published it", about_doc=BUNDLED)
    assert answer.answer.startswith('"It\'s Okay To Not Be Okay season 2: will it happen?" was published by Devdiscourse')


def test_articles_are_listed_newest_first(timeline: QA) -> None:
    answer = timeline.ask("what articles do you have")
    lines = answer.answer.splitlines()
    assert answer.kind == "articles" and len(lines) == 6 and lines[0].startswith('"Kim Soo-hyun')
    assert lines[-1].endswith("(undated)") and [q.doc_id for q in answer.quotes][:2] == ["kim-soo-hyun-new-drama", "subway-fares"]


@pytest.mark.parametrize("case", SPEC["off_topic"], ids=lambda c: c["q"])
def test_off_topic_questions_still_abstain(timeline: QA, case: dict) -> None:
    assert timeline.ask(case["q"]).abstained


def test_bundled_fan_questions_are_unchanged_by_recency(real_qa: QA) -> None:
    """One article: recency has nothing to reorder, and no fan question names a time, source or the article."""
    plain = QA.load(real_qa.index_dir, Settings(recency=False))
    fans = json.loads((ROOT / "tests" / "data" / "fan_questions.json").read_text(encoding="utf-8"))
    for case in fans["in_scope"] + fans["out_of_scope"]:
        q = case["q"] if isinstance(case, dict) else case
        got, want = real_qa.ask(q).to_dict(), plain.ask(q).to_dict()
        assert got == want and got["filters"] == {} and got["earlier"] == [] and got["kind"] == "quote", q


def test_cli_shows_as_of_dates_and_earlier_reports(timeline: QA, capsys: pytest.CaptureFixture[str]) -> None:
    from qa.cli import main

    index, corpus = str(timeline.index_dir), str(timeline.index_dir.parent / "corpus")
    assert main(["ask", "is there going to be a season 2", "--index", index, "--corpus", corpus]) == 0
    out = capsys.readouterr().out
    first, rest = out.split("earlier reports:", 1)
    assert "Hallyu Herald · as of 2024-05-02" in first.split("[2]")[0] and "as of 2021-03-15" in rest


def test_a_reprinted_status_sentence_is_quoted_from_the_newest_article(tmp_path: Path) -> None:
    """Quotes never repeat a sentence, but which copy is kept matters: for a status question, the newest."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    line = "Moonlight Bakery season 2 has not been confirmed yet."
    (corpus / "old.md").write_text(f"---\ntitle: Bakery news\ndate: 2022-03-01\nsource: Drama Daily\n---\n\n{line}\n")
    (corpus / "new.md").write_text(
        f"---\ntitle: Bakery update\ndate: 2024-05-01\nsource: Hallyu Herald\n---\n\n{line} The cast met fans in Seoul.\n"
    )
    qa = QA.build(corpus, tmp_path / "index")
    answer = qa.ask("has moonlight bakery season 2 been confirmed")
    assert answer.quotes[0].doc_id == "new" and line in answer.answer
    assert [q.highlighted for q in answer.quotes].count(line) == 1
