"""FAISS, the default store: exact inner product (flat) on small indexes."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from ..errors import IndexCorrupt, MissingDependency

__all__ = ["FaissStore"]

FILE = "dense.faiss"


def _faiss():  # type: ignore[no-untyped-def]
    try:
        import faiss
    except ImportError as exc:
        raise MissingDependency("failed to import faiss — try pip install faiss-cpu") from exc
    return faiss


class FaissStore:
    """A FAISS index whose ids are passage rows."""

    kind = "faiss"

    def __init__(self, index: object) -> None:
        self.index = index

    @classmethod
    def build(cls, vectors: np.ndarray) -> FaissStore:
        faiss = _faiss()
        # Small index: exact search is fast and needs no training.
        index = faiss.IndexFlatIP(vectors.shape[1])
        index.add(np.ascontiguousarray(vectors, dtype=np.float32))
        return cls(index)

    def __len__(self) -> int:
        return int(self.index.ntotal)  # type: ignore[attr-defined]

    def search(self, query: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        k = min(k, len(self))
        scores, rows = self.index.search(query.reshape(1, -1).astype(np.float32), k)  # type: ignore[attr-defined]
        return scores[0], rows[0]

    def save(self, folder: Path) -> list[str]:
        _faiss().write_index(self.index, str(folder / FILE))
        return [FILE]

    @classmethod
    def load(cls, folder: Path) -> FaissStore:
        faiss = _faiss()
        try:
            return cls(faiss.read_index(str(folder / FILE), faiss.IO_FLAG_MMAP))
        except RuntimeError as exc:
            raise IndexCorrupt(f"{folder / FILE} cannot be read ({str(exc).splitlines()[0][:80]})") from exc
