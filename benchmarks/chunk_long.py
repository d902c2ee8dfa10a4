"""Time to chunk one-paragraph articles of 50 kB to 19 MB, before and after the long-paragraph fix.

    python benchmarks/chunk_long.py                   # this tree's qa/chunk.py
    python benchmarks/chunk_long.py --before 8a13a57  # also qa/chunk.py at that commit (runs past --timeout are cut)

Each (version, size) runs in its own process with a time limit. The text is the
bundled article repeated with its line breaks turned into spaces (one paragraph,
real sentences). Word pieces are counted by the hash test embedder, so the
figures are the sentence splitting and packing alone, not the tokenizer.
Writes benchmarks/results/chunk_long.json.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SIZES = {"50 kB": 50_000, "200 kB": 200_000, "2 MB": 2_000_000, "19 MB": 19_000_000}


def one_paragraph(size: int) -> str:
    base = " ".join(
        (ROOT / "corpus" / "its-okay-to-not-be-okay-season-2.md").read_text(encoding="utf-8").split("---")[-1].split()
    )
    return (base + " ") * (size // (len(base) + 1)) + base[: size % (len(base) + 1)]


def run_one(module_path: str, size: int) -> dict[str, float | int]:
    sys.path.insert(0, str(ROOT))
    from qa.config import Settings
    sys.path.insert(0, str(ROOT / "tests"))
    from helpers import HashEmbedder  # a word counter: this measures splitting and packing, not the tokenizer

    from qa.types import Document

    spec = importlib.util.spec_from_file_location("qa.chunk_under_test", module_path)
    assert spec and spec.loader
    chunk = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(chunk)
    text = one_paragraph(size)
    doc = Document(id="long", title="long", text=text, path="long.txt")
    emb = HashEmbedder()
    chunk.split_sentences("Warm up. The splitter loads its rules once.")
    started = time.perf_counter()
    passages = chunk.chunk_document(doc, Settings(), emb.count_tokens, emb.split_tokens)
    seconds = time.perf_counter() - started
    assert all(text[p.start : p.end] == p.text for p in passages)
    return {"seconds": round(seconds, 2), "passages": len(passages), "chars": len(text)}


def measure(module_path: str, size: int, timeout: float) -> dict[str, object]:
    cmd = [sys.executable, __file__, "--one", module_path, str(size)]
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=True)
    except subprocess.TimeoutExpired:
        return {"seconds": None, "timed_out_after_s": timeout}
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--before", default=None, help="a git commit whose qa/chunk.py is timed too")
    parser.add_argument("--timeout", type=float, default=120, help="seconds per (version, size) run")
    parser.add_argument("--one", nargs=2, metavar=("MODULE", "SIZE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_one(args.one[0], int(args.one[1]))))
        return
    versions = {"after": str(ROOT / "qa" / "chunk.py")}
    tmp = tempfile.TemporaryDirectory()
    if args.before:
        old = Path(tmp.name) / "chunk_before.py"
        old.write_text(
            subprocess.run(
                ["git", "-C", str(ROOT), "show", f"{args.before}:qa/chunk.py"],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
        )
        versions = {"before": str(old), **versions}
    results: dict[str, object] = {"timeout_s": args.timeout, "counter": "HashEmbedder (words)", "runs": {}}
    for name, path in versions.items():
        for label, size in SIZES.items():
            got = measure(path, size, args.timeout)
            results["runs"].setdefault(name, {})[label] = got  # type: ignore[union-attr]
            print(f"{name:6} {label:>7}: {got}", flush=True)
    out = ROOT / "benchmarks" / "results" / "chunk_long.json"
    out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
