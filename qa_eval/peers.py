"""Peers measured in the same `qa eval` run: txtai's hybrid search with the same packaged MiniLM.

Optional (``pip install -e '.[bench]'``). txtai indexes the gold paragraphs
themselves (the units the team's reference numbers used), which is the easier
setting: the product indexes its own passages and must map them back.
"""

from __future__ import annotations

import math
import statistics
import time
from dataclasses import dataclass
from typing import Any

from qa.errors import MissingDependency

from .metrics import score_question
from .sets import EvalSet

__all__ = ["run_txtai"]


@dataclass(frozen=True)
class _Unit:
    """Just enough of a Quote for score_question."""

    text: str
    doc_id: str
    start: int
    end: int


def run_txtai(evalset: EvalSet, limit: int | None = None) -> dict[str, Any]:
    """R@k etc. for txtai ``Embeddings(hybrid=True)`` over the set's paragraphs."""
    try:
        from txtai import Embeddings
    except ImportError as exc:
        raise MissingDependency("failed to import txtai — try pip install -e '.[bench]'") from exc
    from qa.embed.torch_st import SentenceTransformerEmbedder

    units = [(d, a, b) for d, doc in enumerate(evalset.docs) for a, b in doc["units"]]
    embeddings = Embeddings(path=SentenceTransformerEmbedder().path, hybrid=True, content=False)
    embeddings.index([(i, evalset.docs[d]["text"][a:b], None) for i, (d, a, b) in enumerate(units)])
    questions = [q for q in evalset.questions if q.answerable][:limit]
    rows, times = [], []
    for q in questions:
        t = time.perf_counter()
        found = embeddings.search(q.question, 10)
        times.append(time.perf_counter() - t)
        quotes = [
            _Unit(
                evalset.docs[units[i][0]]["text"][units[i][1] : units[i][2]],
                f"peer/{units[i][0]}",
                units[i][1],
                units[i][2],
            )
            for i, _ in found
        ]
        rows.append(score_question(evalset, q, quotes, highlight=""))
    summary = {key: round(statistics.fmean(r[key] for r in rows if not math.isnan(r[key])), 4) for key in rows[0]}
    summary["answer_in_highlight"] = math.nan  # txtai returns paragraphs, no sentence
    summary["p50_ms"] = round(1000 * statistics.median(times), 1)
    return summary
