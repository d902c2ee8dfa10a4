"""QA: load an index (or build one), ask it questions, follow rebuilds."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

from . import __version__
from .answer import CALIBRATION, Calibration, Features, make_answer
from .answer_types import counted, gives_measure, numbers_covered, uncounted
from .articles import about_answer, first_rows, no_match, own_terms
from .asked import partial_name, what_is_missing
from .build import BuildReport, build_index, corpus_changes, flag_rules, title_field
from .config import Mode, Settings
from .embed import Embedder, get_embedders
from .errors import IndexMismatch, IndexStale, QAError
from .generation import Generation, live_folder
from .lexical import respell, terms
from .quotes import DUPLICATE_SLACK, distinct, store_quotes, table_quotes
from .rerank import SentenceStage, coverage, known_coverage
from .retrieve import Query, Retriever, Sentences
from .scope import Scope, about_change, read_scope
from .subjects import Subjects, without
from .timeline import RECENCY_POOL, Filters, allowed_rows, newest_first
from .topics import premise_check
from .types import Answer, Hit, Quote
from .validate import MAX_K, validate

__all__ = ["QA", "BuildReport", "MAX_K"]

log = logging.getLogger(__name__)
# Fan paraphrases that share no word with their answer passage reach cosine >= 0.25 with its best sentence
# in our fan sets (one exception, "how many eps" at 0.12); off-topic questions stay under 0.2.
UNRELATED_COSINE = 0.2
# A question naming an article's subject, met by a sentence that shares none of its other words and whose cosine to
# the question without the subject stays under this, matches by the name alone ("is the orion pulse 3 pro waterproof"
# -> the lede announcing the phone, at 0.71): at most "closest" (qa.answer), never a confident answer.
NAME_ONLY_COSINE = 0.25
QuoteOf = Callable[[Hit], Quote]


@dataclass(frozen=True)
class _Live:
    """One generation and what searches it; swapped as a whole when a rebuild is followed."""

    gen: Generation
    retriever: Retriever
    stage: SentenceStage
    quotes: Callable[[list[Hit]], QuoteOf]


class QA:
    """A loaded index that answers questions with quotes.

    >>> qa = QA.load("index")            # doctest: +SKIP
    >>> qa.ask("who plays gang tae").answer  # doctest: +SKIP
    'The first season provided closure as Moon Gang-Tae, played by Kim Soo-hyun, ...'
    """

    def __init__(
        self, index_dir: Path, gen: Generation, settings: Settings, embedder: Embedder, query_embedder: Embedder
    ) -> None:
        self.index_dir = index_dir
        self.settings = settings
        self.embedder = embedder
        self.query_embedder = query_embedder
        self.calibration: Calibration = CALIBRATION
        self.last_build: BuildReport | None = None
        self.server_hybrid = settings.lexical == "server" and gen.store.server_bm25
        if settings.lexical == "server" and not self.server_hybrid:
            log.warning("QA_LEXICAL=server needs a Milvus store with BM25; using the in-process BM25 leg")
        self._live = self._wire(gen)

    @classmethod
    def build(
        cls,
        corpus_dir: str | Path | None = None,
        index_dir: str | Path | None = None,
        settings: Settings | None = None,
        embedder: Embedder | None = None,
    ) -> QA:
        """Index ``corpus_dir`` into ``index_dir`` (re-embedding only changed passages) and load it."""
        settings = settings or Settings()
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
        settings = settings or Settings()
        index = Path(index_dir) if index_dir is not None else settings.index
        gen = Generation.open(index)
        passage_embedder, query_embedder = get_embedders(settings, embedder)
        _check_embedder(gen, passage_embedder, index)
        if corpus_dir is not None and Path(corpus_dir).is_dir():
            changed = corpus_changes(Path(corpus_dir), gen.manifest)
            if changed:
                raise IndexStale(
                    f"{corpus_dir}/ changed since the index was built ({changed}) — "
                    f"run `qa build {corpus_dir} --index {index}`"
                )
        return cls(index, gen, settings, passage_embedder, query_embedder)

    # -- the live generation ------------------------------------------------

    @property
    def generation(self) -> Generation:
        return self._live.gen

    def follow(self) -> bool:
        """Switch to the generation ``CURRENT`` names if a build replaced ours; True when switched.

        A switch is one attribute assignment: questions already running finish
        on the old generation, whose mapped files are released when they end.
        A broken new generation is logged and the old one kept.
        """
        try:
            if live_folder(self.index_dir).name == self._live.gen.name:
                return False
            gen = Generation.open(self.index_dir)
            _check_embedder(gen, self.embedder, self.index_dir)
        except QAError as exc:
            log.warning("keeping generation %s: %s", self._live.gen.name, exc)
            return False
        self._live = self._wire(gen)
        log.warning("now serving generation %s", gen.name)
        return True

    def _wire(self, gen: Generation) -> _Live:
        retriever = Retriever(
            gen.store,
            gen.lexical,
            server_hybrid=self.server_hybrid and gen.store.server_bm25,
            sentences=Sentences(gen.sentence_vectors, gen.table.s_offsets),
        )
        flags, rules = gen.sentence_flags, flag_rules(gen.manifest.flags)
        documents = gen.table.documents
        titles = title_field(list(documents))
        subjects = Subjects(documents, [titles[d.id] for d in documents])
        stage = SentenceStage(gen.sentence_vectors, flags, gen.table, gen.lexical, flag_rules=rules, subjects=subjects)
        quotes = store_quotes(gen) if gen.store.keeps_passages else table_quotes(gen)  # Milvus: one round trip
        return _Live(gen, retriever, stage, quotes)

    # -- asking -------------------------------------------------------------

    def ask(
        self,
        question: str,
        k: int | None = None,
        mode: str | None = None,
        *,
        since: str | None = None,
        until: str | None = None,
        source: str | None = None,
        about_doc: str | None = None,
    ) -> Answer:
        """Answer with up to ``k`` verbatim quotes, or abstain.

        ``since`` / ``until`` (YYYY-MM-DD, inclusive) and ``source`` (case-insensitive, part of the article's
        source) keep the search to matching articles, as does a year or source named in the question (see
        qa/scope.py). ``about_doc``: the article "this article" means when the question names none.

        Raises:
            BadQuestion: empty or oversized question, ``k`` outside 1..50, unknown mode, bad filter.
        """
        text, k, checked = validate(question, k, mode, self.settings)
        spelled = respell(text)  # "wen was this article published" is read like "when …" (the answer echoes the text)
        live = self._live  # one generation for the whole question, even if a rebuild is followed meanwhile
        scope = read_scope(spelled, live.gen.table.documents, Filters.checked(since, until, source))
        allowed = allowed_rows(live.gen.table.p_doc, live.gen.table.documents, scope.filters)
        if allowed is not None:
            if not allowed.any():
                return no_match(text, scope.filters)
            live = replace(live, retriever=live.retriever.only(allowed))
        if scope.about is not None:
            return replace(self._about(spelled, scope, live, about_doc), question=text)
        query = self.prepare(scope.searched(spelled), live)
        recency = self.settings.recency and scope.status
        hits = self.hits(query, max(k, RECENCY_POOL) if recency else k, checked, live, repeats=recency)
        earlier: list[Hit] = []
        if recency:
            hits, earlier = newest_first(hits, lambda h: live.gen.table.document(h.row), self._answers(query, live))
            hits = distinct(live.gen.table, hits, k, lambda h: h)  # a reprinted sentence: the newest copy stays
        hits = hits[:k]
        features = self.features(query, hits, live)
        quote = live.quotes(hits + earlier)
        answer = make_answer(text, hits, quote, features, query.terms.unknown, self.calibration)
        shown = () if answer.abstained else tuple(quote(h) for h in earlier)
        return replace(answer, earlier=shown, filters=tuple(scope.filters.to_dict().items()))

    def prepare(self, question: str, live: _Live | None = None) -> Query:
        """Terms and vector of a question (the vector is of the name-split rewrite), fans' spellings of question words
        spelled out (:func:`qa.lexical.respell`)."""
        question = respell(question)
        live = live or self._live
        qterms = live.gen.lexical.analyse(question)
        query = Query(question, qterms, self.query_embedder.embed_query(qterms.rewritten))
        subject = live.stage.subjects.named(qterms.terms) if live.stage.subjects else frozenset()
        if not subject or subject >= set(qterms.terms):  # nothing is left to pick a sentence by
            return query
        return replace(query, subject=subject, rest=self.query_embedder.embed_query(without(qterms.rewritten, subject)))

    def hits(self, query: Query, k: int, mode: Mode, live: _Live | None = None, repeats: bool = False) -> list[Hit]:
        """Ranked hits, highlights marked (``rerank``: the whole hybrid pool reordered by best sentences); a
        highlight already shown is skipped unless ``repeats`` (recency first picks the newest copy of a reprint)."""
        live = live or self._live
        depth = max(self.settings.candidates, k)
        if mode == "rerank":
            pool = live.retriever.search(query, "hybrid", 2 * depth, depth=depth)
            ranked = live.stage.rerank(query, pool)
        else:
            ranked = live.stage.best(query, live.retriever.search(query, mode, k + DUPLICATE_SLACK, depth=depth))
        if repeats:
            return [live.stage.highlight(query, h) for h in ranked[:k]]
        return distinct(live.gen.table, ranked, k, lambda h: live.stage.highlight(query, h))

    def features(self, query: Query, hits: list[Hit], live: _Live | None = None) -> Features | None:
        """What the outcome is decided from: the top passage, its best sentence and its highlight (the rules)."""
        if not hits:
            return None
        live = live or self._live
        top, table = hits[0], live.gen.table
        text, sentence = table.text(top.row), table.sentence(top.row, top.sentence_row)
        flags = int(live.gen.sentence_flags[top.sentence_row]) if top.sentence_row >= 0 else 0
        # The highlight may be another sentence of the passage ("It is home to 60% of Australia's dairy cattle", not
        # the best sentence "Victoria is the centre of dairy farming"): a measurable in either is enough.
        spans, shown_text = table.spans(top.row), sentence
        if top.highlight in spans:
            flags |= int(live.gen.sentence_flags[table.sentence_rows(top.row)[spans.index(top.highlight)]])
            shown_text = f"{sentence} {text[top.highlight[0] : top.highlight[1]]}"
        words, lexical = query.terms.terms, live.gen.lexical
        present = set(terms(text))
        if query.subject and live.stage.subjects is not None:
            # A later passage of an article says "the show", not its name: the subject its title names is covered
            # ("who wrote the music for saltwater hearts" -> "The score is by Cornish songwriter Bryn Tallack").
            present |= live.stage.subjects.of(int(table.p_doc[top.row])) & query.subject
        covered = coverage(words, present, lexical)
        # The rules read the sentence given as the answer: the highlight, which term coverage may have moved off
        # the best sentence ("what happens with moon youngs mom" -> "Ko Mun-Yeong's visit to her mother", not the
        # Moon Gang-Tae sentence before it, which would make the answer about someone else).
        shown = text[top.highlight[0] : top.highlight[1]] if top.highlight else sentence
        premise = premise_check(query.text)
        stated = bool(shown) and premise is not None and premise(shown)  # "what is it about" -> "follows …"
        missing = (
            # "how much did it cost": no money in the sentence (nor in the highlight)
            not gives_measure(query.text, flags, shown_text)
            or not numbers_covered(query.text, table.titled(top.row))  # "season 3" asked, only "season 2" written
            # No word in common and barely similar ("what is the capital of france"): not a paraphrase, unless the
            # sentence is of the kind asked for ("what does the girl lead do for work" -> "a children's book author").
            or (covered == 0.0 and top.sentence_score < UNRELATED_COSINE and not stated)
            # "how many eps is s3" -> "with new episodes airing every Sunday": the episodes, but no count of them
            or uncounted(query.terms.rewritten, shown)
        )
        known = known_coverage(words, set(terms(sentence)), lexical)
        # Read against the whole article: the passage may never name the Moon Sang-Tae its sentence is not about.
        partial = bool(shown) and partial_name(query.text, table.document(top.row).text, shown)
        # "who plays sang tae" met by a sentence that casts no one, "is kim soo hyun dating anyone" by the cast list
        why = what_is_missing(query.text, shown)
        counts = counted(query.terms.rewritten, shown)  # "how many eps" met by "16 episodes"
        return Features(
            top.dense,
            top.sentence_score,
            covered,
            known,
            missing,
            partial,
            bool(why),
            counts,
            stated,
            unnamed_why=why,
            name_only=self._name_only(query, top, shown, live),
        )

    @staticmethod
    def _name_only(query: Query, top: Hit, shown: str, live: _Live) -> bool:
        """The question names an article's subject and the sentence meets it by that name alone: none of the
        question's other words, and a cosine under :data:`NAME_ONLY_COSINE` to the question without the subject."""
        if query.rest is None or top.sentence_row < 0:
            return False
        rest = [t for t in query.terms.terms if t not in query.subject]
        if not rest or coverage(rest, set(terms(shown)), live.gen.lexical) > 0.0:
            return False
        vector = np.asarray(live.gen.sentence_vectors[top.sentence_row], dtype=np.float32)
        return float(vector @ query.rest) < NAME_ONLY_COSINE

    # -- dates and articles (qa/scope.py, qa/timeline.py, qa/articles.py) --

    def _answers(self, query: Query, live: _Live) -> Callable[[Hit], bool]:
        """Whether a hit answers a status question by itself: its own calibrated confidence reaches at least the
        "closest" band, its text talks about what changes (see :func:`qa.scope.about_change`) and, where the
        question names an article's subject, the hit's title or text names it too."""

        def answers(hit: Hit) -> bool:
            # A question that names an article's subject ("when is ashen crown coming out") is answered by reports on
            # it only: a newer article on another show that "did not give a release date" is no newer report.
            if query.subject and not query.subject & set(terms(live.gen.table.titled(hit.row))):
                return False
            f = self.features(query, [hit], live)
            sure = f is not None and self.calibration.confidence(f) >= self.calibration.closest
            return sure and about_change(live.gen.table.text(hit.row))

        return answers

    def _about(self, text: str, scope: Scope, live: _Live, about_doc: str | None) -> Answer:
        """A question about the articles: the one meant is the best match for the question's own words, else
        ``about_doc``, else the newest that the filters admit."""
        table = live.gen.table
        rows = first_rows(table.p_doc, table.p_start)
        target = None
        words = scope.searched(text)
        if own_terms(live.gen.lexical, words) and scope.about != "articles":
            query = self.prepare(words, live)
            hits = self.hits(query, RECENCY_POOL, self.settings.mode, live)
            if self.settings.recency and about_change(words):  # "the article about season 2 being confirmed"
                hits, _ = newest_first(hits, lambda h: table.document(h.row), self._answers(query, live))
            target = int(table.p_doc[hits[0].row]) if hits else None
        if target is None:
            target = next((i for i, d in enumerate(table.documents) if d.id == about_doc), None)

        def quote_of_doc(i: int) -> Quote:
            hit = Hit(rows[i], 0.0)
            return live.quotes([hit])(hit)

        return about_answer(text, scope, table.documents, target, quote_of_doc)

    def info(self) -> dict[str, Any]:
        """What ``qa info`` and ``/api/health`` show."""
        gen = self._live.gen
        m = gen.manifest
        return {
            "version": __version__,
            "index": gen.name,
            "built": m.created,
            "model": m.embedder,
            "query_embedder": self.query_embedder.name,
            "query_backend": "onnx-int8" if self.query_embedder is not self.embedder else "same as index",
            "dim": m.dim,
            "store": gen.store.describe(),
            "lexical": "Milvus BM25 + hybrid_search (RRF)" if self.server_hybrid else "bm25s (in-process)",
            "mode": self.settings.mode,
            "documents": m.documents,
            "passages": m.passages,
            "chunking": m.chunking,
        }


def _check_embedder(gen: Generation, embedder: Embedder, index: Path) -> None:
    built_with = gen.manifest.embedder
    if built_with != embedder.name or gen.manifest.dim != embedder.dim:
        raise IndexMismatch(
            f"{index}/ was built with {built_with}, not {embedder.name} — run `qa build corpus/ --index {index}`"
        )
