"""Helpers for continuity tests: small inline universes and the line a needle sits on."""

from __future__ import annotations

import textwrap

import mcugraph
from mcugraph.continuity import Finding, check
from mcugraph.model import Universe

HEAD = (
    'universe: {id: t, name: Test, base_iri: "https://example.org/t/", license: CC0-1.0}\n'
    "sources:\n"
    "  - {id: src, kind: other, title: Invented for tests}\n"
)


def text_of(body: str) -> str:
    return HEAD + textwrap.dedent(body)


def universe(body: str) -> Universe:
    return mcugraph.loads(text_of(body), path="t.yaml")


def found(body: str, rule: str) -> list[Finding]:
    """The findings of one rule on a universe written as ``HEAD + body``."""
    return list(check(universe(body), only=[rule]).findings)


def line_of(body: str, needle: str) -> int:
    """The 1-based line of the first line of ``HEAD + body`` holding ``needle``."""
    for number, line in enumerate(text_of(body).splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} is not in the text")
