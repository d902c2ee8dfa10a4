"""The frozen dataclasses that stages hand each other."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["Document", "Passage", "Hit", "Quote", "Answer", "as_of"]


def as_of(date: str | None) -> str:
    """How an article's date is shown with its quotes.

    >>> as_of("2023-06-26"), as_of(None)
    ('as of 2023-06-26', 'undated')
    """
    return f"as of {date}" if date else "undated"


@dataclass(frozen=True)
class Document:
    """One article.

    Attributes:
        id: stable id made from the file's path inside the corpus (and the
            line for JSONL); never used as a file name.
        text: the body, exactly as quotes will be cut from it.
        path: the corpus file it came from, relative to the corpus folder.
    """

    id: str
    title: str
    text: str
    path: str
    date: str | None = None
    source: str | None = None
    url: str | None = None
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class Passage:
    """A run of whole sentences from one document.

    ``document.text[start:end] == text`` always holds. ``sentences`` are the
    sentence spans relative to ``text``.
    """

    doc_id: str
    start: int
    end: int
    text: str
    sentences: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class Hit:
    """A retrieved passage with its scores (row is its place in the index).

    ``dense`` is the cosine similarity, ``lexical`` the BM25 score,
    ``best_score`` the passage's best sentence score (cosine adjusted for the
    answer type and status, see :mod:`qa.rerank`), ``sentence_row`` and
    ``sentence_score`` that sentence's row and plain cosine, and ``highlight``
    the highlighted sentence's span in the passage text.
    """

    row: int
    score: float
    dense: float = 0.0
    lexical: float = 0.0
    sentence_score: float = 0.0
    best_score: float = 0.0
    sentence_row: int = -1
    highlight: tuple[int, int] | None = None


@dataclass(frozen=True)
class Quote:
    """A verbatim quote with its citation. ``highlight`` is relative to ``text``."""

    text: str
    doc_id: str
    title: str
    date: str | None
    source: str | None
    url: str | None
    start: int
    end: int
    score: float
    highlight: tuple[int, int] | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "doc_id": self.doc_id,
            "title": self.title,
            "date": self.date,
            "source": self.source,
            "url": self.url,
            "start": self.start,
            "end": self.end,
            "score": round(self.score, 4),
            "highlight": list(self.highlight) if self.highlight else None,
        }

    @property
    def highlighted(self) -> str:
        """The marked sentence, verbatim ('' when there is none)."""
        if not self.highlight:
            return ""
        return self.text[self.highlight[0] : self.highlight[1]]


@dataclass(frozen=True)
class Answer:
    """What ``QA.ask`` returns: quotes, the best sentence, or an abstention.

    ``confidence`` is the calibrated chance that the articles hold the answer;
    below the threshold the answer abstains (``abstained`` is True, ``answer``
    is empty, ``reason`` says why, and ``quotes`` still shows the nearest
    passages so a user can judge).

    ``kind`` is ``quote`` (an answer from article text), ``metadata`` (when or
    by whom an article was published: ``answer`` is built from its title,
    source, date and url only) or ``articles`` (the list of articles).
    ``earlier`` holds older articles' answering quotes when a status question
    was answered from a newer report; ``filters`` the date and source filters
    applied (from the question or given explicitly).
    """

    question: str
    abstained: bool
    reason: str | None
    answer: str
    confidence: float
    quotes: tuple[Quote, ...] = field(default_factory=tuple)
    outcome: str = "answer"  # "answer", "closest" (hedged: the closest the articles come) or "not_covered"
    kind: str = "quote"
    earlier: tuple[Quote, ...] = ()
    filters: tuple[tuple[str, str], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The one JSON schema every interface returns."""
        return {
            "question": self.question,
            "abstained": self.abstained,
            "reason": self.reason,
            "answer": self.answer,
            "confidence": round(self.confidence, 4),
            "quotes": [q.to_dict() for q in self.quotes],
            "outcome": self.outcome,
            "kind": self.kind,
            "earlier": [q.to_dict() for q in self.earlier],
            "filters": dict(self.filters),
        }
