"""The examples in qa's docstrings run and hold (they document behaviour; a stale one would mislead)."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import qa

MODULES = sorted(m.name for m in pkgutil.walk_packages(qa.__path__, "qa."))


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_hold(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0, f"{name}: {result.failed} of {result.attempted} docstring examples failed"


def test_the_examples_are_many() -> None:
    finder = doctest.DocTestFinder()
    examples = sum(len(t.examples) for n in MODULES for t in finder.find(importlib.import_module(n)))
    assert examples >= 15, examples  # the docstrings do hold examples: the test above is not vacuous
