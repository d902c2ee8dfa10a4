"""Answer types of a sentence from patterns: dates, numbers, money, quantities, durations, names.

The default build-time tagger (``QA_ANSWER_TYPES=rules``). spaCy's small NER
(``QA_ANSWER_TYPES=ner``) tells a person from a place better, but it tags
about 230 sentences a second on 2 cores, a third of a whole build; these
patterns tag about 4,000-6,000 a second. On 1,500 sentences of the shared
sets they agree with spaCy on dates 96%, numbers 94%, money 99.8% and
durations 97% of the time; names are coarser: a capitalised run (not a
sentence's first word alone, not a title such as "It's Okay To Not Be
Okay") counts as an organisation or a place, and as a person too when it is
two or more words or the sentence has a person cue ("played by", "Mr").
"""

from __future__ import annotations

import re

__all__ = ["BITS", "rule_types"]

# One bit per flag of a sentence (qa.answer_types sets STATUS, QSHAPE and NOTE; these patterns, or spaCy, the rest).
BITS = {
    "PERSON": 1,
    "DATE": 2,
    "NUM": 4,
    "PLACE": 8,
    "ORG": 16,
    "MONEY": 32,
    "QTY": 64,
    "TIME": 128,
    "STATUS": 256,
    "QSHAPE": 512,
    "NOTE": 1024,
    "POINT": 2048,  # a point in time ("in 2020", "last June"), not only a span ("for several weeks")
    "HABIT": 4096,  # a habitual, generic statement ("Netflix often renews successful shows")
}
_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?"
)
_NUMWORD = (
    r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|"
    r"seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|"
    r"million|billion|trillion|dozens?|hundreds|thousands|millions|billions)"
)
_UNIT_T = r"(?:seconds?|minutes?|hours?|days?|weeks?|months?|years?|decades?|centuries|century)"
# Bounded repeats and a left guard keep every pattern linear: a 20 kB run of digits, commas or number words tags in
# milliseconds (tests/test_entity_rules.py), not the seconds to minutes an unbounded ``\d[\d,.]*`` backtracks for.
_DIGITS = r"(?<![\d,.])\d[\d,.]{0,24}"
_NUM = r"(?:" + _DIGITS + r"|" + _NUMWORD + r"(?:[- ]" + _NUMWORD + r"){0,3}|a few|several|a couple of)"
_YEAR = r"(?:1[0-9]{3}|20[0-9]{2})"
# A point in time ("in 2020", "last June", "two years later"); DATE adds bare spans ("16 years", "several weeks").
_POINT_SRC = (
    r"\b" + _YEAR + r"s?\b"
    r"|\b(?:January|February|March|April|June|July|August|September|October|November|December)\b"
    r"|\b" + _MONTH + r"(?=\s+\d)"
    r"|\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|today|yesterday|tomorrow)\b"
    r"|\b\d+(?:st|nd|rd|th) century\b"
    r"|\b(?:last|next|this|previous|the following|the same) "
    r"(?:year|month|week|decade|season|century|spring|summer|autumn|fall|winter)\b"
    r"|\b" + _UNIT_T + r" (?:ago|later|earlier)\b"
)
_POINT = re.compile(_POINT_SRC, re.I)
_DATE = re.compile(
    _POINT_SRC + r"|\b(?:spring|summer|autumn|winter) (?:of )?" + _YEAR + r"\b"
    r"|\b" + _NUM + r"[- ]" + _UNIT_T + r"\b|\b(?:early|mid|late)[- ]" + _YEAR + r"s?\b",
    re.I,
)
_DURATION = re.compile(
    r"\b" + _NUM + r"[- ]" + _UNIT_T + r"\b|\b(?:for|over|within|after|lasted|lasting) (?:a|an|several|many|few) "
    + r"(?!second\b)"  # "renewed for a second season" is an ordinal, not a duration
    + _UNIT_T + r"\b",
    re.I,
)
_CLOCK = re.compile(r"\b\d{1,2}(?::\d\d)?\s?(?:a\.?m\.?|p\.?m\.?)|\b\d{1,2}:\d\d\b|\b(?:noon|midnight|o'clock)\b", re.I)
_MONEY = re.compile(
    r"[$£€¥₩]\s?\d|\b" + _DIGITS + r"\s?(?:million |billion |thousand )?"
    r"(?:dollars|pounds|euros|yen|won|cents|pence|francs|marks|rupees|yuan)\b|\b(?:USD|GBP|EUR)\s?\d",
    re.I,
)
_QTY = re.compile(
    r"\b" + _DIGITS + r"[\s-]?(?:km|kilomet(?:er|re)s?|miles?|feet|foot|ft|inch(?:es)?|met(?:er|re)s?|cm|mm|kg|"
    r"kilograms?|grams?|tons?|tonnes?|lbs?|acres?|hectares?|square \w+|mph|km/h|knots|degrees|percent|per cent|"
    r"litres?|liters?|gallons?|[MGk]W|watts?|volts?|Hz|hertz|[KMGT]B|bytes?|mi|sq mi|yards?|yd|ounces?|oz|rpm|"
    r"revolutions per minute|m/s|km/s|psi|kelvin|kcal|calories)\b|\d\s?%|\d\s?°",
    re.I,
)
_NUMBER = re.compile(r"\b\d|\b" + _NUMWORD + r"\b", re.I)
_CAP = r"(?:[A-Z][\w'\u2019.-]*)"
_NAME = re.compile(
    r"(?<![\w'\u2019])" + _CAP + r"(?:\s+(?:(?:de|da|van|von|der|la|le|of|the|and|bin|al|el)\s+)?" + _CAP + r")*"
)
_ORG = re.compile(
    r"\b(?:Inc|Corp|Corporation|Company|Co|Ltd|LLC|University|College|Institute|Association|Society|Council|"
    r"Committee|Party|Church|Bank|Agency|Network|Records|Studios?|Entertainment|Media|Group|Foundation|"
    r"Federation|League|Club|Commission|Department|Ministry|Army|Navy|Force|Netflix|NASA|BBC|ABC|CBS|NBC|"
    r"FIFA|NFL|UN|EU)\b"
)
_PERSON_CUE = re.compile(
    r"\b(?:Mr|Mrs|Ms|Dr|Sir|Lady|Lord|King|Queen|Prince|Princess|President|Senator|Governor|Pope|Saint|"
    r"General|Captain|Emperor)\.?\s+[A-Z]|\b(?:played by|starring|stars|actor|actress|directed by|written by|"
    r"screenwriter|writer|author|singer)\b"
)
_PLACE_PREP = re.compile(r"\b(?:in|at|from|near|across|throughout|into|outside|around)\s+(?:the\s+)?[A-Z]")
_NOT_NAMES = frozenset(
    "The A An It Its It's This That These Those He She They We I You His Her Their Our My In On At For By "
    "With As But And Or If When While After Before Since During However Although Though Also Additionally "
    "Meanwhile Moreover Furthermore There Here Some Many Most All One Other Such According Despite Because "
    "Both Each What Who Why How Where Which Yes No Not Then Thus So Still Even Later Today Season Episode "
    "Part Chapter".split()
)
_TITLE_WORDS = frozenset("To Be Not Is Are Of A An And In On For With Okay At Or My Your You I Me".split())
_NOT_NAME_WORD = re.compile(_MONTH + r"|\d.*")
_LOWER_AFTER_HYPHEN = re.compile(r"[A-Z]-[a-z]\w*")  # "K-drama"
_SAID = re.compile(r"(?<!\w)(\w+)(?:'s)? (?:said|says|told|wrote|played|plays|starred|stars|was born|died)\b")


def rule_types(text: str) -> int:
    """Answer-type bits (:data:`BITS`) of one sentence.

    >>> rule_types("The drama stars Kim Soo-hyun and Seo Yea-ji.") & 1  # a person
    1
    >>> rule_types("It first aired in the summer of 2020 with 16 episodes.") & 6  # a date and a number
    6
    """
    flags = 0
    if _DATE.search(text):
        flags |= BITS["DATE"]
        if _POINT.search(text):
            flags |= BITS["POINT"]
    if _DURATION.search(text) or _CLOCK.search(text):
        flags |= BITS["TIME"] | BITS["DATE"]
    if _MONEY.search(text):
        flags |= BITS["MONEY"] | BITS["NUM"]
    if _QTY.search(text):
        flags |= BITS["QTY"] | BITS["NUM"]
    if _NUMBER.search(_DATE.sub(" ", text)):
        flags |= BITS["NUM"]
    lead = len(text) - len(text.lstrip())
    person_cue = bool(_PERSON_CUE.search(text))
    subjects = set(_SAID.findall(text))  # "Tesla said": a one-word name that speaks is a person
    for match in _NAME.finditer(text):
        words = match.group(0).split()
        if set(words[1:]) & _TITLE_WORDS:
            continue  # a title ("It's Okay To Not Be Okay"), not a name
        if match.start() == lead and (words[0] in _NOT_NAMES or len(words) == 1):
            words = words[1:]  # a sentence's first word is capitalised anyway
        words = [w for w in words if w not in _NOT_NAMES and not _NOT_NAME_WORD.fullmatch(w)]
        if not words or (len(words) == 1 and _LOWER_AFTER_HYPHEN.fullmatch(words[0])):
            continue  # nothing left, or "K-drama"
        flags |= BITS["ORG"]
        if _ORG.search(" ".join(words)):
            continue
        flags |= BITS["PLACE"]
        if person_cue or len(words) >= 2 or words[0] in subjects:
            flags |= BITS["PERSON"]
    if _PLACE_PREP.search(text):
        flags |= BITS["PLACE"]
    return flags
