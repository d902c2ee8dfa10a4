"""FAISS store helpers without a server: the exact top-k scan used to tune IVF and by the scale benchmark."""

from __future__ import annotations

import numpy as np
import pytest

from qa.store.faiss import FaissStore, exact_top


@pytest.mark.parametrize(
    "n,block,k", [(105, 100, 10), (101, 100, 10), (100, 100, 10), (7, 100, 10), (250, 64, 5), (33, 10, 10), (10, 3, 1)]
)
def test_exact_top_matches_brute_force_argsort(n: int, block: int, k: int) -> None:
    rng = np.random.default_rng(n * 1000 + block)
    vectors = rng.normal(size=(n, 16)).astype(np.float32)
    queries = rng.normal(size=(12, 16)).astype(np.float32)
    got = exact_top(queries, vectors, k=k, block=block)
    want = np.argsort(-(queries @ vectors.T), axis=1, kind="stable")[:, : min(k, n)]
    assert got.shape == want.shape and np.array_equal(got, want)


@pytest.mark.slow
def test_ivf_build_with_a_short_last_block_tunes_nprobe() -> None:
    # 100,003 vectors: the last 100,000-row block of the tuning scan holds 3 rows (< k = 10): argpartition crashed.
    rng = np.random.default_rng(0)
    vectors = rng.normal(size=(100_003, 8)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    store = FaissStore.build(vectors, flat_max=1000)
    info = store.describe()
    assert info["index"] == "IndexIVFScalarQuantizer" and 0 < info["recall_at_10"] <= 1 and len(store) == 100_003
