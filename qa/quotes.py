"""Hits -> Quotes: the passage text and citation, from the local passage table or from the store."""

from __future__ import annotations

from collections.abc import Callable

from .errors import IndexCorrupt
from .generation import Generation
from .types import Hit, Quote

__all__ = ["QuoteOf", "table_quotes", "store_quotes"]

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
