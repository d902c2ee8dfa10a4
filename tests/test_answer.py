"""Answer assembly and abstention: the calibrated confidence decides, the quote stays verbatim."""

from __future__ import annotations

import math

from qa.answer import CALIBRATION, Calibration, Features, make_answer
from qa.types import Hit, Quote

TEXT = "The drama stars Kim Soo-hyun. It aired on Netflix in 2020."


def quote_of(hit: Hit) -> Quote:
    return Quote(TEXT, "doc", "Title", "2023-06-26", "Source", None, 10, 10 + len(TEXT), hit.score, hit.highlight)


def test_confidence_is_the_logistic_of_the_weighted_features() -> None:
    cal = Calibration(dense=2.0, sentence=1.0, coverage=0.5, bias=-1.0, threshold=0.5)
    f = Features(dense=0.5, sentence_score=0.2, coverage=0.4)
    assert math.isclose(cal.confidence(f), 1 / (1 + math.exp(-(1.0 + 0.2 + 0.2 - 1.0))))


def test_confident_answer_is_the_highlighted_sentence_verbatim() -> None:
    hits = [Hit(row=0, score=1.0, highlight=(30, len(TEXT)))]
    answer = make_answer("where can i watch it", hits, quote_of, Features(0.9, 0.9, 1.0), [])
    assert not answer.abstained and answer.reason is None
    assert answer.answer == "It aired on Netflix in 2020." == answer.quotes[0].highlighted
    assert answer.confidence > CALIBRATION.threshold


def test_low_confidence_abstains_but_keeps_the_nearest_quote_and_names_unknown_words() -> None:
    hits = [Hit(row=0, score=0.1, highlight=(0, 29))]
    answer = make_answer("capital of peru", hits, quote_of, Features(0.05, 0.0, 0.0), ["peru"])
    assert answer.abstained and answer.answer == "" and answer.confidence < CALIBRATION.threshold
    assert "'peru'" in (answer.reason or "") and "not an answer" in (answer.reason or "")
    assert answer.quotes[0].text == TEXT


def test_no_hits_abstains_with_zero_confidence() -> None:
    answer = make_answer("anything", [], quote_of, None, [])
    assert answer.abstained and answer.confidence == 0.0 and answer.quotes == ()
