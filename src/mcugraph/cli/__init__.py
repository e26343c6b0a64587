"""The ``mcugraph`` command line: a thin layer over the library.

Each command parses its arguments, calls one library function and prints. Library
errors become one-line messages with exit code 1; wrong calls exit 2. Heavy libraries
are imported inside the commands that need them, so ``mcugraph --help`` stays fast.
"""

from __future__ import annotations

# The order of these imports is the order commands are listed in --help and docs/cli.md.
# isort: off
from mcugraph.cli._base import main
from mcugraph.cli import _core  # noqa: F401  (registers commands)
from mcugraph.cli import _check  # noqa: F401  (check, timeline, orders)
from mcugraph.cli import _rdf  # noqa: F401  (export, query, serve, publish)
from mcugraph.cli import _html  # noqa: F401  (html)

# isort: on

__all__ = ["main"]
