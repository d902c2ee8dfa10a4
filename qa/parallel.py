"""Embedding a big corpus on several processes or a Ray cluster.

Three ways, same vectors (each passage is embedded alone, so the split does
not change a single number beyond float noise):

* plain: the embedder in this process;
* ``workers > 1``: sentence-transformers' multi-process pool on this machine,
  one torch thread per process (N processes x 1 thread beats 1 x N threads
  for batches of short texts);
* ``ray``: Ray Data ``map_batches`` with an actor pool, one model per actor,
  on a Ray cluster (``ray="auto"`` or ``"ray://HOST:10001"``) or, with
  ``ray="local"``, a Ray started here on loopback.
"""

from __future__ import annotations

import json
import logging
import os

import numpy as np

from .embed import Embedder, get_embedder, set_threads
from .errors import MissingDependency

__all__ = ["embed_passages"]

log = logging.getLogger(__name__)
Spans = list[list[tuple[int, int]]]


def embed_passages(
    embedder: Embedder,
    texts: list[str],
    spans: Spans,
    batch_size: int = 32,
    progress: bool = False,
    workers: int = 1,
    ray: str | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Passage vectors and sentence vectors (concatenated in passage order)."""
    if not texts:
        return embedder.embed_passages(texts, spans, batch_size, progress)
    if ray:
        return _with_ray(embedder.name, texts, spans, batch_size, ray, workers)
    pool = embedder.process_pool(workers) if workers > 1 else None
    if pool is None:
        if workers > 1:
            log.info("%s has no process pool; embedding in this process", embedder.name)
        return embedder.embed_passages(texts, spans, batch_size, progress)
    with pool as handle:
        return embedder.embed_passages(texts, spans, batch_size, progress, pool=handle)


class _RayEmbed:
    """A Ray actor: loads the model once, embeds batches of passages."""

    def __init__(self, model: str) -> None:
        set_threads(1)
        self.embedder = get_embedder(model)

    def __call__(self, batch: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        texts = [str(t) for t in batch["text"]]
        spans = [[(int(a), int(b)) for a, b in json.loads(str(j))] for j in batch["spans"]]
        vectors, sentences = self.embedder.embed_passages(texts, spans)
        counts = np.cumsum([0] + [len(s) for s in spans])
        # Sentence counts differ per passage: ship each passage's block as bytes.
        blocks = [sentences[counts[i] : counts[i + 1]].astype(np.float32).tobytes() for i in range(len(texts))]
        return {"i": batch["i"], "vec": vectors, "sent": np.array(blocks, dtype=object)}


def _with_ray(
    model: str, texts: list[str], spans: Spans, batch_size: int, address: str, actors: int
) -> tuple[np.ndarray, np.ndarray]:
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    os.environ.setdefault("RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER", "0")
    try:
        import ray
    except ImportError as exc:
        raise MissingDependency("failed to import ray — try pip install -e '.[ray]'") from exc
    ray.data.DataContext.get_current().enable_progress_bars = False
    started = False
    if not ray.is_initialized():
        if address == "local":
            ray.init(
                num_cpus=max(actors, 1),
                include_dashboard=False,
                _node_ip_address="127.0.0.1",
                log_to_driver=False,
                logging_level=logging.WARNING,
            )
        else:
            ray.init(address=address, log_to_driver=False, logging_level=logging.WARNING)
        started = True
    try:
        items = [{"i": i, "text": t, "spans": json.dumps(s)} for i, (t, s) in enumerate(zip(texts, spans))]
        out = ray.data.from_items(items).map_batches(
            _RayEmbed,
            fn_constructor_kwargs={"model": model},
            batch_size=batch_size,
            concurrency=max(actors, 1),
            num_cpus=1,
            batch_format="numpy",
        )
        rows = sorted(out.take_all(), key=lambda r: int(r["i"]))
    finally:
        if started:
            ray.shutdown()
    if [int(r["i"]) for r in rows] != list(range(len(texts))):
        raise RuntimeError(f"Ray returned {len(rows)} of {len(texts)} passages")
    vectors = np.stack([np.asarray(r["vec"], dtype=np.float32) for r in rows])
    dim = vectors.shape[1]
    sentences = np.concatenate([np.frombuffer(r["sent"], dtype=np.float32).reshape(-1, dim) for r in rows])
    return vectors, sentences
