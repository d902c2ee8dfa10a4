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

_LOWER = re.compile(r"(?<![\w'])[a-z][\w'-]*")
# A capitalised word after a word inside a sentence (not after ".", "!", "?", a quote or a line break).
_CAPITALISED = re.compile(r"(?<=[^.!?\s\"\u201c\u2018] )[A-Z][\w'-]*")
# A quoted title: up to six words, each capitalised, a number or a small word ("The Last Ferry", "It's Okay To Not Be
# Okay"); the closing mark may be a comma inside the quote ("The Last Ferry," a survival thriller).
_QUOTED = re.compile(r"[\"\u201c\u2018']([A-Z][^\"\u201d\u2019'\n]{1,60}?)[\"\u201d\u2019',]")
_WORD = re.compile(r"[^\W_]+")
# A number between two capitalised words inside a sentence is part of a name ("the Pulse 3 Pro").
_NUMBER_IN_NAME = re.compile(r"[^.!?\s\"\u201c\u2018] [A-Z][\w'-]* (\d+) (?=[A-Z])")
_SMALL = frozenset("of the a an to not be and in on at for".split())


def name_words(title: str, text: str) -> frozenset[str]:
    """The index terms of ``title`` that the article (``title`` and ``text``) writes as names.

    >>> sorted(name_words("Orion unveils the Pulse 3 Pro", "The phone from Orion is here. Orion said the pulse rate."))
    ['orion']
    >>> sorted(name_words("'Seoul Ghost Inn' renewed", 'Netflix renewed "Seoul Ghost Inn" at last. The inn reopens.'))
    ['ghost', 'inn', 'suul']
    >>> sorted(name_words("Season 2: will it happen?", "There is no season 2. Its Season 2 is not confirmed."))
    []
    """
    lower = {normalise_word(w) for w in _LOWER.findall(text)}
    names = {normalise_word(w.lower()) for w in _CAPITALISED.findall(text)} - lower
    names.update(_NUMBER_IN_NAME.findall(text))  # "the Pulse 3 Pro"
    for match in _QUOTED.finditer(f"{title}\n{text}"):
        words = match.group(1).split()
        if len(words) <= 6 and all(w[:1].isupper() or w[:1].isdigit() or w.lower() in _SMALL for w in words):
            names.update(terms(match.group(1)))
    return frozenset(set(terms(title)) & names)


def without(text: str, words: frozenset[str]) -> str:
    """``text`` less the words whose index term is in ``words``.

    >>> without("how many eps is seoul ghost inn season 2 gonna have", frozenset(terms("Seoul Ghost Inn")))
    'how many eps is season 2 gonna have'
    """
    kept = _WORD.sub(lambda m: "" if normalise_word(m.group(0).lower()) in words else m.group(0), text)
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
