"""Building an index: corpus folder -> a new live generation.

ingest -> chunk -> embed (only passages whose text or sentence spans changed;
the rest reuse the live generation's vectors) -> vector store, BM25,
passage table -> manifest -> pointer swap. See docs/architecture.md.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from . import __version__
from .answer_types import FLAG_RULES, sentence_flags
from .chunk import chunk_documents
from .config import Settings
from .embed import Embedder, get_embedder
from .embed.tokens import normalise
from .errors import IndexNotFound, QAError
from .files import sha256_file
from .generation import Generation, Manifest, PassageTable, build_lock, checkpoint, new_generation
from .ingest import corpus_files, load_corpus
from .lexical import LexicalIndex
from .parallel import embed_passages
from .store import build_store, probe_store, store_kind
from .types import Document, Passage

__all__ = ["BuildReport", "build_index", "corpus_changes", "title_field", "with_titles"]

log = logging.getLogger(__name__)
TITLE_WEIGHT = 0.3  # a title's share of its passages' vectors (see with_titles)
Vectors = tuple[np.ndarray, np.ndarray, np.ndarray]  # a passage's vector, its sentences' vectors and flags


@dataclass
class BuildReport:
    """What a build did: counts, problems met, seconds taken."""

    documents: int
    passages: int
    embedded: int
    reused: int
    seconds: float
    problems: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)


def build_index(
    corpus_dir: str | Path | None = None,
    index_dir: str | Path | None = None,
    settings: Settings | None = None,
    embedder: Embedder | None = None,
) -> BuildReport:
    """Ingest, chunk, embed (only what changed) and publish a new index generation.

    Raises:
        EmptyCorpus: no readable article.
        IndexLocked: another build holds the index.
        BadStore, StoreUnavailable: before anything is embedded.
    """
    started = time.perf_counter()
    settings = settings or Settings()
    corpus = Path(corpus_dir) if corpus_dir is not None else settings.corpus
    index = Path(index_dir) if index_dir is not None else settings.index
    kind = store_kind(settings.store)  # a bad --store or a server that is down fails before anything is embedded
    probe_store(settings.store)
    embedder = embedder or get_embedder(settings.model)
    with build_lock(index):
        ingested = load_corpus(corpus)
        docs = ingested.documents
        passages = chunk_documents(docs, settings, embedder.count_tokens, embedder.split_tokens)
        titles = title_field(docs)
        keys = [_key(p.text, p.sentences, titles[p.doc_id], _tag(settings)) for p in passages]
        vectors, sentences, flags, embedded = _vectors(index, embedder, passages, keys, titles, settings)
        table = PassageTable.from_passages(docs, passages)
        with new_generation(index, settings.test_stall) as gen:
            table.save(gen.folder)
            checkpoint(settings.test_stall, "write")
            np.save(gen.folder / "sentences.npy", sentences, allow_pickle=False)
            np.save(gen.folder / "s_flags.npy", flags, allow_pickle=False)
            store = build_store(
                settings.store, gen.name, vectors, lambda: _records(docs, passages), settings.milvus_index
            )
            store.save(gen.folder)
            # Each passage is indexed with its article's title (a title field): "who sang the anthem at the
            # super bowl" then finds every Super Bowl passage about the Super Bowl, and "anthem" decides.
            LexicalIndex.build([f"{titles[p.doc_id]}\n{p.text}".lstrip() for p in passages]).save(gen.folder / "bm25")
            gen.publish(
                Manifest(
                    created=time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                    qa_version=__version__,
                    embedder=embedder.name,
                    dim=embedder.dim,
                    chunking=settings.chunking(),
                    store=kind,
                    corpus_dir=str(corpus),
                    corpus_files={p.relative_to(corpus).as_posix(): sha256_file(p) for p in corpus_files(corpus)},
                    documents=len(docs),
                    passages=len(passages),
                    sentences=int(len(sentences)),
                    keys=hashlib.sha256("".join(keys).encode()).hexdigest(),
                    store_info=store.describe(),
                    flags=flags_tag(settings),
                )
            )
        store.promote()  # the new generation is live: Milvus points its alias at it and drops older builds
    return BuildReport(
        documents=len(docs),
        passages=len(passages),
        embedded=embedded,
        reused=len(passages) - embedded,
        seconds=time.perf_counter() - started,
        problems=[str(p) for p in ingested.problems],
        duplicates=ingested.duplicates,
    )


def _vectors(
    index: Path,
    embedder: Embedder,
    passages: list[Passage],
    keys: list[str],
    titles: dict[str, str],
    settings: Settings,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
    """(passage vectors, float16 sentence vectors, sentence flags, number embedded), reusing the live generation's."""
    old, flags_current = _previous_vectors(index, embedder, _tag(settings), flags_tag(settings))
    todo = [i for i, key in enumerate(keys) if key not in old]
    log.info("%d passages: %d to embed, %d reused", len(passages), len(todo), len(passages) - len(todo))
    checkpoint(settings.test_stall, "embed")
    named = sorted({titles[passages[i].doc_id] for i in todo} - {""})
    # The titles go through the same call (whole texts, no sentence spans), so Ray or the worker pool embeds them too.
    both, new_sentences = embed_passages(
        embedder,
        [passages[i].text for i in todo] + named,
        [list(passages[i].sentences) for i in todo] + [[] for _ in named],
        settings.batch_size,
        settings.progress,
        workers=settings.workers,
        ray=settings.ray or None,
    )
    title_vectors = dict(zip(named, both[len(todo) :]))
    new_vectors = with_titles(both[: len(todo)], [title_vectors.get(titles[passages[i].doc_id]) for i in todo])
    # Flags of the new passages only, unless the rules changed: then every sentence is tagged once, below.
    new_flags = sentence_flags(
        [passages[i].text[a:b] for i in todo for a, b in passages[i].sentences] if flags_current else [],
        settings.answer_types,
    )
    fresh: dict[str, Vectors] = {}
    cursor = 0
    for j, i in enumerate(todo):
        n = len(passages[i].sentences)
        tags = new_flags[cursor : cursor + n] if flags_current else np.zeros(n, np.uint16)  # replaced below
        fresh[keys[i]] = (new_vectors[j], new_sentences[cursor : cursor + n], tags)
        cursor += n
    parts = [fresh.get(key) or old[key] for key in keys]
    vectors = np.array([p[0] for p in parts], dtype=np.float32).reshape(-1, embedder.dim)
    if not parts:
        return vectors, np.zeros((0, embedder.dim), np.float16), np.zeros(0, np.uint16), 0
    sentences = np.concatenate([p[1] for p in parts]).astype(np.float16)
    if flags_current:
        flags = np.concatenate([p[2] for p in parts]).astype(np.uint16)
    else:  # the flag rules changed since the live build: re-tag every sentence (patterns: thousands a second)
        flags = sentence_flags([p.text[a:b] for p in passages for a, b in p.sentences], settings.answer_types)
    return vectors, sentences, flags, len(todo)


def corpus_changes(corpus_dir: Path, manifest: Manifest) -> str:
    """'' when the corpus files match the manifest, else a short description."""
    built = manifest.corpus_files
    now = {p.relative_to(corpus_dir).as_posix(): p for p in corpus_files(corpus_dir)}
    added = sorted(set(now) - set(built))
    removed = sorted(set(built) - set(now))
    edited = sorted(n for n in set(now) & set(built) if sha256_file(now[n]) != built[n])
    parts = [
        f"{label}: {', '.join(names[:3])}{'…' if len(names) > 3 else ''}"
        for label, names in (("added", added), ("removed", removed), ("edited", edited))
        if names
    ]
    return "; ".join(parts)


def title_field(docs: list[Document]) -> dict[str, str]:
    """Each article's title as its passages' context; "" for a title several articles share (a JSONL file's
    records without titles all fall back to its name: it tells them apart from nothing)."""
    counts = Counter(d.title for d in docs)
    return {d.id: d.title if counts[d.title] == 1 else "" for d in docs}


def with_titles(vectors: np.ndarray, title_vectors: list[np.ndarray | None]) -> np.ndarray:
    """Passage vectors with their article's title vector mixed in (``TITLE_WEIGHT``), renormalised.

    "When did the Super Bowl start" matches a paragraph about kick-off times better once the paragraph
    knows it is from the Super Bowl article: XQuAD R@1 0.958 -> 0.961 with the mean-of-sentences vectors.
    """
    if not len(vectors):
        return vectors
    mixed = vectors.copy()
    for i, title in enumerate(title_vectors):
        if title is not None:
            mixed[i] += TITLE_WEIGHT * title
    return normalise(mixed)


def flag_rules(tag: str) -> int:
    """The rules version a generation's sentence flags were made by (0: before tags were recorded); older flags lack
    bits that today's ranking reads, which says so once per load: ``qa build`` re-tags them without re-embedding."""
    version = tag.rpartition("/")[2]
    rules = int(version) if version.isdigit() else 0
    if rules < FLAG_RULES:
        log.warning("sentence flags predate rules %d: `qa build` refreshes them (re-embeds nothing)", FLAG_RULES)
    return rules


def flags_tag(settings: Settings) -> str:
    """How sentence flags are made; a live generation with another tag has its flags recomputed, not reused."""
    return f"{settings.answer_types}/{FLAG_RULES}"


def _tag(settings: Settings) -> str:
    # How vectors and flags were made: sentences embedded alone, passage = mean of its sentences + title.
    return f"sentences+title:{TITLE_WEIGHT}+types:{settings.answer_types}"


def _key(text: str, spans: tuple[tuple[int, int], ...], title: str, tag: str) -> str:
    # A passage's vectors and flags depend on its text, its sentence spans and its article's title only.
    return hashlib.sha256(json.dumps([tag, text, spans, title]).encode()).hexdigest()


def _previous_vectors(index: Path, embedder: Embedder, tag: str, flag_tag: str) -> tuple[dict[str, Vectors], bool]:
    """Vectors of the live generation by passage key, when it was built by the same embedder, and whether its
    sentence flags were made by today's rules (``flag_tag``)."""
    try:
        live = Generation.open(index)
        if live.manifest.embedder != embedder.name:
            return {}, True
        vectors = live.store.vectors(np.arange(len(live.table)))
        sentences = np.asarray(live.sentence_vectors)
        flags = np.asarray(live.sentence_flags)
    except IndexNotFound:
        return {}, True
    except (OSError, ValueError, KeyError, QAError) as exc:
        log.info("not reusing the previous index: %s", exc)
        return {}, True
    except Exception as exc:  # noqa: BLE001 - a broken old index (or a store gone away) must never block a rebuild
        log.warning("not reusing the previous index: %s", exc)
        return {}, True
    out = {}
    live_titles = title_field(list(live.table.documents))
    for row in range(len(live.table)):
        rows = live.table.sentence_rows(row)
        title = live_titles[live.table.document(row).id]
        out[_key(live.table.text(row), tuple(live.table.spans(row)), title, tag)] = (
            vectors[row],
            sentences[rows.start : rows.stop].astype(np.float32),
            flags[rows.start : rows.stop],
        )
    return out, live.manifest.flags == flag_tag


def _records(docs: list[Document], passages: list[Passage]) -> list[dict[str, Any]]:
    """Per passage: exact text, citation fields and offsets (what a Milvus collection keeps)."""
    by_id = {d.id: d for d in docs}
    out = []
    for p in passages:
        d = by_id[p.doc_id]
        out.append(
            {
                "doc_id": d.id,
                "title": d.title,
                "date": d.date or "",
                "source": d.source or "",
                "url": d.url or "",
                "start": p.start,
                "end": p.end,
                "text": p.text,
            }
        )
    return out
