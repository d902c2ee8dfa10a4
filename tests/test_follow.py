"""A running QA follows rebuilds: a new generation is picked up between questions, a broken one is not."""

from __future__ import annotations

from pathlib import Path

from qa import QA
from qa.build import build_index
from qa.generation import live_folder


def test_follow_switches_to_a_new_build_and_releases_the_old(tiny_corpus: Path, tmp_path: Path, hash_embedder) -> None:  # type: ignore[no-untyped-def]
    index = tmp_path / "index"
    qa = QA.build(tiny_corpus, index, embedder=hash_embedder)
    old = qa.generation.name
    assert not qa.follow()  # nothing new
    (tiny_corpus / "news.md").write_text("---\ntitle: News\n---\n\nThe sequel was confirmed by tvN in March.\n")
    build_index(tiny_corpus, index, embedder=hash_embedder)
    assert qa.info()["index"] == old  # still the loaded generation until it follows
    assert qa.follow() and qa.generation.name == live_folder(index).name != old
    assert qa.info()["index"] == qa.generation.name
    assert qa.ask("sequel confirmed tvN").quotes[0].doc_id == "news"
    assert not (index / old).exists()  # the build removed the old generation; nothing holds it by path


def test_follow_keeps_serving_when_the_new_generation_is_broken(tiny_corpus: Path, tmp_path: Path, hash_embedder) -> None:  # type: ignore[no-untyped-def]
    index = tmp_path / "index"
    qa = QA.build(tiny_corpus, index, embedder=hash_embedder)
    before = qa.ask("butterflies").to_dict()
    build_index(tiny_corpus, index, embedder=hash_embedder)
    (live_folder(index) / "vectors.npy").write_bytes(b"garbage")
    assert not qa.follow()
    assert qa.ask("butterflies").to_dict() == before
