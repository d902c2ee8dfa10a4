"""Questions about the articles themselves, answered from metadata only.

"when was this article published", "who published it", "what's your source"
and "what articles do you have" are answered from an article's title, source,
date and url, never from made-up text; the quotes are the articles' first
passages, so every citation points at real text.

>>> doc = Document("a", "Season 2 confirmed", "Netflix confirmed it.", "a.md", "2024-05-02", "Hallyu Herald")
>>> metadata_text("date", doc)
'"Season 2 confirmed" (Hallyu Herald) was published on 2024-05-02.'
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from .lexical import LexicalIndex, terms
from .scope import About, Scope
from .timeline import Filters
from .types import Answer, Document, Quote

# "what articles do you have" lists this many, newest first; GET /api/articles and `qa articles` list them all.
MAX_LISTED = 50
__all__ = [
    "article_list",
    "articles_newest_first",
    "first_rows",
    "metadata_text",
    "about_answer",
    "no_match",
    "own_terms",
]

# Words of an about-the-article question that say nothing about which article is meant.
META_WORDS = (
    "when was is did this that the it article articles story piece report post news published publish written "
    "wrote posted dated date who what which whats your source sources site website outlet paper newspaper "
    "publication how old from where you get read find have do list all there are"
)


def articles_newest_first(documents: Sequence[Document]) -> list[int]:
    """Indexes of ``documents``, newest first; undated ones last, by title."""
    dated = sorted((i for i, d in enumerate(documents) if d.date), key=lambda i: documents[i].date or "", reverse=True)
    undated = sorted((i for i, d in enumerate(documents) if not d.date), key=lambda i: documents[i].title.casefold())
    return dated + undated


def article_list(documents: Sequence[Document]) -> list[dict[str, Any]]:
    """What ``GET /api/articles`` returns: doc_id, title, source, date, url; newest first."""
    return [
        {"doc_id": d.id, "title": d.title, "source": d.source, "date": d.date, "url": d.url}
        for d in (documents[i] for i in articles_newest_first(documents))
    ]


def first_rows(p_doc: np.ndarray, p_start: np.ndarray) -> dict[int, int]:
    """Document index -> the row of its first passage (the lowest start offset)."""
    out: dict[int, int] = {}
    for row in np.lexsort((np.asarray(p_start), np.asarray(p_doc))):
        out.setdefault(int(p_doc[row]), int(row))
    return out


def citation(doc: Document) -> str:
    """``"Title" (Source, 2024-05-02)`` from metadata only; "undated" when there is no date."""
    details = ", ".join(x for x in (doc.source, doc.date or "undated") if x)
    return f'"{doc.title}" ({details})'


def metadata_text(about: About, doc: Document) -> str:
    """The answer to a when/who question about one article, from its metadata fields only."""
    name = f'"{doc.title}"' + (f" ({doc.source})" if doc.source else "")
    link = f" — {doc.url}" if doc.url else ""
    if about == "date":
        return f"{name} was published on {doc.date}.{link}" if doc.date else f"{name} is undated.{link}"
    if doc.source:
        when = f" on {doc.date}" if doc.date else " (undated)"
        return f'"{doc.title}" was published by {doc.source}{when}.{link}'
    return f'"{doc.title}" does not name its source.{link}'


def own_terms(lexical: LexicalIndex, question: str) -> list[str]:
    """The question's terms that the articles use, other than words about articles ("when", "published")."""
    meta = set(terms(META_WORDS))
    return [t for t in lexical.analyse(question).terms if t in lexical.vocab and t not in meta]


def about_answer(
    question: str,
    scope: Scope,
    documents: Sequence[Document],
    target: int | None,
    quote_of_doc: Callable[[int], Quote],
) -> Answer:
    """The answer to a question about the articles (``scope.about`` is set); ``target`` is the article meant."""
    admitted = [i for i in articles_newest_first(documents) if scope.filters.admits(documents[i])]
    filters = tuple(scope.filters.to_dict().items())
    if not admitted:
        return no_match(question, scope.filters)
    if scope.about == "articles":
        listed = admitted[:MAX_LISTED]
        text = "\n".join(citation(documents[i]) for i in listed)
        if len(admitted) > len(listed):
            text += f"\n… and {len(admitted) - len(listed)} older (GET /api/articles lists them all)"
        quotes = tuple(quote_of_doc(i) for i in listed)
        return Answer(question, False, None, text, 1.0, quotes, kind="articles", filters=filters)
    index = target if target in admitted else admitted[0]
    assert scope.about is not None  # "articles" was handled above
    text = metadata_text(scope.about, documents[index])
    return Answer(question, False, None, text, 1.0, (quote_of_doc(index),), kind="metadata", filters=filters)


def no_match(question: str, filters: Filters) -> Answer:
    """The abstention when the filters leave no article."""
    reason = f"No article matches the filter ({filters.describe()}), so the articles can't say."
    return Answer(question, True, reason, "", 0.0, (), filters=tuple(filters.to_dict().items()))
