"""The names of every output format, as enums whose members equal their strings.

Each is a :class:`~enum.StrEnum`: ``ExportFormat.TURTLE == "turtle"``, so the values the
command line and JSON use stay plain strings, and a typo in the code is an
``AttributeError`` rather than a format nobody handles. This module imports nothing
heavy: the command line builds its choices from it before any command runs.
"""

from __future__ import annotations

from enum import StrEnum

__all__ = ["ExportFormat", "ReportFormat", "ResultFormat"]


class _Names(StrEnum):
    """Members that print as their strings everywhere, ``repr`` included (``'turtle'``),
    so a message or a generated call reads the same as with the plain string."""

    __repr__ = str.__repr__


class ExportFormat(_Names):
    """What ``mcugraph export`` writes: the RDF graph, or the networkx view."""

    TURTLE = "turtle"
    NTRIPLES = "ntriples"
    JSONLD = "jsonld"
    GRAPHML = "graphml"
    JSON = "json"


class ReportFormat(_Names):
    """How ``mcugraph check`` writes its findings."""

    TEXT = "text"
    JSON = "json"
    SARIF = "sarif"


class ResultFormat(_Names):
    """How a SPARQL result is written: a table for a terminal, or a standard serialization."""

    TABLE = "table"
    JSON = "json"
    CSV = "csv"
    TSV = "tsv"
    XML = "xml"
    TURTLE = "turtle"
    NTRIPLES = "ntriples"
    JSONLD = "jsonld"
    RDFXML = "rdfxml"
