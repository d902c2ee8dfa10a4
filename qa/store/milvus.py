"""Milvus, the scale-out store, through ``pymilvus.MilvusClient``.

The same client code talks to Milvus Lite (a ``.db`` folder or the
``milvus-lite server`` process), Milvus Standalone and Milvus Distributed.
Store specs::

    milvus://HOST:PORT/COLLECTION      a Milvus server (Lite, Standalone, Distributed)
    milvus-lite:PATH.db[#COLLECTION]   Milvus Lite inside this process (one process at a time)

Each build writes a new physical collection ``<COLLECTION>__<generation>``
and only after the local pointer switch points the alias ``COLLECTION`` at
it and drops the older ones, so a failed build leaves the previous index
answering (the same rule as the FAISS files). A collection holds, per
passage: the row number, the exact passage text with its document id,
title, date, source, url and character offsets (so quotes round-trip), the
dense vector, and, where the server has it, a BM25 function over the text.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import BadStore, IndexCorrupt, MissingDependency, StoreUnavailable

__all__ = ["MilvusStore", "parse_spec", "probe"]

log = logging.getLogger(__name__)
FILE = "milvus.json"
_BATCH = 1000
_TEXT_FIELDS = ("doc_id", "title", "date", "source", "url")
# A loaded machine can miss one 10 s connect (seen in CI); a server that is down refuses at once,
# so retrying costs it only the backoff (1 + 2 s).
CONNECT_TIMEOUT_S = 10.0
CONNECT_ATTEMPTS = 3
CONNECT_BACKOFF_S = 1.0  # doubled after each failed attempt
# Exact search by default: equivalence with FAISS flat is the contract. HNSW
# is there for big collections (QA_MILVUS_INDEX=HNSW); its recall is measured.
_INDEXES = {
    "FLAT": ({}, {}),
    "HNSW": ({"M": 16, "efConstruction": 200}, {"ef": 128}),
}


def _pymilvus() -> Any:
    try:
        import pymilvus
    except ImportError as exc:
        raise MissingDependency("failed to import pymilvus — try pip install -e '.[milvus]'") from exc
    return pymilvus


def parse_spec(spec: str) -> tuple[str, str]:
    """(client uri, collection) of a store spec.

    >>> parse_spec("milvus://127.0.0.1:19530/news")
    ('http://127.0.0.1:19530', 'news')
    >>> parse_spec("milvus-lite:/data/qa.db")
    ('/data/qa.db', 'fan_qa')
    """
    if spec.startswith("milvus://"):
        m = re.fullmatch(r"milvus://([^/\s]+)/([A-Za-z_][A-Za-z0-9_]{0,200})", spec)
        if not m:
            raise BadStore(f"bad store {spec!r} — write milvus://HOST:PORT/COLLECTION (collection: letters, digits, _)")
        return f"http://{m.group(1)}", m.group(2)
    if spec.startswith("milvus-lite:"):
        path, _, name = spec[len("milvus-lite:") :].partition("#")
        if not path.endswith(".db"):
            raise BadStore(f"bad store {spec!r} — write milvus-lite:PATH.db (the path must end in .db)")
        if name and not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]{0,200}", name):
            raise BadStore(f"bad collection name {name!r} — letters, digits and _ only")
        return os.path.abspath(path), name or "fan_qa"
    raise BadStore(f"unknown store {spec!r} — use faiss, milvus://HOST:PORT/COLLECTION or milvus-lite:PATH.db")


def _connect(uri: str) -> Any:
    pymilvus = _pymilvus()
    if uri.endswith(".db"):
        # Milvus Lite runs its gRPC server in this process; it logs every
        # call it does not implement (AllocTimestamp) at ERROR. Not ours to show.
        logging.getLogger("grpc._server").setLevel(logging.CRITICAL)
    delay = CONNECT_BACKOFF_S
    for attempt in range(1, CONNECT_ATTEMPTS + 1):
        try:
            return pymilvus.MilvusClient(uri=uri, timeout=CONNECT_TIMEOUT_S)
        except Exception as exc:  # noqa: BLE001 - pymilvus raises many types for one cause: no server
            if attempt == CONNECT_ATTEMPTS:
                raise StoreUnavailable(
                    f"Milvus at {_redact(uri)} is not reachable after {attempt} tries "
                    f"({str(exc).splitlines()[0][:100]}) — start it (e.g. `milvus-lite server --data-dir milvus-data "
                    "--host 127.0.0.1 --port 19530`) or build with --store faiss"
                ) from exc
            log.info(
                "connecting to Milvus at %s failed (%s); retrying in %.0f s",
                _redact(uri),
                exc.__class__.__name__,
                delay,
            )
            time.sleep(delay)
            delay *= 2
    raise AssertionError("unreachable")  # the loop returns or raises


def probe(spec: str) -> None:
    """Connect once: StoreUnavailable now rather than after the embedding."""
    _version(_connect(parse_spec(spec)[0]))


class MilvusStore:
    """A Milvus collection whose primary keys are passage rows."""

    kind = "milvus"
    keeps_passages = True  # quotes round-trip from the collection

    def __init__(self, client: Any, info: dict[str, Any]) -> None:
        self.client = client
        self.info = info
        self.physical: str = info["physical"]
        self._count: int = info["count"]
        self.server_bm25: bool = bool(info.get("server_bm25"))

    # -- building ---------------------------------------------------------

    @classmethod
    def build(
        cls, spec: str, generation: str, vectors: np.ndarray, records: list[dict[str, Any]], index_type: str = "FLAT"
    ) -> MilvusStore:
        """Write ``vectors`` and their passage ``records`` into a new physical collection."""
        uri, collection = parse_spec(spec)
        client = _connect(uri)
        physical = f"{collection}__{generation.replace('-', '_')}"
        if index_type not in _INDEXES:
            raise BadStore(f"QA_MILVUS_INDEX must be one of {', '.join(_INDEXES)} (got {index_type!r})")
        server_bm25 = cls._create(client, physical, vectors.shape[1], index_type)
        for start in range(0, len(records), _BATCH):
            rows = [
                {**rec, "pid": start + j, "vec": vectors[start + j].tolist()}
                for j, rec in enumerate(records[start : start + _BATCH])
            ]
            client.insert(physical, rows)
        client.flush(physical)  # Milvus 2.3 counts only flushed rows in its stats, which load() checks
        client.load_collection(physical)
        info = {
            "uri": uri,
            "collection": collection,
            "physical": physical,
            "count": len(records),
            "dim": int(vectors.shape[1]),
            "index": {
                "type": index_type,
                "metric": "IP",
                "build": _INDEXES[index_type][0],
                "search": _INDEXES[index_type][1],
            },
            "server_bm25": server_bm25,
            "server": _version(client),
        }
        return cls(client, info)

    @staticmethod
    def _create(client: Any, name: str, dim: int, index_type: str) -> bool:
        """Create the collection; True when the server took the BM25 function too."""
        pymilvus = _pymilvus()
        if client.has_collection(name):
            client.drop_collection(name)
        for with_bm25 in (True, False):
            schema = client.create_schema(auto_id=False)
            schema.add_field("pid", pymilvus.DataType.INT64, is_primary=True)
            for field in _TEXT_FIELDS:
                schema.add_field(field, pymilvus.DataType.VARCHAR, max_length=2048)
            schema.add_field("start", pymilvus.DataType.INT64)
            schema.add_field("end", pymilvus.DataType.INT64)
            schema.add_field("text", pymilvus.DataType.VARCHAR, max_length=65535, enable_analyzer=with_bm25)
            schema.add_field("vec", pymilvus.DataType.FLOAT_VECTOR, dim=dim)
            params = client.prepare_index_params()
            params.add_index("vec", index_type=index_type, metric_type="IP", params=_INDEXES[index_type][0])
            if with_bm25:
                schema.add_field("sparse", pymilvus.DataType.SPARSE_FLOAT_VECTOR)
                schema.add_function(
                    pymilvus.Function(
                        name="text_bm25",
                        function_type=pymilvus.FunctionType.BM25,
                        input_field_names=["text"],
                        output_field_names=["sparse"],
                    )
                )
                params.add_index("sparse", index_type="SPARSE_INVERTED_INDEX", metric_type="BM25")
            try:
                with _quiet_pymilvus(with_bm25):
                    client.create_collection(name, schema=schema, index_params=params, consistency_level="Strong")
                return with_bm25
            except pymilvus.MilvusException as exc:
                if not with_bm25:
                    raise
                log.info("server has no BM25 function (%s); the lexical leg stays in-process", exc)
                # A server without BM25 (Milvus 2.3) may create the collection and then refuse its sparse
                # index: drop the half-made collection, or the retry is "duplicate collection with different
                # parameters".
                if client.has_collection(name):
                    client.drop_collection(name)
        return False

    def promote(self) -> None:
        """Point the alias at this build's collection and drop the older builds."""
        collection = self.info["collection"]
        builds = [n for n in self.client.list_collections() if n.startswith(f"{collection}__")]
        if any(collection in self.client.list_aliases(n).get("aliases", []) for n in builds):
            self.client.alter_alias(self.physical, collection)
        else:
            self.client.create_alias(self.physical, collection)
        for name in builds:
            if name != self.physical:
                self.client.drop_collection(name)

    # -- the VectorStore protocol -----------------------------------------

    def __len__(self) -> int:
        return self._count

    def search(self, query: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        k = min(k, len(self))
        found = self.client.search(
            self.physical,
            [np.asarray(query, dtype=np.float32).tolist()],
            anns_field="vec",
            limit=k,
            output_fields=["pid"],
            search_params={"metric_type": "IP", "params": self.info["index"]["search"]},
        )[0]
        return (
            np.array([h["distance"] for h in found], dtype=np.float32),
            np.array([h["pid"] for h in found], dtype=np.int64),
        )

    def vectors(self, rows: np.ndarray) -> np.ndarray:
        ids = [int(r) for r in rows]
        got: dict[int, Any] = {}
        for start in range(0, len(ids), _BATCH):
            for rec in self.client.get(self.physical, ids=ids[start : start + _BATCH], output_fields=["pid", "vec"]):
                got[int(rec["pid"])] = rec["vec"]
        missing = [i for i in ids if i not in got]
        if missing:
            raise IndexCorrupt(f"Milvus collection {self.physical} lacks passages {missing[:5]} — run `qa build` again")
        return np.array([got[i] for i in ids], dtype=np.float32).reshape(-1, self.info["dim"])

    def records(self, rows: list[int]) -> dict[int, dict[str, Any]]:
        """Passage text, citation fields and offsets as stored in Milvus, by row."""
        out = self.client.get(
            self.physical, ids=[int(r) for r in rows], output_fields=["pid", "text", "start", "end", *_TEXT_FIELDS]
        )
        return {int(rec["pid"]): rec for rec in out}

    def hybrid(self, query: np.ndarray, text: str, k: int) -> tuple[np.ndarray, np.ndarray]:
        """Milvus's own hybrid search: dense + server BM25, fused by reciprocal rank."""
        pymilvus = _pymilvus()
        requests = [
            pymilvus.AnnSearchRequest(
                [np.asarray(query, dtype=np.float32).tolist()],
                "vec",
                {"metric_type": "IP", "params": self.info["index"]["search"]},
                k,
            ),
            pymilvus.AnnSearchRequest([text], "sparse", {"metric_type": "BM25"}, k),
        ]
        found = self.client.hybrid_search(
            self.physical, requests, pymilvus.RRFRanker(60), limit=k, output_fields=["pid"]
        )[0]
        return (
            np.array([h["distance"] for h in found], dtype=np.float32),
            np.array([h["pid"] for h in found], dtype=np.int64),
        )

    def save(self, folder: Path) -> None:
        (folder / FILE).write_text(json.dumps(self.info, indent=2), encoding="utf-8")

    def describe(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "collection": self.info["collection"],
            "physical": self.physical,
            "uri": _redact(self.info["uri"]),
            "index": self.info["index"],
            "server": self.info.get("server"),
            "server_bm25": self.info["server_bm25"],
        }

    @classmethod
    def load(cls, folder: Path) -> MilvusStore:
        try:
            info = json.loads((folder / FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise IndexCorrupt(f"{folder / FILE} is missing or not valid JSON — run `qa build` again") from exc
        client = _connect(info["uri"])
        if not client.has_collection(info["physical"]):
            raise IndexCorrupt(
                f"Milvus at {_redact(info['uri'])} has no collection {info['physical']} — "
                "run `qa build --store ...` again"
            )
        client.load_collection(info["physical"])
        rows = int(client.get_collection_stats(info["physical"]).get("row_count", -1))
        if rows != info["count"]:
            raise IndexCorrupt(
                f"Milvus collection {info['physical']} holds {rows} passages, the index {info['count']} — "
                "run `qa build` again"
            )
        return cls(client, info)


@contextlib.contextmanager
def _quiet_pymilvus(quiet: bool) -> Iterator[None]:
    """pymilvus logs a refused call with its traceback at ERROR; a refused BM25 attempt is expected, not an error."""
    logger = logging.getLogger("pymilvus")
    level = logger.level
    if quiet:
        logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        logger.setLevel(level)


def _version(client: Any) -> str:
    try:
        return str(client.get_server_version())
    except Exception:  # noqa: BLE001 - only informative
        return "unknown"


def _redact(uri: str) -> str:
    """A uri without credentials, for logs and `qa info`."""
    return re.sub(r"//[^/@]*@", "//", uri)
