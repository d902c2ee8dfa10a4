"""The `qa` command as a user runs it (a real process, the real model)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import QA_HASH_CLI

ROOT = Path(__file__).resolve().parent.parent


def qa_cmd(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    return subprocess.run([sys.executable, "-m", "qa.cli", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("cli")
    shutil.copytree(ROOT / "corpus", work / "corpus")
    done = qa_cmd("build", "--quiet", cwd=work)
    assert done.returncode == 0, done.stderr
    assert "indexed 1 article(s)" in done.stdout
    return work


def test_import_qa_is_light() -> None:
    code = "import sys, qa; from qa import QA, Answer; print(sorted(m for m in ('torch','faiss','gradio','sentence_transformers','numpy') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert out.stdout.strip() == "['numpy']" or out.stdout.strip() == "[]", out.stdout


@pytest.mark.slow
def test_ask_json_is_exactly_answer_to_dict(workdir: Path, real_qa) -> None:  # type: ignore[no-untyped-def]
    out = qa_cmd("ask", "who plays gang tae", "--json", cwd=workdir)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout) == real_qa.ask("who plays gang tae").to_dict()


@pytest.mark.slow
def test_ask_text_shows_quote_mark_and_citation(workdir: Path) -> None:
    out = qa_cmd("ask", "how many episodes", "--k", "1", cwd=workdir)
    assert out.returncode == 0
    assert "**" in out.stdout and "Devdiscourse · as of 2023-06-26" in out.stdout


@pytest.mark.slow
def test_info_describes_index(workdir: Path) -> None:
    info = json.loads(qa_cmd("info", cwd=workdir).stdout)
    assert info["documents"] == 1 and info["model"].endswith("all-MiniLM-L6-v2") and info["passages"] > 5


@pytest.mark.slow
def test_rebuild_reuses_everything(workdir: Path) -> None:
    out = qa_cmd("build", "--quiet", cwd=workdir)
    assert "0 embedded" in out.stdout


@pytest.mark.parametrize(
    "args,code,message",
    [
        (["ask", "   "], 1, "empty"),
        (["ask", "hello", "--k", "0"], 1, "k must be"),
        (["ask", "x" * 100_000], 1, "characters long"),
        (["ask", "😀😀"], 1, "no letters or digits"),
        (["ask", "hello", "--k", "x"], 2, "invalid int"),
        (["frobnicate"], 2, "invalid choice"),
    ],
)
def test_errors_are_one_line_without_traceback(workdir: Path, args: list[str], code: int, message: str) -> None:
    out = qa_cmd(*args, cwd=workdir)
    assert out.returncode == code and message in out.stderr and "Traceback" not in out.stderr


def test_missing_index_and_empty_corpus_say_what_to_do(tmp_path: Path) -> None:
    out = qa_cmd("ask", "hello", cwd=tmp_path)
    assert out.returncode == 1 and "run `qa build corpus/" in out.stderr and "Traceback" not in out.stderr
    (tmp_path / "corpus").mkdir()
    out = qa_cmd("build", cwd=tmp_path)
    assert out.returncode == 1 and "No readable article" in out.stderr


@pytest.mark.slow
def test_stale_index_says_to_rebuild(workdir: Path, tmp_path: Path) -> None:
    work = tmp_path / "w"
    shutil.copytree(workdir, work)
    (work / "corpus" / "extra.md").write_text("A new article about a different drama.")
    out = qa_cmd("ask", "hello", cwd=work)
    assert out.returncode == 1 and "added: extra.md" in out.stderr and "qa build" in out.stderr


@pytest.mark.slow
def test_asking_does_not_import_torch(workdir: Path) -> None:
    code = "import sys; from qa import QA; a = QA.load('index').ask('who plays gang tae'); print('torch' in sys.modules, a.answer[:40])"
    out = subprocess.run([sys.executable, "-c", code], cwd=workdir, capture_output=True, text=True, timeout=120)
    assert out.stdout.startswith("False The first season provided closure"), out.stdout + out.stderr


def test_undecodable_argv_and_escape_in_file_names_stay_off_the_terminal(tmp_path: Path) -> None:
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "news\n\x1b[31mred.md").write_text("Kimchi is fermented cabbage. It takes three days to ferment.\n", encoding="utf-8")
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "QA_MODEL": "hash-test"}

    def run(*args: str | bytes) -> subprocess.CompletedProcess[bytes]:
        return subprocess.run([*QA_HASH_CLI, *args], cwd=tmp_path, env=env, capture_output=True, timeout=120)

    assert run("build", "--quiet").returncode == 0
    out = run("ask", "kimchi ferment")
    assert out.returncode == 0 and b"news [31mred" in out.stdout and b"\x1b" not in out.stdout + out.stderr
    out = run("ask", b"kimchi \xff")  # arrives as a surrogate escape
    lines = out.stderr.decode("utf-8", "replace").strip().splitlines()
    assert out.returncode == 1 and len(lines) == 1 and lines[0].startswith("error: ") and "invalid characters" in lines[0]


@pytest.mark.slow
def test_ask_piped_into_head_ends_quietly(workdir: Path) -> None:
    """`qa ask ... | head -1`: the reader leaves early; no BrokenPipeError traceback on the terminal."""
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    cmd = f"{sys.executable} -m qa.cli ask 'is there going to be a season 2' --k 5 | head -c 1"
    out = subprocess.run(["bash", "-o", "pipefail", "-c", cmd], cwd=workdir, env=env, capture_output=True, text=True)
    assert "Traceback" not in out.stderr and "BrokenPipe" not in out.stderr, out.stderr
    assert out.returncode in (0, 141)
