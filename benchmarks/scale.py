"""Ask latency by stage, memory per passage, load and cold-start time at 1k, 100k and 1M passages.

    python benchmarks/scale.py [--sizes 1000,100000,1000000] [--questions 300] [--out scale.json]

Index: the shared sets' articles are indexed once with the real model
(about 1,200 passages, with their passage and sentence vectors). Larger
indexes are made from them: each synthetic article is five real passages,
and each passage's vector is its source vector moved by noise (cosine about
0.9 to the source), so that no two of the million are the same point. The
text repeats (a 1M index holds each real passage ~800 times), which makes
the BM25 posting lists longer than a real corpus of that size would: the
lexical figures are pessimistic. Index files go through the product's own
writer (`write_generation`) and `FaissStore.build`, which picks flat or
IVF-SQ8 by size and tunes nprobe; the recall of that choice is measured here
against exact search, with the real model's question vectors.

Each size is measured in a fresh process: index load time, resident memory
(RSS) after load and after the questions, warm `QA.ask` latency end to end
and split into stages, then cold `qa ask` (process start to printed answer).
The 1k index is the baseline: ratios are against it, same run.
Writes benchmarks/results/scale.json.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from qa_eval.bench import machine  # noqa: E402

PROBE = r"""
import json, sys, time, os
t0 = time.perf_counter()
from qa import QA
from qa.answer import make_answer
qa = QA.load(sys.argv[1])
load_s = time.perf_counter() - t0
def rss():
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
def anon():
    # Anonymous pages: what the process itself holds. The rest of RSS is mapped
    # index files (page cache the kernel can drop and re-read).
    for line in open("/proc/self/smaps_rollup"):
        if line.startswith("Anonymous:"):
            return int(line.split()[1]) * 1024
questions = json.load(open(sys.argv[2]))
qa.ask("warm up the model")
rss_loaded, anon_loaded = rss(), anon()
stages = {k: [] for k in ("analyse", "embed", "dense", "lexical", "first_stage", "rerank", "answer")}
total, exact_recall = [], []
for q in questions:
    t = time.perf_counter(); qa.ask(q); total.append(time.perf_counter() - t)
    live = qa._live  # the stages of QA.ask, timed one by one
    t = time.perf_counter(); terms = live.gen.lexical.analyse(q); stages["analyse"].append(time.perf_counter() - t)
    t = time.perf_counter(); vec = qa.query_embedder.embed_query(terms.rewritten); stages["embed"].append(time.perf_counter() - t)
    from qa.retrieve import Query
    query = Query(q, terms, vec)
    t = time.perf_counter(); live.gen.store.search(vec, 50); stages["dense"].append(time.perf_counter() - t)
    t = time.perf_counter(); live.gen.lexical.scores(terms); stages["lexical"].append(time.perf_counter() - t)
    t = time.perf_counter(); first = live.retriever.search(query, "hybrid", 100, depth=50); stages["first_stage"].append(time.perf_counter() - t)
    t = time.perf_counter(); hits = [live.stage.highlight(query, h) for h in live.stage.rerank(query, first)[:3]]; stages["rerank"].append(time.perf_counter() - t)
    t = time.perf_counter(); make_answer(q, hits, live.quotes(hits), qa.features(query, hits, live), terms.unknown, qa.calibration)
    stages["answer"].append(time.perf_counter() - t)
print(json.dumps({"load_s": load_s, "rss_loaded": rss_loaded, "anon_loaded": anon_loaded, "rss_after": rss(), "anon_after": anon(),
                  "total": total, "stages": stages,
                  "store": qa.generation.store.describe()}))
"""


def real_sample(folder: Path) -> object:
    from qa import QA
    from qa_eval.sets import shared_sets

    for s in shared_sets():
        s.write_corpus(folder / "corpus" / s.name)
    qa = QA.build(folder / "corpus", folder / "real")
    return qa


def synthesize(src: object, n: int, index_dir: Path, seed: int = 0) -> float:
    """An index of ``n`` passages made from the real sample; returns build seconds (FAISS + BM25 + files)."""
    from qa.generation import Manifest, PassageTable, new_generation
    from qa.lexical import LexicalIndex
    from qa.store.faiss import FaissStore
    from qa.types import Document

    t = time.perf_counter()
    gen = src.generation  # type: ignore[attr-defined]
    table = gen.table
    m = len(table)
    rng = np.random.default_rng(seed)
    pick = rng.integers(0, m, size=n)
    texts = [table.text(int(j)) for j in range(m)]
    docs, p_start, p_end = [], np.zeros(n, np.int64), np.zeros(n, np.int64)
    for d, first in enumerate(range(0, n, 5)):
        parts, cursor = [], 0
        for i in range(first, min(n, first + 5)):
            p_start[i], p_end[i] = cursor, cursor + len(texts[pick[i]])
            parts.append(texts[pick[i]])
            cursor = int(p_end[i]) + 2
        docs.append(Document(id=f"syn-{d}", title=f"Synthetic article {d}", text="\n\n".join(parts), path="synthetic.jsonl", date="2023-06-01"))
    counts = np.diff(table.s_offsets)[pick]
    s_offsets = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
    src_rows = np.concatenate([np.arange(table.s_offsets[j], table.s_offsets[j + 1]) for j in pick]) if n else np.zeros(0, np.int64)
    new = PassageTable(docs, np.arange(n, dtype=np.int32) // 5, p_start, p_end, s_offsets, np.asarray(table.s_spans)[src_rows])
    base = gen.store.vectors(np.arange(m))
    vectors = np.empty((n, base.shape[1]), np.float32)
    for a in range(0, n, 100_000):
        b = min(n, a + 100_000)
        v = base[pick[a:b]] + rng.normal(scale=0.5 / np.sqrt(base.shape[1]), size=(b - a, base.shape[1])).astype(np.float32)
        vectors[a:b] = v / np.linalg.norm(v, axis=1, keepdims=True)
    sentences_src = np.load(gen.folder / "sentences.npy", mmap_mode="r")
    store = FaissStore.build(vectors)
    lexical = LexicalIndex.build([texts[j] for j in pick])

    with new_generation(index_dir) as out_gen:
        folder = out_gen.folder
        new.save(folder)
        out = np.lib.format.open_memmap(folder / "sentences.npy", mode="w+", dtype=np.float16, shape=(len(src_rows), sentences_src.shape[1]))
        for a in range(0, len(src_rows), 500_000):
            out[a : a + 500_000] = sentences_src[src_rows[a : a + 500_000]]
        out.flush()
        del out
        np.save(folder / "s_flags.npy", np.asarray(gen.sentence_flags)[src_rows], allow_pickle=False)
        store.save(folder)
        lexical.save(folder / "bm25")
        m0 = gen.manifest
        out_gen.publish(Manifest(
            created=time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), qa_version="bench", embedder=m0.embedder, dim=m0.dim,
            chunking=m0.chunking, store="faiss", corpus_dir="synthetic", corpus_files={}, documents=len(docs), passages=n,
            sentences=int(len(src_rows)), keys="synthetic", store_info=store.describe(),
        ))
    return time.perf_counter() - t


def ann_recall(index_dir: Path, queries: np.ndarray) -> float | None:
    """Recall@10 of the built FAISS index against exact search, for real question vectors."""
    import faiss

    from qa.generation import live_folder
    from qa.store.faiss import exact_top

    folder = live_folder(index_dir)
    index = faiss.read_index(str(folder / "dense.faiss"))
    if not hasattr(index, "nprobe"):
        return None
    vectors = np.load(folder / "vectors.npy", mmap_mode="r")
    best_i = exact_top(queries, vectors)
    _, found = index.search(queries, 10)
    return float(np.mean([len(set(f) & set(e)) / 10 for f, e in zip(found, best_i)]))


def pct(values: list[float], q: float) -> float:
    return round(1000 * float(np.percentile(values, q)), 2)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1000,100000,1000000")
    parser.add_argument("--questions", type=int, default=300)
    parser.add_argument("--out", default=str(ROOT / "benchmarks" / "results" / "scale.json"))
    parser.add_argument("--keep", default=None, help="folder to keep the built indexes in (default: a temp folder)")
    parser.add_argument("--reuse", action="store_true", help="with --keep: measure indexes already built there")
    args = parser.parse_args()
    from qa_eval.sets import shared_sets

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(args.keep or tmp)
        src = real_sample(work)
        qs = [q.question for s in shared_sets() for q in s.questions if q.answerable]
        qs = [qs[i] for i in np.random.default_rng(1).choice(len(qs), size=min(args.questions, len(qs)), replace=False)]
        (work / "questions.json").write_text(json.dumps(qs))
        qvecs = np.stack([src.query_embedder.embed_query(src.generation.lexical.analyse(q).rewritten) for q in qs])  # type: ignore[attr-defined]
        for n in (int(x) for x in args.sizes.split(",")):
            index_dir = work / f"index-{n}"
            build_s = None if (args.reuse and index_dir.exists()) else round(synthesize(src, n, index_dir), 1)
            recall = ann_recall(index_dir, qvecs)
            env = {**os.environ, "HF_HUB_OFFLINE": "1"}
            probe = json.loads(subprocess.run([sys.executable, "-c", PROBE, str(index_dir), str(work / "questions.json")],
                                              capture_output=True, text=True, check=True, env=env).stdout.strip().splitlines()[-1])
            cold = []
            for _ in range(3):
                t = time.perf_counter()
                subprocess.run([sys.executable, "-m", "qa.cli", "ask", qs[0], "--index", str(index_dir), "--corpus", str(work / "no-corpus")],
                               capture_output=True, check=True, env=env)
                cold.append(time.perf_counter() - t)
            disk = sum(f.stat().st_size for f in index_dir.rglob("*") if f.is_file())
            row = {
                "passages": n, "index": probe["store"], "build_s": build_s, "ann_recall_at_10_real_questions": recall,
                "load_s": round(probe["load_s"], 2), "cold_ask_s": round(statistics.median(cold), 2),
                "rss_loaded_mb": round(probe["rss_loaded"] / 2**20), "rss_after_mb": round(probe["rss_after"] / 2**20),
                "anon_loaded_mb": round(probe["anon_loaded"] / 2**20), "anon_after_mb": round(probe["anon_after"] / 2**20),
                "disk_mb": round(disk / 2**20), "ask_ms": {"p50": pct(probe["total"], 50), "p95": pct(probe["total"], 95), "p99": pct(probe["total"], 99)},
                "stages_p50_ms": {k: pct(v, 50) for k, v in probe["stages"].items()},
            }
            rows.append(row)
            print(json.dumps(row), flush=True)
    base = rows[0]
    for r in rows:
        extra = r["passages"] - base["passages"]
        r["resident_bytes_per_passage_vs_1k"] = round((r["rss_after_mb"] - base["rss_after_mb"]) * 2**20 / extra) if extra > 0 else None
        r["anon_bytes_per_passage_vs_1k"] = round((r["anon_after_mb"] - base["anon_after_mb"]) * 2**20 / extra) if extra > 0 else None
        r["p50_vs_1k"] = round(r["ask_ms"]["p50"] / base["ask_ms"]["p50"], 2)
    print(f"\n{'passages':>9} {'index':>16} {'p50':>6} {'p95':>6} {'p99':>6} {'x1k':>5} {'load s':>6} {'cold s':>6} "
          f"{'RSS MB':>7} {'B/pass':>7} {'anon B/p':>8} {'recall':>6}")
    for r in rows:
        idx = r["index"]["index"] + (f" np{r['index']['nprobe']}" if "nprobe" in r["index"] else "")
        a = r["ask_ms"]
        print(f"{r['passages']:>9} {idx:>16} {a['p50']:>6} {a['p95']:>6} {a['p99']:>6} {r['p50_vs_1k']:>5} {r['load_s']:>6} {r['cold_ask_s']:>6} "
              f"{r['rss_after_mb']:>7} {str(r['resident_bytes_per_passage_vs_1k']):>7} {str(r['anon_bytes_per_passage_vs_1k']):>8} "
              f"{str(r['ann_recall_at_10_real_questions']):>6}")
        print("          stages p50 ms: " + ", ".join(f"{k} {v}" for k, v in r["stages_p50_ms"].items()))
    meta = {**machine(), "questions": len(qs)}
    Path(args.out).write_text(json.dumps({"meta": meta, "rows": rows}, indent=2))
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
