"""Hits -> Quotes: the passage text and citation, from the local passage table or from the store."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from .errors import IndexCorrupt
from .generation import Generation
from .passages import PassageTable
from .types import Hit, Quote

__all__ = ["QuoteOf", "table_quotes", "store_quotes", "distinct"]

QuoteOf = Callable[[Hit], Quote]


def table_quotes(gen: Generation) -> Callable[[list[Hit]], QuoteOf]:
    def for_hits(hits: list[Hit]) -> QuoteOf:
        def quote(hit: Hit) -> Quote:
            doc = gen.table.document(hit.row)
            start, end = int(gen.table.p_start[hit.row]), int(gen.table.p_end[hit.row])
            return Quote(
                doc.text[start:end],
                doc.id,
                doc.title,
                doc.date,
                doc.source,
                doc.url,
                start,
                end,
                hit.score,
                hit.highlight,
            )

        return quote

    return for_hits


def store_quotes(gen: Generation) -> Callable[[list[Hit]], QuoteOf]:
    def for_hits(hits: list[Hit]) -> QuoteOf:
        records = gen.store.records([h.row for h in hits]) if hits else {}

        def quote(hit: Hit) -> Quote:
            r = records.get(hit.row)
            if r is None:
                raise IndexCorrupt(f"the vector store lacks passage {hit.row} — run `qa build` again")
            return Quote(
                r["text"],
                r["doc_id"],
                r["title"],
                r["date"] or None,
                r["source"] or None,
                r["url"] or None,
                int(r["start"]),
                int(r["end"]),
                hit.score,
                hit.highlight,
            )

        return quote

    return for_hits


DUPLICATE_SLACK = 8  # extra first-stage hits fetched so that dropping repeated highlights still leaves k


def distinct(table: PassageTable, hits: Iterable[Hit], k: int, highlight: Callable[[Hit], Hit]) -> list[Hit]:
    """The first ``k`` hits, highlighted, whose highlighted sentence is not one already shown.

    Passages overlap by a sentence (``overlap_sentences``), and the same text can sit in two articles (a
    syndicated story, or two copies of a page): the reader should not get the same sentence quoted twice. Two
    cheap checks come before highlighting: a passage whose text was already met highlights the same sentence, and
    a hit whose best sentence is already shown would show it again.
    """
    shown: set[str] = set()
    met: set[str] = set()
    out: list[Hit] = []
    if k <= 0:
        return out
    for hit in hits:
        text = table.text(hit.row)
        if text in met or (hit.sentence_row >= 0 and _key(text, table.span(hit.sentence_row)) in shown):
            continue
        met.add(text)
        lit = highlight(hit)
        key = _key(text, lit.highlight or (0, len(text)))
        if key in shown:
            continue
        shown.add(key)  # only what is shown: a best sentence that lost the highlight may still be another's
        out.append(lit)
        if len(out) == k:
            break
    return out


def _key(text: str, span: tuple[int, int]) -> str:
    return " ".join(text[span[0] : span[1]].split()).casefold()
