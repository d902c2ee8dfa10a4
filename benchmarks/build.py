"""Build throughput: `qa build` (plain, --workers N, --ray) against plain SentenceTransformer.encode, same texts, same run.

    python benchmarks/build.py [--passages 4000] [--workers 2] [--skip-ray] [--out build.json]

The corpus is the shared sets' articles (XQuAD-en and the SQuAD v2 subset),
repeated with a marker in every sentence of each copy (so no sentence repeats)
until it makes about ``--passages`` passages. Each configuration runs in a fresh process so that its peak
memory (ru_maxrss) and model load are its own; passages/s counts the whole
build (ingest, chunking, embedding, writing). The baseline is
``SentenceTransformer.encode(texts, batch_size=32)`` over the passage texts
the build produced, in its own process, model load excluded.
Writes benchmarks/results/build.json.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from qa_eval.bench import machine  # noqa: E402

BASELINE = """
import json, sys, time, resource, os
os.environ["HF_HUB_OFFLINE"] = "1"
from sentence_transformers import SentenceTransformer
from qa.embed.torch_st import SentenceTransformerEmbedder
texts = json.load(open(sys.argv[1]))
model = SentenceTransformer(SentenceTransformerEmbedder().path, device="cpu")
model.encode(texts[:32], batch_size=32)
t = time.perf_counter()
model.encode(texts, batch_size=32)
s = time.perf_counter() - t
print(json.dumps({"seconds": s, "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def make_corpus(folder: Path, passages: int) -> None:
    """Shared-set articles, copied with a marker word per paragraph, cut off at about ``passages`` passages."""
    from qa.chunk import chunk_documents
    from qa.config import Settings
    from qa.embed import get_embedder
    from qa.types import Document
    from qa_eval.sets import shared_sets

    embedder = get_embedder("minilm")
    folder.mkdir(parents=True)
    made = 0
    docs = [d for s in shared_sets() for d in s.docs]
    with (folder / "articles.jsonl").open("w", encoding="utf-8") as fh:
        for c in range(1000):
            for i, d in enumerate(docs):
                if made >= passages:
                    return
                # The marker goes into every sentence: a build embeds each distinct sentence once, so copies
                # with repeated sentences would flatter it against the baseline.
                text = "\n\n".join(re.sub(r"(?<=[.!?]) +", f" [{c}] ", f"[{c}] {p}") for p in d["text"].split("\n\n"))
                made += len(chunk_documents([Document(f"{c}-{i}", d["title"], text, "x")], Settings(), embedder.count_tokens, embedder.split_tokens))
                fh.write(json.dumps({"id": f"{c}-{i}", "title": f"{d['title']} ({c})", "text": text}) + "\n")


def run_build(corpus: Path, index: Path, extra: list[str]) -> dict[str, float]:
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "RAY_USAGE_STATS_ENABLED": "0"}
    t = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "qa.cli", "build", str(corpus), "--index", str(index), "--quiet", *extra],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, text=True)
    _, status, usage = os.wait4(proc.pid, 0)  # this child's own peak memory
    seconds = time.perf_counter() - t
    if status != 0:
        raise SystemExit(f"qa build {' '.join(extra)} failed ({status})")
    manifest = json.loads(next(index.glob("gen-*/manifest.json")).read_text())
    return {"seconds": seconds, "passages": manifest["counts"]["passages"], "peak_rss_mb": usage.ru_maxrss / 1024}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--passages", type=int, default=4000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--skip-ray", action="store_true")
    parser.add_argument("--out", default=str(ROOT / "benchmarks" / "results" / "build.json"))
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        make_corpus(corpus, args.passages)
        configs = [("qa build", []), (f"qa build --workers {args.workers}", ["--workers", str(args.workers)])]
        if not args.skip_ray:
            configs.append((f"qa build --ray --workers {args.workers}", ["--ray", "--workers", str(args.workers)]))
        texts_file = Path(tmp) / "texts.json"
        for name, extra in configs:
            result = run_build(corpus, Path(tmp) / f"index-{len(rows)}", extra)
            if not texts_file.exists():
                from qa.generation import PassageTable, live_folder

                table = PassageTable.load(live_folder(Path(tmp) / "index-0"))
                texts_file.write_text(json.dumps([table.text(r) for r in range(len(table))]))
                base = json.loads(subprocess.run([sys.executable, "-c", BASELINE, str(texts_file)], capture_output=True, text=True,
                                                 check=True, env={**os.environ, "HF_HUB_OFFLINE": "1"}).stdout.strip().splitlines()[-1])
                rows.append({"config": "SentenceTransformer.encode (baseline, model load excluded)", "passages": result["passages"],
                             "seconds": round(base["seconds"], 2), "passages_per_s": round(result["passages"] / base["seconds"], 1),
                             "peak_rss_mb": round(base["peak_rss_mb"])})
            rows.append({"config": name, "passages": result["passages"], "seconds": round(result["seconds"], 2),
                         "passages_per_s": round(result["passages"] / result["seconds"], 1), "peak_rss_mb": round(result["peak_rss_mb"])})
    baseline = rows[0]["passages_per_s"]
    for row in rows:
        row["vs_baseline"] = round(row["passages_per_s"] / baseline, 2)
    print(f"{'config':58} {'passages':>8} {'s':>7} {'p/s':>7} {'ratio':>6} {'peak MB':>8}")
    for r in rows:
        print(f"{r['config']:58} {r['passages']:>8} {r['seconds']:>7} {r['passages_per_s']:>7} {r['vs_baseline']:>6} {r['peak_rss_mb']:>8}")
    meta = {**machine(), "note": "whole `qa build` wall time incl. model load"}
    Path(args.out).write_text(json.dumps({"meta": meta, "rows": rows}, indent=2))
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
