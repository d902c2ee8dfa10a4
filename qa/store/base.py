"""The VectorStore protocol and the factory that picks a backend."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import numpy as np

from ..errors import BadStore

__all__ = ["VectorStore", "open_store", "build_store", "probe_store", "store_kind"]


@runtime_checkable
class VectorStore(Protocol):
    """Inner-product search over normalised vectors; rows are passage numbers."""

    kind: str

    def __len__(self) -> int: ...

    def search(self, query: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """Top-k (scores, rows) for one query vector; rows are -1 past the end."""
        ...

    def vectors(self, rows: np.ndarray) -> np.ndarray:
        """The exact stored vectors of ``rows`` (fusion scores every candidate with them)."""
        ...

    def save(self, folder: Path) -> list[str]:
        """Write the store (or its descriptor) into ``folder``; returns the file names written."""
        ...

    def describe(self) -> dict[str, Any]:
        """What `qa info` shows about the store."""
        ...


def store_kind(spec: str) -> str:
    """``faiss`` or ``milvus`` for a store spec, checked in full (see :mod:`qa.store.milvus`).

    Raises:
        BadStore: the spec names no store; the message shows the accepted forms.
    """
    if spec == "faiss":
        return "faiss"
    if spec.startswith(("milvus://", "milvus-lite:")):
        from .milvus import parse_spec

        parse_spec(spec)
        return "milvus"
    raise BadStore(f"unknown store {spec!r} — use faiss, milvus://HOST:PORT/COLLECTION or milvus-lite:PATH.db")


def probe_store(spec: str) -> None:
    """Fail fast (before hours of embedding) when the store's server cannot be reached."""
    if store_kind(spec) == "milvus":
        from .milvus import probe

        probe(spec)


def build_store(spec: str, generation: str, vectors: np.ndarray, records: Any) -> VectorStore:
    """A new store holding ``vectors``; ``records()`` gives the passages' text and citations (Milvus keeps them)."""
    if store_kind(spec) == "faiss":
        from .faiss import FaissStore

        return FaissStore.build(vectors)
    from .milvus import MilvusStore

    return MilvusStore.build(spec, generation, vectors, records())


def open_store(kind: str, folder: Path) -> VectorStore:
    """Load the store a manifest names from an index generation folder."""
    if kind == "faiss":
        from .faiss import FaissStore

        return FaissStore.load(folder)
    if kind == "milvus":
        from .milvus import MilvusStore

        return MilvusStore.load(folder)
    raise ValueError(f"unknown vector store {kind!r}")
