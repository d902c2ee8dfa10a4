"""Entry point for `python app.py` (and the Hugging Face Space).

Builds the index from corpus/ when it is missing or stale, then answers
questions typed at the prompt. (The Gradio chat page replaces this loop.)
"""

from __future__ import annotations

import logging
import sys

from qa.errors import IndexCorrupt, IndexMismatch, IndexNotFound, IndexStale, QAError
from qa.pipeline import QA, build_index

log = logging.getLogger("app")


def ready_qa(corpus: str = "corpus", index: str = "index") -> QA:
    """Load the index, building it first when it is missing, stale or broken."""
    try:
        return QA.load(index, corpus_dir=corpus)
    except (IndexNotFound, IndexStale, IndexMismatch, IndexCorrupt) as exc:
        log.warning("%s — building the index now", exc)
        report = build_index(corpus, index)
        log.warning("built %d passages from %d article(s) in %.1fs", report.passages, report.documents, report.seconds)
        return QA.load(index)


def main() -> int:
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    qa = ready_qa()
    print("Ask about the articles (empty line to quit).")
    for line in sys.stdin:
        if not line.strip():
            break
        try:
            answer = qa.ask(line)
        except QAError as exc:
            print(f"error: {exc}")
            continue
        print(answer.reason if answer.abstained else answer.answer)
        if answer.quotes:
            q = answer.quotes[0]
            print(f"  — {q.title} · {q.source} · {q.date}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
