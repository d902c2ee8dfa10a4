"""`python app.py`: the chat page and HTTP API on 127.0.0.1:7860 (also the Hugging Face Space entry).

Builds the index from corpus/ first when it is missing, stale or broken.
GRADIO_SERVER_NAME / GRADIO_SERVER_PORT choose the address (Spaces sets 0.0.0.0).
"""

from __future__ import annotations

import logging
import os
import time

from qa.embed import set_threads
from qa.errors import IndexCorrupt, IndexMismatch, IndexNotFound, IndexStale
from qa.pipeline import QA, build_index

log = logging.getLogger("app")


def ready_qa(corpus: str = "corpus", index: str = "index") -> QA:
    """Load the index, building it first when it is missing, stale or broken."""
    try:
        return QA.load(index, corpus_dir=corpus)
    except (IndexNotFound, IndexStale, IndexMismatch, IndexCorrupt) as exc:
        log.warning("%s — building the index now", exc)
        report = build_index(corpus, index)
        for problem in report.problems:
            log.warning("skipped %s", problem)
        log.warning("built %d passages from %d article(s) in %.1fs", report.passages, report.documents, report.seconds)
        return QA.load(index)


def main() -> None:
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(message)s")
    started = time.perf_counter()
    qa = ready_qa(os.environ.get("QA_CORPUS", "corpus"), os.environ.get("QA_INDEX", "index"))
    set_threads(int(os.environ.get("QA_TORCH_THREADS", "1")))  # requests run side by side: one core each
    qa.ask("warm up")  # load the model now, not on the first fan's question
    import uvicorn

    from qa.server import create_app

    host = os.environ.get("GRADIO_SERVER_NAME", "127.0.0.1")
    port = int(os.environ.get("GRADIO_SERVER_PORT", "7860"))
    log.warning("ready in %.1fs: http://%s:%d/ (API: POST /api/ask, GET /api/health)", time.perf_counter() - started, host, port)
    uvicorn.run(create_app(qa), host=host, port=port, log_level="warning")


if __name__ == "__main__":
    main()
