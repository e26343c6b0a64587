"""What every RDF writer shares: the text of a format is made one subject at a time.

A :class:`BlockWriter` turns one subject's triples (in canonical order) into that
subject's block of text; the text of a whole document is its opening, the blocks with
the format's separator between them, and its closing. Two drivers use the same writers:
:func:`render` for a list of triples in memory (``to_turtle``, ``to_jsonld``), and
:class:`BlockSink` for subjects that arrive one by one from the streaming export
(:mod:`mcugraph.rdf.stream`). So each format's text has one implementation.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import groupby
from operator import itemgetter
from typing import Protocol

from mcugraph.rdf.terms import Triple, to_ntriples

__all__ = ["BlockWriter", "NTriplesWriter", "render", "BlockSink"]


class BlockWriter(Protocol):
    """One format's text, a subject at a time."""

    #: written between two blocks
    separator: str
    #: whether :meth:`opening` is known before any block is made (Turtle lists the
    #: prefixes its blocks used, so its opening comes last)
    opening_first: bool

    def block(self, subject: str, rows: list[Triple]) -> str:
        """The text of ``subject``'s triples (``rows``, in canonical order)."""
        ...

    def opening(self) -> str: ...

    def closing(self, blocks: int) -> str:
        """The end of a document of ``blocks`` blocks."""
        ...


class NTriplesWriter:
    """N-Triples: one line per triple, no header."""

    separator = ""
    opening_first = True

    def block(self, subject: str, rows: list[Triple]) -> str:
        return to_ntriples(rows)

    def opening(self) -> str:
        return ""

    def closing(self, blocks: int) -> str:
        return ""


def render(writer: BlockWriter, triples: Iterable[Triple]) -> str:
    """The whole document of ``triples`` (canonical order) as one text."""
    blocks = [writer.block(subject, list(rows)) for subject, rows in groupby(triples, key=itemgetter(0))]
    body = writer.separator.join(blocks)
    return writer.opening() + body + writer.closing(len(blocks))


class BlockSink:
    """Collects the blocks of subjects given one at a time (canonical order), for a caller
    to take as text every so often.

    ``first`` says whether this sink's first block opens the document (no separator
    before it).
    """

    def __init__(self, writer: BlockWriter, *, first: bool) -> None:
        self.writer = writer
        self.first = first
        self.blocks = 0
        self.pending = 0
        self._pieces: list[str] = []

    def add(self, subject: str, rows: list[Triple]) -> None:
        """One subject's block: its triples, in canonical order."""
        text = self.writer.block(subject, rows)
        self._pieces.append(text if self.first else self.writer.separator + text)
        self.first = False
        self.blocks += 1
        self.pending += 1

    def extend(self, triples: Iterable[Triple]) -> None:
        """The blocks of ``triples`` (canonical order)."""
        for subject, rows in groupby(triples, key=itemgetter(0)):
            self.add(subject, list(rows))

    def take(self) -> str:
        """The text of the blocks made since the last call."""
        text = "".join(self._pieces)
        self._pieces.clear()
        self.pending = 0
        return text
