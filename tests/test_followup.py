from __future__ import annotations

from qa.followup import resolve
from qa.lexical import LexicalIndex

PASSAGES = [
    "The drama follows Moon Gang-Tae, played by Kim Soo-hyun.",
    "Ko Moon-Young is a children's book author in the drama.",
    "The drama is on Netflix. The drama has 16 episodes.",
    "Fans of the drama want a second season.",
]
LEX = LexicalIndex.build(PASSAGES)


def ask(*questions: str) -> list[str]:
    turn, out = None, []
    for q in questions:
        turn = resolve(q, turn, LEX, len(PASSAGES))
        out.append(turn.searched)
    return out


def test_pronoun_question_carries_previous_subject() -> None:
    assert ask("who is Moon Gang-tae?", "who plays him?")[1] == "who plays him? (moon gang tae)"


def test_short_question_carries_subject_and_chains() -> None:
    assert ask("what does ko moon young do", "and her books?", "what about them")[1:] == [
        "and her books? (ko moon young)",
        "what about them (ko moon young)",
    ]


def test_question_with_its_own_subject_is_not_rewritten() -> None:
    assert ask("who is Moon Gang-tae?", "who is ko moon young")[1] == "who is ko moon young"


def test_first_question_and_generic_previous_are_left_alone() -> None:
    assert ask("who plays him?") == ["who plays him?"]
    # 'drama' is in every passage: not a subject, so nothing is carried.
    assert ask("is the drama good", "who plays him?")[1] == "who plays him?"


def test_short_out_of_scope_question_is_a_new_topic() -> None:
    assert ask("who is Moon Gang-tae?", "capital of france")[1] == "capital of france"


def test_question_without_words_is_not_a_follow_up() -> None:
    assert ask("who is Moon Gang-tae?", "😀😀😀")[1] == "😀😀😀"
