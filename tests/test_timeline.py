"""qa/timeline.py and qa/articles.py without a model: filters, what questions say about time, newest-first ordering."""

from __future__ import annotations

import numpy as np
import pytest

from qa.articles import article_list, first_rows, metadata_text
from qa.errors import BadQuestion
from qa.followup import resolve
from qa.lexical import LexicalIndex
from qa.scope import read_scope, strip_scope
from qa.timeline import Filters, allowed_rows, newest_first
from qa.types import Document, Hit

DOCS = [
    Document("old", "No second season planned", "x", "old.md", "2021-03-15", "K-Drama Tribune"),
    Document("dev", "Season 2: will it happen?", "x", "dev.md", "2023-06-26", "Devdiscourse"),
    Document("new", "Season 2 confirmed", "x", "new.md", "2024-05-02", "Hallyu Herald", "https://example.org/n"),
    Document("undated", "Filming places", "x", "undated.txt"),
]


@pytest.mark.parametrize(
    "since,until,source,error",
    [
        ("2021-13-01", None, None, "not a real date"),
        ("2023-02-30", None, None, "not a real date"),
        ("yesterday", None, None, "YYYY-MM-DD"),
        (20210101, None, None, "YYYY-MM-DD"),
        ("2024-01-01", "2021-01-01", None, "is after until"),
        (None, None, "   ", "non-empty"),
        (None, None, "x" * 500, "keep it under"),
    ],
)
def test_bad_explicit_filters_are_refused_with_the_fix(since: object, until: object, source: object, error: str) -> None:
    with pytest.raises(BadQuestion, match=error):
        Filters.checked(since, until, source)


def test_explicit_filters_match_source_in_any_case_and_dates_inclusively() -> None:
    f = Filters.checked("2021-03-15", "2023-06-26", "devDISCOURSE")
    assert [f.admits(d) for d in DOCS] == [False, True, False, False]
    f = Filters.checked("2021-03-15", "2023-06-26")
    assert [f.admits(d) for d in DOCS] == [True, True, False, False]  # undated articles never match a date filter
    assert Filters().active is False and Filters.checked(source="herald").admits(DOCS[2])


@pytest.mark.parametrize(
    "question,since,until,source",
    [
        ("is there going to be a season 2 in 2021", "2021-01-01", "2021-12-31", None),
        ("what did devdiscourse say about season 2", None, None, "Devdiscourse"),
        ("what did the hallyu herald report", None, None, "Hallyu Herald"),
        ("season 2 news since 2023", "2023-01-01", None, None),
        ("what was reported before 2023", None, "2022-12-31", None),
        # relative to the NEWEST article (2024-05-02), never the wall clock
        ("what was said last year about season 2", "2023-01-01", "2023-12-31", None),
        ("any news this month", "2024-05-01", "2024-05-31", None),
        ("what did they report last month", "2024-04-01", "2024-04-30", None),
        # a year no article has, in a question not about reports, stays a search word
        ("will it come out in 2025", None, None, None),
        ("who plays gang tae", None, None, None),
        # a relative period is the event's unless the question asks about reports or a status
        ("how many goals did he score last year", None, None, None),
        ("is the tour coming to london this year", None, None, None),
        ("was it renewed last year", "2023-01-01", "2023-12-31", None),
    ],
)
def test_questions_narrow_by_time_and_source(question: str, since: str | None, until: str | None, source: str | None) -> None:
    assert read_scope(question, DOCS).filters == Filters(since, until, source)


def test_explicit_filters_win_over_the_question() -> None:
    scope = read_scope("what did devdiscourse say in 2021", DOCS, Filters.checked(source="Hallyu"))
    assert scope.filters == Filters("2021-01-01", "2021-12-31", "Hallyu")


@pytest.mark.parametrize(
    "question,status",
    [
        ("is there going to be a season 2", True),
        ("has it been renewed", True),
        ("was it cancelled", True),
        ("when is the release date", True),
        ("has the cast been announced", True),
        ("how many episodes are there", False),
        ("who plays gang tae", False),
        ("who is ko mun young", False),
        ("what is gang tae afraid of", False),
    ],
)
def test_status_questions_are_told_from_timeless_ones(question: str, status: bool) -> None:
    assert read_scope(question, DOCS).status is status


@pytest.mark.parametrize(
    "question,about",
    [
        ("when was this article published", "date"),
        ("when was it written?", "date"),
        ("what date is the article from", "date"),
        ("who published it", "publisher"),
        ("who wrote this article", "publisher"),
        ("what's your source", "publisher"),
        ("which site is this from", "publisher"),
        ("what articles do you have", "articles"),
        ("list the articles", "articles"),
        # questions about the show, not the article
        ("who wrote the drama", None),
        ("who wrote it", None),  # a fan asks for the screenwriter
        ("who wrote the story", None),
        ("when did it come out", None),
        ("when was it released", None),
        ("is there going to be a season 2", None),
    ],
)
def test_questions_about_the_articles_are_recognised(question: str, about: str | None) -> None:
    assert read_scope(question, DOCS).about == about


def test_allowed_rows_masks_passages_of_matching_articles() -> None:
    p_doc = np.array([0, 0, 1, 2, 2, 3])
    assert allowed_rows(p_doc, DOCS, Filters()) is None
    assert allowed_rows(p_doc, DOCS, Filters(source="Hallyu Herald")).tolist() == [False, False, False, True, True, False]


def _hits(*scores: float) -> list[Hit]:
    return [Hit(row=i, score=s) for i, s in enumerate(scores)]


def test_newest_answering_article_comes_first_and_older_ones_are_earlier() -> None:
    rows = {0: DOCS[1], 1: DOCS[0], 2: DOCS[2], 3: DOCS[1]}
    hits = _hits(3.0, 2.5, 2.4, 1.0)
    ordered, earlier = newest_first(hits, lambda h: rows[h.row], lambda h: True)
    assert [h.row for h in ordered] == [2, 0, 1, 3]
    assert [h.row for h in earlier] == [0, 1]  # best hit of each older article, newest first


def test_a_newer_article_that_does_not_answer_is_never_promoted() -> None:
    rows = {0: DOCS[1], 1: DOCS[2], 2: DOCS[2]}
    hits = _hits(3.0, 2.9, -1.0)
    ordered, earlier = newest_first(hits, lambda h: rows[h.row], lambda h: h.row != 1)  # row 1 does not answer
    assert ordered == hits and earlier == []  # row 2 answers but scores far below the best (outside the margin)


def test_one_article_is_left_exactly_as_ranked() -> None:
    hits = _hits(3.0, 2.0, 1.0)
    assert newest_first(hits, lambda h: DOCS[1], lambda h: True) == (hits, [])


def test_article_list_is_newest_first_with_undated_last() -> None:
    listed = article_list(DOCS)
    assert [a["doc_id"] for a in listed] == ["new", "dev", "old", "undated"]
    assert listed[0] == {"doc_id": "new", "title": "Season 2 confirmed", "source": "Hallyu Herald", "date": "2024-05-02", "url": "https://example.org/n"}


def test_metadata_answers_use_only_metadata_fields() -> None:
    assert metadata_text("date", DOCS[2]) == '"Season 2 confirmed" (Hallyu Herald) was published on 2024-05-02. — https://example.org/n'
    assert metadata_text("date", DOCS[3]) == '"Filming places" is undated.'
    assert metadata_text("publisher", DOCS[0]) == '"No second season planned" was published by K-Drama Tribune on 2021-03-15.'
    assert metadata_text("publisher", DOCS[3]) == '"Filming places" does not name its source.'


def test_first_rows_are_each_articles_opening_passage() -> None:
    assert first_rows(np.array([1, 1, 0, 0]), np.array([50, 0, 90, 10])) == {0: 3, 1: 1}


def test_strip_scope_leaves_the_subject() -> None:
    assert strip_scope("is there going to be a season 2 in 2021", DOCS) == ("is there going to be a season 2", ("in 2021",))


PASSAGES = ["Season 2 of the drama is confirmed.", "There are no plans for a second season.", "Moon Gang-Tae is played by Kim Soo-hyun."]
LEX = LexicalIndex.build(PASSAGES)


def ask(*questions: str) -> list[str]:
    turn, out = None, []
    for q in questions:
        turn = resolve(q, turn, LEX, len(PASSAGES), DOCS)
        out.append(turn.searched)
    return out


def test_follow_up_changes_the_time_and_keeps_the_subject() -> None:
    assert ask("is there going to be a season 2", "what about in 2021?", "and in 2023?") == [
        "is there going to be a season 2",
        "is there going to be a season 2 in 2021",
        "is there going to be a season 2 in 2023",
    ]


def test_follow_up_changes_the_source() -> None:
    assert ask("is there going to be a season 2", "what did devdiscourse say?")[1] == "is there going to be a season 2 Devdiscourse"


def test_subject_follow_up_keeps_the_previous_time() -> None:
    assert ask("who is moon gang-tae in 2023", "who plays him?")[1] == "who plays him? (moon gang tae) in 2023"


def test_dates_come_from_front_matter_jsonl_and_html_metadata(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import json

    from qa.ingest import load_corpus

    (tmp_path / "a.md").write_text("---\ntitle: A\ndate: 2024-05-02T10:30:00Z\n---\nFront matter article body.\n", encoding="utf-8")
    (tmp_path / "feed.jsonl").write_text(json.dumps({"title": "B", "date": "2021-03-15", "text": "A JSONL article."}) + "\n", encoding="utf-8")
    page = (
        "<html><head><title>Season 2 confirmed</title>"
        '<meta property="article:published_time" content="2024-05-02T09:00:00+00:00">'
        '<meta property="og:site_name" content="Hallyu Herald"></head><body><article>'
        "<p>Netflix has confirmed that the drama will return for a second season next year, with the cast back.</p>"
        "<p>Filming starts in September and the release is planned for the second half of 2025.</p>"
        "</article></body></html>"
    )
    (tmp_path / "c.html").write_text(page, encoding="utf-8")
    (tmp_path / "d.txt").write_text("An article with no front matter has no date.\n", encoding="utf-8")
    dates = {d.path: d.date for d in load_corpus(tmp_path).documents}
    assert dates == {"a.md": "2024-05-02", "feed.jsonl": "2021-03-15", "c.html": "2024-05-02", "d.txt": None}


def test_sources_named_by_everyday_words_only_filter_when_explicit() -> None:
    docs = [Document("a", "A", "x", "a.md", "2024-01-01", "News"), Document("b", "B", "x", "b.md", "2024-01-01", "The Times"),
            Document("c", "C", "x", "c.md", "2024-01-01", "Star Weekly")]
    assert read_scope("any news on season 2", docs).filters == Filters()
    assert read_scope("what did the times say", docs).filters == Filters()
    assert read_scope("what did star weekly say", docs).filters == Filters(source="Star Weekly")
    assert read_scope("any news", docs, Filters.checked(source="news")).filters == Filters(source="news")


@pytest.mark.parametrize(
    "question",
    ["Who published the Principia?", "What is the source of the Rhine?", "When was the IPCC report published?",
     "Which reports did the commission publish?", "Who wrote the paper on real time computations in 1973?"],
)
def test_questions_about_the_world_are_not_about_the_articles(question: str) -> None:
    scope = read_scope(question, DOCS)
    assert scope.about is None and not scope.filters.active
