"""The index on disk: a self-describing folder, written atomically.

Layout::

    index/CURRENT            name of the live generation (replaced atomically)
    index/gen-<time>-<rand>/ manifest.json, documents.jsonl, passage arrays,
                             vectors.npy, sentences.npy, dense.faiss, bm25/

A build writes a new generation folder, then swaps ``CURRENT`` with
``os.replace``; a build that fails or is killed leaves the old generation
live. ``manifest.json`` names the format, embedder, chunking, every corpus
file's fingerprint, counts, and the size and SHA-256 of every index file.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import hashlib
import json
import mmap
import os
import secrets
import shutil
import sys
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np

from .errors import IndexCorrupt, IndexLocked, IndexMismatch, IndexNotFound
from .types import Document, Passage

__all__ = ["FORMAT_VERSION", "PassageTable", "write_generation", "read_manifest", "live_folder", "build_lock", "checkpoint", "load_rows"]

FORMAT_VERSION = 1
POINTER = "CURRENT"
MANIFEST = "manifest.json"
_HASH_LIMIT = 256 << 20  # files bigger than this are checked by size only (hashing costs seconds)
_ARRAYS = ("p_doc", "p_start", "p_end", "s_offsets", "s_spans")


@dataclass
class PassageTable:
    """Passages as arrays (row -> document, offsets, sentence spans); text is cut on demand."""

    documents: list[Document]
    p_doc: np.ndarray
    p_start: np.ndarray
    p_end: np.ndarray
    s_offsets: np.ndarray  # passage row -> first sentence row (length rows + 1)
    s_spans: np.ndarray  # sentence row -> (start, end) relative to its passage

    @classmethod
    def from_passages(cls, documents: list[Document], passages: list[Passage]) -> PassageTable:
        where = {d.id: i for i, d in enumerate(documents)}
        counts = [len(p.sentences) for p in passages]
        spans = [s for p in passages for s in p.sentences]
        return cls(
            documents=documents,
            p_doc=np.array([where[p.doc_id] for p in passages], dtype=np.int32),
            p_start=np.array([p.start for p in passages], dtype=np.int64),
            p_end=np.array([p.end for p in passages], dtype=np.int64),
            s_offsets=np.concatenate([[0], np.cumsum(counts)]).astype(np.int64),
            s_spans=np.array(spans, dtype=np.int32).reshape(-1, 2),
        )

    def __len__(self) -> int:
        return len(self.p_start)

    def document(self, row: int) -> Document:
        return self.documents[int(self.p_doc[row])]

    def text(self, row: int) -> str:
        return self.document(row).text[int(self.p_start[row]) : int(self.p_end[row])]

    def sentence_rows(self, row: int) -> range:
        return range(int(self.s_offsets[row]), int(self.s_offsets[row + 1]))

    def save(self, folder: Path) -> list[str]:
        with (folder / "documents.jsonl").open("w", encoding="utf-8") as fh:
            for doc in self.documents:
                fh.write(json.dumps(asdict(doc), ensure_ascii=False) + "\n")
        for name in _ARRAYS:
            np.save(folder / f"{name}.npy", getattr(self, name), allow_pickle=False)
        return ["documents.jsonl", *(f"{n}.npy" for n in _ARRAYS)]

    @classmethod
    def load(cls, folder: Path) -> PassageTable:
        docs = []
        with (folder / "documents.jsonl").open(encoding="utf-8") as fh:
            for line in fh:
                raw = json.loads(line)
                raw["tags"] = tuple(raw.get("tags") or ())
                docs.append(Document(**raw))
        arrays = {n: load_rows(folder / f"{n}.npy") for n in _ARRAYS}
        return cls(documents=docs, **arrays)


def load_rows(path: Path) -> np.ndarray:
    """A memory-mapped .npy for row lookups (never unpickles).

    Questions touch a few scattered rows; the kernel's default readahead
    would pull in ~128 kB around each and, over many questions, map most of
    a multi-GB file into the process. MADV_RANDOM reads just the pages used.
    """
    array = np.load(path, mmap_mode="r", allow_pickle=False)
    raw = getattr(array, "_mmap", None)
    if raw is not None and hasattr(mmap, "MADV_RANDOM"):
        raw.madvise(mmap.MADV_RANDOM)
    return array


def live_folder(index_dir: Path) -> Path:
    """The live generation folder, or IndexNotFound naming the command to run."""
    pointer = index_dir / POINTER
    if not pointer.is_file():
        raise IndexNotFound(f"No index at {index_dir}/ — run `qa build corpus/ --index {index_dir}`")
    name = pointer.read_text(encoding="utf-8").strip()
    folder = index_dir / name
    if not name.startswith("gen-") or "/" in name or not folder.is_dir():
        raise IndexCorrupt(f"{pointer} points at a missing index ({name!r}) — run `qa build corpus/ --index {index_dir}`")
    return folder


def read_manifest(folder: Path, verify: bool = True) -> dict[str, Any]:
    """The manifest of a generation, checked against format and file sizes/hashes."""
    fix = f"run `qa build corpus/ --index {folder.parent}`"
    try:
        manifest: dict[str, Any] = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise IndexCorrupt(f"{folder / MANIFEST} is missing or not valid JSON — {fix}") from exc
    if manifest.get("format_version") != FORMAT_VERSION:
        raise IndexMismatch(f"index format {manifest.get('format_version')} is not {FORMAT_VERSION} (built by another version) — {fix}")
    if verify:
        for name, info in manifest.get("files", {}).items():
            path = folder / name
            if not path.is_file() or path.stat().st_size != info["bytes"]:
                raise IndexCorrupt(f"{path} is missing or truncated — {fix}")
            if info["bytes"] <= _HASH_LIMIT and _sha256(path) != info["sha256"]:
                raise IndexCorrupt(f"{path} was changed after the build — {fix}")
    return manifest


def write_generation(index_dir: Path, write: Any, manifest: dict[str, Any]) -> Path:
    """Write a new generation with ``write(folder)`` and make it live.

    The old generation stays live until the pointer swap; a crash before it
    leaves only an unreferenced ``.tmp`` folder, removed by the next build.
    """
    index_dir.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S")
    name = f"gen-{stamp}-{secrets.token_hex(3)}"
    tmp = index_dir / f".tmp-{name}"
    tmp.mkdir()
    try:
        write(tmp)
        checkpoint("manifest")
        names = [f.relative_to(tmp).as_posix() for f in sorted(tmp.rglob("*")) if f.is_file()]
        manifest = {**manifest, "files": {n: {"bytes": (tmp / n).stat().st_size, "sha256": _sha256(tmp / n)} for n in names}}
        _write_atomic(tmp / MANIFEST, json.dumps(manifest, indent=2, ensure_ascii=False))
        _fsync_dir(tmp)
        os.rename(tmp, index_dir / name)
        checkpoint("swap")
        _write_atomic(index_dir / POINTER, name + "\n")
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    _remove_old(index_dir, keep=name)
    return index_dir / name


@contextlib.contextmanager
def build_lock(index_dir: Path) -> Iterator[None]:
    """Serialise builds of one index: a second build fails at once with IndexLocked."""
    index_dir.mkdir(parents=True, exist_ok=True)
    with (index_dir / ".lock").open("a+") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise IndexLocked(f"Another `qa build` is writing {index_dir}/ — wait for it to finish, then retry") from exc
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def checkpoint(name: str) -> None:
    """Crash-test hook: with ``QA_TEST_STALL=name`` a build stops here so a test can SIGKILL it.

    Points: ``embed`` (before embedding), ``write`` (index files half written),
    ``manifest`` (files written, manifest not), ``swap`` (new generation in
    place, pointer not yet switched).
    """
    if os.environ.get("QA_TEST_STALL") == name:
        sys.stderr.write(f"stalled at {name}\n")
        sys.stderr.flush()
        time.sleep(600)


def _write_atomic(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + f".{secrets.token_hex(3)}.tmp")
    with tmp.open("w", encoding="utf-8") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    _fsync_dir(path.parent)


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _remove_old(index_dir: Path, keep: str) -> None:
    for child in index_dir.iterdir():
        if child.name != keep and child.is_dir() and child.name.startswith(("gen-", ".tmp-gen-")):
            shutil.rmtree(child, ignore_errors=True)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
