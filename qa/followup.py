"""Follow-up questions without an LLM: carry the previous turn's subject.

Rule: the *subject* of a question is its words that name something the
articles mention specifically (known to the index and found in under half of
the passages: "moon gang-tae", "ko mun yeong", "netflix" in a corpus about
other things). A new question is a follow-up when it names no subject of its
own and either uses a pronoun (he, she, they, it, him, her, them,
his, its, their, this, that) with at most one specific word ("who plays
him?"), or has at most two content words and no specific one ("and then?"). A
follow-up is asked as the new question plus the previous subject:
"who plays him?" after "who is Moon Gang-tae?" is asked as
"who plays him? (Moon Gang-tae)".

Time and source carry too (qa/timeline.py reads them): a question that only
changes them ("what about in 2021?", "and devdiscourse?") is the previous
question with the new time or source; a subject follow-up keeps the previous
question's time and source unless it names its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .lexical import STOPWORDS, LexicalIndex, _words, normalise_word
from .scope import strip_scope
from .types import Document

__all__ = ["Turn", "resolve"]

PRONOUNS = frozenset("he she they it him her them his hers its their theirs this that these those".split())
SPECIFIC_SHARE = 0.5  # a word in fewer than this share of passages names something specific
# Words that only ask what was reported: "what did devdiscourse say?" changes the source, not the subject.
REPORTING = frozenset("say said says report reported reports article articles news write wrote written".split())


@dataclass(frozen=True)
class Turn:
    """The question as searched, and its subject words."""

    searched: str
    subject: tuple[str, ...]
    scope: tuple[str, ...] = ()  # the time and source phrases it was asked with ("in 2021", "Devdiscourse")
    doc_id: str | None = None  # the article its answer quoted first: what "this article" means next


def resolve(
    question: str, previous: Turn | None, lexical: LexicalIndex, passages: int, documents: Sequence[Document] = ()
) -> Turn:
    """The turn to search for ``question`` given the previous turn (None at the start)."""
    rest, scope = strip_scope(question, documents) if documents else (question, ())
    if previous is not None and scope and not _content(rest, REPORTING):
        # Only the time or source changed: the previous question, asked with the new scope.
        before = strip_scope(previous.searched, documents)[0]
        return Turn(f"{before} {' '.join(scope)}", previous.subject, scope)
    words = _words(question)
    content = _content(question)
    known = [w for w in content if normalise_word(w) in lexical.vocab]
    specific = [w for w in known if lexical.document_frequency(normalise_word(w)) < SPECIFIC_SHARE * max(passages, 1)]
    own = tuple(known) if specific else ()
    # Names fans ask about are two or three words ("moon gang tae"): one specific
    # word next to a pronoun ("who plays him") is not a new subject. A short
    # question is a follow-up only when the articles know all its words
    # ("and the episodes?"); "capital of france" is a new, out-of-scope topic.
    pronoun = any(w in PRONOUNS for w in words)
    short = 0 < len(content) <= 2 and not specific and len(known) == len(content)
    if previous is not None and previous.subject and ((pronoun and len(specific) < 2) or short):
        kept = previous.scope if not scope else ()
        searched = f"{question.rstrip()} ({' '.join(previous.subject)})" + "".join(f" {p}" for p in kept)
        return Turn(searched, previous.subject, scope or kept)
    return Turn(question, own, scope)


def _content(text: str, also: frozenset[str] = frozenset()) -> list[str]:
    return [w for w in _words(text) if w not in STOPWORDS and w not in PRONOUNS and w not in also]
