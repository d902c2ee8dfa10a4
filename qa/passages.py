"""Passages as arrays: row -> document, offsets and sentence spans; the text is cut from the documents on demand."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

from .files import load_rows
from .types import Document, Passage

__all__ = ["PassageTable"]

_ARRAYS = ("p_doc", "p_start", "p_end", "s_offsets", "s_spans")


@dataclass
class PassageTable:
    """Passages as arrays (row -> document, offsets, sentence spans); text is cut on demand."""

    documents: list[Document]
    p_doc: np.ndarray
    p_start: np.ndarray
    p_end: np.ndarray
    s_offsets: np.ndarray  # passage row -> first sentence row (length rows + 1)
    s_spans: np.ndarray  # sentence row -> (start, end) relative to its passage

    @classmethod
    def from_passages(cls, documents: list[Document], passages: list[Passage]) -> PassageTable:
        where = {d.id: i for i, d in enumerate(documents)}
        counts = [len(p.sentences) for p in passages]
        spans = [s for p in passages for s in p.sentences]
        return cls(
            documents=documents,
            p_doc=np.array([where[p.doc_id] for p in passages], dtype=np.int32),
            p_start=np.array([p.start for p in passages], dtype=np.int64),
            p_end=np.array([p.end for p in passages], dtype=np.int64),
            s_offsets=np.concatenate([[0], np.cumsum(counts)]).astype(np.int64),
            s_spans=np.array(spans, dtype=np.int32).reshape(-1, 2),
        )

    def __len__(self) -> int:
        return len(self.p_start)

    def document(self, row: int) -> Document:
        return self.documents[int(self.p_doc[row])]

    def text(self, row: int) -> str:
        return self.document(row).text[int(self.p_start[row]) : int(self.p_end[row])]

    def titled(self, row: int) -> str:
        """A passage's text after its article's title: what a title names ("Season 2 confirmed") covers the passage."""
        return f"{self.document(row).title}\n{self.text(row)}"

    def sentence_rows(self, row: int) -> range:
        return range(int(self.s_offsets[row]), int(self.s_offsets[row + 1]))

    def span(self, sentence_row: int) -> tuple[int, int]:
        """One sentence's span, relative to its passage's text."""
        a, b = self.s_spans[sentence_row]
        return int(a), int(b)

    def sentence(self, row: int, sentence_row: int) -> str:
        """The text of one sentence (``sentence_row``) of passage ``row``; "" for -1 (a passage without sentences)."""
        if sentence_row < 0:
            return ""
        a, b = self.span(sentence_row)
        return self.text(row)[a:b]

    def spans(self, row: int) -> list[tuple[int, int]]:
        """Sentence spans of a passage, relative to its text."""
        rows = self.sentence_rows(row)
        return [(a, b) for a, b in np.asarray(self.s_spans[rows.start : rows.stop]).tolist()]  # one memmap read

    def save(self, folder: Path) -> None:
        with (folder / "documents.jsonl").open("w", encoding="utf-8") as fh:
            for doc in self.documents:
                fh.write(json.dumps(asdict(doc), ensure_ascii=False) + "\n")
        for name in _ARRAYS:
            np.save(folder / f"{name}.npy", getattr(self, name), allow_pickle=False)

    @classmethod
    def load(cls, folder: Path) -> PassageTable:
        docs = []
        with (folder / "documents.jsonl").open(encoding="utf-8") as fh:
            for line in fh:
                raw = json.loads(line)
                raw["tags"] = tuple(raw.get("tags") or ())
                docs.append(Document(**raw))
        arrays = {n: load_rows(folder / f"{n}.npy") for n in _ARRAYS}
        return cls(documents=docs, **arrays)
