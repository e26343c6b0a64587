"""The examples in the package's docstrings run with the tests (``make test``), so they stay true."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import mcugraph


def _modules() -> list[str]:
    names = [mcugraph.__name__]
    for info in pkgutil.walk_packages(mcugraph.__path__, prefix=f"{mcugraph.__name__}."):
        if info.name.rsplit(".", 1)[-1] != "__main__":  # running it would start the CLI
            names.append(info.name)
    return sorted(names)


def _runs(example: doctest.Example) -> bool:
    return not example.options.get(doctest.SKIP, False)


MODULES = _modules()
WITH_EXAMPLES = [
    name
    for name in MODULES
    if any(
        _runs(example)
        for test in doctest.DocTestFinder().find(importlib.import_module(name))
        for example in test.examples
    )
]


def test_the_package_has_examples_to_run() -> None:
    """Guards the test below: a finder that found nothing would pass vacuously."""
    assert len(WITH_EXAMPLES) >= 10, WITH_EXAMPLES


@pytest.mark.parametrize("name", WITH_EXAMPLES)
def test_the_examples_in_docstrings_hold(name: str) -> None:
    module = importlib.import_module(name)
    failures, attempted = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert attempted > 0
    assert failures == 0, f"{failures} of {attempted} examples in {name} failed (the output above says which)"
