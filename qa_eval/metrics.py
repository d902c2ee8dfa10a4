"""Retrieval metrics on public sets, through the product's own ingest, chunking and ``QA.ask``.

Units are whole gold paragraphs (SQuAD) or documents (BEIR): a quote counts
for the paragraph holding at least half of its characters; ranked quotes are
turned into a ranked list of distinct paragraphs before scoring R@1, R@5,
MRR@10 and nDCG@10.
"""

from __future__ import annotations

import math
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from qa.config import Mode, Settings

from .sets import EvalQuestion, EvalSet

__all__ = ["score_question", "evaluate", "markdown", "plot"]


def _unit_of(evalset: EvalSet, doc: int, start: int, end: int) -> int | None:
    """The gold unit holding at least half of a quote's characters, if any."""
    for u, (a, b) in enumerate(evalset.docs[doc]["units"]):
        if max(0, min(end, b) - max(start, a)) * 2 >= max(end - start, 1):
            return u
    return None


def score_question(evalset: EvalSet, q: EvalQuestion, quotes: list[Any], highlight: str) -> dict[str, float]:
    """Metrics of one question from its ranked quotes."""
    ranked: list[tuple[int, int | None]] = []
    for quote in quotes:
        d = int(quote.doc_id.rsplit("/", 1)[-1])
        unit = (d, _unit_of(evalset, d, quote.start, quote.end))
        if unit not in ranked:
            ranked.append(unit)
    gold = (q.doc, evalset.docs[q.doc]["units"].index(q.span))
    rank = ranked.index(gold) + 1 if gold in ranked[:10] else None
    top = quotes[0].text.lower() if quotes else ""
    return {
        "r1": float(rank == 1),
        "r5": float(rank is not None and rank <= 5),
        "mrr10": 1.0 / rank if rank else 0.0,
        "ndcg10": 1.0 / math.log2(rank + 1) if rank else 0.0,
        "answer_in_top": float(any(a.lower() in top for a in q.answers)) if q.answers else math.nan,
        "answer_in_highlight": float(any(a.lower() in highlight.lower() for a in q.answers)) if q.answers else math.nan,
        **{f"recall@{k}": float(rank is not None and rank <= k) for k in range(1, 11)},
    }


def evaluate(
    evalset: EvalSet, modes: list[Mode], limit: int | None = None, settings: Settings | None = None
) -> dict[str, Any]:
    """Index ``evalset`` through the product and score every mode on its answerable questions."""
    from qa import QA

    questions = [q for q in evalset.questions if q.answerable][:limit]
    with tempfile.TemporaryDirectory() as tmp:
        evalset.write_corpus(Path(tmp) / "corpus")
        t0 = time.perf_counter()
        qa = QA.build(Path(tmp) / "corpus", Path(tmp) / "index", settings)
        build_s = time.perf_counter() - t0
        result: dict[str, Any] = {
            "set": evalset.name,
            "documents": len(evalset.docs),
            "questions": len(questions),
            "passages": qa.generation.manifest.passages,
            "build_s": round(build_s, 2),
            "modes": {},
        }
        qa.ask("warm up")
        for mode in modes:
            rows, times = [], []
            for q in questions:
                t = time.perf_counter()
                answer = qa.ask(q.question, k=10, mode=mode)
                times.append(time.perf_counter() - t)
                rows.append(
                    score_question(
                        evalset, q, list(answer.quotes), answer.quotes[0].highlighted if answer.quotes else ""
                    )
                )
            summary = {
                key: round(statistics.fmean(r[key] for r in rows if not math.isnan(r[key])), 4) for key in rows[0]
            }
            summary["p50_ms"] = round(1000 * statistics.median(times), 1)
            result["modes"][mode] = summary
    return result


def markdown(results: list[dict[str, Any]]) -> str:
    lines = [
        "| set | mode | R@1 | R@5 | MRR@10 | nDCG@10 | answer in top quote | answer in highlight | p50 ms |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for res in results:
        for mode, m in res["modes"].items():
            lines.append(
                f"| {res['set']} ({res['questions']} q) | {mode} | {m['r1']:.3f} | {m['r5']:.3f} | {m['mrr10']:.3f} | "
                f"{m['ndcg10']:.3f} | {m['answer_in_top']:.3f} | {_num(m['answer_in_highlight'])} | {m['p50_ms']} |"
            )
    return "\n".join(lines)


def _num(value: float) -> str:
    return "–" if math.isnan(value) else f"{value:.3f}"


def plot(results: list[dict[str, Any]], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, len(results), figsize=(5.5 * len(results), 4), squeeze=False)
    for ax, res in zip(axes[0], results):
        for mode, m in res["modes"].items():
            ax.plot(range(1, 11), [m[f"recall@{k}"] for k in range(1, 11)], marker="o", label=mode)
        ax.set_title(f"{res['set']} ({res['questions']} questions)")
        ax.set_xlabel("k (distinct paragraphs)")
        ax.set_ylabel("recall@k")
        ax.grid(alpha=0.3)
        ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=110)
