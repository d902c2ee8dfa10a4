"""Second stage: the best sentence of every candidate passage, and the highlight.

Every sentence has its own vector (embedded alone at build time: fans word a
question like one sentence of an article, not like a paragraph) and flags
(:mod:`qa.answer_types`). A sentence's score is its cosine to the question,
plus or minus ``type_bonus`` when it does or does not hold the answer type
the question asks for ("who" → a person), plus ``status_bonus`` when a
yes/no or status question meets a sentence that states a status ("has not
yet been renewed"), or ``change_status_bonus`` when the question asks
about this show and something that changes (renewal, release, season 2:
:func:`qa.scope.about_change`); a question that does not gives no bonus to
a status about such a change ("does s1 end on a cliffhanger" is not asking
whether "there will be a second season"). A passage's second-stage score is its
first-stage fused score plus ``sentence_weight`` × the z-score, over the whole candidate pool,
of its best sentence's score, less ``number_penalty`` when the passage (with
its title) lacks a number the question names ("season 2"), and less
``role_penalty`` (10: below every passage that does) when the question asks
who plays a part or who made the show and the best sentence names no one in
that role ("who sang at super bowl 50": not the quarterback's record, but
Lady Gaga "performed the national anthem"; with 2.0 the quarterback stayed
first and the answer was "not covered"). A status question about this show
("did netflix renew it") marks down a habitual sentence ("Netflix often
renews successful shows") by ``habit_penalty``, and one about what
usually happens ("do kdramas usually get a second season") marks it up by
``habit_bonus`` (not "it remains uncertain whether there will be a second
season"). A question about what might
happen ("what would season 2 be about") adds ``speculation_bonus`` to a
sentence that speculates ("could explore …") and takes it from the others; a
question about what the show is about adds ``premise_bonus`` to a sentence
giving its premise ("follows the story of …", "revolves around …"): MiniLM
ranks "They eagerly await the possibility of a second season" and "The
characters learn and grow" above both (:mod:`qa.topics`); one about what the
story is based on ("is it based on a true story") adds it to a sentence that
says ("based on the screenwriter's personal love story"); one about an age
adds ``type_bonus`` again to a sentence that states one ("at age 39", "the
oldest"), not just any number; and one for a time ("when did it first drop on
netflix") lowers a sentence that places nothing in time by 0.3, as a missed
focus is ("The series was also streamed on Netflix", not "Since its debut on
Netflix in the summer of 2020"). The highlight of
each quote shown is its best sentence with a little term coverage added, and
never a question-shaped heading or a call to action ("Stay tuned to … for
more updates") when the passage has another sentence; a call to action also
scores 0.5 lower.

For a question naming an article's subject (:mod:`qa.subjects`), that article's lede gives its place to
the article's next passage when that one's best sentence scores ``lede_margin`` more, unless the
question can be checked (a measure, a time, a role) and the lede meets it: the lede names the subject,
so the first stage ranks it high for any question about it. A passage of headings and links only
("Read more: …") goes below every passage that may answer, and a when-question a status may answer
("when does the anime air") gives ``type_bonus`` to a sentence holding a time.

Weights come from a grid over ~150 fan-typed questions (dev and test sets,
see README "Evaluation"); neighbouring values change 1-3 answers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np

from .answer_types import (
    BITS,
    FLAG_RULES,
    WHEN_TYPES,
    asked_numbers,
    asks_about_it,
    asks_when,
    asks_when_status,
    counted,
    fine_question_type,
    gives_measure,
    numbers_covered,
    question_type,
    time_test,
    wants_status,
)
from .asked import role_check
from .lexical import LexicalIndex, terms
from .passages import PassageTable
from .retrieve import Query, pool_sentences, zscore
from .scope import about_change
from .subjects import Subjects
from .topics import age_check, focus_check, job_check, leader_check, premise_check, speculation_check
from .types import Hit

__all__ = ["SentenceStage", "coverage", "known_coverage"]

_QSHAPE_PENALTY = 10.0  # "never the highlight" while another sentence exists
_NEVER = BITS["QSHAPE"] | BITS["NOTE"]  # headings and calls to action are never the highlight
# A call to action ("Stay tuned to … for more updates on K-dramas.") also counts for little in its passage's score;
# finite, so that a passage of nothing else sinks without stretching the pool's z-scores.
_NOTE_PENALTY = 0.5
_ROLE_SENTENCE = 0.3  # a sentence naming no one in the role a question asks for, against one that does


def coverage(query_terms: list[str], text_terms: set[str], lexical: LexicalIndex, floor: bool = False) -> float:
    """IDF-weighted share of the question's terms found in a text (0..1).

    A term the corpus never uses weighs as much as the rarest known term, so a
    question about something the articles never mention scores low. With
    ``floor`` (the highlight's use) the share is taken of at least that weight,
    so a question of one or two words weighs coverage less: "what is the show
    about" ("show") gave "… while the show incorporates mental health themes"
    full coverage, and it outranked the premise ("The series follows …").
    """
    if not query_terms:
        return 0.0
    total = found = 0.0
    ceiling = lexical.max_idf()
    for term in dict.fromkeys(query_terms):
        weight = lexical.idf(term)
        weight = ceiling if weight is None else weight
        total += weight
        if term in text_terms:
            found += weight
    if floor:
        total = max(total, ceiling)
    return found / total if total else 0.0


def known_coverage(query_terms: list[str], text_terms: set[str], lexical: LexicalIndex) -> float:
    """IDF-weighted share of the question's terms *that the corpus knows* found in a text; 1.0 when none is known.

    Words the corpus never uses are mostly fan paraphrase ("eps", "scared"); a known word missing from the
    answer sentence is a real mismatch ("who plays ko moon young" answered by Moon Gang-Tae's actor).
    """
    known = [t for t in dict.fromkeys(query_terms) if lexical.idf(t) is not None]
    weights = [float(lexical.idf(t) or 0.0) for t in known]
    total = sum(weights)
    if not known or total <= 0:
        return 1.0
    return sum(w for t, w in zip(known, weights) if t in text_terms) / total


@dataclass(frozen=True)
class SentenceStage:
    """Sentence scores over a generation's sentence vectors and flags."""

    vectors: np.ndarray  # float16, one row per sentence
    flags: np.ndarray  # uint16, one row per sentence
    table: PassageTable
    lexical: LexicalIndex
    sentence_weight: float = 0.8
    type_bonus: float = 0.1
    status_bonus: float = 0.1
    change_status_bonus: float = 0.2  # the same for a question about renewal, release, season 2 (about_change)
    highlight_coverage: float = 0.15
    number_penalty: float = 1.0
    role_penalty: float = 10.0  # below every passage whose best sentence does name someone in the role
    habit_penalty: float = 0.2
    habit_bonus: float = 0.2  # a status question about what usually happens, for a habitual sentence
    lede_margin: float = 0.1  # how much better the next passage of a named subject's article must be than its lede
    speculation_bonus: float = 0.2  # "what would season 2 be about": plus for "could explore …", minus for the rest
    premise_bonus: float = 0.3  # "what is it about": the sentence giving the premise ("follows the story of …")
    flag_rules: int = FLAG_RULES  # the rules the flags were made by: before 3 there is no POINT, "when" reads DATE
    subjects: Subjects | None = None  # each article's subject words (qa.subjects)

    def scores(self, query: Query, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(cosine, adjusted score) of sentence ``rows``."""
        cosine = np.asarray(self.vectors[rows], dtype=np.float32) @ query.vector
        adjusted = cosine.copy()
        wanted = question_type(query.text)
        if self.flag_rules < 3 and wanted & BITS["POINT"]:
            wanted = (wanted & ~BITS["POINT"]) | BITS["DATE"]
        if wants_status(query.text):
            # "when is season 2 coming out" is answered by a status ("not yet renewed"), not by a date.
            # "is there gonna be a s2" wants "has not yet been renewed", not "They eagerly await the possibility of a
            # second season"; a plain yes/no question ("did it win any awards") is not asking for a negation.
            # "does netflix renew shows" asks what usually happens: the plain weight.
            about_it = asks_about_it(query.text)
            changing = about_it and about_change(query.text)
            status = (self.flags[rows] & BITS["STATUS"]) > 0
            if not changing and status.any():
                # "does s1 end on a cliffhanger" does not ask whether season 2 comes: a status about that ("it remains
                # uncertain whether there will be a second season") gets no bonus from it, and "The first season
                # provided a complete story" answers. "was tesla religious" still meets "his views remain uncertain".
                status &= self._marks(about_change, rows) == 0
            adjusted += (self.change_status_bonus if changing else self.status_bonus) * status
            if asks_when_status(query.text):  # "when does the paper moth anime air": a time, where a sentence gives one
                adjusted += self.type_bonus * ((self.flags[rows] & WHEN_TYPES) > 0)
            habitual = (self.flags[rows] & BITS["HABIT"]) > 0
            if about_it:  # "did netflix renew it": not "Netflix often renews successful shows"
                adjusted -= self.habit_penalty * habitual
            else:  # "do kdramas usually get a second season": "South Korean series tend to end after one season"
                adjusted += self.habit_bonus * habitual
        elif wanted:
            adjusted += np.where((self.flags[rows] & wanted) > 0, self.type_bonus, -self.type_bonus)
        adjusted -= _NOTE_PENALTY * ((self.flags[rows] & BITS["NOTE"]) > 0)
        return cosine, adjusted + self._past_subject(query, rows, cosine)

    def _past_subject(self, query: Query, rows: np.ndarray, cosine: np.ndarray) -> np.ndarray:
        """The change to the sentences of each article whose subject the question names (:mod:`qa.subjects`): among
        its ``rows`` they are ordered by the rest of the question, and its best score stays as it was. Zero
        elsewhere, and where the question names no article's subject."""
        change = np.zeros(len(rows), dtype=np.float32)
        if query.rest is None or self.subjects is None:
            return change
        docs = self.table.p_doc[np.searchsorted(self.table.s_offsets, rows, side="right") - 1]
        for doc in np.unique(docs).tolist():
            if self.subjects.of(doc) & query.subject:
                mine = np.flatnonzero(docs == doc)
                rest = np.asarray(self.vectors[rows[mine]], dtype=np.float32) @ query.rest
                change[mine] = rest - rest.max() - (cosine[mine] - cosine[mine].max())
        return change

    def ranked_scores(self, query: Query, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """:meth:`scores`, and for a question about a role the sentences naming no one in it lower, so that within a
        passage the screenwriter's sentence is best for "who wrote the show". :meth:`best` and :meth:`highlight` rank
        by these."""
        cosine, adjusted = self.scores(query, rows)
        check = role_check(query.text)
        if check:
            adjusted -= _ROLE_SENTENCE * self._marks(check, rows)
        misses = focus_check(query.text)
        if misses:  # "who was genghis khans wife": within a passage, the sentence about a marriage
            adjusted -= _ROLE_SENTENCE * self._marks(misses, rows)
        speculates = speculation_check(query.text)
        if speculates:
            adjusted += self.speculation_bonus * (2 * self._marks(speculates, rows) - 1)
        premise = premise_check(query.text)
        if premise:
            adjusted += self.premise_bonus * self._marks(premise, rows)
        ages = age_check(query.text)
        if ages:  # "how old was manning": "the oldest quarterback … at age 39", not "their two playoff games"
            adjusted += self.type_bonus * self._marks(ages, rows)
        leads = leader_check(query.text)
        if leads:  # "which panther got the most sacks": "Kawann Short led the team in sacks"; "any family": a relative
            adjusted += 2 * self.type_bonus * self._marks(leads, rows)
        if asks_when(query.text):  # "when did it first drop on netflix": "Since its debut … in the summer of 2020",
            timed = (self.flags[rows] & WHEN_TYPES) > 0  # not "The series was also streamed on Netflix" (no time)
            if not timed.all():
                timed |= self._marks(time_test(query.text), rows) > 0
                adjusted -= _ROLE_SENTENCE * ~timed
        return cosine, adjusted

    def best(self, query: Query, hits: list[Hit]) -> list[Hit]:
        """Each hit with its best sentence (row, cosine, adjusted score) marked; one vectorised pass."""
        if not hits:
            return hits
        owner, rows, counts = pool_sentences(self.table.s_offsets, np.array([h.row for h in hits], dtype=np.int64))
        cosine, adjusted = self.ranked_scores(query, rows)
        # A heading is never the highlight while its passage has another sentence.
        pick = adjusted - _QSHAPE_PENALTY * ((self.flags[rows] & _NEVER) > 0)
        order = np.lexsort((-pick, owner))
        first = order[np.searchsorted(owner[order], np.arange(len(hits)))]
        top = np.full(len(hits), -np.inf, dtype=np.float32)
        np.maximum.at(top, owner, adjusted)  # the passage's score counts every sentence, headings included
        out = []
        for i, hit in enumerate(hits):
            if counts[i] == 0:
                out.append(replace(hit, best_score=0.0, sentence_score=0.0, sentence_row=-1))
                continue
            j = int(first[i])
            out.append(
                replace(hit, best_score=float(top[i]), sentence_score=float(cosine[j]), sentence_row=int(rows[j]))
            )
        return out

    def rerank(self, query: Query, hits: list[Hit]) -> list[Hit]:
        """Reorder the whole candidate pool by first-stage score + weight × z(best sentence score)."""
        hits = self.best(query, hits)
        if len(hits) < 2:
            return hits
        best = np.array([h.best_score for h in hits], dtype=np.float32)
        score = np.array([h.score for h in hits], dtype=np.float32) + self.sentence_weight * zscore(best)
        # A passage of headings and links only ("Read more: … winner reveals what she spent the prize money on" and
        # "## Who is in the cast?") answers nothing: below every passage with a sentence that may. :meth:`best` picks
        # such a sentence only where the passage has no other.
        picked = np.array([h.sentence_row for h in hits], dtype=np.int64)
        bare = (picked >= 0) & ((self.flags[np.maximum(picked, 0)] & _NEVER) > 0)
        score = score - self.role_penalty * bare.astype(np.float32)
        if asked_numbers(query.text):
            # "when does season 2 come out": a passage that never names season 2 is not about it.
            lacking = [not numbers_covered(query.text, self.table.titled(h.row)) for h in hits]
            score = score - self.number_penalty * np.array(lacking, dtype=np.float32)
        check = role_check(query.text)
        if check:  # "who sang the anthem": a passage that names no one singing or performing is not the answer
            unnamed = [check(self.table.sentence(h.row, h.sentence_row)) for h in hits]
            score = score - self.role_penalty * np.array(unnamed, dtype=np.float32)
        job = job_check(query.text)
        if job:  # "whats the male leads job": a passage whose best sentence gives no occupation is not the answer
            jobless = [h.sentence_row < 0 or not job(self.table.sentence(h.row, h.sentence_row)) for h in hits]
            score = score - self.role_penalty * np.array(jobless, dtype=np.float32)
        order = np.argsort(-score, kind="stable")
        ranked = self._counts_first(query, [replace(hits[i], score=float(score[i])) for i in order])
        return self._lede_second(query, ranked)

    def _lede_second(self, query: Query, ranked: list[Hit]) -> list[Hit]:
        """For a question naming an article's subject, that article's lede (its first passage) gives its place to the
        article's next passage when that one's best sentence scores ``lede_margin`` more: the lede names the subject,
        so the first stage ranks it high for any question about it ("why did glasshouse radio break up" had the lede
        announcing the reunion). A question the rules can check keeps a lede that meets it. No other article's passage
        moves."""
        if query.rest is None or self.subjects is None:
            return ranked
        mine = [i for i, h in enumerate(ranked) if self.subjects.of(int(self.table.p_doc[h.row])) & query.subject][:2]
        if len(mine) < 2:
            return ranked
        lede, other = ranked[mine[0]], ranked[mine[1]]
        if int(self.table.p_start[lede.row]) != 0 or other.best_score <= lede.best_score + self.lede_margin:
            return ranked
        # A question the rules can check (a measure, a time, a role): the lede keeps its place unless its sentence
        # fails what the other's meets ("how long had they been split": "ten years" is in the lede; "who plays
        # delphine": the lede casts her). Other questions ("why did they break up") go by the scores alone.
        if not self._meets(query, other):
            return ranked
        checkable = fine_question_type(query.text) or asks_when_status(query.text) or role_check(query.text)
        if checkable and self._meets(query, lede):
            return ranked
        out = list(ranked)
        out[mine[0]], out[mine[1]] = other, lede
        return out

    def _meets(self, query: Query, hit: Hit) -> bool:
        """The hit's best sentence gives the measure asked for (a time, for a when-question a status may answer) and
        names someone in the role asked about."""
        if hit.sentence_row < 0:
            return False
        sentence = self.table.sentence(hit.row, hit.sentence_row)
        check = role_check(query.text)
        named = not (check and check(sentence))
        flags = int(self.flags[hit.sentence_row])
        if asks_when_status(query.text):  # here a time, not only a status: "will launch on April 24", not "renewed"
            return named and bool(flags & WHEN_TYPES)
        return named and gives_measure(query.text, flags, sentence)

    def _counts_first(self, query: Query, ranked: list[Hit]) -> list[Hit]:
        """For "how many X" naming an article's subject, that article's passages whose best sentence counts X ("The
        second season will have 10 episodes") ahead of its others (the lede that names the show), each keeping the
        places the article's passages held: no other article's passage moves."""
        if query.rest is None or self.subjects is None or "how many" not in query.terms.rewritten.lower():
            return ranked
        slots = [i for i, h in enumerate(ranked) if self.subjects.of(int(self.table.p_doc[h.row])) & query.subject]
        counts = {
            i: ranked[i].sentence_row >= 0
            and counted(query.terms.rewritten, self.table.sentence(ranked[i].row, ranked[i].sentence_row))
            for i in slots
        }
        if not any(counts.values()):
            return ranked
        out = list(ranked)
        for slot, i in zip(slots, sorted(slots, key=lambda i: not counts[i])):  # stable: order kept within each
            out[slot] = ranked[i]
        return out

    def _marks(self, check: Callable[[str], bool], rows: np.ndarray) -> np.ndarray:
        """1.0 for each sentence (row) that ``check`` holds for (names no one in the role asked for, speculates …)."""
        passages = np.searchsorted(self.table.s_offsets, rows, side="right") - 1  # each sentence's passage
        spans = np.asarray(self.table.s_spans[rows]).tolist()  # one read of the memory-mapped spans, not one per row
        marks = np.zeros(len(rows), dtype=np.float32)
        texts: dict[int, str] = {}
        for j, (p, (a, b)) in enumerate(zip(passages.tolist(), spans)):
            if p not in texts:
                texts[p] = self.table.text(p)
            marks[j] = check(texts[p][a:b])
        return marks

    def highlight(self, query: Query, hit: Hit) -> Hit:
        """The quote's highlight: best adjusted sentence plus a little term coverage (for the quotes shown only)."""
        rows = np.array(list(self.table.sentence_rows(hit.row)), dtype=np.int64)
        if not len(rows):
            return hit
        _, score = self.ranked_scores(query, rows)
        heading = (self.flags[rows] & _NEVER) > 0
        if heading.any() and not heading.all():
            score = score - _QSHAPE_PENALTY * heading
        if self.highlight_coverage and query.terms.terms:
            text, spans = self.table.text(hit.row), self.table.spans(hit.row)
            cover = [coverage(query.terms.terms, set(terms(text[a:b])), self.lexical, floor=True) for a, b in spans]
            score = score + self.highlight_coverage * np.array(cover, dtype=np.float32)
        i = int(np.argmax(score))
        return replace(hit, highlight=self.table.spans(hit.row)[i])
