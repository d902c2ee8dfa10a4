"""Vector stores: FAISS and Milvus give the same answers; Milvus runs as a real server process."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pymilvus  # in the test extra: these tests never skip
import pytest
from helpers import free_port

from qa import QA, Settings
from qa.errors import BadStore, StoreUnavailable
from qa.store import store_kind

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.backend



@pytest.fixture(scope="session")
def milvus_uri(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real `milvus-lite server` process on loopback, for the whole session."""
    data = tmp_path_factory.mktemp("milvus")
    port = free_port()
    log = (data / "server.log").open("w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "milvus_lite", "server", "--data-dir", str(data / "db"), "--host", "127.0.0.1", "--port", str(port)],
        stdout=log, stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 60
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), 0.5).close()
            break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                pytest.fail(f"milvus-lite server did not start: {(data / 'server.log').read_text()[-2000:]}")
            time.sleep(0.2)
    yield f"127.0.0.1:{port}"
    proc.terminate()
    proc.wait(timeout=30)


def _twin(faiss_qa: QA, tmp: Path, spec: str, settings: Settings | None = None) -> QA:
    """The same corpus in Milvus: a copy of the FAISS index rebuilt with another store (vectors reused, not re-embedded)."""
    index = tmp / "milvus-index"
    shutil.copytree(faiss_qa.generation.folder.parent, index)
    corpus = Path(faiss_qa.generation.manifest.corpus_dir)
    settings = (settings or Settings()).with_(store=spec)
    qa = QA.build(corpus, index, settings)
    assert qa.last_build is not None and qa.last_build.embedded == 0, "the Milvus build should reuse the FAISS vectors"
    return qa


def test_store_specs_are_checked() -> None:
    assert store_kind("faiss") == "faiss"
    assert store_kind("milvus://127.0.0.1:19530/news") == "milvus"
    assert store_kind("milvus-lite:./x.db") == "milvus"
    for bad in ("milvus://host", "milvus://h:1/bad-name", "milvus-lite:x.sqlite", "postgres://x", ""):
        with pytest.raises(BadStore, match="milvus://HOST:PORT/COLLECTION|PATH.db|letters"):
            store_kind(bad)


def test_bundled_corpus_answers_match_faiss(real_qa: QA, milvus_uri: str, tmp_path: Path) -> None:
    milvus = _twin(real_qa, tmp_path, f"milvus://{milvus_uri}/fanqa_bundled")
    assert milvus.generation.manifest.store == "milvus" and milvus.info()["store"]["index"]["type"] == "FLAT"
    questions = json.loads((ROOT / "tests" / "data" / "fan_questions.json").read_text(encoding="utf-8"))
    texts = [q["q"] for q in questions["in_scope"]] + [q if isinstance(q, str) else q["q"] for q in questions["out_of_scope"]]
    for text in texts:
        a, b = real_qa.ask(text).to_dict(), milvus.ask(text).to_dict()
        # Quotes come back from Milvus (text, citation, offsets) and must equal the local ones.
        for qa_, qb in zip(a["quotes"], b["quotes"]):
            assert {k: v for k, v in qa_.items() if k != "score"} == {k: v for k, v in qb.items() if k != "score"}, text
            assert qa_["score"] == pytest.approx(qb["score"], abs=1e-3)
        assert a["abstained"] == b["abstained"] and a["answer"] == b["answer"], text


def test_xquad_top_quote_matches_faiss(milvus_uri: str, tmp_path: Path) -> None:
    from qa_eval.sets import shared_sets

    evalset = shared_sets()[0]
    evalset.write_corpus(tmp_path / "corpus")
    faiss_qa = QA.build(tmp_path / "corpus", tmp_path / "index")
    milvus = _twin(faiss_qa, tmp_path, f"milvus://{milvus_uri}/fanqa_xquad")
    questions = [q.question for q in evalset.questions]
    same = sum(
        (a := faiss_qa.ask(q, k=1)).quotes[0].start == (b := milvus.ask(q, k=1)).quotes[0].start and a.quotes[0].doc_id == b.quotes[0].doc_id
        for q in questions
    )
    assert len(questions) > 1000
    assert same / len(questions) >= 0.99, f"{same}/{len(questions)} same top quote"


def test_server_hybrid_uses_milvus_bm25(real_qa: QA, milvus_uri: str, tmp_path: Path) -> None:
    milvus = _twin(real_qa, tmp_path, f"milvus://{milvus_uri}/fanqa_hybrid", Settings(lexical="server"))
    info = milvus.info()
    assert info["store"]["server_bm25"] is True and info["lexical"].startswith("Milvus BM25")
    answer = milvus.ask("who plays gang tae")
    assert "Kim Soo-hyun" in answer.quotes[0].text
    # Scores are Milvus's reciprocal-rank fusion (at most 1/61 per leg), not the in-process z-score fusion.
    butterflies = milvus.ask("what is gang tae afraid of", mode="hybrid")
    assert "butterflies" in butterflies.quotes[0].text
    assert all(0 < q.score <= 2 / 61 + 1e-6 for q in butterflies.quotes)


def test_failed_milvus_build_leaves_previous_index_answering(real_qa: QA, milvus_uri: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    spec = f"milvus://{milvus_uri}/fanqa_fail"
    first = _twin(real_qa, tmp_path, spec)
    before = first.ask("who plays gang tae").to_dict()
    client = pymilvus.MilvusClient(uri=f"http://{milvus_uri}")
    calls = {"n": 0}
    real_insert = pymilvus.MilvusClient.insert

    def flaky(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        raise pymilvus.MilvusException(message="disk full (injected)")

    monkeypatch.setattr(pymilvus.MilvusClient, "insert", flaky)
    with pytest.raises(pymilvus.MilvusException):
        QA.build(Path(first.generation.manifest.corpus_dir), first.generation.folder.parent, Settings(store=spec))
    assert calls["n"] == 1
    again = QA.load(first.generation.folder.parent)
    assert again.ask("who plays gang tae").to_dict() == before
    # The next good build drops the half-written collection and moves the alias.
    monkeypatch.setattr(pymilvus.MilvusClient, "insert", real_insert)
    QA.build(Path(first.generation.manifest.corpus_dir), first.generation.folder.parent, Settings(store=spec))
    builds = [n for n in client.list_collections() if n.startswith("fanqa_fail__")]
    assert len(builds) == 1 and client.list_aliases(builds[0])["aliases"] == ["fanqa_fail"]


def test_unreachable_server_is_a_clear_error(real_qa: QA, tmp_path: Path) -> None:
    with pytest.raises(StoreUnavailable, match="not reachable .*milvus-lite server"):
        QA.build(Path(real_qa.generation.manifest.corpus_dir), tmp_path / "index", Settings(store=f"milvus://127.0.0.1:{free_port()}/x"))
    assert not (tmp_path / "index" / "CURRENT").exists()


def test_milvus_lite_file_store_round_trips(real_qa: QA, tmp_path: Path) -> None:
    qa = _twin(real_qa, tmp_path, f"milvus-lite:{tmp_path / 'fan.db'}")
    assert qa.ask("who plays gang tae").quotes[0].text == real_qa.ask("who plays gang tae").quotes[0].text


def test_parallel_embedding_gives_the_same_vectors(real_qa: QA, tmp_path: Path) -> None:
    """--workers (sentence-transformers pool) and --ray (Ray Data actors) embed exactly what one process does."""
    corpus = Path(real_qa.generation.manifest.corpus_dir)
    plain = real_qa.generation.store.vectors(np.arange(len(real_qa.generation.store)))
    for name, settings in (("pool", Settings(workers=2)), ("ray", Settings(ray="local", workers=2))):
        qa = QA.build(corpus, tmp_path / name, settings)
        assert qa.last_build is not None and qa.last_build.embedded == len(plain), name
        got = qa.generation.store.vectors(np.arange(len(qa.generation.store)))
        assert np.min(np.sum(got * plain, axis=1)) > 0.9999, name
        sent_a = np.load(real_qa.generation.folder / "sentences.npy").astype(np.float32)
        sent_b = np.load(qa.generation.folder / "sentences.npy").astype(np.float32)
        assert sent_a.shape == sent_b.shape and np.min(np.sum(sent_a * sent_b, axis=1)) > 0.999, name


def test_faiss_switches_to_tuned_ivf_above_flat_max(tmp_path: Path) -> None:
    """Above FLAT_MAX the FAISS store is IVF-SQ8 with nprobe tuned to recall@10 >= 0.97, and it survives save/load."""
    from qa.store.faiss import FaissStore

    rng = np.random.default_rng(7)
    centres = rng.normal(size=(200, 64)).astype(np.float32)
    vectors = centres[rng.integers(0, 200, 20_000)] + rng.normal(scale=0.4, size=(20_000, 64)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    small = FaissStore.build(vectors[:500], flat_max=1_000)
    assert small.describe()["index"] == "IndexFlatIP"
    store = FaissStore.build(vectors, flat_max=1_000)
    info = store.describe()
    assert info["index"].startswith("IndexIVF") and info["recall_at_10"] >= 0.97 and info["nprobe"] >= 1
    store.save(tmp_path)
    loaded = FaissStore.load(tmp_path)
    assert loaded.describe()["nprobe"] == info["nprobe"]
    queries = vectors[rng.choice(20_000, 100)] + rng.normal(scale=0.02, size=(100, 64)).astype(np.float32)
    queries /= np.linalg.norm(queries, axis=1, keepdims=True)
    exact = np.argsort(-(queries @ vectors.T), axis=1)[:, :10]
    found = [set(loaded.search(q, 10)[1]) for q in queries]
    assert np.mean([len(f & set(e)) / 10 for f, e in zip(found, exact)]) >= 0.95
    assert np.allclose(loaded.vectors(np.array([3, 5])), vectors[[3, 5]])
