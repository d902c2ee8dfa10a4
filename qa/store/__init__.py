"""Vector stores: retrieval code sees only the :class:`VectorStore` protocol."""

from __future__ import annotations

from .base import VectorStore, build_store, open_store, probe_store, store_kind

__all__ = ["VectorStore", "build_store", "open_store", "probe_store", "store_kind"]
