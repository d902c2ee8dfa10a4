"""An article's subject: the name in its title that a question uses to pick the article, not the sentence.

A news article names its subject in the title and the lede, then says "the series", "the film", "the phone". Asked
"how many eps is seoul ghost inn season 2 gonna have", MiniLM scores the lede ("Netflix has officially renewed the
fantasy romance "Seoul Ghost Inn" for a second season") above the answer ("The second season will have 10 episodes"):
the name weighs most. Within an article whose title names what the question names, its sentences are therefore
ordered by the question *without* those words (one more model pass), shifted so that the article's best score among
the candidates stays as it was: the name still picks the article among others, the rest of the question picks the
sentence within it.

A subject word is a title word that the article writes as a name: capitalised inside a sentence and never in lower
case ("Orion", "Eastbridge"), or inside a quoted, capitalised title ("'Seoul Ghost Inn'", "The Last Ferry") though
"the inn" also occurs. "season" in "It's Okay To Not Be Okay season 2: will it happen?" is no name: the article writes
it in lower case, and "is season 2 confirmed" keeps asking about season 2.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from functools import lru_cache

from .lexical import normalise_word, terms
from .types import Document

__all__ = ["Subjects", "name_words", "without"]

# A word, letters first ("Zürich", "Spider-Man", "O'Brien"), and whether something inside its sentence comes before it.
_TOKEN = re.compile(r"[^\W\d_][\w'\u2019-]*")
_SENTENCE_START = re.compile(r"(^|[.!?:\"\u201c\u2018(\n])\s*$")
# A quoted title: up to six words, each capitalised, a number or a small word ("The Last Ferry", "It's Okay To Not Be
# Okay"); the closing mark may be a comma inside the quote ("The Last Ferry," a survival thriller).
_QUOTED = re.compile(r"[\"\u201c\u2018']([A-Z][^\"\u201d\u2019'\n]{1,60}?)[\"\u201d\u2019',]")
# A number between two capitalised words inside a sentence is part of a name ("the Pulse 3 Pro").
_NUMBER_IN_NAME = re.compile(r"[^.!?\s\"\u201c\u2018] [A-Z][\w'-]* (\d+) (?=[A-Z])")
_SMALL = frozenset("of the a an to not be and in on at for".split())
_NAMED_WORD = re.compile(r"([^\W_]+)(?:['\u2019]s\b)?")
# Capitalised, but no article's subject: months and weekdays ("delayed to March").
_CALENDAR = frozenset(
    terms(
        "January February March April May June July August September October November December "
        "Monday Tuesday Wednesday Thursday Friday Saturday Sunday"
    )
)


def name_words(title: str, text: str) -> frozenset[str]:
    """The index terms of ``title`` that the article (``title`` and ``text``) writes as names.

    >>> sorted(name_words("Orion unveils the Pulse 3 Pro", "The phone from Orion is here. Orion said the pulse rate."))
    ['orion']
    >>> sorted(name_words("'Seoul Ghost Inn' renewed", 'Netflix renewed "Seoul Ghost Inn" at last. The inn reopens.'))
    ['ghost', 'inn', 'suul']
    >>> sorted(name_words("Season 2: will it happen?", "There is no season 2. Its Season 2 is not confirmed."))
    []
    """
    lower: set[str] = set()
    capitalised: set[str] = set()
    for match in _TOKEN.finditer(text):
        word = match.group(0)
        if word[0].islower():
            lower.update(terms(word))
        elif not _SENTENCE_START.search(text[max(0, match.start() - 3) : match.start()]):
            capitalised.update(terms(word))
    names = capitalised - lower - _CALENDAR
    names.update(_NUMBER_IN_NAME.findall(text))  # "the Pulse 3 Pro"
    # A quoted title counts where the body quotes it too: a headline's quoted phrase ("'More Time to Polish'") is no
    # name unless the article uses it as one.
    for match in _QUOTED.finditer(f"{title}\n{text}"):
        words = match.group(1).split()
        if len(words) <= 6 and all(w[:1].isupper() or w[:1].isdigit() or w.lower() in _SMALL for w in words):
            phrase = match.group(1).rstrip(",")
            if match.start() > len(title) or phrase in text:
                names.update(terms(phrase))
    return frozenset(set(terms(title)) & names)


def without(text: str, words: frozenset[str]) -> str:
    """``text`` less the words whose index term is in ``words`` (and their possessive "'s").

    >>> without("how many eps is seoul ghost inn's season 2 gonna have", frozenset(terms("Seoul Ghost Inn")))
    'how many eps is season 2 gonna have'
    """
    kept = _NAMED_WORD.sub(lambda m: "" if normalise_word(m.group(1).lower()) in words else m.group(0), text)
    return " ".join(kept.split())


class Subjects:
    """The subject words of each article of a corpus, worked out on first use (an article's text is read once)."""

    def __init__(self, documents: Sequence[Document], titles: Sequence[str]) -> None:
        """``titles``: each document's title as its passages' context ("" where several share it)."""
        self._documents = documents
        self._titles = titles
        self._by_term: dict[str, list[int]] = defaultdict(list)  # a title's terms -> the articles it titles
        for i, title in enumerate(titles):
            for term in set(terms(title)):
                self._by_term[term].append(i)
        self.of = lru_cache(maxsize=4096)(self._of)
        self._names_some = lru_cache(maxsize=65536)(self._is_subject)

    def _of(self, doc: int) -> frozenset[str]:
        """The subject words of article ``doc`` (its index in the corpus)."""
        title = self._titles[doc]
        return name_words(title, self._documents[doc].text) if title else frozenset()

    def named(self, question_terms: Sequence[str]) -> frozenset[str]:
        """The question's terms that are some article's subject words."""
        return frozenset(t for t in question_terms if self._names_some(t))

    def _is_subject(self, term: str, limit: int = 64) -> bool:
        # A word in many titles is read in the first ``limit`` articles it titles only.
        return any(term in self.of(d) for d in self._by_term.get(term, ())[:limit])
