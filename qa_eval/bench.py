"""What the benchmark scripts share: the machine line, loopback ports, process memory, percentiles, results files."""

from __future__ import annotations

import json
import os
import platform
import socket
from pathlib import Path
from typing import Any

__all__ = ["ROOT", "RESULTS", "machine", "free_port", "rss_kb", "pct", "write_results"]

ROOT = Path(__file__).resolve().parent.parent  # the repository (benchmarks run from a checkout)
RESULTS = ROOT / "benchmarks" / "results"


def machine() -> dict[str, str]:
    """The machine line every results file carries (numbers only compare within one machine and run)."""
    return {"machine": f"{platform.machine()}, {os.cpu_count()} cores", "python": platform.python_version()}


def free_port() -> int:
    """A free TCP port on 127.0.0.1 (benchmarks only ever talk to loopback)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def rss_kb(pid: int) -> int:
    """Resident memory of a process, in kB (Linux /proc)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def pct(values: list[float], q: float) -> float:
    """The q-th percentile (0-100) by nearest rank."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))] if ordered else float("nan")


def write_results(path: str | Path, data: dict[str, Any]) -> Path:
    """Write a results JSON file (folders made as needed) and return its path."""
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    return out
