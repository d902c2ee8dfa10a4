"""FAISS, the default store: exact inner product (flat) on small indexes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from ..errors import IndexCorrupt, MissingDependency

__all__ = ["FaissStore"]

FILE = "dense.faiss"
VECTORS = "vectors.npy"


def _faiss():  # type: ignore[no-untyped-def]
    try:
        import faiss
    except ImportError as exc:
        raise MissingDependency("failed to import faiss — try pip install faiss-cpu") from exc
    return faiss


class FaissStore:
    """A FAISS index whose ids are passage rows, beside the exact vectors (memory-mapped)."""

    kind = "faiss"

    def __init__(self, index: object, vectors: np.ndarray) -> None:
        self.index = index
        self._vectors = vectors

    @classmethod
    def build(cls, vectors: np.ndarray) -> FaissStore:
        faiss = _faiss()
        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        # Small index: exact search is fast and needs no training.
        index = faiss.IndexFlatIP(vectors.shape[1])
        index.add(vectors)
        return cls(index, vectors)

    def __len__(self) -> int:
        return int(self.index.ntotal)  # type: ignore[attr-defined]

    def search(self, query: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        k = min(k, len(self))
        scores, rows = self.index.search(query.reshape(1, -1).astype(np.float32), k)  # type: ignore[attr-defined]
        return scores[0], rows[0]

    def vectors(self, rows: np.ndarray) -> np.ndarray:
        return np.asarray(self._vectors[rows], dtype=np.float32)

    def save(self, folder: Path) -> list[str]:
        _faiss().write_index(self.index, str(folder / FILE))
        np.save(folder / VECTORS, self._vectors, allow_pickle=False)
        return [FILE, VECTORS]

    def describe(self) -> dict[str, Any]:
        return {"kind": self.kind, "index": type(self.index).__name__, "vectors": len(self)}

    @classmethod
    def load(cls, folder: Path) -> FaissStore:
        faiss = _faiss()
        try:
            index = faiss.read_index(str(folder / FILE), faiss.IO_FLAG_MMAP)
        except RuntimeError as exc:
            raise IndexCorrupt(f"{folder / FILE} cannot be read ({str(exc).splitlines()[0][:80]})") from exc
        vectors = np.load(folder / VECTORS, mmap_mode="r", allow_pickle=False)
        if vectors.shape != (index.ntotal, index.d):
            raise IndexCorrupt(f"{folder / VECTORS} does not match {FILE} — run `qa build` again")
        return cls(index, vectors)
