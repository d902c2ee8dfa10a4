"""Hits -> Answer: verbatim quotes, citations, the highlight, and one of three outcomes.

* **answer**: the highlighted sentence answers the question;
* **closest**: the articles may not say exactly; the quote is the closest they
  come (shown, with that caveat, and ``abstained`` false);
* **not covered**: the articles don't say (``abstained`` true; the nearest
  passage is still in ``quotes``, labelled as not an answer).

Two hard rules come first: a question that asks for money, a quantity or a
time ("how much does it cost", "how tall") whose highlighted sentence holds
none, or that names a number the top passage lacks, is not covered. Otherwise
the confidence is a logistic model over four features (see :class:`Features`),
fitted class-balanced on fan-typed questions, answerable and out-of-scope,
plus each answerable question asked with its own article left out
(``benchmarks/calibrate.py``). A confidently wrong answer is worse than a
hedged one: the answer threshold is high, and the band below it hedges.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from .types import Answer, Hit, Quote

__all__ = ["Calibration", "CALIBRATION", "Features", "Outcome", "make_answer"]

Outcome = Literal["answer", "closest", "not_covered"]


@dataclass(frozen=True)
class Features:
    """What the outcome is decided from (all of the top passage and its best sentence)."""

    # The top hit's dense score: in hybrid and rerank modes half its passage cosine and half its best sentence's
    # (qa/retrieve.py), in dense mode its passage cosine. CALIBRATION was fitted on passage cosines; refitting on the
    # blend was measured and gave 3 more wrong abstentions among distractor articles, so the fit was kept.
    dense: float
    sentence_score: float  # cosine of its best sentence
    coverage: float  # IDF-weighted share of the question's terms in the passage (unknown words count)
    known_coverage: float  # the same over the terms the corpus knows, in the best sentence (1.0: none known)
    missing: bool = False  # a hard rule: the measurable or the number the question asks for is absent
    partial_name: bool = False  # the sentence holds only part of a name the question gives: not covered
    # The sentence does not name what the question asks for (qa.asked.unnamed): who plays X / directed it, her other
    # dramas, where it was filmed, anything beyond the question's own names, its focus (a love life…): not covered.
    unnamed: bool = False
    counted: bool = False  # "how many X" and the sentence gives a count of X: at least "answer"
    premise: bool = False  # "what is it about" and the sentence gives the premise: at least "closest"
    unnamed_why: str = ""  # what a reason says of an unnamed answer ("names no place"; qa.asked.what_is_missing)
    # The question names an article's subject and the sentence meets it by the name alone (qa.pipeline): "is the orion
    # pulse 3 pro waterproof" -> the lede announcing the phone. At most "closest".
    name_only: bool = False


@dataclass(frozen=True)
class Calibration:
    """Logistic weights over :class:`Features` and the two thresholds."""

    dense: float
    sentence: float
    coverage: float
    known_coverage: float
    bias: float
    answer: float  # confidence at or above: an answer
    closest: float  # at or above (and under ``answer``): the closest the articles come

    def confidence(self, f: Features) -> float:
        if f.missing:
            return 0.0
        z = (
            self.dense * f.dense
            + self.sentence * f.sentence_score
            + self.coverage * f.coverage
            + self.known_coverage * f.known_coverage
            + self.bias
        )
        p = 1.0 / (1.0 + math.exp(-z))
        # "who plays ko moon young" answered by "Moon Gang-Tae, played by Kim Soo-hyun", or "who plays sang tae" by a
        # sentence that names him but not his actor: the nearest passage, shown as not an answer.
        if f.partial_name or f.unnamed:
            return min(p, round(self.closest - 0.01, 2))
        if f.name_only:
            p = min(p, round(self.answer - 0.01, 2))
        # "how many episodes are there" -> "consists of 16 episodes": the model, which does not read units, gave 0.68.
        if f.counted:
            return max(p, self.answer)
        # "whats the drama even about" -> "It revolves around the romance between …": cosine 0.2, confidence 0.15.
        return max(p, self.closest) if f.premise else p

    def outcome(self, confidence: float) -> Outcome:
        return "answer" if confidence >= self.answer else "closest" if confidence >= self.closest else "not_covered"


# Fitted by benchmarks/calibrate.py (see the module docstring and README "Evaluation").
CALIBRATION = Calibration(
    dense=3.2227, sentence=3.0363, coverage=0.6879, known_coverage=1.517, bias=-3.7177, answer=0.7, closest=0.25
)

QuoteSource = Callable[[Hit], Quote]  # turns a hit into its Quote (from the passage table or the store)


def make_answer(
    question: str,
    hits: list[Hit],
    quote_of: QuoteSource,
    features: Features | None,
    unknown: list[str],
    calibration: Calibration = CALIBRATION,
) -> Answer:
    """Assemble the answer and decide its outcome."""
    quotes = tuple(quote_of(h) for h in hits)
    if not quotes or features is None:
        reason = "The articles don't say: nothing in them matches the question."
        return Answer(question, True, reason, "", 0.0, quotes, "not_covered")
    confidence = calibration.confidence(features)
    outcome = calibration.outcome(confidence)
    if outcome == "not_covered":
        reason = "The articles don't seem to say"
        if features.partial_name:
            reason += " — the nearest passage is about someone else"
        elif features.unnamed:
            why = features.unnamed_why or "does not name who or what the question asks for"
            reason += f" — the nearest passage {why}"
        elif unknown:
            reason += f" — they never mention {', '.join(repr(w) for w in unknown[:4])}"
        reason += ". The nearest passage is shown, but it is not an answer."
        return Answer(question, True, reason, "", confidence, quotes, outcome)
    sentence = quotes[0].highlighted or quotes[0].text
    if outcome == "closest":
        reason = "The articles may not say exactly"
        if unknown:
            reason += f" — they never mention {', '.join(repr(w) for w in unknown[:4])}"
        reason += "; this is the closest they come."
        return Answer(question, False, reason, sentence, confidence, quotes, outcome)
    return Answer(question, False, None, sentence, confidence, quotes, outcome)
