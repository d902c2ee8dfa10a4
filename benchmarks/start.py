"""Start-up: cold `qa ask` and `python app.py` to first answer, on a prebuilt index of the bundled corpus.

    python benchmarks/start.py [--runs 3] [--out start.json]

Each run is a fresh process; the index is built once beforehand. Prints the
medians and writes benchmarks/results/start.json.
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

import httpx

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out", default=str(ROOT / "benchmarks" / "results" / "start.json"))
    args = parser.parse_args()
    cold, app = [], []
    with tempfile.TemporaryDirectory() as tmp:
        shutil.copytree(ROOT / "corpus", Path(tmp) / "corpus")
        env = {**os.environ, "HF_HUB_OFFLINE": "1", "QA_INDEX": str(Path(tmp) / "index"), "QA_CORPUS": str(Path(tmp) / "corpus")}
        subprocess.run([sys.executable, "-m", "qa.cli", "build", "--quiet"], env=env, check=True, capture_output=True)
        for _ in range(args.runs):
            t = time.perf_counter()
            subprocess.run([sys.executable, "-m", "qa.cli", "ask", "who plays gang tae"], env=env, check=True, capture_output=True)
            cold.append(time.perf_counter() - t)
            with socket.socket() as s:
                s.bind(("127.0.0.1", 0))
                port = s.getsockname()[1]
            t = time.perf_counter()
            proc = subprocess.Popen([sys.executable, str(ROOT / "app.py")], env={**env, "GRADIO_SERVER_PORT": str(port)},
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=tmp)
            try:
                while True:
                    try:
                        r = httpx.post(f"http://127.0.0.1:{port}/api/ask", json={"question": "who plays gang tae"}, timeout=5)
                        if r.status_code == 200 and "Kim Soo-hyun" in r.text:
                            break
                    except httpx.TransportError:
                        pass
                    if time.perf_counter() - t > 120:
                        raise SystemExit("the app did not answer within 120 s")
                    time.sleep(0.1)
                app.append(time.perf_counter() - t)
            finally:
                proc.terminate()
                proc.wait(timeout=30)
    result = {"cold_qa_ask_s": round(statistics.median(cold), 2), "app_start_to_first_answer_s": round(statistics.median(app), 2),
              "runs": args.runs, "cold_all": [round(c, 2) for c in cold], "app_all": [round(a, 2) for a in app]}
    print(json.dumps(result, indent=2))
    Path(args.out).write_text(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
