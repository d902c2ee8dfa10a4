"""Bounded load test: the real app on loopback, 50 concurrent clients for 60 s, REST and the Gradio endpoint.

    python benchmarks/load.py [--clients 50] [--seconds 60] [--gradio-share 0.2] [--out load.json]

Prints requests/s, p50/p95/p99 latency, errors and server memory at start and
end; writes benchmarks/results/load.json. Traffic goes to 127.0.0.1 only and
stops by itself.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
QUESTIONS = [i["q"] for i in json.loads((ROOT / "tests" / "data" / "fan_questions.json").read_text())["in_scope"]]
QUESTIONS += json.loads((ROOT / "tests" / "data" / "fan_questions.json").read_text())["out_of_scope"]


def rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--gradio-share", type=float, default=0.2, help="share of clients using gradio_client")
    ap.add_argument("--out", default="load.json", help="results file name under benchmarks/results/")
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp())
    shutil.copytree(ROOT / "corpus", work / "corpus")
    port = free_port()
    env = {**os.environ, "GRADIO_SERVER_PORT": str(port), "QA_CORPUS": str(work / "corpus"), "QA_INDEX": str(work / "index"),
           "GRADIO_ANALYTICS_ENABLED": "False"}
    # Build first, in its own process: the server then starts as in production, on a prebuilt index.
    subprocess.run([sys.executable, "-m", "qa.cli", "build", str(work / "corpus"), "--index", str(work / "index"), "--quiet"], check=True, env=env)
    server = subprocess.Popen([sys.executable, str(ROOT / "app.py")], cwd=work, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):
            try:
                if httpx.get(f"{url}/api/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.3)
        mem_start = rss_kb(server.pid)
        latencies: dict[str, list[float]] = {"rest": [], "gradio": []}
        errors: list[str] = []
        lock = threading.Lock()
        stop = time.perf_counter() + args.seconds
        n_gradio = int(round(args.clients * args.gradio_share))

        def rest_client(seed: int) -> None:
            rng = random.Random(seed)
            with httpx.Client(timeout=30) as client:
                while time.perf_counter() < stop:
                    t = time.perf_counter()
                    try:
                        r = client.post(f"{url}/api/ask", json={"question": rng.choice(QUESTIONS), "k": 3})
                        ok = r.status_code == 200 and "quotes" in r.json()
                    except httpx.HTTPError as exc:
                        ok, r = False, exc  # type: ignore[assignment]
                    with lock:
                        (latencies["rest"].append(time.perf_counter() - t) if ok else errors.append(str(r)[:100]))

        def gradio_client(seed: int) -> None:
            from gradio_client import Client

            rng = random.Random(seed)
            client = Client(url + "/", verbose=False)
            while time.perf_counter() < stop:
                t = time.perf_counter()
                try:
                    ok = "quotes" in client.predict(rng.choice(QUESTIONS), 3, api_name="/ask")
                except Exception as exc:  # noqa: BLE001 - every failure is counted and reported
                    ok = False
                    with lock:
                        errors.append(repr(exc)[:100])
                if ok:
                    with lock:
                        latencies["gradio"].append(time.perf_counter() - t)

        threads = [threading.Thread(target=gradio_client if i < n_gradio else rest_client, args=(i,)) for i in range(args.clients)]
        started = time.perf_counter()
        for th in threads:
            th.start()
        for th in threads:
            th.join()
        elapsed = time.perf_counter() - started
        mem_end = rss_kb(server.pid)
    finally:
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(work, ignore_errors=True)

    def pct(xs: list[float], q: float) -> float:
        return round(1000 * sorted(xs)[min(len(xs) - 1, int(q * len(xs)))], 1) if xs else float("nan")

    total = sum(len(v) for v in latencies.values())
    result = {
        "clients": args.clients, "gradio_clients": n_gradio, "seconds": round(elapsed, 1), "requests": total, "errors": len(errors),
        "requests_per_s": round(total / elapsed, 1), "memory_start_mb": round(mem_start / 1024, 1), "memory_end_mb": round(mem_end / 1024, 1),
        "memory_growth_pct": round(100 * (mem_end - mem_start) / max(mem_start, 1), 1),
        **{f"{kind}_{name}_ms": pct(xs, q) for kind, xs in latencies.items() for name, q in (("p50", 0.5), ("p95", 0.95), ("p99", 0.99))},
        "rest_requests": len(latencies["rest"]), "gradio_requests": len(latencies["gradio"]), "first_errors": errors[:5],
    }
    print(json.dumps(result, indent=2))
    out = ROOT / "benchmarks" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / args.out).write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
