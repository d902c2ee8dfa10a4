"""Hits -> Answer: verbatim quotes, citations, the highlight, and abstention.

Confidence is a logistic model over three features of the top passage: its
cosine similarity to the question, its best sentence's similarity, and the
IDF-weighted share of the question's terms it contains. The coefficients and
the threshold were fitted by ``benchmarks/calibrate.py`` on out-of-corpus
questions built from the shared sets (half of XQuAD's articles indexed, all
questions asked) plus the fan and out-of-scope questions of the tests; the
threshold was picked on one half of the articles and checked on the other.
Re-run that script after changing the embedder or the retrieval.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from .types import Answer, Hit, Quote

__all__ = ["Calibration", "CALIBRATION", "Features", "make_answer"]


@dataclass(frozen=True)
class Features:
    """What the confidence is computed from."""

    dense: float  # cosine of the top passage
    sentence_score: float  # its best sentence: cosine + 0.3 x term coverage
    coverage: float  # IDF-weighted share of the question's terms in the top passage


@dataclass(frozen=True)
class Calibration:
    """Logistic weights over :class:`Features` and the answer threshold."""

    dense: float
    sentence: float
    coverage: float
    bias: float
    threshold: float

    def confidence(self, f: Features) -> float:
        z = self.dense * f.dense + self.sentence * f.sentence_score + self.coverage * f.coverage + self.bias
        return 1.0 / (1.0 + math.exp(-z))


# Fitted by benchmarks/calibrate.py (see the module docstring and README).
CALIBRATION = Calibration(dense=5.116, sentence=10.467, coverage=4.573, bias=-8.907, threshold=0.624)


QuoteSource = Callable[[Hit], Quote]  # turns a hit into its Quote (from the passage table or the store)


def make_answer(
    question: str,
    hits: list[Hit],
    quote_of: QuoteSource,
    features: Features | None,
    unknown: list[str],
    calibration: Calibration = CALIBRATION,
) -> Answer:
    """Assemble the answer; abstain when the confidence is under the threshold."""
    quotes = tuple(quote_of(h) for h in hits)
    if not quotes or features is None:
        return Answer(question, True, "The articles don't say: nothing in them matches the question.", "", 0.0, quotes)
    confidence = calibration.confidence(features)
    if confidence < calibration.threshold:
        reason = "The articles don't seem to say"
        if unknown:
            reason += f" — they never mention {', '.join(repr(w) for w in unknown[:4])}"
        reason += ". The nearest passage is shown, but it is not an answer."
        return Answer(question, True, reason, "", confidence, quotes)
    return Answer(question, False, None, quotes[0].highlighted or quotes[0].text, confidence, quotes)
