"""QA: build an index from a corpus folder, load it, ask it questions."""

from __future__ import annotations

import hashlib
import json
import logging
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np

from . import __version__
from .answer import CALIBRATION, Calibration, Features, make_answer
from .chunk import chunk_documents
from .config import Settings, default_corpus_dir, default_index_dir
from .embed import Embedder, get_embedder
from .errors import BadQuestion, IndexCorrupt, IndexMismatch, IndexNotFound, IndexStale, QAError
from .index import FORMAT_VERSION, PassageTable, build_lock, checkpoint, live_folder, load_rows, read_manifest, write_generation
from .ingest import corpus_files, file_fingerprint, load_corpus
from .lexical import LexicalIndex, terms
from .parallel import embed_passages
from .rerank import SentenceReranker, SentenceScorer, coverage
from .retrieve import Query, Retriever
from .store import VectorStore, build_store, open_store, probe_store, store_kind
from .types import Answer, Document, Hit, Passage, Quote

__all__ = ["QA", "BuildReport"]

log = logging.getLogger(__name__)
MAX_K = 50


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


class QA:
    """A loaded index that answers questions with quotes.

    >>> qa = QA.load("index")            # doctest: +SKIP
    >>> qa.ask("who plays gang tae").answer  # doctest: +SKIP
    'The first season provided closure as Moon Gang-Tae, played by Kim Soo-hyun, ...'
    """

    def __init__(self, folder: Path, manifest: dict[str, Any], settings: Settings, embedder: Embedder) -> None:
        self.folder = folder
        self.manifest = manifest
        self.settings = settings
        self.embedder = embedder
        try:
            self.table = PassageTable.load(folder)
            sentence_vectors = load_rows(folder / "sentences.npy")
            self.store: VectorStore = open_store(manifest["store"], folder)
            self.lexical = LexicalIndex.load(folder / "bm25")
        except (OSError, ValueError, KeyError, TypeError) as exc:  # never unpickles: object arrays raise ValueError
            raise IndexCorrupt(f"{folder} cannot be read ({exc.__class__.__name__}: {str(exc)[:80]}) — run `qa build` again") from exc
        if not (len(self.table) == len(self.store) == manifest["counts"]["passages"]):
            raise IndexCorrupt(f"{folder} has inconsistent parts — run `qa build` again")
        self.server_hybrid = settings.lexical == "server" and bool(getattr(self.store, "info", {}).get("server_bm25"))
        if settings.lexical == "server" and not self.server_hybrid:
            log.warning("QA_LEXICAL=server needs a Milvus store with BM25; using the in-process BM25 leg")
        self.retriever = Retriever(self.store, self.lexical, server_hybrid=self.server_hybrid)
        self.scorer = SentenceScorer(sentence_vectors, self.lexical)
        self.reranker = SentenceReranker()
        self.calibration: Calibration = CALIBRATION
        self.last_build: BuildReport | None = None

    # -- building ---------------------------------------------------------

    @classmethod
    def build(
        cls,
        corpus_dir: str | Path | None = None,
        index_dir: str | Path | None = None,
        settings: Settings | None = None,
        embedder: Embedder | None = None,
    ) -> QA:
        """Index ``corpus_dir`` into ``index_dir`` (re-embedding only changed passages) and load it."""
        report = build_index(corpus_dir, index_dir, settings, embedder)
        log.info("built %d passages from %d documents in %.1fs", report.passages, report.documents, report.seconds)
        qa = cls.load(index_dir, settings=settings, embedder=embedder)
        qa.last_build = report
        return qa

    @classmethod
    def load(
        cls,
        index_dir: str | Path | None = None,
        settings: Settings | None = None,
        embedder: Embedder | None = None,
        corpus_dir: str | Path | None = None,
    ) -> QA:
        """Open the live index; refuse a corrupt, mismatched or (with ``corpus_dir``) stale one."""
        index_dir = Path(index_dir) if index_dir is not None else default_index_dir()
        settings = settings or Settings()
        folder = live_folder(index_dir)
        manifest = read_manifest(folder)
        embedder = embedder or get_embedder(settings.model)
        built_with = manifest["embedder"]["name"]
        if built_with != embedder.name or manifest["embedder"]["dim"] != embedder.dim:
            raise IndexMismatch(f"{index_dir}/ was built with {built_with}, not {embedder.name} — run `qa build corpus/ --index {index_dir}`")
        if corpus_dir is not None and Path(corpus_dir).is_dir():
            changed = corpus_changes(Path(corpus_dir), manifest)
            if changed:
                raise IndexStale(f"{corpus_dir}/ changed since the index was built ({changed}) — run `qa build {corpus_dir} --index {index_dir}`")
        return cls(folder, manifest, settings, embedder)

    # -- asking -----------------------------------------------------------

    def ask(self, question: str, k: int | None = None, mode: str | None = None) -> Answer:
        """Answer with up to ``k`` verbatim quotes, or abstain.

        Raises:
            BadQuestion: empty or oversized question, ``k`` outside 1..50, unknown mode.
        """
        text, k, mode = self._validate(question, k, mode)
        query = self.prepare(text)
        hits = self.hits(query, k, mode)
        features = self.features(query, hits)
        return make_answer(text, hits, self.quoter(hits), features, query.terms.unknown, self.calibration)

    def features(self, query: Query, hits: list[Hit]) -> Features | None:
        """What the confidence is computed from: the top hit's similarity and term coverage."""
        if not hits:
            return None
        top = hits[0]
        return Features(top.dense, top.sentence, coverage(query.terms.terms, set(terms(self.table.text(top.row))), self.lexical))

    def prepare(self, question: str) -> Query:
        """Terms and vector of a question (the vector is of the name-split rewrite)."""
        qterms = self.lexical.analyse(question)
        vector = self.embedder.embed_query(qterms.rewritten)
        return Query(question, qterms, vector)

    def hits(self, query: Query, k: int, mode: str) -> list[Hit]:
        """Ranked hits with best sentences marked (the second stage in ``rerank`` mode)."""
        first = "hybrid" if mode == "rerank" else mode
        depth = max(k, self.reranker.depth if mode == "rerank" else k)
        hits = self.retriever.search(query, first, max(self.settings.candidates, depth))[:depth]
        hits = [self._with_sentence(query, h) for h in hits]
        if mode == "rerank":
            hits = self.reranker.rerank(query, hits)
        return hits[:k]

    def _with_sentence(self, query: Query, hit: Hit) -> Hit:
        rows = self.table.sentence_rows(hit.row)
        text = self.table.text(hit.row)
        spans = [(int(a), int(b)) for a, b in self.table.s_spans[rows.start : rows.stop]]
        i, _, combined = self.scorer.best(query, rows, [text[a:b] for a, b in spans])
        return replace(hit, sentence=combined, highlight=spans[i] if i >= 0 else None)

    def quote(self, hit: Hit) -> Quote:
        """The quote of a hit, cut from the local passage table."""
        doc = self.table.document(hit.row)
        start, end = int(self.table.p_start[hit.row]), int(self.table.p_end[hit.row])
        return Quote(doc.text[start:end], doc.id, doc.title, doc.date, doc.source, doc.url, start, end, hit.score, hit.highlight)

    def quoter(self, hits: list[Hit]) -> Any:
        """Quote maker for these hits: from the store when it keeps the passages (Milvus, one round trip), else local."""
        fetch = getattr(self.store, "records", None)
        if fetch is None or not hits:
            return self.quote
        records = fetch([h.row for h in hits])

        def quote(hit: Hit) -> Quote:
            r = records.get(hit.row)
            if r is None:
                raise IndexCorrupt(f"the vector store lacks passage {hit.row} — run `qa build` again")
            return Quote(r["text"], r["doc_id"], r["title"], r["date"] or None, r["source"] or None, r["url"] or None,
                         int(r["start"]), int(r["end"]), hit.score, hit.highlight)

        return quote

    def _validate(self, question: object, k: object, mode: str | None) -> tuple[str, int, str]:
        if not isinstance(question, str):
            raise BadQuestion("The question must be text")
        if any("\ud800" <= c <= "\udfff" for c in question):
            raise BadQuestion("The question holds invalid characters (lone UTF-16 surrogates) — retype it as plain text")
        text = " ".join(question.split())
        if not any(c.isalnum() for c in text):
            raise BadQuestion("The question is empty (no letters or digits) — type a question about the articles")
        if len(text) > self.settings.max_question_chars:
            raise BadQuestion(f"The question is {len(text)} characters long — keep it under {self.settings.max_question_chars}")
        k = self.settings.k if k is None else k
        if isinstance(k, bool) or not isinstance(k, int) or not 1 <= k <= MAX_K:
            raise BadQuestion(f"k must be a whole number from 1 to {MAX_K} (got {k!r})")
        mode = mode or self.settings.mode
        if mode not in ("bm25", "dense", "hybrid", "rerank"):
            raise BadQuestion(f"mode must be bm25, dense, hybrid or rerank (got {mode!r})")
        return text, k, mode

    def info(self) -> dict[str, Any]:
        """What ``qa info`` and ``/api/health`` show."""
        m = self.manifest
        return {
            "version": __version__,
            "index": str(self.folder),
            "built": m["created"],
            "model": m["embedder"]["name"],
            "query_backend": "onnx-int8" if getattr(self.embedder, "_query_onnx", False) else "same as index",
            "dim": m["embedder"]["dim"],
            "store": self.store.describe(),
            "lexical": "Milvus BM25 + hybrid_search (RRF)" if self.server_hybrid else "bm25s (in-process)",
            "mode": self.settings.mode,
            "documents": m["counts"]["documents"],
            "passages": m["counts"]["passages"],
            "chunking": m["chunking"],
        }


def corpus_changes(corpus_dir: Path, manifest: dict[str, Any]) -> str:
    """'' when the corpus files match the manifest, else a short description."""
    built: dict[str, str] = manifest["corpus"]["files"]
    now = {p.relative_to(corpus_dir).as_posix(): p for p in corpus_files(corpus_dir)}
    added = sorted(set(now) - set(built))
    removed = sorted(set(built) - set(now))
    edited = sorted(n for n in set(now) & set(built) if file_fingerprint(now[n]) != built[n])
    parts = [f"{label}: {', '.join(names[:3])}{'…' if len(names) > 3 else ''}" for label, names in
             (("added", added), ("removed", removed), ("edited", edited)) if names]
    return "; ".join(parts)


def build_index(
    corpus_dir: str | Path | None = None,
    index_dir: str | Path | None = None,
    settings: Settings | None = None,
    embedder: Embedder | None = None,
) -> BuildReport:
    """Ingest, chunk, embed (only what changed) and write a new index generation."""
    started = time.perf_counter()
    corpus = Path(corpus_dir) if corpus_dir is not None else default_corpus_dir()
    index = Path(index_dir) if index_dir is not None else default_index_dir()
    settings = settings or Settings()
    kind = store_kind(settings.store)  # a bad --store or a server that is down fails before anything is embedded
    probe_store(settings.store)
    embedder = embedder or get_embedder(settings.model)
    with build_lock(index):
        ingested = load_corpus(corpus)
        docs = ingested.documents
        passages = chunk_documents(docs, settings, embedder.count_tokens, embedder.split_tokens)
        keys = [_key(p.text, p.sentences) for p in passages]
        old = _previous_vectors(index, embedder)
        todo = [i for i, key in enumerate(keys) if key not in old]
        log.info("%d passages: %d to embed, %d reused", len(passages), len(todo), len(passages) - len(todo))
        checkpoint("embed")
        new_vectors, new_sentences = embed_passages(
            embedder, [passages[i].text for i in todo], [list(passages[i].sentences) for i in todo], settings.batch_size,
            settings.progress, workers=settings.workers, ray=settings.ray or None,
        )
        fresh: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        cursor = 0
        for j, i in enumerate(todo):
            n = len(passages[i].sentences)
            fresh[keys[i]] = (new_vectors[j], new_sentences[cursor : cursor + n])
            cursor += n
        pairs = [fresh.get(key) or old[key] for key in keys]
        vectors = np.array([p[0] for p in pairs], dtype=np.float32).reshape(-1, embedder.dim)
        sentences = np.concatenate([p[1] for p in pairs]).astype(np.float16) if pairs else np.zeros((0, embedder.dim), np.float16)
        table = PassageTable.from_passages(docs, passages)

        built: list[VectorStore] = []

        def write(folder: Path) -> None:
            table.save(folder)
            checkpoint("write")
            np.save(folder / "sentences.npy", sentences, allow_pickle=False)
            built.append(build_store(settings.store, folder.name.removeprefix(".tmp-"), vectors, lambda: _records(docs, passages)))
            built[0].save(folder)
            manifest["store_info"] = built[0].describe()  # index type and measured recall, before the manifest is written
            LexicalIndex.build([p.text for p in passages]).save(folder / "bm25")
        manifest = {
            "format_version": FORMAT_VERSION,
            "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "qa_version": __version__,
            "embedder": {"name": embedder.name, "dim": embedder.dim, "normalized": True},
            "chunking": settings.chunking(),
            "store": kind,
            "lexical": "bm25s",
            "corpus": {"dir": str(corpus), "files": {p.relative_to(corpus).as_posix(): file_fingerprint(p) for p in corpus_files(corpus)}},
            "counts": {"documents": len(docs), "passages": len(passages), "sentences": int(len(sentences))},
            "keys": hashlib.sha256("".join(keys).encode()).hexdigest(),
        }
        write_generation(index, write, manifest)
        promote = getattr(built[0], "promote", None)
        if promote is not None:
            promote()  # the new generation is live: point the Milvus alias at it, drop older builds
    return BuildReport(
        documents=len(docs), passages=len(passages), embedded=len(todo), reused=len(passages) - len(todo),
        seconds=time.perf_counter() - started, problems=[str(p) for p in ingested.problems], duplicates=ingested.duplicates,
    )


def _key(text: str, spans: tuple[tuple[int, int], ...]) -> str:
    # A passage's vectors depend on its text and its sentence spans only.
    return hashlib.sha256(json.dumps([text, spans]).encode()).hexdigest()


def _previous_vectors(index: Path, embedder: Embedder) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Vectors of the live index by passage key, when it was built by the same embedder."""
    try:
        folder = live_folder(index)
        manifest = read_manifest(folder)
        if manifest["embedder"]["name"] != embedder.name:
            return {}
        table = PassageTable.load(folder)
        vectors = open_store(manifest["store"], folder).vectors(np.arange(len(table)))
        sentences = np.load(folder / "sentences.npy", allow_pickle=False)
    except IndexNotFound:
        return {}
    except (OSError, ValueError, KeyError, QAError) as exc:
        log.info("not reusing the previous index: %s", exc)
        return {}
    except Exception as exc:  # noqa: BLE001 - a broken old index must never block a rebuild
        log.warning("not reusing the previous index: %s", exc)
        return {}
    out = {}
    for row in range(len(table)):
        rows = table.sentence_rows(row)
        spans = tuple((int(a), int(b)) for a, b in table.s_spans[rows.start : rows.stop])
        out[_key(table.text(row), spans)] = (vectors[row], sentences[rows.start : rows.stop].astype(np.float32))
    return out


def _records(docs: list[Document], passages: list[Passage]) -> list[dict[str, Any]]:
    """Per passage: exact text, citation fields and offsets (what a Milvus collection keeps)."""
    by_id = {d.id: d for d in docs}
    out = []
    for p in passages:
        d = by_id[p.doc_id]
        out.append({"doc_id": d.id, "title": d.title, "date": d.date or "", "source": d.source or "", "url": d.url or "",
                    "start": p.start, "end": p.end, "text": p.text})
    return out
