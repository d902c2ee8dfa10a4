"""Documents -> Passages: whole sentences packed up to a word-piece budget.

Passages never cross a paragraph break, except that a short paragraph (a
heading, a one-line question) is joined to the next one so it keeps context.
A sentence longer than the budget is cut at word-piece boundaries.
``document.text[p.start:p.end] == p.text`` holds for every passage.

pysbd's time grows with the square of a paragraph's length (50 kB: 3 s,
200 kB: 35 s), so a paragraph over ``LONG_PARAGRAPH`` characters is first cut
at sentence-like breaks into windows it splits quickly, and one over
``PYSBD_MAX`` is split by a linear regex alone. Articles with ordinary
paragraphs (every one under 10,000 characters) split exactly as before.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import Any

from .config import Settings
from .types import Document, Passage

__all__ = ["chunk_document", "chunk_documents", "split_sentences"]

Span = tuple[int, int]
# Counts word pieces of a text, and cuts a text into spans of at most n pieces.
TokenCounter = Callable[[str], int]
TokenSplitter = Callable[[str, int], list[Span]]

_PARAGRAPH = re.compile(r"\n[ \t]*\n\s*")
SPECIAL_TOKENS = 2  # [CLS] and [SEP] count against the model's limit
LONG_PARAGRAPH = 10_000  # characters: above, pysbd gets windows of WINDOW characters
WINDOW = 4_000
PYSBD_MAX = 200_000  # characters: above, even windowed pysbd (~10 µs a character) is too slow; a regex splits
# End of a sentence-like run: terminal punctuation, closing quotes or brackets, then white space.
_BREAK = re.compile(r"[.!?\u3002\uff01\uff1f]+[\"'\u2019\u201d)\]]*\s+")


@lru_cache(maxsize=1)
def _segmenter() -> Any:
    import pysbd

    # pysbd builds ~1,700 regexes from its abbreviation lists; with Python's
    # default cache of 512 compiled patterns it recompiles them for every
    # paragraph. A bigger cache makes chunking ~40% faster, same sentences.
    re._MAXCACHE = max(re._MAXCACHE, 4096)  # type: ignore[attr-defined]
    return pysbd.Segmenter(language="en", clean=False)


def split_sentences(text: str, offset: int = 0) -> list[Span]:
    """Sentence spans of ``text`` (shifted by ``offset``), whitespace trimmed; linear time in ``len(text)``.

    >>> split_sentences("It works. Dr. Ko agrees!")
    [(0, 9), (10, 24)]
    """
    if len(text) <= LONG_PARAGRAPH:
        return _pysbd_spans(text, offset)
    if len(text) > PYSBD_MAX:
        return _regex_spans(text, offset)
    return [span for a, b in _windows(text, WINDOW) for span in _pysbd_spans(text[a:b], offset + a)]


def _windows(text: str, size: int) -> list[Span]:
    """``text`` cut into pieces of at most ``size`` characters, at the last sentence-like break (else space) in each.

    >>> _windows("One. Two. Three.", 10)
    [(0, 10), (10, 16)]
    """
    spans: list[Span] = []
    start = 0
    while len(text) - start > size:
        limit = start + size
        breaks = [m.end() for m in _BREAK.finditer(text, max(start, limit - size // 2), limit)]
        cut = breaks[-1] if breaks else text.rfind(" ", start + 1, limit) + 1
        if cut <= start:
            cut = (
                limit  # no break and no space in a whole window: a hard cut (the word-piece splitter handles the rest)
            )
        spans.append((start, cut))
        start = cut
    spans.append((start, len(text)))
    return spans


def _regex_spans(text: str, offset: int) -> list[Span]:
    """Sentence spans from punctuation alone: one pass, for paragraphs too long for pysbd."""
    spans: list[Span] = []
    start = 0
    for match in _BREAK.finditer(text):
        spans.append((start, match.end()))
        start = match.end()
    spans.append((start, len(text)))
    out = []
    for a, b in spans:
        piece = text[a:b]
        if piece.strip():
            lead = len(piece) - len(piece.lstrip())
            out.append((offset + a + lead, offset + a + len(piece.rstrip())))
    return out


def _pysbd_spans(text: str, offset: int) -> list[Span]:
    spans: list[Span] = []
    cursor = 0
    for segment in _segmenter().segment(text):
        piece = segment.strip()
        if not piece:
            continue
        found = text.find(piece, cursor)
        if found < 0:  # the splitter changed the text: keep the rest as one sentence
            rest = text[cursor:]
            if rest.strip():
                lead = len(rest) - len(rest.lstrip())
                spans.append((offset + cursor + lead, offset + len(text.rstrip())))
            return spans
        spans.append((offset + found, offset + found + len(piece)))
        cursor = found + len(piece)
    return spans


def _paragraphs(text: str) -> list[Span]:
    spans, start = [], 0
    for match in _PARAGRAPH.finditer(text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    return [(a, b) for a, b in spans if text[a:b].strip()]


def chunk_document(doc: Document, settings: Settings, count: TokenCounter, split: TokenSplitter) -> list[Passage]:
    """Cut one document into passages of at most ``settings.max_tokens`` word pieces."""
    budget = settings.max_tokens - SPECIAL_TOKENS
    blocks: list[list[tuple[Span, int]]] = []
    carry: list[tuple[Span, int]] = []
    for a, b in _paragraphs(doc.text):
        sentences = [*carry]
        for s, e in split_sentences(doc.text[a:b], a):
            n = count(doc.text[s:e])
            if n <= budget:
                sentences.append(((s, e), n))
            else:
                sentences.extend(
                    ((s + x, s + y), count(doc.text[s + x : s + y])) for x, y in split(doc.text[s:e], budget)
                )
        if sum(n for _, n in sentences) < settings.min_paragraph_tokens:
            carry = sentences
            continue
        blocks.append(sentences)
        carry = []
    if carry:
        blocks.append(carry)
    passages: list[Passage] = []
    for block in blocks:
        for group in _pack(block, budget, settings.overlap_sentences, doc.text, count):
            start, end = group[0][0], group[-1][1]
            text = doc.text[start:end]
            passages.append(
                Passage(
                    doc_id=doc.id,
                    start=start,
                    end=end,
                    text=text,
                    sentences=tuple((s - start, e - start) for s, e in group),
                )
            )
    return passages


def _pack(block: list[tuple[Span, int]], budget: int, overlap: int, text: str, count: TokenCounter) -> list[list[Span]]:
    groups: list[list[Span]] = []
    i = 0
    while i < len(block):
        group: list[Span] = []
        used = 0
        j = i
        while j < len(block) and (not group or used + block[j][1] <= budget):
            group.append(block[j][0])
            used += block[j][1]
            j += 1
        # Sums of sentence counts can differ from the joined text by a piece
        # at a boundary: check the real count and drop sentences until it fits.
        while len(group) > 1 and count(text[group[0][0] : group[-1][1]]) > budget:
            group.pop()
            j -= 1
        groups.append(group)
        if j >= len(block):
            break
        # Repeat the last sentences of this passage at the start of the next.
        back = min(overlap, len(group) - 1)
        while back and sum(n for _, n in block[j - back : j]) + block[j][1] > budget:
            back -= 1
        i = j - back
    return groups


def chunk_documents(
    docs: Iterable[Document], settings: Settings, count: TokenCounter, split: TokenSplitter
) -> list[Passage]:
    """Chunk every document, in order."""
    return [p for doc in docs for p in chunk_document(doc, settings, count, split)]
