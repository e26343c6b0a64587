"""mcugraph: a continuity engine and knowledge graph for a shared screen universe.

>>> import mcugraph
>>> universe = mcugraph.load("data/universe.yaml")  # doctest: +SKIP
>>> universe.characters["jessica-jones"].name  # doctest: +SKIP
'Jessica Jones'
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from mcugraph.errors import MCUGraphError, SourceError, ValidationError

if TYPE_CHECKING:
    from mcugraph.model import Universe

__all__ = ["load", "loads", "MCUGraphError", "SourceError", "ValidationError", "__version__"]
__version__ = "0.1.0"


def load(path: str | os.PathLike[str]) -> Universe:
    """Read and validate the universe at ``path``; raise ``SourceError`` on any problem."""
    from mcugraph.validate import read_universe

    return read_universe(path)


def loads(text: str, *, path: str = "<string>") -> Universe:
    """Validate a universe given as one YAML string (no includes)."""
    from mcugraph.validate import parse_universe

    return parse_universe(text, path=path)
