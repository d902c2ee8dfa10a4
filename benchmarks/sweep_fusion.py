"""Sweep fusion and rerank weights on the shared sets (R@1 of the default mode).

Shows how sensitive the default is to its weights, so a choice is not tuned to
one set: `python benchmarks/sweep_fusion.py` prints a table and writes
benchmarks/results/sweep_fusion.json.
"""

from __future__ import annotations

import itertools
import json
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from qa import QA  # noqa: E402
from qa_eval.metrics import score_question  # noqa: E402
from qa_eval.sets import shared_sets  # noqa: E402

GRID = {"dense_weight": [0.4, 0.5, 0.6], "sentence_weight": [0.3, 0.5, 0.8], "adaptive": [False, True]}


def main() -> None:
    results = []
    for evalset in shared_sets():
        questions = [q for q in evalset.questions if q.answerable]
        with tempfile.TemporaryDirectory() as tmp:
            evalset.write_corpus(Path(tmp) / "corpus")
            qa = QA.build(Path(tmp) / "corpus", Path(tmp) / "index")
            prepared = [qa.prepare(q.question) for q in questions]
            for dw, sw, adaptive in itertools.product(*GRID.values()):
                qa._live.retriever.dense_weight, qa._live.retriever.adaptive = dw, adaptive
                qa.reranker = replace(qa.reranker, sentence_weight=sw)
                r1 = 0.0
                for q, query in zip(questions, prepared):
                    quotes = [qa.quote(h) for h in qa.hits(query, 10, "rerank")]
                    r1 += score_question(evalset, q, quotes, "")["r1"]
                results.append({"set": evalset.name, "dense_weight": dw, "sentence_weight": sw, "adaptive": adaptive, "r1": round(r1 / len(questions), 4)})
                print(results[-1], flush=True)
    out = ROOT / "benchmarks" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "sweep_fusion.json").write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
