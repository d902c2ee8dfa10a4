"""The README stays true: its commands are what CI runs, its Python example runs."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def blocks(lang: str) -> list[str]:
    return re.findall(rf"```{lang}\n(.*?)```", README, re.S)


def test_ci_runs_the_readme_test_command() -> None:
    test_command = next(b.strip() for b in blocks("bash") if "pytest" in b and "venv" in b)
    assert test_command in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_schema_example_is_what_answers_look_like(tmp_path: Path, hash_embedder) -> None:  # type: ignore[no-untyped-def]
    from qa import QA

    example = json.loads(next(b for b in blocks("json") if '"quotes"' in b))
    shutil.copytree(ROOT / "corpus", tmp_path / "corpus")
    real = QA.build(tmp_path / "corpus", tmp_path / "index", embedder=hash_embedder).ask("who plays gang tae").to_dict()
    assert list(example) == list(real) and list(example["quotes"][0]) == list(real["quotes"][0])


def run_python_block(marker: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """The README's Python block containing ``marker``, run as written in ``cwd``."""
    code = next(b for b in blocks("python") if marker in b)
    return subprocess.run([sys.executable, "-c", code], cwd=cwd, capture_output=True, text=True, timeout=300)


@pytest.mark.slow
def test_python_example_runs(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "corpus", tmp_path / "corpus")
    out = run_python_block("from qa import QA", tmp_path)
    assert out.returncode == 0, out.stderr
    assert "Kim Soo-hyun" in out.stdout and "2023-06-26" in out.stdout


def test_spaces_front_matter_matches_pins() -> None:
    import yaml

    front = yaml.safe_load(README.split("---")[1])
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert front["sdk"] == "gradio" and front["app_file"] == "app.py" and front["python_version"] == "3.11"
    assert f'"gradio=={front["sdk_version"]}"' in pyproject
    deps = re.search(r"dependencies = \[\n(.*?)\n\]", pyproject, re.S).group(1)  # type: ignore[union-attr]
    pinned = re.findall(r'^\s*"([^"]+)"', deps, re.M)
    requirements = [r for r in (ROOT / "requirements.txt").read_text().splitlines() if r and not r.startswith("#")]
    assert requirements == pinned


@pytest.mark.slow
def test_dates_and_filters_example_runs(tmp_path: Path) -> None:
    from qa import QA

    shutil.copytree(ROOT / "corpus", tmp_path / "corpus")
    QA.build(tmp_path / "corpus", tmp_path / "index")
    out = run_python_block("since=", tmp_path)
    assert out.returncode == 0, out.stderr
    assert "Devdiscourse 2023-06-26" in out.stdout and "was published on 2023-06-26" in out.stdout


def test_readme_documents_the_added_answer_fields() -> None:
    for field in ("`kind`", "`earlier`", "`filters`", "GET /api/articles", "## Dates and filters"):
        assert field in README
