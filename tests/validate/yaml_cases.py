"""A universe written as a fixed head and a body per test, with positions counted in the body.

``Cases(HEAD)`` gives ``load`` (the universe), ``problems`` (the diagnostics, as text, of a
body that must fail) and ``at`` (``u.yaml:LINE:COL`` for a line of the body, 1 = its first).
"""

from __future__ import annotations

import textwrap

import pytest

import mcugraph
from mcugraph.errors import SourceError


class Cases:
    def __init__(self, head: str) -> None:
        self.head = head
        self.head_lines = head.count("\n")

    def load(self, body: str) -> mcugraph.Universe:
        return mcugraph.loads(self.head + textwrap.dedent(body), path="u.yaml")

    def problems(self, body: str) -> list[str]:
        with pytest.raises(SourceError) as info:
            self.load(body)
        return [str(d) for d in info.value.diagnostics]

    def at(self, line: int, column: int) -> str:
        return f"u.yaml:{self.head_lines + line}:{column}"
