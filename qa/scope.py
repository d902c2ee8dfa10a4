"""What a question says beyond its words: time and source filters, status, and questions about the articles.

- **filters**: a year ("in 2021", "the 2021 article"), a relative period in a
  question about reports or a status ("what was said last year", "was it renewed
  this month": relative to the newest article's date, never the wall clock) or a
  known source ("what did devdiscourse say") narrows the search to
  the articles that match; explicit ``since`` / ``until`` / ``source`` win;
- **status**: a question about something that changes (renewed, confirmed,
  cancelled, coming out, release date, season 2, …) prefers the newest report;
- **about**: a question about the articles themselves (when one was published,
  who published it, which articles there are) is answered from metadata.

>>> read_scope("what did devdiscourse say in 2023", [Document("a", "A", "x", "a.md", "2023-06-26", "Devdiscourse")])
Scope(filters=Filters(since='2023-01-01', until='2023-12-31', source='Devdiscourse'), status=False, about=None, \
phrases=('in 2023', 'Devdiscourse'))
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from .lexical import STOPWORDS
from .timeline import Filters, newest_date
from .types import Document

__all__ = ["Scope", "About", "about_change", "read_scope", "strip_scope"]

About = Literal["date", "publisher", "articles"]
_STATUS = re.compile(
    r"\b(confirm\w*|renew\w*|cancel\w*|green.?lit|greenlight\w*|announc\w*|release\s+date|releas\w*|premier\w*"
    r"|coming\s+(?:out|back)|come\s+(?:out|back)|return\w*|sequel|second\s+season|next\s+season|season\s*(?:2|two)"
    r"|s2|status|latest|update\w*|news|plans?|happen\w*|will\s+there\s+be|going\s+to\s+be)\b",
    re.I,
)
# Questions about the articles must name the article ("this article", "the 2021 story", "it") or ask for "your
# source": "who published the Principia", "what is the source of the Rhine" and "when was the IPCC report
# published" are questions about the world, not about our articles (none of the XQuAD/SQuAD questions matches).
_NOUN = r"(?:article|story|piece|post)s?"


def _named(noun: str) -> str:
    """ "this article", "the 2021 story", "your post", "this", "that": an article named by ``noun`` or pointed at."""
    return rf"(?:(?:this|that|the|your)\s+(?:[\w-]+\s+){{0,2}}{noun}|this|that)"


# "who wrote it / the story" asks for the show's writer: only an article, piece or post was written by the publisher.
_WRITTEN = _named(r"(?:article|piece|post)s?")
_THE_ARTICLE = rf"(?:{_named(_NOUN)}|it)"
_ARTICLES = re.compile(
    r"\b(?:what|which)\s+(?:articles|stories|sources)\s+(?:do\s+you|are\s+there|have\s+you|you\s+have)\b"
    r"|\b(?:list|show)\s+(?:me\s+)?(?:the\s+|your\s+|all\s+(?:the\s+)?)?(?:articles|sources)\b",
    re.I,
)
_DATE = re.compile(
    rf"\bwhen\s+(?:was|is|were|did)\s+{_THE_ARTICLE}(?:\s+[\w'-]+){{0,8}}?\s+(?:published|written|posted|dated)\b"
    rf"|\b(?:what|which)\s+(?:date|day)\s+(?:is|was)\s+{_THE_ARTICLE}\b|\bhow\s+old\s+is\s+{_THE_ARTICLE}\b"
    rf"|\bdate\s+of\s+{_THE_ARTICLE}\b",
    re.I,
)
_PUBLISHER = re.compile(
    rf"\bwho\s+(?:published|posted)\s+{_THE_ARTICLE}(?:\s+(?:about|on|from)\b.*)?\s*\??$"
    # "who wrote it" asks for the show's writer; "who wrote this / the article" for the article's.
    rf"|\bwho\s+wrote\s+{_WRITTEN}(?:\s+(?:about|on|from)\b.*)?\s*\??$"
    r"|\bwhat(?:'s|\s+is|\s+are)\s+(?:your|the)\s+sources?\s*(?:for\s+(?:this|that)|of\s+(?:this|that|it))?\s*\??$"
    rf"|\bwhere\s+(?:is|was)\s+(?:this|that)\s*(?:{_NOUN}|info\w*)?\s+from\b|\bwhere\s+did\s+you\s+(?:get|read|find)\b"
    rf"|\b(?:which|what)\s+(?:site|website|outlet|newspaper|paper|publication)\s+(?:is\s+{_THE_ARTICLE}\s+from|"
    rf"published\s+{_THE_ARTICLE})\b",
    re.I,
)
_YEAR = re.compile(r"\b(?:(in|from|during|since|after|before|until)\s+(?:the\s+)?)?((?:19|20)\d\d)\b", re.I)
_RELATIVE = re.compile(r"\b(this|last)\s+(year|month)\b", re.I)
_EVERYDAY = frozenset("times daily weekly post news today world star herald journal online media".split())
_REPORT_AFTER = re.compile(r"\s+(?:articles?|reports?|news|stories|story|pieces?)\b", re.I)
_REPORT_WORDS = re.compile(r"\b(?:articles?|reports?|news|said|say|says|written|published|wrote|reported)\b", re.I)


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


@lru_cache(maxsize=512)  # read once per question, asked by every stage
def about_change(text: str) -> bool:
    """Whether a text talks about something that changes (renewal, release, a second season, …).

    A status question is answered only by passages that do: a newer article that merely names the
    same actor is not a newer report on the question.
    """
    return bool(_STATUS.search(text))


@dataclass(frozen=True)
class _Facts:
    """What question parsing needs from the articles, computed once per document list."""

    years: frozenset[str]
    newest: str | None
    sources: tuple[tuple[str, str], ...]  # (source, its words folded), longest first


_FACTS: list[tuple[Sequence[Document], _Facts]] = []  # the last document list seen: one generation at a time


def _facts(documents: Sequence[Document]) -> _Facts:
    for seen, facts in _FACTS:
        if seen is documents:
            return facts
    # A source named by everyday words ("News", "The Times") would turn "any news?" into a filter: such
    # names only filter when given explicitly (source=...).
    sources = sorted({d.source for d in documents if d.source and _nameable(d.source)}, key=len, reverse=True)
    facts = _Facts(
        frozenset(d.date[:4] for d in documents if d.date),
        newest_date(documents),
        tuple((s, " ".join(re.findall(r"\w+", s.casefold()))) for s in sources),
    )
    _FACTS[:] = [(documents, facts)]
    return facts


def _nameable(source: str) -> bool:
    words = [w for w in re.findall(r"\w+", source.casefold()) if w not in STOPWORDS]
    return len(words) > 1 or any(w not in _EVERYDAY and not _STATUS.fullmatch(w) for w in words)


def read_scope(question: str, documents: Sequence[Document], explicit: Filters | None = None) -> Scope:
    """The filters, status and about-the-articles intent of a question (explicit filters win)."""
    facts = _facts(documents)
    phrases: list[str] = []
    since, until = _time_filter(question, facts.years, facts.newest, phrases)
    source = _source_in(question, facts.sources, phrases)
    parsed = Filters(since, until, source)
    filters = (explicit or Filters()).over(parsed)
    return Scope(filters, bool(_STATUS.search(question)), _about(question), tuple(phrases))


def _about(question: str) -> About | None:
    if _ARTICLES.search(question):
        return "articles"
    if _DATE.search(question):
        return "date"
    if _PUBLISHER.search(question):
        return "publisher"
    return None


def _time_filter(
    question: str, years: frozenset[str], newest: str | None, phrases: list[str]
) -> tuple[str | None, str | None]:
    for m in _YEAR.finditer(question):
        word, year = (m.group(1) or "").lower(), m.group(2)
        # A year is a filter on the articles when some article is from that year, or the articles are dated and
        # the year is about reports ("what was reported in 2019", "the 2019 articles"); "will it come out in 2025"
        # over articles from 2021-2024 keeps 2025 as a search word, and a corpus without dates never filters.
        reported = _REPORT_WORDS.search(" ".join(question[: m.start()].split()[-3:])) or _REPORT_AFTER.match(
            question[m.end() :]
        )
        if year not in years and not (years and reported):
            continue
        phrases.append(m.group(0))
        if word in ("since", "after"):
            return (f"{year}-01-01" if word == "since" else f"{int(year) + 1}-01-01"), None
        if word in ("before", "until"):
            return None, (f"{int(year) - 1}-12-31" if word == "before" else f"{year}-12-31")
        return f"{year}-01-01", f"{year}-12-31"
    rel = _RELATIVE.search(question)
    # "what was said last year", "was it renewed this year" ask about reports; in "how many goals did he score last
    # year" the period is the event's (the article of that season may be older), a search word like any other.
    if rel and newest and (_REPORT_WORDS.search(question) or _STATUS.search(question)):
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


def _source_in(question: str, sources: tuple[tuple[str, str], ...], phrases: list[str]) -> str | None:
    """A known source named in the question ("devdiscourse", "the hallyu herald"), longest first."""
    folded = " " + " ".join(re.findall(r"\w+", question.casefold())) + " "
    for source, words in sources:
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
