"""The manifest of an index generation (``manifest.json``): what it holds and how it was made, type-checked on load."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import IndexCorrupt, IndexMismatch

__all__ = ["FORMAT_VERSION", "Manifest"]

FORMAT_VERSION = 3  # 2: sentences embedded alone, sentence flags; 3: passage = mean of sentences + title, titled BM25


@dataclass(frozen=True)
class Manifest:
    """What a generation holds and how it was made (``manifest.json``)."""

    created: str
    qa_version: str
    embedder: str
    dim: int
    chunking: dict[str, int]
    store: str
    corpus_dir: str
    corpus_files: dict[str, str]  # path inside the corpus -> SHA-256
    documents: int
    passages: int
    sentences: int
    keys: str  # SHA-256 over every passage's vector key
    store_info: dict[str, Any] = field(default_factory=dict)
    files: dict[str, dict[str, Any]] = field(default_factory=dict)  # index file -> {"bytes", "sha256"}
    lexical: str = "bm25s"
    flags: str = ""  # how sentence flags were made (qa.build.flags_tag); another tag re-tags every sentence on rebuild
    format_version: int = FORMAT_VERSION

    def to_json(self) -> dict[str, Any]:
        """The on-disk layout (nested as in format 1)."""
        return {
            "format_version": self.format_version,
            "created": self.created,
            "qa_version": self.qa_version,
            "embedder": {"name": self.embedder, "dim": self.dim, "normalized": True},
            "chunking": self.chunking,
            "store": self.store,
            "lexical": self.lexical,
            "corpus": {"dir": self.corpus_dir, "files": self.corpus_files},
            "counts": {"documents": self.documents, "passages": self.passages, "sentences": self.sentences},
            "keys": self.keys,
            "store_info": self.store_info,
            "files": self.files,
            "flags": self.flags,
        }

    @classmethod
    def from_json(cls, raw: object, where: Path) -> Manifest:
        """Parse and type-check a manifest; IndexCorrupt (one line) for any missing key or wrong type."""
        fix = f"run `qa build corpus/ --index {where.parent.parent}`"
        try:
            if not isinstance(raw, dict):
                raise TypeError("not an object")
            if raw.get("format_version") != FORMAT_VERSION:
                raise IndexMismatch(
                    f"index format {raw.get('format_version')!r} is not {FORMAT_VERSION} "
                    f"(built by another version) — {fix}"
                )
            emb, corpus, counts = raw["embedder"], raw["corpus"], raw["counts"]
            manifest = cls(
                created=_typed(raw["created"], str),
                qa_version=_typed(raw["qa_version"], str),
                embedder=_typed(emb["name"], str),
                dim=_typed(emb["dim"], int),
                chunking=_mapping(raw["chunking"], int),
                store=_typed(raw["store"], str),
                corpus_dir=_typed(corpus["dir"], str),
                corpus_files=_mapping(corpus["files"], str),
                documents=_typed(counts["documents"], int),
                passages=_typed(counts["passages"], int),
                sentences=_typed(counts["sentences"], int),
                keys=_typed(raw["keys"], str),
                store_info=_mapping(raw.get("store_info", {}), object),
                files=_mapping(raw["files"], dict),
                lexical=_typed(raw.get("lexical", "bm25s"), str),
                flags=_typed(raw.get("flags", ""), str),
            )
            for info in manifest.files.values():
                _typed(info["bytes"], int), _typed(info["sha256"], str)
        except (KeyError, TypeError) as exc:
            raise IndexCorrupt(
                f"{where} is not a valid manifest ({exc.__class__.__name__}: {str(exc)[:60]}) — {fix}"
            ) from exc
        return manifest


def _typed(value: Any, kind: type) -> Any:
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise TypeError(f"expected {kind.__name__}, got {type(value).__name__}")
    return value


def _mapping(value: Any, kind: type) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise TypeError(f"expected an object, got {type(value).__name__}")
    return {_typed(k, str): _typed(v, kind) for k, v in value.items()}
