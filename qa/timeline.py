"""Articles over time: filters on date and source, what a question says about time, and newest-first ordering.

A question is read for three things besides its words (:func:`read_scope`):

- **filters**: a year ("in 2021", "the 2021 article"), a relative period ("last
  year", "this month": relative to the newest article's date, never the wall
  clock) or a known source ("what did devdiscourse say") narrows the search to
  the articles that match, as do explicit ``since`` / ``until`` / ``source``;
- **status**: a question about something that changes (renewed, confirmed,
  cancelled, coming out, release date, season 2, …) prefers the newest report;
- **about**: a question about the articles themselves (when one was published,
  who published it, which articles there are) is answered from metadata.

>>> Filters.checked("2021-01-01", None, " Devdiscourse ").to_dict()
{'since': '2021-01-01', 'source': 'Devdiscourse'}
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np

from .errors import BadQuestion
from .types import Document, Hit

__all__ = [
    "Filters",
    "Scope",
    "About",
    "about_change",
    "read_scope",
    "allowed_rows",
    "newest_first",
    "strip_scope",
    "RECENCY_POOL",
]

About = Literal["date", "publisher", "articles"]
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

_STATUS = re.compile(
    r"\b(confirm\w*|renew\w*|cancel\w*|green.?lit|greenlight\w*|announc\w*|release\s+date|releas\w*|premier\w*"
    r"|coming\s+(?:out|back)|come\s+(?:out|back)|return\w*|sequel|second\s+season|next\s+season|season\s*(?:2|two)"
    r"|s2|status|latest|update\w*|news|plans?|happen\w*|will\s+there\s+be|going\s+to\s+be)\b",
    re.I,
)
_NOUN = r"(?:article|story|piece|report|post|news|source)s?"
_ARTICLES = re.compile(
    rf"\b(?:what|which)\s+(?:{_NOUN}|articles?)\s+(?:do|did|have|are|can)\b"
    rf"|\blist\s+(?:the\s+|your\s+|all\s+(?:the\s+)?)?{_NOUN}\b|\bwhat\s+do\s+you\s+know\s+about\s*\??$",
    re.I,
)
_WHEN = re.compile(r"\b(?:when|what\s+date|which\s+date|how\s+old|date\s+of)\b", re.I)
_DATE_WORDS = re.compile(rf"\b(?:what\s+date|which\s+date|how\s+old|date\s+of)\b.*\b{_NOUN}\b", re.I)
_PUBLISHED = re.compile(r"\b(?:published|written|posted|dated|wrote|publish)\b", re.I)
_THIS = re.compile(
    rf"\b(?:this|that|the|it|your)\b.*\b{_NOUN}\b|\b(?:this|it|that)\s+(?:written|published|posted)\b", re.I
)
_PUBLISHER = re.compile(
    rf"\bwho\s+(?:published|posted|publishes)\b|\bwho\s+wrote\s+(?:this|that|the|it)\s*{_NOUN}?\s*\??$"
    rf"|\bwhat(?:'s|\s+is|\s+are)\s+(?:your|the)\s+{_NOUN}\b|\bwhere\s+(?:is|did)\s+(?:this|that|it|you)\b.*\bfrom\b"
    r"|\bwhich\s+(?:site|website|outlet|paper|newspaper|publication)\b",
    re.I,
)
_YEAR = re.compile(r"\b(?:(in|from|during|since|after|before|until)\s+(?:the\s+)?)?((?:19|20)\d\d)\b", re.I)
_RELATIVE = re.compile(r"\b(this|last)\s+(year|month)\b", re.I)
_REPORT_WORDS = re.compile(r"\b(?:articles?|reports?|news|said|say|says|written|published|wrote|reported)\b", re.I)


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


@dataclass(frozen=True)
class Scope:
    """What a question says beyond its words."""

    filters: Filters
    status: bool = False
    about: About | None = None
    phrases: tuple[str, ...] = ()  # the time and source phrases found, as written

    def searched(self, question: str) -> str:
        """The question without its time and source phrases: they choose articles, not passages."""
        rest = question
        for phrase in self.phrases:
            rest = re.sub(re.escape(phrase), " ", rest, flags=re.I)
        rest = " ".join(rest.split())
        return rest if any(c.isalnum() for c in rest) else question


def _day(name: str, value: object) -> str | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        raise BadQuestion(f"{name} must be a date as YYYY-MM-DD, e.g. 2021-06-30 (got {value!r})")
    try:
        return dt.date.fromisoformat(value.strip()).isoformat()
    except ValueError as exc:
        raise BadQuestion(f"{name} is not a real date: {value!r} — use YYYY-MM-DD, e.g. 2021-06-30") from exc


def about_change(text: str) -> bool:
    """Whether a text talks about something that changes (renewal, release, a second season, …).

    A status question is answered only by passages that do: a newer article that merely names the
    same actor is not a newer report on the question.
    """
    return bool(_STATUS.search(text))


def newest_date(documents: Sequence[Document]) -> str | None:
    return max((d.date for d in documents if d.date), default=None)


def read_scope(question: str, documents: Sequence[Document], explicit: Filters | None = None) -> Scope:
    """The filters, status and about-the-articles intent of a question (explicit filters win)."""
    years = {d.date[:4] for d in documents if d.date}
    phrases: list[str] = []
    since, until = _time_filter(question, years, newest_date(documents), phrases)
    source = _source_in(question, documents, phrases)
    parsed = Filters(since, until, source)
    filters = (explicit or Filters()).over(parsed)
    return Scope(filters, bool(_STATUS.search(question)), _about(question), tuple(phrases))


def _about(question: str) -> About | None:
    if _ARTICLES.search(question):
        return "articles"
    if (_WHEN.search(question) and _PUBLISHED.search(question) and _THIS.search(question)) or _DATE_WORDS.search(
        question
    ):
        return "date"
    if _PUBLISHER.search(question):
        return "publisher"
    return None


def _time_filter(
    question: str, years: set[str], newest: str | None, phrases: list[str]
) -> tuple[str | None, str | None]:
    for m in _YEAR.finditer(question):
        word, year = (m.group(1) or "").lower(), m.group(2)
        # A year is a filter on the articles when some article is from that year or the question is about
        # reports; "will it come out in 2025" over articles from 2021-2024 keeps 2025 as a search word.
        if year not in years and not _REPORT_WORDS.search(question):
            continue
        phrases.append(m.group(0))
        if word in ("since", "after"):
            return (f"{year}-01-01" if word == "since" else f"{int(year) + 1}-01-01"), None
        if word in ("before", "until"):
            return None, (f"{int(year) - 1}-12-31" if word == "before" else f"{year}-12-31")
        return f"{year}-01-01", f"{year}-12-31"
    rel = _RELATIVE.search(question)
    if rel and newest:
        phrases.append(rel.group(0))
        return _relative(rel.group(1).lower(), rel.group(2).lower(), dt.date.fromisoformat(newest))
    return None, None


def _relative(which: str, unit: str, newest: dt.date) -> tuple[str, str]:
    """'this year' / 'last month' relative to the newest article's date."""
    if unit == "year":
        year = newest.year - (which == "last")
        return f"{year}-01-01", f"{year}-12-31"
    first = newest.replace(day=1)
    if which == "last":
        first = (first - dt.timedelta(days=1)).replace(day=1)
    after = (first + dt.timedelta(days=32)).replace(day=1)
    return first.isoformat(), (after - dt.timedelta(days=1)).isoformat()


def _source_in(question: str, documents: Sequence[Document], phrases: list[str]) -> str | None:
    """A known source named in the question ("devdiscourse", "the hallyu herald"), longest first."""
    folded = " " + " ".join(re.findall(r"\w+", question.casefold())) + " "
    sources = sorted({d.source for d in documents if d.source}, key=len, reverse=True)
    for source in sources:
        words = " ".join(re.findall(r"\w+", source.casefold()))
        if words and f" {words} " in folded:
            phrases.append(source)
            return source
    return None


def strip_scope(question: str, documents: Sequence[Document]) -> tuple[str, tuple[str, ...]]:
    """The question without its time and source phrases, and those phrases.

    >>> strip_scope("what about in 2021?", [Document("a", "A", "x", "a.md", date="2021-05-01")])
    ('what about ?', ('in 2021',))
    """
    scope = read_scope(question, documents)
    return scope.searched(question), scope.phrases


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
    lead = best_of[ranked[0]]
    newest = dates[ranked[0]] or ""
    earlier = [best_of[d] for d in ranked[1:] if (dates[d] or "") < newest]
    return [lead] + [h for h in hits if h is not lead], earlier
