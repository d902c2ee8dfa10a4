"""Dates and filters through the shells: REST (/api/ask filters, GET /api/articles) and the CLI (hash embedder)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from helpers import HashEmbedder

from qa import QA
from qa.cli import main
from qa.server import create_app

CORPUS = Path(__file__).resolve().parent / "data" / "timeline"


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("timeline-api")
    shutil.copytree(CORPUS, base / "corpus")
    QA.build(base / "corpus", base / "index", embedder=HashEmbedder())
    return base


@pytest.fixture(scope="module")
def client(folder: Path) -> TestClient:
    return TestClient(create_app(QA.load(folder / "index", embedder=HashEmbedder())))


def test_articles_route_lists_every_article_newest_first(client: TestClient) -> None:
    r = client.get("/api/articles")
    listed = r.json()["articles"]
    assert r.status_code == 200 and [a["date"] for a in listed] == [
        "2024-08-01", "2024-06-10", "2024-05-02", "2023-06-26", "2021-03-15", None,
    ]  # fmt: skip
    assert set(listed[0]) == {"doc_id", "title", "source", "date", "url"}
    assert listed[2]["url"] == "https://example.org/herald/okay-season-2-confirmed" and listed[-1]["source"] is None
    assert client.post("/api/articles").status_code == 405


def test_rest_filters_narrow_the_quotes(client: TestClient) -> None:
    body = {"question": "is there going to be a season 2", "k": 3, "since": "2021-01-01", "until": "2021-12-31"}
    d = client.post("/api/ask", json=body).json()
    assert {q["doc_id"] for q in d["quotes"]} == {"okay-2021"} and d["filters"] == {"since": "2021-01-01", "until": "2021-12-31"}
    d = client.post("/api/ask", json={"question": "who plays gang tae", "source": "devdiscourse"}).json()
    assert {q["doc_id"] for q in d["quotes"]} == {"its-okay-to-not-be-okay-season-2"}
    d = client.post("/api/ask", json={"question": "who plays gang tae", "source": "Variety"}).json()
    assert d["abstained"] and "No article matches the filter" in d["reason"] and d["quotes"] == []


@pytest.mark.parametrize(
    "extra,status,words",
    [
        ({"since": "2021-13-01"}, 400, "not a real date"),
        ({"until": "June 2021"}, 400, "YYYY-MM-DD"),
        ({"since": "2024-01-01", "until": "2021-01-01"}, 400, "is after until"),
        ({"source": ""}, 400, "non-empty"),
        ({"since": 2021}, 422, "since"),
    ],
)
def test_bad_filter_values_get_error_json(client: TestClient, extra: dict, status: int, words: str) -> None:
    r = client.post("/api/ask", json={"question": "is there a season 2", **extra})
    assert r.status_code == status and words in r.json()["error"]


def test_cli_filters_articles_and_one_line_errors(folder: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("QA_MODEL", "hash-test")
    index, corpus = str(folder / "index"), str(folder / "corpus")
    assert main(["ask", "is there a season 2", "--index", index, "--corpus", corpus, "--since", "2021-13-01"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("error: since is not a real date")
    assert main(["ask", "who plays gang tae", "--index", index, "--corpus", corpus, "--source", "hallyu", "--json"]) == 0
    assert {q["doc_id"] for q in json.loads(capsys.readouterr().out)["quotes"]} == {"okay-2024"}
    assert main(["ask", "who plays gang tae", "--index", index, "--corpus", corpus, "--until", "2021-12-31"]) == 0
    assert "K-Drama Tribune · as of 2021-03-15" in capsys.readouterr().out
    assert main(["articles", "--index", index]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("Kim Soo-hyun's new drama breaks ratings records · Star Weekly · 2024-08-01")
    assert lines[-1].endswith("· undated")


@pytest.mark.parametrize("mode", ["bm25", "dense", "hybrid"])
def test_filter_applies_before_the_top_k_cut_in_every_leg(folder: Path, mode: str) -> None:
    import numpy as np

    qa = QA.load(folder / "index", embedder=HashEmbedder())
    table = qa.generation.table
    subway = [i for i, d in enumerate(table.documents) if d.id == "subway-fares"][0]
    allowed = np.asarray(table.p_doc) == subway
    query = qa.prepare("is there going to be a season 2 of the drama")
    unfiltered = {h.row for h in qa._live.retriever.search(query, mode, 3)}
    assert not unfiltered & set(np.flatnonzero(allowed))  # the subway article is not in the unfiltered top 3
    hits = qa._live.retriever.only(allowed).search(query, mode, 3)
    rows = [h.row for h in hits]
    assert all(allowed[r] for r in rows)
    # The dense leg scores every allowed row; BM25 only returns rows that share a term with the question.
    assert len(rows) == (0 if mode == "bm25" else min(3, int(allowed.sum())))
