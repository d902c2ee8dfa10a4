"""`python app.py`: the chat page and HTTP API on 127.0.0.1:7860 (also the Hugging Face Space entry).

Builds the index from the corpus first when it is missing, stale or broken,
in a child process (so the server never holds torch and the build's memory),
then follows rebuilds: a `qa build` while the app runs is picked up between
questions. Settings come from ``QA_*`` variables (see qa/config.py);
GRADIO_SERVER_NAME / GRADIO_SERVER_PORT choose the address (Spaces sets 0.0.0.0).
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import threading
import time

from qa.config import Settings
from qa.embed import set_threads
from qa.errors import IndexCorrupt, IndexMismatch, IndexNotFound, IndexStale, QAError
from qa.pipeline import QA

log = logging.getLogger("app")
FOLLOW_SECONDS = 2.0


def ready_qa(settings: Settings, build_cmd: list[str] | None = None) -> QA:
    """Load the index, building it first (in a child process) when it is missing, stale or broken.

    A failed rebuild of a stale index keeps serving the old one: nothing is lost.
    ``build_cmd`` replaces ``-m qa.cli`` (tests run a `qa` with their own embedder).
    """
    try:
        return QA.load(settings.index, settings, corpus_dir=settings.corpus)
    except (IndexNotFound, IndexStale, IndexMismatch, IndexCorrupt) as exc:
        log.warning("%s — building the index now", exc)
    cmd = [
        sys.executable,
        *(build_cmd or ["-m", "qa.cli"]),
        "build",
        str(settings.corpus),
        "--index",
        str(settings.index),
        "--quiet",
    ]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False, env={**os.environ, **settings.to_env()})
    for line in done.stderr.splitlines():
        log.warning("build: %s", line)
    if done.returncode != 0:
        log.error("the index build failed; serving the previous index if there is one")
    else:
        log.warning("%s", done.stdout.strip())
    return QA.load(settings.index, settings)


def follow_rebuilds(qa: QA, every: float = FOLLOW_SECONDS) -> threading.Thread:
    """A daemon thread that switches the app to each new generation a build publishes."""

    def loop() -> None:
        while True:
            time.sleep(every)
            qa.follow()

    thread = threading.Thread(target=loop, name="follow-index", daemon=True)
    thread.start()
    return thread


def main() -> None:
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(message)s")
    started = time.perf_counter()
    try:
        settings = Settings.from_env()
        qa = ready_qa(settings)
    except QAError as exc:
        sys.exit(f"error: {exc}")
    set_threads(settings.threads or 1)  # requests run side by side: one core each
    qa.ask("warm up")  # load the model now, not on the first fan's question
    follow_rebuilds(qa)
    from qa.server import create_app, serve

    host = os.environ.get("GRADIO_SERVER_NAME", "127.0.0.1")
    port = int(os.environ.get("GRADIO_SERVER_PORT", "7860"))
    log.warning(
        "ready in %.1fs: http://%s:%d/ (API: POST /api/ask, GET /api/health)", time.perf_counter() - started, host, port
    )
    serve(create_app(qa), host, port)


if __name__ == "__main__":
    main()
