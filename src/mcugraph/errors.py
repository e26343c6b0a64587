"""The exception family of mcugraph and the positioned diagnostic they carry.

Every error a user can cause derives from :class:`MCUGraphError`; the CLI turns it
into a one-line message and exit code 1 (2 for a wrong call: a name that matches
nothing, a query parameter missing or wrong), never a traceback.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import NamedTuple

__all__ = [
    "Mark",
    "Severity",
    "Diagnostic",
    "MCUGraphError",
    "SourceError",
    "ValidationError",
    "NotFoundError",
    "AmbiguousError",
    "NoPathError",
    "QueryError",
    "ParamError",
    "OutputError",
    "StoreError",
]


class Mark(NamedTuple):
    """A position in a source file; line and column are counted from 1.

    A named tuple rather than a dataclass: the reader makes one for every node, and a
    tuple is several times cheaper to create (immutable, hashable and ordered alike).
    """

    path: str
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"


class Severity(StrEnum):
    """How serious a diagnostic or a finding is, most serious first; equal to its string
    (and printed as it, ``repr`` included)."""

    __repr__ = str.__repr__

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One problem found in the source, printed compiler-style."""

    mark: Mark
    message: str
    severity: Severity = Severity.ERROR

    def __str__(self) -> str:
        return f"{self.mark}: {self.severity}: {self.message}"


class MCUGraphError(Exception):
    """Root of every error mcugraph raises on purpose.

    The message says what is wrong in the library's own terms. ``about`` names the argument
    of the library call at fault (``"focus"``, ``"port"``; ``"params day"`` for one parameter),
    so that a front end can add its own words: the CLI names its option.
    """

    about: str | None = None

    def __init__(self, *args: object, about: str | None = None) -> None:
        super().__init__(*args)
        if about is not None:
            self.about = about


class SourceError(MCUGraphError):
    """The YAML could not be read (syntax, hostile constructs, limits, includes).

    Carries every problem found in the run, not just the first.
    """

    def __init__(self, diagnostics: Iterable[Diagnostic]) -> None:
        self.diagnostics = tuple(diagnostics)
        super().__init__("\n".join(str(d) for d in self.diagnostics))


class ValidationError(SourceError):
    """The YAML was read but does not describe a valid universe."""


class NotFoundError(MCUGraphError):
    """An id or name matches nothing; the message suggests the nearest ones."""


class NoPathError(NotFoundError):
    """Two entities are both there but not connected: an answer about the data, not a wrong name."""


class AmbiguousError(MCUGraphError):
    """A name matches more than one entity; the message lists them."""

    def __init__(self, message: str, candidates: Iterable[str] = ()) -> None:
        self.candidates = tuple(candidates)
        super().__init__(message)


class QueryError(MCUGraphError):
    """A SPARQL query was refused, failed to parse, or ran past its limits."""


class ParamError(QueryError):
    """A query was called wrongly: a parameter it does not take, a value missing, or a value
    that is not of the parameter's type or names nothing in the universe at hand."""


class OutputError(MCUGraphError):
    """An output file could not be written."""


class StoreError(MCUGraphError):
    """An on-disk store cannot be used: its folder is not one, another process holds it,
    or it could not be built or opened."""
