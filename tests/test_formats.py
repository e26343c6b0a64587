"""Formats and severities are enums whose members are their strings."""

from __future__ import annotations

import json

from click.testing import CliRunner

from mcugraph.cli import main
from mcugraph.continuity import FORMATS, SEVERITIES
from mcugraph.errors import Severity
from mcugraph.formats import ExportFormat, ReportFormat, ResultFormat
from mcugraph.rdf.export import FORMATS as EXPORTS
from mcugraph.sparql.results import MEDIA_TYPES


def test_members_equal_hash_and_print_as_their_strings() -> None:
    assert ExportFormat.TURTLE == "turtle" and {"turtle": 1}[ExportFormat.TURTLE] == 1
    assert f"{Severity.WARNING}" == "warning" and repr(ReportFormat.SARIF) == "'sarif'"
    assert json.dumps({Severity.ERROR: ResultFormat.CSV}) == '{"error": "csv"}'
    assert ExportFormat("jsonld") is ExportFormat.JSONLD


def test_the_library_tables_use_them() -> None:
    assert FORMATS == ("text", "json", "sarif") and all(isinstance(f, ReportFormat) for f in FORMATS)
    assert SEVERITIES == ("error", "warning", "info") and all(isinstance(s, Severity) for s in SEVERITIES)
    assert list(EXPORTS) == list(ExportFormat)
    assert set(MEDIA_TYPES) == set(ResultFormat) - {ResultFormat.TABLE}


def test_the_cli_offers_the_values() -> None:
    out = CliRunner().invoke(main, ["export", "--help"]).output
    assert "[turtle|ntriples|jsonld|graphml|json]" in out
    out = CliRunner().invoke(main, ["check", "--help"]).output
    assert "[text|json|sarif]" in out and "[error|warning]" in out
