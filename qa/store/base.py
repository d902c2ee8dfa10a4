"""The VectorStore protocol and the factory that picks a backend."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import numpy as np

from ..errors import BadStore, IndexCorrupt

__all__ = ["VectorStore", "open_store", "build_store", "probe_store", "store_kind"]


@runtime_checkable
class VectorStore(Protocol):
    """Inner-product search over normalised vectors; rows are passage numbers.

    Capabilities differ by backend and are declared, not probed:
    ``keeps_passages`` (quotes can be read back from the store: Milvus) and
    ``server_bm25`` (the server runs BM25 and :meth:`hybrid`: Milvus 2.5+).
    """

    kind: str
    keeps_passages: bool
    server_bm25: bool

    def __len__(self) -> int: ...

    def search(self, query: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """Top-k (scores, rows) for one query vector; rows are -1 past the end."""
        ...

    def vectors(self, rows: np.ndarray) -> np.ndarray:
        """The exact stored vectors of ``rows`` (fusion scores every candidate with them)."""
        ...

    def records(self, rows: list[int]) -> dict[int, dict[str, Any]]:
        """Passage text, citation fields and offsets by row (only where ``keeps_passages``)."""
        ...

    def hybrid(self, query: np.ndarray, text: str, k: int) -> tuple[np.ndarray, np.ndarray]:
        """Top-k (fused scores, rows) of the server's own dense + BM25 search (only where ``server_bm25``)."""
        ...

    def save(self, folder: Path) -> None:
        """Write the store (or its descriptor) into a generation folder."""
        ...

    def promote(self) -> None:
        """Called once the generation holding this store is live (Milvus moves its alias; FAISS has nothing to do)."""
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


def build_store(
    spec: str,
    generation: str,
    vectors: np.ndarray,
    records: Callable[[], list[dict[str, Any]]],
    milvus_index: str = "FLAT",
) -> VectorStore:
    """A new store holding ``vectors``; ``records()`` gives the passages' text and citations (Milvus keeps them)."""
    if store_kind(spec) == "faiss":
        from .faiss import FaissStore

        return FaissStore.build(vectors)
    from .milvus import MilvusStore

    return MilvusStore.build(spec, generation, vectors, records(), milvus_index)


def open_store(kind: str, folder: Path) -> VectorStore:
    """Load the store a manifest names from an index generation folder."""
    if kind == "faiss":
        from .faiss import FaissStore

        return FaissStore.load(folder)
    if kind == "milvus":
        from .milvus import MilvusStore

        return MilvusStore.load(folder)
    raise IndexCorrupt(f"the manifest names an unknown vector store {kind!r} — run `qa build` again")
