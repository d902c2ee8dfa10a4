"""The `qa` command: build | ask | info | articles | eval. A thin shell over the library."""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import textwrap
from collections.abc import Sequence

from . import __version__
from .config import MODES, Settings
from .errors import MissingDependency, QAError
from .types import Quote, as_of

__all__ = ["main"]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="qa", description="Answer questions about news articles with verbatim, cited quotes."
    )
    parser.add_argument("--version", action="version", version=f"fan-qa {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks and debug logs")
    sub = parser.add_subparsers(dest="command", required=True)

    build = sub.add_parser("build", help="index the articles in a corpus folder")
    build.add_argument("corpus", nargs="?", default=None, help="corpus folder (default: corpus/ or $QA_CORPUS)")
    build.add_argument("--index", default=None, help="index folder (default: index/ or $QA_INDEX)")
    build.add_argument("--max-tokens", type=int, default=None, help="word pieces per passage (default 128)")
    build.add_argument("--overlap", type=int, default=None, help="sentences repeated between passages (default 1)")
    build.add_argument("--quiet", action="store_true", help="no progress bar")
    build.add_argument(
        "--store",
        default=None,
        help="faiss (default), milvus://HOST:PORT/COLLECTION or milvus-lite:PATH.db (or $QA_STORE)",
    )
    build.add_argument(
        "--workers", type=int, default=None, help="embedding processes (sentence-transformers pool) or Ray actors"
    )
    build.add_argument(
        "--ray",
        nargs="?",
        const="local",
        default=None,
        metavar="ADDRESS",
        help="embed with Ray Data: a cluster address (ray://HOST:10001, auto) or none for a Ray started here",
    )

    ask = sub.add_parser("ask", help="ask a question")
    ask.add_argument("question")
    ask.add_argument("--k", type=int, default=None, help="quotes to show (default 3)")
    ask.add_argument("--mode", choices=MODES, default=None, help="retrieval mode (default rerank)")
    ask.add_argument("--json", action="store_true", help="print the answer JSON")
    ask.add_argument("--index", default=None)
    ask.add_argument("--corpus", default=None, help="corpus folder checked for changes (default corpus/)")
    ask.add_argument("--since", default=None, metavar="YYYY-MM-DD", help="only articles dated on or after this day")
    ask.add_argument("--until", default=None, metavar="YYYY-MM-DD", help="only articles dated on or before this day")
    ask.add_argument("--source", default=None, help="only articles whose source contains this (any case)")
    ask.add_argument(
        "--lexical",
        choices=("local", "server"),
        default=None,
        help="BM25 leg: in-process (default) or Milvus's (or $QA_LEXICAL)",
    )

    info = sub.add_parser("info", help="describe the index")
    info.add_argument("--index", default=None)

    articles = sub.add_parser("articles", help="list the indexed articles, newest first")
    articles.add_argument("--index", default=None)
    articles.add_argument("--json", action="store_true", help="print the list as JSON (as GET /api/articles)")

    evaluate = sub.add_parser("eval", help="retrieval metrics on SQuAD-format or BEIR-format data")
    evaluate.add_argument("data", nargs="*", help="SQuAD .json files or BEIR folders (default: the shared sets)")
    evaluate.add_argument("--modes", default=",".join(MODES), help="comma-separated modes")
    evaluate.add_argument("--out", default="benchmarks/results", help="folder for JSON, Markdown and the plot")
    evaluate.add_argument("--limit", type=int, default=None, help="ask at most this many questions per set")
    evaluate.add_argument("--no-fan", action="store_true", help="skip the fan-typed question sets")
    evaluate.add_argument("--no-recency", action="store_true", help="skip the recency set (articles over time)")
    evaluate.add_argument(
        "--peers", default="", help="also run peers in the same run: txtai (needs pip install -e '.[bench]')"
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.debug else logging.WARNING, format="%(levelname)s: %(message)s")
    try:
        return _run(args)
    except QAError as exc:
        if args.debug:
            raise
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # `qa ask ... | head`: the reader left; say nothing more (and keep Python from printing at exit).
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141


def _run(args: argparse.Namespace) -> int:
    settings = Settings.from_env()
    if args.command == "build":
        return _build(args, settings)
    if args.command == "ask":
        return _ask(args, settings)
    if args.command == "info":
        from .pipeline import QA

        print(json.dumps(QA.load(args.index, settings).info(), indent=2))
        return 0
    if args.command == "articles":
        return _articles(args, settings)
    try:
        from qa_eval.cli import main as eval_main
    except ImportError as exc:
        raise MissingDependency(
            f"qa eval needs the evaluation extra ({exc.name} is missing) — pip install -e '.[eval]'"
        ) from exc
    return eval_main(args)


def _build(args: argparse.Namespace, settings: Settings) -> int:
    from .pipeline import QA

    settings = settings.with_(
        max_tokens=args.max_tokens,
        overlap_sentences=args.overlap,
        progress=not args.quiet,
        store=args.store,
        workers=args.workers,
        ray=args.ray,
    )
    report = QA.build(args.corpus, args.index, settings).last_build
    assert report is not None  # QA.build always sets it
    for problem in report.problems:
        print(f"skipped {problem}", file=sys.stderr)
    for duplicate in report.duplicates:
        print(f"duplicate skipped: {duplicate}", file=sys.stderr)
    print(
        f"indexed {report.documents} article(s) as {report.passages} passages "
        f"({report.embedded} embedded, {report.reused} reused) in {report.seconds:.1f}s "
        f"-> {args.index or settings.index}/"
    )
    return 0


def _ask(args: argparse.Namespace, settings: Settings) -> int:
    from .pipeline import QA

    corpus = args.corpus or settings.corpus
    settings = settings.with_(lexical=args.lexical)
    qa = QA.load(args.index, settings, corpus_dir=corpus)
    answer = qa.ask(args.question, k=args.k, mode=args.mode, since=args.since, until=args.until, source=args.source)
    if args.json:
        print(json.dumps(answer.to_dict(), ensure_ascii=False, indent=2))
        return 0
    if answer.abstained:
        print(answer.reason)
    elif answer.kind != "quote":
        print(answer.answer)  # built from the articles' metadata; the quotes below are their first passages
    for i, quote in enumerate(answer.quotes, 1):
        _print_quote(f"[{i}]", quote)
    if answer.earlier:
        print("\nearlier reports:")
        shown = {(q.doc_id, q.start): i for i, q in enumerate(answer.quotes, 1)}
        for quote in answer.earlier:
            if (quote.doc_id, quote.start) in shown:  # printed above: named, not repeated
                print(f"  - [{shown[quote.doc_id, quote.start]}] {quote.title} · {as_of(quote.date)}")
            else:
                _print_quote("  -", quote)
    if not answer.abstained:
        print(f"\nconfidence {answer.confidence:.2f}")
    return 0


def _print_quote(label: str, quote: Quote) -> None:
    text = quote.text
    if quote.highlight:
        a, b = quote.highlight
        text = f"{text[:a]}**{text[a:b]}**{text[b:]}"
    print(f"\n{label} " + textwrap.fill(text, 88, subsequent_indent="    "))
    cite = " · ".join(x for x in (quote.title, quote.source, as_of(quote.date)) if x)
    print(f"    — {cite} (chars {quote.start}–{quote.end}, score {quote.score:.2f})")


def _articles(args: argparse.Namespace, settings: Settings) -> int:
    from .articles import article_list
    from .pipeline import QA

    listed = article_list(QA.load(args.index, settings).generation.table.documents)
    if args.json:
        print(json.dumps({"articles": listed}, ensure_ascii=False, indent=2))
        return 0
    for a in listed:
        print(" · ".join(x for x in (a["title"], a["source"], a["date"] or "undated", a["url"]) if x))
    return 0


if __name__ == "__main__":
    sys.exit(main())
