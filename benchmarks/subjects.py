"""What ordering an article's sentences by the question without its subject (qa/subjects.py) costs per question.

    python benchmarks/subjects.py [--questions 200] [--rounds 3] [--index DIR]

The XQuAD-en articles are indexed through the product (or ``--index`` is loaded), and every sixth XQuAD question is
asked warm through ``QA.ask``, in alternating rounds with the subjects on and off (``SentenceStage.subjects`` set to
None: no second model pass, no reordering), so both sides see the same machine load. Prints p50 / p95 per round, the
share of questions that name a subject, and the on/off p50 ratio; writes benchmarks/results/subjects.json.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from qa_eval.bench import machine  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--questions", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--index", type=Path, help="an index of the XQuAD-en articles (built when not given)")
    args = parser.parse_args()

    from qa import QA
    from qa_eval.sets import load_squad, shared_data

    xquad = load_squad(shared_data() / "xquad_en" / "xquad.en.json", "xquad-en")
    questions = [q.question for q in xquad.questions][::6][: args.questions]
    with tempfile.TemporaryDirectory() as tmp:
        if args.index:
            qa = QA.load(args.index)
        else:
            xquad.write_corpus(Path(tmp) / "corpus")
            qa = QA.build(Path(tmp) / "corpus", Path(tmp) / "index")
        live = qa._live
        named = sum(qa.prepare(q, live).rest is not None for q in questions)
        on, off = live, replace(live, stage=replace(live.stage, subjects=None))
        rounds: dict[str, list[dict[str, float]]] = {"on": [], "off": []}
        for _ in range(args.rounds):
            for side, wired in (("off", off), ("on", on)):
                qa._live = wired
                for q in questions[:20]:  # warm up
                    qa.ask(q)
                times = []
                for q in questions:
                    t = time.perf_counter()
                    qa.ask(q)
                    times.append((time.perf_counter() - t) * 1000)
                times.sort()
                rounds[side].append({"p50": statistics.median(times), "p95": times[int(0.95 * len(times))]})
                print(f"subjects {side:3}  p50 {rounds[side][-1]['p50']:.2f} ms  p95 {rounds[side][-1]['p95']:.2f} ms")
        qa._live = on
    p50 = {side: statistics.median(r["p50"] for r in rows) for side, rows in rounds.items()}
    result = {
        "machine": machine(),
        "questions": len(questions),
        "naming_a_subject": named,
        "rounds": rounds,
        "p50_ms": p50,
        "p50_ratio_on_vs_off": p50["on"] / p50["off"],
    }
    print(f"{named} of {len(questions)} questions name a subject; p50 on/off = {result['p50_ratio_on_vs_off']:.2f}")
    out = ROOT / "benchmarks" / "results" / "subjects.json"
    out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
