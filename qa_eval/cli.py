"""`qa eval`: the retrieval table on the shared sets (or given SQuAD/BEIR data), written under ``--out``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from qa.config import MODES, Settings, check_mode
from qa.errors import BadSettings

from .fan import fan_markdown, fan_plot, run_fan_sets
from .metrics import evaluate, markdown, plot
from .recency import RECENCY_SETS, evaluate_recency, recency_markdown
from .sets import load_beir, load_squad, shared_sets

__all__ = ["main"]

PEERS = ("txtai",)


def main(args: Any) -> int:
    """Print the table; write eval.json, eval.md and eval_recall.png under ``args.out``.

    Raises:
        BadSettings: an unknown mode or peer.
    """
    modes = [check_mode(m) for m in args.modes.split(",") if m] or list(MODES)
    peers = [p for p in (args.peers or "").split(",") if p]
    for name in peers:
        if name not in PEERS:
            raise BadSettings(f"unknown peer {name!r} — the peer available is {', '.join(PEERS)}")
    sets = shared_sets() if not args.data else [load_beir(p) if Path(p).is_dir() else load_squad(p) for p in args.data]
    settings = Settings.from_env()
    results = [evaluate(s, modes, args.limit, settings) for s in sets]
    if peers:
        from .peers import run_txtai

        for s, res in zip(sets, results):
            res["modes"]["txtai hybrid (peer)"] = run_txtai(s, args.limit)
    table = markdown(results)
    fan: list[dict[str, Any]] = []
    if not args.no_fan and not args.data:
        fan = run_fan_sets(settings)
        table += "\n\n" + fan_markdown(fan)
    print(table)
    recency: list[dict[str, Any]] = []
    if not args.data and not getattr(args, "no_recency", False):
        # Articles over time (#14): small corpora whose reports disagree; a few seconds each.
        recency = [evaluate_recency(folder, settings) for folder in RECENCY_SETS if folder.is_dir()]
        table += "\n\nRecency set (newest answering report first; the second set is held out):\n\n"
        table += recency_markdown(recency)
        print(table.split("\n\nRecency", 1)[1])
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "eval.json").write_text(json.dumps({"retrieval": results, "fan": fan}, indent=2), encoding="utf-8")
    if recency:
        (out / "recency.json").write_text(json.dumps(recency, indent=2), encoding="utf-8")
    (out / "eval.md").write_text(table + "\n", encoding="utf-8")
    plot(results, out / "eval_recall.png")
    written = "eval.json, eval.md, eval_recall.png"
    if fan:
        fan_plot(fan, out / "fan_sets.png")
        written += ", fan_sets.png"
    print(f"wrote {out}/{written}")
    return 0
