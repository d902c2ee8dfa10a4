"""FAISS, the default store: exact search while it is fast, IVF-SQ8 above that.

Chosen by size (numbers from benchmarks/scale.py on a 2-core CPU):

* up to ``FLAT_MAX`` passages, ``IndexFlatIP``: exact, no training, and a
  query scans 100k vectors in a few ms;
* above, ``IVF{nlist},SQ8``: 8-bit scalar-quantised vectors (384 B each, a
  quarter of float32) in ``nlist = 4·sqrt(n)`` clusters. ``nprobe`` is tuned
  at build time: the smallest that finds >= 0.97 of the exact top 10 for
  held-out vectors; the recall reached is kept in the manifest. HNSW was not
  chosen: building it for 1M vectors takes ~15 min here, IVF about two.

Scores of the candidates are always recomputed from the exact vectors
(``vectors.npy``, memory-mapped), so quantisation only decides who is a
candidate, never the final order.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from ..errors import BadStore, IndexCorrupt, MissingDependency
from ..files import load_rows

__all__ = ["FaissStore", "exact_top"]

FILE = "dense.faiss"
VECTORS = "vectors.npy"
FLAT_MAX = 20_000
TARGET_RECALL = 0.97


def _faiss() -> Any:
    try:
        import faiss
    except ImportError as exc:
        raise MissingDependency("failed to import faiss — try pip install faiss-cpu") from exc
    return faiss


class FaissStore:
    """A FAISS index whose ids are passage rows, beside the exact vectors (memory-mapped)."""

    kind = "faiss"
    keeps_passages = False  # quotes are cut from the index folder's passage table
    server_bm25 = False

    def __init__(self, index: object, vectors: np.ndarray, tuning: dict[str, Any] | None = None) -> None:
        self.index = index
        self._vectors = vectors
        self.tuning = tuning or {}

    @classmethod
    def build(cls, vectors: np.ndarray, flat_max: int = FLAT_MAX) -> FaissStore:
        faiss = _faiss()
        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        n, dim = vectors.shape
        if n <= flat_max:
            # Small index: exact search is fast and needs no training.
            index = faiss.IndexFlatIP(dim)
            index.add(vectors)
            return cls(index, vectors)
        nlist = int(4 * np.sqrt(n))
        index = faiss.index_factory(dim, f"IVF{nlist},SQ8", faiss.METRIC_INNER_PRODUCT)
        rng = np.random.default_rng(0)
        train = vectors[np.sort(rng.choice(n, size=min(n, 40 * nlist), replace=False))]
        index.train(train)
        for start in range(0, n, 100_000):
            index.add(vectors[start : start + 100_000])
        return cls(index, vectors, _tune_nprobe(index, vectors, rng))

    def __len__(self) -> int:
        return int(self.index.ntotal)  # type: ignore[attr-defined]

    def search(self, query: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        k = min(k, len(self))
        scores, rows = self.index.search(query.reshape(1, -1).astype(np.float32), k)  # type: ignore[attr-defined]
        return scores[0], rows[0]

    def vectors(self, rows: np.ndarray) -> np.ndarray:
        return np.asarray(self._vectors[rows], dtype=np.float32)

    def records(self, rows: list[int]) -> dict[int, dict[str, Any]]:
        raise BadStore("the FAISS store keeps no passage text — quotes come from the index folder")

    def hybrid(self, query: np.ndarray, text: str, k: int) -> tuple[np.ndarray, np.ndarray]:
        raise BadStore("server-side hybrid search needs a Milvus store — build with --store milvus://HOST:PORT/NAME")

    def promote(self) -> None:
        """Nothing to do: the files are live once the generation pointer moves."""

    def save(self, folder: Path) -> None:
        _faiss().write_index(self.index, str(folder / FILE))
        np.save(folder / VECTORS, self._vectors, allow_pickle=False)

    def describe(self) -> dict[str, Any]:
        info = {"kind": self.kind, "index": type(self.index).__name__, "vectors": len(self)}
        if hasattr(self.index, "nprobe"):
            info.update(nlist=int(self.index.nlist), nprobe=int(self.index.nprobe))  # type: ignore[attr-defined]
        return {**info, **self.tuning}

    @classmethod
    def load(cls, folder: Path) -> FaissStore:
        faiss = _faiss()
        try:
            # Flat: mapped, pages come in as searched. IVF: read (its lists are the
            # quantised vectors, 1/4 of vectors.npy).
            index = faiss.read_index(str(folder / FILE), faiss.IO_FLAG_MMAP)
        except RuntimeError as exc:
            raise IndexCorrupt(f"{folder / FILE} cannot be read ({str(exc).splitlines()[0][:80]})") from exc
        vectors = load_rows(folder / VECTORS)
        if vectors.shape != (index.ntotal, index.d):
            raise IndexCorrupt(f"{folder / VECTORS} does not match {FILE} — run `qa build` again")
        return cls(index, vectors)


def _tune_nprobe(index: Any, vectors: np.ndarray, rng: np.random.Generator, probes: int = 300) -> dict[str, Any]:
    """Smallest nprobe whose recall@10 against exact search reaches TARGET_RECALL.

    Queries are stored vectors moved off themselves by noise (a question is
    never exactly a passage), with their exact top 10 from a flat scan.
    """
    n, dim = vectors.shape
    picked = vectors[rng.choice(n, size=probes, replace=False)]
    queries = picked + rng.normal(scale=0.6 / np.sqrt(dim), size=picked.shape).astype(np.float32)
    queries /= np.linalg.norm(queries, axis=1, keepdims=True)
    exact = exact_top(queries, vectors)
    recall = 0.0
    for nprobe in (4, 8, 16, 32, 64, 128, 256):
        index.nprobe = nprobe
        _, found = index.search(queries, 10)
        recall = float(np.mean([len(set(f) & set(e)) / 10 for f, e in zip(found, exact)]))
        if recall >= TARGET_RECALL:
            break
    return {"recall_at_10": round(recall, 4), "tuned_on": probes}


def exact_top(queries: np.ndarray, vectors: np.ndarray, k: int = 10, block: int = 100_000) -> np.ndarray:
    """Row numbers of the exact top-k inner products per query, best first.

    ``vectors`` is scanned in blocks, so mapped files stay unloaded.

    With fewer than ``k`` vectors, all of them. A block may hold fewer than ``k`` rows (the last one usually does).
    """
    k = min(k, len(vectors))
    best_s = np.full((len(queries), k), -np.inf, dtype=np.float32)
    best_i = np.zeros((len(queries), k), dtype=np.int64)
    for start in range(0, len(vectors), block):
        scores = queries @ np.asarray(vectors[start : start + block]).T
        take = min(k, scores.shape[1])  # argpartition's kth must lie inside this block
        top = np.argpartition(-scores, take - 1, axis=1)[:, :take]
        both_s = np.concatenate([best_s, np.take_along_axis(scores, top, 1)], axis=1)
        both_i = np.concatenate([best_i, top + start], axis=1)
        keep = np.argsort(-both_s, axis=1)[:, :k]
        best_s, best_i = np.take_along_axis(both_s, keep, 1), np.take_along_axis(both_i, keep, 1)
    return best_i
