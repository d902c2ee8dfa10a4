"""Vector stores: retrieval code sees only the :class:`VectorStore` protocol."""

from __future__ import annotations

from .base import VectorStore, open_store

__all__ = ["VectorStore", "open_store"]
