"""FAISS vs Milvus on the same index: same top quote, R@1 and latency, one run.

    python benchmarks/milvus_equivalence.py [--limit N] [--out milvus_equivalence.json]

Starts a real `milvus-lite server` process on 127.0.0.1, indexes XQuAD-en and
the SQuAD v2 subset with FAISS (flat), then rebuilds each index into Milvus
(vectors reused, not re-embedded) as FLAT, as HNSW (M=16, efConstruction=200,
ef=128), and FLAT with the server's BM25 + hybrid_search as the first stage.
Writes benchmarks/results/milvus_equivalence.json.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from qa_eval.bench import machine  # noqa: E402


def start_server(data: Path) -> tuple[subprocess.Popen[bytes], str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "milvus_lite", "server", "--data-dir", str(data), "--host", "127.0.0.1", "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(300):
        try:
            socket.create_connection(("127.0.0.1", port), 0.5).close()
            return proc, f"127.0.0.1:{port}"
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("milvus-lite server did not start")


def run(qa: object, evalset: object, questions: list[object]) -> tuple[list[tuple[str, int]], float, float]:
    from qa_eval.metrics import score_question

    tops, times, hits = [], [], []
    for q in questions:
        t = time.perf_counter()
        answer = qa.ask(q.question, k=10)  # type: ignore[attr-defined]
        times.append(time.perf_counter() - t)
        tops.append((answer.quotes[0].doc_id, answer.quotes[0].start))
        hits.append(score_question(evalset, q, list(answer.quotes), answer.quotes[0].highlighted)["r1"])  # type: ignore[arg-type]
    return tops, statistics.fmean(hits), 1000 * statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--out", default=str(ROOT / "benchmarks" / "results" / "milvus_equivalence.json"))
    args = parser.parse_args()
    from qa import QA, Settings
    from qa_eval.sets import shared_sets

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        proc, address = start_server(Path(tmp) / "milvus")
        try:
            for evalset in shared_sets():
                questions = [q for q in evalset.questions if q.answerable][: args.limit]
                base = Path(tmp) / evalset.name
                evalset.write_corpus(base / "corpus")
                faiss_qa = QA.build(base / "corpus", base / "faiss")
                faiss_qa.ask("warm up")
                ref, r1, p50 = run(faiss_qa, evalset, questions)
                rows.append({"set": evalset.name, "store": "FAISS IndexFlatIP", "questions": len(questions), "same_top_quote": 1.0,
                             "R@1": round(r1, 4), "p50_ms": round(p50, 1)})
                for label, index, lexical in (("Milvus FLAT", "FLAT", "local"), ("Milvus HNSW M=16 ef=128", "HNSW", "local"),
                                              ("Milvus FLAT + server BM25 hybrid_search (RRF)", "FLAT", "server")):
                    os.environ["QA_MILVUS_INDEX"] = index
                    folder = base / f"milvus-{index}-{lexical}"
                    shutil.copytree(base / "faiss", folder)
                    name = f"{evalset.name.replace('-', '_')}_{index}_{lexical}"
                    qa = QA.build(base / "corpus", folder, Settings(store=f"milvus://{address}/{name}", lexical=lexical))
                    qa.ask("warm up")
                    tops, r1, p50 = run(qa, evalset, questions)
                    same = sum(a == b for a, b in zip(ref, tops)) / len(ref)
                    rows.append({"set": evalset.name, "store": label, "questions": len(questions), "same_top_quote": round(same, 4),
                                 "R@1": round(r1, 4), "p50_ms": round(p50, 1), "reused": qa.last_build.reused if qa.last_build else None})
                    print(rows[-1], flush=True)
        finally:
            os.environ.pop("QA_MILVUS_INDEX", None)
            proc.terminate()
            proc.wait(timeout=30)
    print(f"\n{'set':18} {'store':48} {'same top':>9} {'R@1':>7} {'p50 ms':>7}")
    for r in rows:
        print(f"{r['set']:18} {r['store']:48} {r['same_top_quote']:>9.2%} {r['R@1']:>7.3f} {r['p50_ms']:>7}")
    meta = {**machine(), "server": "milvus-lite 3.2.2 server process on loopback",
            "mode": "rerank (default)", "k": 10}
    Path(args.out).write_text(json.dumps({"meta": meta, "rows": rows}, indent=2))
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
