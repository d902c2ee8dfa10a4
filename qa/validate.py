"""A question as asked -> a question to search: checked once for every interface, messages say what to do."""

from __future__ import annotations

from .config import Mode, Settings, check_mode
from .errors import BadQuestion

__all__ = ["MAX_K", "validate"]

MAX_K = 50


def validate(question: object, k: object, mode: object, settings: Settings) -> tuple[str, int, Mode]:
    """(whitespace-normalised text, k, mode), or BadQuestion.

    >>> validate("  who plays\tgang tae ", None, None, Settings())
    ('who plays gang tae', 3, 'rerank')
    """
    if not isinstance(question, str):
        raise BadQuestion("The question must be text")
    if any("\ud800" <= c <= "\udfff" for c in question):
        raise BadQuestion("The question holds invalid characters (lone UTF-16 surrogates) — retype it as plain text")
    text = " ".join(question.split())
    if not any(c.isalnum() for c in text):
        raise BadQuestion("The question is empty (no letters or digits) — type a question about the articles")
    if len(text) > settings.max_question_chars:
        raise BadQuestion(f"The question is {len(text)} characters long — keep it under {settings.max_question_chars}")
    k = settings.k if k is None else k
    if isinstance(k, bool) or not isinstance(k, int) or not 1 <= k <= MAX_K:
        raise BadQuestion(f"k must be a whole number from 1 to {MAX_K} (got {k!r})")
    return text, k, check_mode(mode or settings.mode, BadQuestion)
