"""Retrieval metrics on public sets, through the product's own ingest, chunking and ``QA.ask``.

Units are whole gold paragraphs (SQuAD) or documents (BEIR): a quote counts
for the paragraph holding at least half of its characters; ranked quotes are
turned into a ranked list of distinct paragraphs before scoring R@1, R@5,
MRR@10 and nDCG@10.
"""

from __future__ import annotations

import json
import math
import os
import statistics
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .config import MODES, Settings
from .ingest import clean_text

__all__ = ["EvalSet", "EvalQuestion", "load_squad", "load_beir", "evaluate", "shared_sets"]

# The shared public sets sit beside the repository (../shared/data); QA_SHARED_DATA points elsewhere.
SHARED = Path(os.environ.get("QA_SHARED_DATA") or Path(__file__).resolve().parent.parent.parent / "shared" / "data")


@dataclass(frozen=True)
class EvalQuestion:
    qid: str
    question: str
    doc: int  # index into EvalSet.docs
    span: tuple[int, int]  # gold unit inside that document's text
    answers: tuple[str, ...]
    answerable: bool = True


@dataclass
class EvalSet:
    name: str
    docs: list[dict[str, Any]]  # id, title, text, units: list[(start, end)]
    questions: list[EvalQuestion] = field(default_factory=list)

    def write_corpus(self, folder: Path, only: set[int] | None = None) -> None:
        """The articles as one JSONL corpus file, read back by the product's ingest."""
        folder.mkdir(parents=True, exist_ok=True)
        with (folder / "articles.jsonl").open("w", encoding="utf-8") as fh:
            for i, doc in enumerate(self.docs):
                if only is None or i in only:
                    fh.write(json.dumps({"id": str(i), "title": doc["title"], "text": doc["text"]}, ensure_ascii=False) + "\n")


def load_squad(path: str | Path, name: str | None = None) -> EvalSet:
    """A SQuAD-format file: one document per article, paragraphs joined by blank lines."""
    raw = json.loads(Path(path).read_text(encoding="utf-8"))
    out = EvalSet(name or Path(path).stem, [])
    for article in raw["data"]:
        parts, units, cursor = [], [], 0
        paragraph_questions = []
        for para in article["paragraphs"]:
            text = " ".join(clean_text(para["context"]).split())
            units.append((cursor, cursor + len(text)))
            parts.append(text)
            cursor += len(text) + 2
            paragraph_questions.append(para["qas"])
        d = len(out.docs)
        out.docs.append({"id": str(d), "title": article.get("title", f"article {d}").replace("_", " "), "text": "\n\n".join(parts), "units": units})
        for unit, qas in zip(units, paragraph_questions):
            for qa in qas:
                answers = tuple(a["text"] for a in qa.get("answers", []))
                answerable = not qa.get("is_impossible", False) and bool(answers)
                out.questions.append(EvalQuestion(qa["id"], qa["question"], d, unit, answers, answerable))
    return out


def load_beir(folder: str | Path) -> EvalSet:
    """A BEIR folder: corpus.jsonl, queries.jsonl, qrels/test.tsv (one unit per document)."""
    root = Path(folder)
    out = EvalSet(root.name, [])
    where: dict[str, int] = {}
    for line in (root / "corpus.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            rec = json.loads(line)
            text = clean_text(rec.get("text", ""))
            if text:
                where[str(rec["_id"])] = len(out.docs)
                out.docs.append({"id": str(rec["_id"]), "title": rec.get("title") or str(rec["_id"]), "text": text, "units": [(0, len(text))]})
    queries = {}
    for line in (root / "queries.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            rec = json.loads(line)
            queries[str(rec["_id"])] = rec["text"]
    for line in (root / "qrels" / "test.tsv").read_text(encoding="utf-8").splitlines()[1:]:
        qid, did, score = line.split("\t")[:3]
        if qid in queries and did in where and float(score) > 0:
            d = where[did]
            out.questions.append(EvalQuestion(qid, queries[qid], d, (0, len(out.docs[d]["text"])), ()))
    return out


def shared_sets() -> list[EvalSet]:
    """XQuAD-en and the SQuAD v2 subset from ../shared/data (answerable questions scored)."""
    return [
        load_squad(SHARED / "xquad_en" / "xquad.en.json", "xquad-en"),
        load_squad(SHARED / "squad_v2_dev_subset" / "squad_v2.0_dev_first5articles.json", "squad-v2-subset"),
    ]


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


def evaluate(evalset: EvalSet, modes: list[str], limit: int | None = None, settings: Settings | None = None) -> dict[str, Any]:
    """Index ``evalset`` through the product and score every mode on its answerable questions."""
    from .pipeline import QA

    questions = [q for q in evalset.questions if q.answerable][:limit]
    with tempfile.TemporaryDirectory() as tmp:
        evalset.write_corpus(Path(tmp) / "corpus")
        t0 = time.perf_counter()
        qa = QA.build(Path(tmp) / "corpus", Path(tmp) / "index", settings)
        build_s = time.perf_counter() - t0
        result: dict[str, Any] = {"set": evalset.name, "documents": len(evalset.docs), "questions": len(questions),
                                  "passages": qa.manifest["counts"]["passages"], "build_s": round(build_s, 2), "modes": {}}
        qa.ask("warm up")
        for mode in modes:
            rows, times = [], []
            for q in questions:
                t = time.perf_counter()
                answer = qa.ask(q.question, k=10, mode=mode)
                times.append(time.perf_counter() - t)
                rows.append(score_question(evalset, q, list(answer.quotes), answer.quotes[0].highlighted if answer.quotes else ""))
            summary = {key: round(statistics.fmean(r[key] for r in rows if not math.isnan(r[key])), 4) for key in rows[0]}
            summary["p50_ms"] = round(1000 * statistics.median(times), 1)
            result["modes"][mode] = summary
    return result


def markdown(results: list[dict[str, Any]]) -> str:
    lines = ["| set | mode | R@1 | R@5 | MRR@10 | nDCG@10 | answer in top quote | answer in highlight | p50 ms |", "|---|---|---|---|---|---|---|---|---|"]
    for res in results:
        for mode, m in res["modes"].items():
            lines.append(f"| {res['set']} ({res['questions']} q) | {mode} | {m['r1']:.3f} | {m['r5']:.3f} | {m['mrr10']:.3f} | "
                         f"{m['ndcg10']:.3f} | {m['answer_in_top']:.3f} | {_num(m['answer_in_highlight'])} | {m['p50_ms']} |")
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


def main(args: Any) -> int:
    """`qa eval`: print the table, write JSON + Markdown + PNG under ``--out``."""
    modes = [m for m in args.modes.split(",") if m]
    for m in modes:
        if m not in MODES:
            raise SystemExit(f"unknown mode {m!r}; use {', '.join(MODES)}")
    sets = shared_sets() if not args.data else [load_beir(p) if Path(p).is_dir() else load_squad(p) for p in args.data]
    settings = Settings.from_env()
    results = [evaluate(s, modes, args.limit, settings) for s in sets]
    for name in [p for p in (args.peers or "").split(",") if p]:
        if name != "txtai":
            raise SystemExit(f"unknown peer {name!r}; the peer available is txtai")
        from .peers import run_txtai

        for s, res in zip(sets, results):
            res["modes"]["txtai hybrid (peer)"] = run_txtai(s, args.limit)
    table = markdown(results)
    print(table)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "eval.json").write_text(json.dumps(results, indent=2), encoding="utf-8")
    (out / "eval.md").write_text(table + "\n", encoding="utf-8")
    plot(results, out / "eval_recall.png")
    print(f"wrote {out}/eval.json, eval.md, eval_recall.png")
    return 0
