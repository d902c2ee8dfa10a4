"""The index on disk: manifest round trip, publishing, and tampered or linked files refused in one line."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from qa import QA
from qa.build import build_index
from qa.errors import IndexCorrupt, IndexMismatch, IndexNotFound
from qa.generation import Generation, Manifest, live_folder, new_generation, read_manifest


@pytest.fixture
def index(tiny_corpus: Path, tmp_path: Path, hash_embedder) -> Path:  # type: ignore[no-untyped-def]
    build_index(tiny_corpus, tmp_path / "index", embedder=hash_embedder)
    return tmp_path / "index"


def one_line_corrupt(index: Path, secret: str | None = None) -> str:
    t = time.perf_counter()
    with pytest.raises(IndexCorrupt) as err:
        Generation.open(index)
    message = str(err.value)
    assert "\n" not in message and "qa build" in message and time.perf_counter() - t < 5
    if secret:
        assert secret not in message
    return message


def test_manifest_round_trips_and_describes_the_build(index: Path) -> None:
    folder = live_folder(index)
    manifest = read_manifest(folder)
    assert Manifest.from_json(json.loads((folder / "manifest.json").read_text()), folder / "manifest.json") == manifest
    assert manifest.embedder == "hash-test" and manifest.documents == 2 and set(manifest.corpus_files) == {"kimchi.md", "drama.txt"}
    assert {"documents.jsonl", "vectors.npy", "dense.faiss", "sentences.npy"} <= set(manifest.files)


@pytest.mark.parametrize("edit", [
    lambda m: m.pop("counts"), lambda m: m["embedder"].pop("dim"), lambda m: m.update(files=["vectors.npy"]),
    lambda m: m["counts"].update(passages="many"), lambda m: m.update(created=None), lambda m: m["corpus"].update(files=[1, 2]),
    lambda m: m["embedder"].update(dim=True),
])
def test_manifest_with_missing_keys_or_wrong_types_is_corrupt(index: Path, edit) -> None:  # type: ignore[no-untyped-def]
    path = live_folder(index) / "manifest.json"
    raw = json.loads(path.read_text())
    edit(raw)
    path.write_text(json.dumps(raw))
    one_line_corrupt(index)


def test_other_format_version_is_a_mismatch(index: Path) -> None:
    path = live_folder(index) / "manifest.json"
    path.write_text(json.dumps({**json.loads(path.read_text()), "format_version": 99}))
    with pytest.raises(IndexMismatch, match="format 99"):
        Generation.open(index)


def test_non_utf8_or_garbage_pointer_is_corrupt(index: Path) -> None:
    (index / "CURRENT").write_bytes(b"\xff\xfe gen-\x00")
    one_line_corrupt(index)
    (index / "CURRENT").write_text("../../etc\n")
    one_line_corrupt(index)


def test_pointer_linked_outside_is_refused_without_echoing_its_content(index: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("gen-TOPSECRET-password")
    (index / "CURRENT").unlink()
    (index / "CURRENT").symlink_to(secret)
    one_line_corrupt(index, secret="TOPSECRET")


def test_generation_linked_outside_the_index_is_refused(index: Path, tmp_path: Path) -> None:
    folder = live_folder(index)
    outside = tmp_path / "elsewhere"
    folder.rename(outside)
    folder.symlink_to(outside)
    one_line_corrupt(index)


def test_index_file_linked_elsewhere_is_refused(index: Path, tmp_path: Path) -> None:
    folder = live_folder(index)
    copy = tmp_path / "vectors-copy.npy"
    copy.write_bytes((folder / "vectors.npy").read_bytes())
    (folder / "vectors.npy").unlink()
    (folder / "vectors.npy").symlink_to(copy)  # same bytes, but outside: never followed
    one_line_corrupt(index)


def test_manifest_linked_to_an_endless_device_does_not_hang(index: Path) -> None:
    manifest = live_folder(index) / "manifest.json"
    manifest.unlink()
    manifest.symlink_to("/dev/urandom")
    one_line_corrupt(index)


def test_manifest_that_is_a_fifo_does_not_hang(index: Path) -> None:
    manifest = live_folder(index) / "manifest.json"
    manifest.unlink()
    os.mkfifo(manifest)
    one_line_corrupt(index)


def test_no_pointer_is_not_found(tmp_path: Path) -> None:
    with pytest.raises(IndexNotFound, match="qa build"):
        Generation.open(tmp_path / "none")


def test_unpublished_or_failed_generation_leaves_the_live_one(index: Path, hash_embedder) -> None:  # type: ignore[no-untyped-def]
    live = live_folder(index).name
    with new_generation(index) as gen:
        (gen.folder / "partial.npy").write_bytes(b"x")
    with pytest.raises(RuntimeError), new_generation(index) as gen:
        raise RuntimeError("disk full")
    assert live_folder(index).name == live and sorted(p.name for p in index.iterdir() if "gen-" in p.name) == [live]
    assert QA.load(index, embedder=hash_embedder).ask("kimchi").quotes


def test_app_rebuilds_any_corrupt_index(index: Path, tiny_corpus: Path, hash_embedder, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.syspath_prepend(str(Path(__file__).parent.parent))
    from app import ready_qa

    (index / "CURRENT").write_bytes(b"\xff\xff")
    with pytest.raises(IndexCorrupt):
        QA.load(index, embedder=hash_embedder)
    # ready_qa rebuilds in a child process with the configured model; the hash embedder is registered there by name.
    from qa.config import Settings

    settings = Settings(index=index, corpus=tiny_corpus, model="hash-test")
    monkeypatch.setenv("PYTHONPATH", str(Path(__file__).parent))
    qa = ready_qa(settings, build_cmd=HASH_BUILD)
    assert qa.ask("kimchi").quotes[0].doc_id == "kimchi"


HASH_BUILD = ["-c", "import sys, helpers; helpers.register(); from qa.cli import main; sys.exit(main(sys.argv[1:]))"]
