"""The recency set: small multi-article corpora whose reports disagree over time, with expected answers.

Each corpus folder holds the articles and ``_questions.json`` (ignored by ingest):
``status`` questions name the article whose quote must come first (the newest
that answers) and the older ones expected under "earlier reports";
``timeless`` questions must rank exactly as with recency off; ``filters``
questions must quote only the named articles, k quotes where they have them;
``meta`` answers must contain a date or source; ``off_topic`` must abstain.
The default sets are ``tests/data/timeline`` (development) and
``tests/data/timeline_heldout`` (held out: written before measuring, never tuned on).
"""

from __future__ import annotations

import json
import statistics
import tempfile
from pathlib import Path
from typing import Any

from qa.config import Settings

__all__ = ["RECENCY_SETS", "evaluate_recency", "recency_markdown"]

ROOT = Path(__file__).resolve().parent.parent
RECENCY_SETS = (ROOT / "tests" / "data" / "timeline", ROOT / "tests" / "data" / "timeline_heldout")


def _mean(values: list[float]) -> float:
    return round(statistics.fmean(values), 3) if values else float("nan")


def evaluate_recency(folder: Path, settings: Settings | None = None, k: int = 3) -> dict[str, Any]:
    """Index ``folder`` and score its questions with recency on and off."""
    from qa import QA

    spec = json.loads((folder / "_questions.json").read_text(encoding="utf-8"))
    settings = settings or Settings()
    with tempfile.TemporaryDirectory() as tmp:
        on = QA.build(folder, Path(tmp) / "index", settings.with_(recency=True))
        off = QA.load(Path(tmp) / "index", settings.with_(recency=False))
        status = [(on.ask(c["q"], k=k), off.ask(c["q"], k=k), c) for c in spec.get("status", [])]
        timeless = [(on.ask(c["q"], k=k), off.ask(c["q"], k=k), c) for c in spec.get("timeless", [])]
        filtered = [(on.ask(c["q"], k=k), c) for c in spec.get("filters", [])]
        meta = [(on.ask(c["q"], k=k), c) for c in spec.get("meta", [])]
        off_topic = [on.ask(c["q"], k=k) for c in spec.get("off_topic", [])]
        docs = {d.id: d for d in on.generation.table.documents}
    return {
        "set": folder.name,
        "articles": len(docs),
        "status_q": len(status),
        "newest_first": _mean([float(_top(a) == c["newest"]) for a, _, c in status]),
        "newest_first_without_recency": _mean([float(_top(b) == c["newest"]) for _, b, c in status]),
        "earlier_recall": _mean(
            [float(d in {q.doc_id for q in a.earlier}) for a, _, c in status for d in c.get("earlier", [])]
        ),
        "earlier_dated_older": _mean(
            [float(all((q.date or "") < (a.quotes[0].date or "") for q in a.earlier)) for a, _, _ in status]
        ),
        "timeless_unchanged": _mean([float(_ids(a) == _ids(b)) for a, b, _ in timeless]),
        "timeless_top_doc": _mean([float(_top(a) == c["doc"]) for a, _, c in timeless]),
        "filter_only_matching": _mean(
            [float(bool(a.quotes) and {q.doc_id for q in a.quotes} <= set(c["only"])) for a, c in filtered]
        ),
        "filter_k_quotes": _mean([float(len(a.quotes) == min(k, _passages(on, c["only"]))) for a, c in filtered]),
        "meta_correct": _mean([float(c["expect"] in a.answer and a.kind != "quote") for a, c in meta]),
        "off_topic_abstained": _mean([float(a.abstained) for a in off_topic]),
    }


def _top(answer: Any) -> str | None:
    return answer.quotes[0].doc_id if answer.quotes and not answer.abstained else None


def _ids(answer: Any) -> list[tuple[str, int]]:
    return [(q.doc_id, q.start) for q in answer.quotes]


def _passages(qa: Any, doc_ids: list[str]) -> int:
    table = qa.generation.table
    wanted = {i for i, d in enumerate(table.documents) if d.id in doc_ids}
    return int(sum(int(p) in wanted for p in table.p_doc))


def recency_markdown(results: list[dict[str, Any]]) -> str:
    keys = [k for k in results[0] if k not in ("set", "articles", "status_q")] if results else []
    lines = ["| set | " + " | ".join(k.replace("_", " ") for k in keys) + " |", "|---|" + "---|" * len(keys)]
    for res in results:
        lines.append(
            f"| {res['set']} ({res['articles']} articles) | " + " | ".join(f"{res[k]:.3f}" for k in keys) + " |"
        )
    return "\n".join(lines)
