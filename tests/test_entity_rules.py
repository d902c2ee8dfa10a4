"""Build-time answer types from patterns (the default tagger): what each sentence can answer."""

from __future__ import annotations

import time

import pytest

from qa import entity_rules
from qa.answer_types import BITS, sentence_flags
from qa.entity_rules import rule_types

CASES = [  # sentence, types it must hold, types it must not hold
    ("The drama stars Kim Soo-hyun, Seo Yea-ji, Oh Jung-se, and Park Gyu-young.", ["PERSON"], ["DATE", "NUM"]),
    ("Since its debut on Netflix in the summer of 2020, fans have waited.", ["DATE", "ORG"], ["MONEY"]),
    ("It's Okay To Not Be Okay consists of 16 episodes.", ["NUM"], ["PERSON", "DATE"]),
    ("The show has not yet been renewed for a second season.", [], ["TIME", "DATE", "PERSON", "NUM"]),
    ("The war lasted for a decade and cost $2 billion.", ["TIME", "DATE", "MONEY", "NUM"], ["PERSON"]),
    ("The tower is 300 metres tall.", ["QTY", "NUM"], ["MONEY"]),
    ("Typical speeds are 3600 revolutions per minute (RPM) in the USA.", ["QTY", "NUM"], ["MONEY"]),  # rules 5
    ("It extends about 20 mi west to Kerman.", ["QTY"], ["MONEY"]),
    ("Kick-off was at 3:30 p.m. on Sunday, February 7.", ["TIME", "DATE"], []),
    ("The series has gained a large following among young viewers.", [], ["PERSON", "PLACE", "ORG", "DATE", "NUM"]),
    ("Tesla moved to New York City in 1884.", ["PLACE", "DATE"], []),
]


@pytest.mark.parametrize("text,has,lacks", CASES, ids=[c[0][:30] for c in CASES])
def test_rule_types_find_what_a_sentence_can_answer(text: str, has: list[str], lacks: list[str]) -> None:
    flags = rule_types(text)
    assert all(flags & BITS[b] for b in has), [b for b in has if not flags & BITS[b]]
    assert not any(flags & BITS[b] for b in lacks), [b for b in lacks if flags & BITS[b]]


def test_sentence_flags_use_the_chosen_tagger_and_always_set_status_and_headings() -> None:
    texts = ["Kim Soo-hyun starred in 2020.", "Is there a season 2?", "Nothing is confirmed.",
             "## Prize money and what's next", "The #1 show won prize money."]  # fmt: skip
    rules, off = sentence_flags(texts, "rules"), sentence_flags(texts, "off")
    assert rules[0] & BITS["PERSON"] and rules[0] & BITS["DATE"] and not off[0] & (BITS["PERSON"] | BITS["DATE"])
    for flags in (rules, off):
        assert flags[1] & BITS["QSHAPE"] and flags[2] & BITS["STATUS"]
        # A Markdown heading answers nothing, whatever its shape; a "#" inside a sentence is no heading.
        assert flags[3] & BITS["QSHAPE"] and not flags[4] & BITS["QSHAPE"]


def test_the_tagger_uses_the_answer_type_bits() -> None:
    assert BITS is entity_rules.BITS  # one layout for every flag writer and reader
    assert sorted(BITS.values()) == [1 << i for i in range(len(BITS))]  # each flag its own bit


@pytest.mark.parametrize("text", ["a" * 20_000, "1," * 10_000, "one " * 5_000, "Ab " * 7_000, "January 1 " * 2_000])
def test_pathological_sentences_tag_in_linear_time(text: str) -> None:
    # Unbounded repeats (\d[\d,.]*, (\w+) before "said", chains of number words) took 7 s to 57 s on these.
    started = time.perf_counter()
    rule_types(text)
    assert time.perf_counter() - started < 2.0
