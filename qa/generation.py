"""The index on disk: self-describing generation folders, written atomically.

Layout::

    index/CURRENT            name of the live generation (replaced atomically)
    index/gen-<time>-<rand>/ manifest.json, documents.jsonl, passage arrays,
                             vectors.npy, sentences.npy, dense.faiss, bm25/

A build writes a new generation folder (``with new_generation(dir) as gen``),
then :meth:`NewGeneration.publish` swaps ``CURRENT`` with ``os.replace``; a
build that fails or is killed leaves the old generation live.
``manifest.json`` (:class:`Manifest`) names the format, embedder, chunking,
every corpus file's fingerprint, counts, and the size and SHA-256 of every
index file. :meth:`Generation.open` reads the live generation back and
refuses anything that does not match, without following links out of the
index folder.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import json
import os
import re
import secrets
import shutil
import stat
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .errors import IndexCorrupt, IndexLocked, IndexNotFound
from .files import fsync_dir, load_rows, sha256_file, write_atomic
from .lexical import LexicalIndex
from .manifest import FORMAT_VERSION, Manifest
from .passages import PassageTable
from .store import VectorStore, open_store

__all__ = [
    "FORMAT_VERSION",
    "Manifest",
    "PassageTable",
    "Generation",
    "NewGeneration",
    "new_generation",
    "live_folder",
    "build_lock",
    "checkpoint",
]

POINTER = "CURRENT"
MANIFEST = "manifest.json"
_NAME = re.compile(r"gen-\d{8}T\d{6}-[0-9a-f]{6}")
_MAX_SMALL_FILE = 64 << 20  # CURRENT and manifest.json are tiny; anything bigger is not ours
_HASH_LIMIT = 256 << 20  # files bigger than this are checked by size only (hashing costs seconds)


@dataclass(frozen=True)
class Generation:
    """The parts of one live generation, opened read-only (arrays memory-mapped)."""

    folder: Path
    manifest: Manifest
    table: PassageTable
    sentence_vectors: np.ndarray  # float16, one row per sentence, each sentence embedded on its own
    sentence_flags: np.ndarray  # uint16 per sentence: answer types, status, question shape (qa.answer_types)
    store: VectorStore
    lexical: LexicalIndex

    @property
    def name(self) -> str:
        return self.folder.name

    @classmethod
    def open(cls, index_dir: Path, verify: bool = True) -> Generation:
        """Open the live generation of ``index_dir``.

        Raises:
            IndexNotFound: no ``CURRENT`` pointer.
            IndexCorrupt: a part is missing, edited, of the wrong type, or a link.
            IndexMismatch: another format version.
        """
        folder = live_folder(index_dir)
        manifest = read_manifest(folder, verify)
        try:
            table = PassageTable.load(folder)
            sentences = load_rows(folder / "sentences.npy")
            flags = load_rows(folder / "s_flags.npy")
            store = open_store(manifest.store, folder)
            lexical = LexicalIndex.load(folder / "bm25")
        except (OSError, ValueError, KeyError, TypeError) as exc:  # never unpickles: object arrays raise ValueError
            raise IndexCorrupt(
                f"{folder} cannot be read ({exc.__class__.__name__}: {str(exc)[:80]}) — run `qa build` again"
            ) from exc
        if not (len(table) == len(store) == manifest.passages):
            raise IndexCorrupt(f"{folder} has inconsistent parts — run `qa build` again")
        if not (len(sentences) == len(flags) == manifest.sentences):
            raise IndexCorrupt(f"{folder} has inconsistent sentence parts — run `qa build` again")
        return cls(folder, manifest, table, sentences, flags, store, lexical)


def live_folder(index_dir: Path) -> Path:
    """The live generation folder, or IndexNotFound naming the command to run.

    ``CURRENT`` must be a small regular file (not a link) naming a generation
    folder that is itself no link: the index never reads outside its folder,
    and never echoes what a bad pointer holds.
    """
    fix = f"run `qa build corpus/ --index {index_dir}`"
    pointer = index_dir / POINTER
    if not pointer.exists() and not pointer.is_symlink():
        raise IndexNotFound(f"No index at {index_dir}/ — {fix}")
    raw = _read_small(pointer, fix)
    try:
        name = raw.decode("utf-8").strip()
    except UnicodeDecodeError as exc:
        raise IndexCorrupt(f"{pointer} is not a generation name — {fix}") from exc
    if not _NAME.fullmatch(name):
        raise IndexCorrupt(f"{pointer} is not a generation name — {fix}")
    folder = index_dir / name
    if folder.is_symlink() or not folder.is_dir():
        raise IndexCorrupt(f"{pointer} points at a missing index ({name}) — {fix}")
    return folder


def read_manifest(folder: Path, verify: bool = True) -> Manifest:
    """The manifest of a generation, checked against format and file sizes/hashes."""
    fix = f"run `qa build corpus/ --index {folder.parent}`"
    path = folder / MANIFEST
    try:
        raw = json.loads(_read_small(path, fix).decode("utf-8"))
    except (ValueError, RecursionError) as exc:
        raise IndexCorrupt(f"{path} is not valid JSON — {fix}") from exc
    manifest = Manifest.from_json(raw, path)
    if verify:
        for name, info in manifest.files.items():
            file = folder / name
            if ".." in Path(name).parts or not _regular(file, folder) or file.stat().st_size != info["bytes"]:
                raise IndexCorrupt(f"{file} is missing, truncated or a link — {fix}")
            if info["bytes"] <= _HASH_LIMIT and sha256_file(file) != info["sha256"]:
                raise IndexCorrupt(f"{file} was changed after the build — {fix}")
    return manifest


def _regular(path: Path, folder: Path) -> bool:
    """A regular file that is no link and lies inside its generation ``folder``."""
    try:
        return stat.S_ISREG(path.lstat().st_mode) and path.resolve().is_relative_to(folder.resolve())
    except OSError:
        return False


def _read_small(path: Path, fix: str) -> bytes:
    """Bytes of a small regular file, never through a link, never blocking on a device or FIFO."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError as exc:
        raise IndexCorrupt(f"{path} cannot be opened (a link, or unreadable) — {fix}") from exc
    with os.fdopen(fd, "rb") as fh:
        info = os.fstat(fh.fileno())
        if not stat.S_ISREG(info.st_mode) or info.st_size > _MAX_SMALL_FILE:
            raise IndexCorrupt(f"{path} is not a regular index file — {fix}")
        return fh.read(_MAX_SMALL_FILE)


class NewGeneration:
    """A generation being written: files go into ``folder`` until :meth:`publish`."""

    def __init__(self, index_dir: Path, stall: str = "") -> None:
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S")
        self.index_dir = index_dir
        self.name = f"gen-{stamp}-{secrets.token_hex(3)}"
        self.folder = index_dir / f".tmp-{self.name}"
        self.stall = stall
        self.published = False

    def publish(self, manifest: Manifest) -> Path:
        """Hash the files, write the manifest, rename the folder into place and swap ``CURRENT``."""
        checkpoint(self.stall, "manifest")
        names = [f.relative_to(self.folder).as_posix() for f in sorted(self.folder.rglob("*")) if f.is_file()]
        files = {n: {"bytes": (self.folder / n).stat().st_size, "sha256": sha256_file(self.folder / n)} for n in names}
        manifest = Manifest(**{**manifest.__dict__, "files": files})
        write_atomic(self.folder / MANIFEST, json.dumps(manifest.to_json(), indent=2, ensure_ascii=False))
        fsync_dir(self.folder)
        final = self.index_dir / self.name
        os.rename(self.folder, final)
        self.folder = final
        checkpoint(self.stall, "swap")
        write_atomic(self.index_dir / POINTER, self.name + "\n")
        self.published = True
        return final


@contextlib.contextmanager
def new_generation(index_dir: Path, stall: str = "") -> Iterator[NewGeneration]:
    """A fresh generation folder; unless published inside the block, it is removed and the old one stays live.

    >>> with new_generation(Path("index")) as gen:      # doctest: +SKIP
    ...     table.save(gen.folder)
    ...     gen.publish(manifest)
    """
    index_dir.mkdir(parents=True, exist_ok=True)
    gen = NewGeneration(index_dir, stall)
    gen.folder.mkdir()
    try:
        yield gen
    except BaseException:
        shutil.rmtree(gen.folder, ignore_errors=True)
        raise
    if not gen.published:
        shutil.rmtree(gen.folder, ignore_errors=True)
        return
    _remove_old(index_dir, keep=gen.name)


@contextlib.contextmanager
def build_lock(index_dir: Path) -> Iterator[None]:
    """Serialise builds of one index: a second build fails at once with IndexLocked."""
    index_dir.mkdir(parents=True, exist_ok=True)
    with (index_dir / ".lock").open("a+") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise IndexLocked(
                f"Another `qa build` is writing {index_dir}/ — wait for it to finish, then retry"
            ) from exc
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def checkpoint(stall: str, name: str) -> None:
    """Crash-test hook: with ``stall == name`` (``QA_TEST_STALL``) a build stops here so a test can SIGKILL it.

    Points: ``embed`` (before embedding), ``write`` (index files half written),
    ``manifest`` (files written, manifest not), ``swap`` (new generation in
    place, pointer not yet switched).
    """
    if stall == name:
        sys.stderr.write(f"stalled at {name}\n")
        sys.stderr.flush()
        time.sleep(600)


def _remove_old(index_dir: Path, keep: str) -> None:
    # A running app that still maps an old generation keeps reading it (unlinked
    # files live on until unmapped) and switches to CURRENT on its next question.
    for child in index_dir.iterdir():
        if child.name != keep and child.name.startswith(("gen-", ".tmp-gen-")):
            if child.is_symlink():
                child.unlink()
            elif child.is_dir():
                shutil.rmtree(child, ignore_errors=True)
