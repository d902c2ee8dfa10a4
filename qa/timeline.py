"""Articles over time: filters on date and source, and newest-first ordering for status questions.

:class:`Filters` keep a question to the articles published ``since`` .. ``until``
(inclusive) by ``source``; :func:`allowed_rows` turns them into a mask over
passage rows, applied before the top-k cut. :func:`newest_first` puts the newest
answering article's passage first and keeps the older answering articles as
"earlier reports". What a question itself says about time and source is read
by :mod:`qa.scope`.

>>> Filters.checked("2021-01-01", None, " Devdiscourse ").to_dict()
{'since': '2021-01-01', 'source': 'Devdiscourse'}
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from .errors import BadQuestion
from .types import Document, Hit

__all__ = ["Filters", "allowed_rows", "newest_first", "newest_date", "RECENCY_POOL", "RECENCY_MARGIN"]

# Recency looks this deep into the ranked hits for an answering passage from a newer article. The rerank stage
# scores 20 hits; a newer report that answers but ranks below 10 is rare on the measured sets (see README).
RECENCY_POOL = 10
# A hit "answers" a status question when its own calibrated confidence passes the answer threshold, its text talks
# about what changes (about_change), and its rerank score is within this margin of the best hit's. Rerank scores are
# z-scores over the top 20 (first stage + 0.8 x best sentence), so the margin is in standard deviations. On the
# development recency set (tests/data/timeline) 2.5 is the smallest margin that puts the newest answering report first
# for every status question (0.8 at 1.0); 3.0 leaves room. Without the about_change guard, margins >= 2.0 promoted a
# newer article that only names the same actor (qa_eval/recency.py; README "Dates and filters").
RECENCY_MARGIN = 3.0
MAX_SOURCE_CHARS = 200


@dataclass(frozen=True)
class Filters:
    """Which articles a question may quote: published ``since`` .. ``until`` (inclusive), from ``source``."""

    since: str | None = None
    until: str | None = None
    source: str | None = None

    @classmethod
    def checked(cls, since: object = None, until: object = None, source: object = None) -> Filters:
        """Explicit filters from the API, CLI or REST.

        Raises:
            BadQuestion: a date that is not a real YYYY-MM-DD, ``since`` after ``until``, an empty source.
        """
        a, b = _day("since", since), _day("until", until)
        if a and b and a > b:
            raise BadQuestion(f"since ({a}) is after until ({b}) — no article can match")
        if source is not None and (not isinstance(source, str) or not source.strip()):
            raise BadQuestion(f"source must be a non-empty name such as 'Devdiscourse' (got {source!r})")
        if isinstance(source, str) and len(source) > MAX_SOURCE_CHARS:
            raise BadQuestion(f"source is {len(source)} characters long — keep it under {MAX_SOURCE_CHARS}")
        return cls(a, b, " ".join(source.split()) if isinstance(source, str) else None)

    @property
    def active(self) -> bool:
        return any((self.since, self.until, self.source))

    def to_dict(self) -> dict[str, str]:
        return {k: v for k, v in (("since", self.since), ("until", self.until), ("source", self.source)) if v}

    def describe(self) -> str:
        """Plain words, e.g. ``from Devdiscourse, dated 2021-01-01 to 2021-12-31``."""
        parts = [f"from {self.source}"] if self.source else []
        if self.since and self.until:
            parts.append(f"dated {self.since} to {self.until}")
        elif self.since or self.until:
            parts.append(f"dated {'since ' + str(self.since) if self.since else 'until ' + str(self.until)}")
        return ", ".join(parts)

    def admits(self, doc: Document) -> bool:
        if self.source and (not doc.source or self.source.casefold() not in doc.source.casefold()):
            return False
        if self.since or self.until:
            if not doc.date:
                return False  # an undated article cannot be shown to fall in the period
            return (not self.since or doc.date >= self.since) and (not self.until or doc.date <= self.until)
        return True

    def over(self, other: Filters) -> Filters:
        """These filters, with ``other``'s fields where these have none (explicit over parsed)."""
        return Filters(self.since or other.since, self.until or other.until, self.source or other.source)


def _day(name: str, value: object) -> str | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        raise BadQuestion(f"{name} must be a date as YYYY-MM-DD, e.g. 2021-06-30 (got {value!r})")
    try:
        return dt.date.fromisoformat(value.strip()).isoformat()
    except ValueError as exc:
        raise BadQuestion(f"{name} is not a real date: {value!r} — use YYYY-MM-DD, e.g. 2021-06-30") from exc


def newest_date(documents: Sequence[Document]) -> str | None:
    return max((d.date for d in documents if d.date), default=None)


def allowed_rows(p_doc: np.ndarray, documents: Sequence[Document], filters: Filters) -> np.ndarray | None:
    """A bool mask over passage rows of the articles ``filters`` admits (None: no filter)."""
    if not filters.active:
        return None
    admitted = np.array([filters.admits(d) for d in documents], dtype=bool)
    return admitted[np.asarray(p_doc, dtype=np.int64)]


def newest_first(
    hits: list[Hit], doc_of: Callable[[Hit], Document], answers: Callable[[Hit], bool]
) -> tuple[list[Hit], list[Hit]]:
    """Put the newest answering article's best hit first; the older answering articles' best hits are "earlier".

    ``doc_of(hit)`` is the hit's article; ``answers(hit)`` says whether a hit answers by itself.
    Only hits scoring within :data:`RECENCY_MARGIN` of the best are considered, so a newer but weaker
    article is never promoted. With fewer than two answering articles nothing changes.
    """
    if not hits:
        return hits, []
    best_of: dict[str, Hit] = {}
    dates: dict[str, str | None] = {}
    for hit in hits:
        doc, date = doc_of(hit).id, doc_of(hit).date
        if doc not in best_of and hit.score >= hits[0].score - RECENCY_MARGIN and answers(hit):
            best_of[doc], dates[doc] = hit, date
    if len(best_of) < 2:
        return hits, []
    ranked = sorted(best_of, key=lambda d: dates[d] or "", reverse=True)  # stable: equal dates keep rank order
    lead, newest = best_of[ranked[0]], dates[ranked[0]] or ""
    top = doc_of(hits[0]).date or ""
    # Only a strictly newer article moves: equal dates, or an undated corpus, keep the ranking as it is.
    ordered = [lead] + [h for h in hits if h is not lead] if newest > top else hits
    first = max(newest, top)
    earlier = [best_of[d] for d in ranked if (dates[d] or "") < first and best_of[d] is not ordered[0]]
    return ordered, earlier
