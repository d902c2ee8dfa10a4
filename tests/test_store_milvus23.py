"""A real Milvus 2.3 standalone server (pip ``milvus==2.3.5``), which has no BM25 function.

The server is started as a subprocess on free ports; Milvus binds its gRPC
ports on every interface (only etcd is loopback-only) and advertises 127.0.0.1.
It is found next to this Python (the test extra installs it) or at
``$QA_TEST_MILVUS_SERVER``; a missing server fails the test rather than skipping it.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pymilvus
import pytest
from helpers import HashEmbedder, free_port

from qa import QA, Settings

pytestmark = [pytest.mark.backend, pytest.mark.slow]
COMPONENTS = ("proxy", "rootCoord", "queryCoord", "queryNode", "indexCoord", "indexNode", "dataCoord", "dataNode")


def _server_command() -> str:
    found = os.environ.get("QA_TEST_MILVUS_SERVER") or shutil.which(
        "milvus-server", path=str(Path(sys.executable).parent)
    )
    if not found:
        pytest.fail(
            "milvus-server (pip install 'milvus==2.3.5', in the test extra) is not installed next to this Python; "
            "or point QA_TEST_MILVUS_SERVER at one"
        )
    return found



@pytest.fixture(scope="module")
def milvus23(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    data = tmp_path_factory.mktemp("milvus23")
    port = free_port()
    loopback = [arg for c in COMPONENTS for arg in ("--extra-config", f"{c}.ip=127.0.0.1")]
    log = (data / "server.log").open("w")
    proc = subprocess.Popen(
        [_server_command(), "--data", str(data / "db"), "--proxy-port", str(port), *loopback],
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 240
        while True:
            try:
                pymilvus.MilvusClient(uri=f"http://127.0.0.1:{port}", timeout=5).get_server_version()
                break
            except pymilvus.MilvusException:
                if proc.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"milvus 2.3 server did not start: {(data / 'server.log').read_text()[-2000:]}")
                time.sleep(1)
        yield f"127.0.0.1:{port}"
    finally:
        os.killpg(proc.pid, signal.SIGINT)  # its own session: the wrapper and the milvus binary it started
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=30)


def test_build_on_a_server_without_bm25_falls_back_and_answers_like_faiss(
    milvus23: str, tiny_corpus: Path, tmp_path: Path
) -> None:
    emb = HashEmbedder()
    faiss_qa = QA.build(tiny_corpus, tmp_path / "faiss", embedder=emb)
    spec = f"milvus://{milvus23}/fanqa23"
    first = QA.build(tiny_corpus, tmp_path / "milvus", Settings(store=spec), embedder=emb)
    store = first.info()["store"]
    assert store["server"].startswith("v2.3") and store["server_bm25"] is False
    for question in ("how long does kimchi ferment", "who is afraid of butterflies"):
        assert first.ask(question).to_dict() == faiss_qa.ask(question).to_dict()
    # A second build promotes its collection and drops the first (the alias moves).
    (tiny_corpus / "extra.md").write_text("Season two of the drama starts filming in spring.\n", encoding="utf-8")
    second = QA.build(tiny_corpus, tmp_path / "milvus", Settings(store=spec), embedder=emb)
    client = pymilvus.MilvusClient(uri=f"http://{milvus23}")
    builds = [n for n in client.list_collections() if n.startswith("fanqa23__")]
    assert (
        builds == [second.info()["store"]["physical"]]
        and "filming in spring" in second.ask("when does filming start").quotes[0].text
    )
