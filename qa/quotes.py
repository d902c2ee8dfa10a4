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
    syndicated story, or two copies of a page): the reader should not get the same sentence quoted twice. A hit
    whose best sentence was already shown is skipped before it is highlighted (copies cost no highlighting).
    """
    seen: set[str] = set()
    out: list[Hit] = []
    if k <= 0:
        return out
    for hit in hits:
        best = _sentence_key(table, hit, _best_span(table, hit))
        if best in seen:
            continue
        shown = highlight(hit)
        key = _sentence_key(table, shown, shown.highlight)
        if key in seen:
            continue
        seen.add(key)  # only what is shown: a best sentence that lost the highlight may still be another's
        out.append(shown)
        if len(out) == k:
            break
    return out


def _best_span(table: PassageTable, hit: Hit) -> tuple[int, int] | None:
    if hit.sentence_row < 0:
        return None
    return table.spans(hit.row)[hit.sentence_row - int(table.s_offsets[hit.row])]


def _sentence_key(table: PassageTable, hit: Hit, span: tuple[int, int] | None) -> str:
    text = table.text(hit.row)
    a, b = span if span is not None else (0, len(text))
    return " ".join(text[a:b].split()).casefold()
