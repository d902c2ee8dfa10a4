"""Second stage: term coverage, sentence scores (answer type, status, headings), pool reranking, highlights."""

from __future__ import annotations

import numpy as np
import pytest

from qa.answer_types import BITS
from qa.generation import PassageTable
from qa.lexical import LexicalIndex, terms
from qa.rerank import SentenceStage, coverage, known_coverage
from qa.retrieve import Query, zscore
from qa.types import Document, Hit, Passage

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
    # For the highlight, a question of few words covers a sentence only in part: of at least an unknown word's weight
    # ("what is the show about": "… the show incorporates mental health themes" outranked the premise on "show").
    common, rare = lexical.analyse("drama").terms, lexical.analyse("netflix").terms
    assert coverage(common, set(terms(TEXTS[1])), lexical) == 1.0
    assert coverage(common, set(terms(TEXTS[1])), lexical, floor=True) < 0.1
    assert 0.1 < coverage(rare, set(terms(TEXTS[0])), lexical, floor=True) < 1.0
    many = lexical.analyse("drama netflix stars episodes").terms  # enough weight: no floor
    assert coverage(many, set(terms(TEXTS[0])), lexical, floor=True) == coverage(many, set(terms(TEXTS[0])), lexical)


def test_known_coverage_ignores_words_the_corpus_never_uses(lexical: LexicalIndex) -> None:
    q = lexical.analyse("whos in the netflix crew").terms  # "whos", "crew": unknown fan words
    assert known_coverage(q, set(terms(TEXTS[0])), lexical) == 1.0
    assert known_coverage(q, set(terms(TEXTS[1])), lexical) == 0.0
    assert known_coverage(lexical.analyse("zanzibar").terms, set(), lexical) == 1.0


def stage_over(sentences: list[list[str]], vectors: np.ndarray, flags: list[int], title: str = "D") -> SentenceStage:
    """A stage over one document whose passages hold the given sentences (spans computed here)."""
    text, passages = "", []
    for group in sentences:
        start = len(text) + (2 if text else 0)
        text += ("\n\n" if text else "") + " ".join(group)
        spans, cursor = [], 0
        for s in group:
            spans.append((cursor, cursor + len(s)))
            cursor += len(s) + 1
        passages.append(Passage("d", start, len(text), text[start:], tuple(spans)))
    table = PassageTable.from_passages([Document("d", title, text, "d.txt")], passages)
    lexical = LexicalIndex.build([p.text for p in passages])
    return SentenceStage(vectors.astype(np.float16), np.array(flags, dtype=np.uint16), table, lexical)


def test_answer_type_and_status_move_sentence_scores() -> None:
    group = [["Ko Moon-Young writes books.", "Kim Soo-hyun plays him.", "No season two is confirmed.", "He is not in it."]]
    stage = stage_over(group, np.eye(4, 5), [0, BITS["PERSON"], BITS["STATUS"], BITS["STATUS"]])
    vector = np.array([0.5, 0.45, 0.4, 0.3, 0.0], dtype=np.float32)
    lex = stage.lexical
    who = stage.scores(Query("who plays him", lex.analyse("who plays him"), vector), np.arange(4))
    assert int(np.argmax(who[0])) == 0 and int(np.argmax(who[1])) == 1  # the person sentence wins once typed
    assert np.allclose(who[1] - who[0], [-0.1, 0.1, -0.1, -0.1], atol=1e-3)
    status = stage.scores(Query("is season 2 confirmed", lex.analyse("is season 2 confirmed"), vector), np.arange(4))
    assert np.allclose(status[1] - status[0], [0, 0, 0.2, 0.2], atol=1e-3)  # about something that changes: 0.2
    plain = stage.scores(Query("is he in it", lex.analyse("is he in it"), vector), np.arange(4))
    # A plain yes/no question: 0.1, but not to a status about a renewal it does not ask about
    assert np.allclose(plain[1] - plain[0], [0, 0, 0, 0.1], atol=1e-3)
    # A when-question a status may answer: the status bonus, and the type bonus where a sentence gives a time
    group = [["The anime is officially happening.", "It will premiere in October 2025.", "The studio is in Tokyo."]]
    stage = stage_over(group, np.eye(3, 4), [BITS["STATUS"], BITS["STATUS"] | BITS["DATE"] | BITS["POINT"], 0])
    q = "when does the anime air"
    when = stage.scores(Query(q, stage.lexical.analyse(q), np.array([0.5, 0.45, 0.3, 0], np.float32)), np.arange(3))
    bonus = when[1] - when[0]
    assert bonus[1] - bonus[0] == pytest.approx(0.1, abs=1e-3) and int(np.argmax(when[1])) == 1


def test_heading_is_never_the_highlight_but_counts_for_the_passage() -> None:
    group = [["Will there be a second season?", "Nothing is confirmed yet."]]
    stage = stage_over(group, np.eye(2, 4), [BITS["QSHAPE"], BITS["STATUS"]])
    q = Query("second season", stage.lexical.analyse("second season"), np.array([1.0, 0.2, 0, 0], dtype=np.float32))
    [hit] = stage.best(q, [Hit(row=0, score=1.0)])
    assert hit.best_score == pytest.approx(1.0, abs=1e-3)  # the heading's score counts for the passage
    assert hit.sentence_row == 1 and hit.sentence_score == pytest.approx(0.2, abs=1e-3)
    assert stage.highlight(q, hit).highlight == (31, 56)


def test_rerank_reorders_the_pool_by_first_stage_plus_weighted_best_sentence_z() -> None:
    groups = [["Alpha one."], ["Beta two."], ["Gamma three."], ["Delta four."]]
    stage = stage_over(groups, np.eye(4), [0, 0, 0, 0])
    vector = np.array([0.1, 0.9, 0.5, 0.0], dtype=np.float32)
    q = Query("q", stage.lexical.analyse("q"), vector)
    hits = [Hit(row=r, score=s) for r, s in [(0, 1.0), (1, 0.5), (2, 0.0), (3, -1.0)]]
    out = stage.rerank(q, hits)
    expected = np.array([1.0, 0.5, 0.0, -1.0]) + 0.8 * zscore(np.array([0.1, 0.9, 0.5, 0.0]))
    assert [h.row for h in out] == [int(i) for i in np.argsort(-expected)]
    assert [h.score for h in out] == pytest.approx(sorted(expected, reverse=True), abs=1e-3)


def test_a_passage_lacking_the_number_the_question_names_is_demoted() -> None:
    groups = [["The new season comes four years after the first one."], ["Season 2 will begin filming in September."]]
    stage = stage_over(groups, np.eye(2), [0, 0])
    q = Query("when does season 2 come out", stage.lexical.analyse("when does season 2 come out"),
              np.array([0.5, 0.5], dtype=np.float32))
    hits = [Hit(row=0, score=1.0), Hit(row=1, score=0.5)]
    assert [h.row for h in stage.rerank(q, hits)] == [1, 0]  # the first stage favours row 0, by less than 1.0
    plain = Query("when does it come out", stage.lexical.analyse("when does it come out"), q.vector)
    assert [h.row for h in stage.rerank(plain, hits)] == [0, 1]  # no number asked: no penalty


def test_a_passage_of_headings_and_links_only_goes_below_one_that_may_answer() -> None:
    # A review of 0.9.2: "how much does the island of strangers winner get" was answered at 0.92 by "Read more: …"
    groups = [["Read more: The winner reveals what she spent the prize money on", "## Who is in the cast?"],
              ["Contestants spent 35 days on the island."]]  # fmt: skip
    stage = stage_over(groups, np.eye(3), [BITS["NOTE"], BITS["QSHAPE"], 0])
    q = Query("how much does the winner get", stage.lexical.analyse("how much does the winner get"),
              np.array([0.8, 0.1, 0.3], dtype=np.float32))
    hits = [Hit(row=0, score=3.0), Hit(row=1, score=0.5)]  # the link names the show: the first stage likes it
    assert [h.row for h in stage.rerank(q, hits)] == [1, 0]


def test_a_number_in_the_articles_title_covers_its_passages() -> None:
    groups = [["The new season comes four years after the first one."], ["Filming begins in September."]]
    stage = stage_over(groups, np.eye(2), [0, 0], title="Season 2 confirmed")
    q = Query("when does season 2 come out", stage.lexical.analyse("when does season 2 come out"),
              np.array([0.5, 0.5], dtype=np.float32))
    hits = [Hit(row=0, score=1.0), Hit(row=1, score=0.5)]
    assert [h.row for h in stage.rerank(q, hits)] == [0, 1]  # the title names season 2: no passage is demoted


def test_a_passage_naming_no_one_in_the_role_asked_for_is_demoted() -> None:
    groups = [["Manning became the first quarterback to lead two teams to the Super Bowl."],
              ["Lady Gaga performed the national anthem."]]
    stage = stage_over(groups, np.eye(2), [0, 0])
    vector = np.array([0.5, 0.5], dtype=np.float32)  # equal sentence scores: only the first stage and the role count
    q = Query("who sang the anthem at the super bowl", stage.lexical.analyse("who sang the anthem"), vector)
    hits = [Hit(row=0, score=5.0), Hit(row=1, score=1.0)]  # the first stage favours the quarterback, by 4.0
    assert [h.row for h in stage.rerank(q, hits)] == [1, 0]  # nobody sings or performs in row 0: 10 lower
    plain = Query("who won the super bowl", stage.lexical.analyse("who won the super bowl"), vector)
    assert [h.row for h in stage.rerank(plain, hits)] == [0, 1]  # not a question about a role: no penalty


def test_a_habitual_sentence_is_marked_down_for_a_status_question_about_this_show() -> None:
    group = [["Netflix often renews successful shows.", "The show has not yet been renewed."]]
    stage = stage_over(group, np.eye(2, 4), [BITS["HABIT"], BITS["STATUS"]])
    vector = np.array([0.6, 0.45, 0.0, 0.0], dtype=np.float32)
    lex = stage.lexical
    about_it = stage.scores(Query("did netflix renew it", lex.analyse("did netflix renew it"), vector), np.arange(2))
    assert int(np.argmax(about_it[1])) == 1  # 0.6 - 0.2 against 0.45 + 0.2 (status of a renewal)
    usual = stage.scores(Query("does netflix renew shows", lex.analyse("does netflix renew shows"), vector), np.arange(2))
    assert int(np.argmax(usual[1])) == 0  # a question about what usually happens: no mark-down
    # and a mark-up: 0.4 + 0.2 (habit) against 0.45, with no status bonus: this show's renewal is not what it asks
    close = np.array([0.4, 0.45, 0.0, 0.0], dtype=np.float32)
    usual = stage.scores(Query("does netflix renew shows", lex.analyse("does netflix renew shows"), close), np.arange(2))
    assert np.allclose(usual[1] - usual[0], [0.2, 0.0], atol=1e-3) and int(np.argmax(usual[1])) == 0


def test_a_question_about_an_age_prefers_the_sentence_that_states_one() -> None:
    # XQuAD dev: "how old was manning in the big game" went to "… their two playoff games" (a number, not an age).
    group = [["He didn't throw any in their two playoff games.", "He is the oldest quarterback to play at age 39."]]
    stage = stage_over(group, np.eye(2, 4), [BITS["NUM"], BITS["NUM"]])
    vector = np.array([0.55, 0.5, 0.0, 0.0], dtype=np.float32)
    lex = stage.lexical
    q = "how old was manning in the big game"
    cosine, adjusted = stage.ranked_scores(Query(q, lex.analyse(q), vector), np.arange(2))
    assert int(np.argmax(cosine)) == 0 and int(np.argmax(adjusted)) == 1
    q = "how many playoff games"
    cosine, adjusted = stage.ranked_scores(Query(q, lex.analyse(q), vector), np.arange(2))
    assert int(np.argmax(adjusted)) == 0  # a count is not an age
