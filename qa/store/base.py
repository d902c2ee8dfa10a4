"""The VectorStore protocol and the factory that picks a backend."""

from __future__ import annotations

from pathlib import Path
from typing import Protocol, runtime_checkable

import numpy as np

__all__ = ["VectorStore", "open_store"]


@runtime_checkable
class VectorStore(Protocol):
    """Inner-product search over normalised vectors; rows are passage numbers."""

    kind: str

    def __len__(self) -> int: ...

    def search(self, query: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """Top-k (scores, rows) for one query vector; rows are -1 past the end."""
        ...

    def save(self, folder: Path) -> list[str]:
        """Write the store into ``folder``; returns the file names written."""
        ...


def open_store(kind: str, folder: Path) -> VectorStore:
    """Load the store a manifest names from an index generation folder."""
    if kind == "faiss":
        from .faiss import FaissStore

        return FaissStore.load(folder)
    raise ValueError(f"unknown vector store {kind!r}")
