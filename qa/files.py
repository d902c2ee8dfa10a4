"""File helpers shared by ingest, the on-disk index and the stores: hashing, atomic writes, mapped arrays."""

from __future__ import annotations

import hashlib
import mmap
import os
import secrets
from pathlib import Path

import numpy as np

__all__ = ["sha256_file", "write_atomic", "fsync_dir", "load_rows"]


def sha256_file(path: Path) -> str:
    """SHA-256 of a file's bytes (read in 1 MB blocks)."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to a temporary file beside ``path``, fsync it, then rename it over ``path``."""
    tmp = path.with_name(path.name + f".{secrets.token_hex(3)}.tmp")
    with tmp.open("w", encoding="utf-8") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    fsync_dir(path.parent)


def fsync_dir(folder: Path) -> None:
    """Make a rename inside ``folder`` durable."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def load_rows(path: Path) -> np.ndarray:
    """A memory-mapped .npy for row lookups (never unpickles).

    Questions touch a few scattered rows; the kernel's default readahead
    would pull in ~128 kB around each and, over many questions, map most of
    a multi-GB file into the process. MADV_RANDOM reads just the pages used.
    """
    array = np.load(path, mmap_mode="r", allow_pickle=False)
    raw = getattr(array, "_mmap", None)  # numpy keeps the mmap object private
    if raw is not None and hasattr(mmap, "MADV_RANDOM"):
        raw.madvise(mmap.MADV_RANDOM)
    return array
