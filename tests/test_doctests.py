"""The examples in the docstrings, run against the installed package."""

import doctest
import importlib
import pkgutil

import pytest

import cleaner

MODULES = sorted(m.name for m in pkgutil.walk_packages(cleaner.__path__, "cleaner."))


@pytest.mark.parametrize("name", ["cleaner", *MODULES])
def test_docstring_examples(name):
    module = importlib.import_module(name)
    failures, _ = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert failures == 0


def test_public_functions_have_examples():
    attempted = sum(doctest.testmod(importlib.import_module(n)).attempted for n in MODULES)
    assert attempted >= 10
