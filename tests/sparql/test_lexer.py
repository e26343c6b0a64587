"""Reading a query as tokens: what is a keyword, what is hidden inside other tokens, how deep it nests."""

from __future__ import annotations

import re

import pytest

from mcugraph.sparql import lexer
from mcugraph.sparql.lexer import expand_escapes, scan
from mcugraph.sparql.vet import QueryRefused, vet_query


@pytest.mark.parametrize(
    "text",
    [
        r"SELECT * WHERE { \u0053ERVICE <http://x/> { ?s ?p ?o } }",  # an escape spelling the keyword
        "SELECT * WHERE { ?s ?p ?o }\n# \\u000ASERVICE <http://x/> {}",  # an escaped line break ends the comment
        r"SELECT * WHERE { \U00000053ERVICE <http://x/> { ?s ?p ?o } }",
        "SELECT * WHERE { ?s ?p ?o }\rSERVICE <http://x/> {}",  # a bare CR ends a line, as LF does
        "SELECT * WHERE { ?s ?p ?o # a comment\rSERVICE <http://x/> {} }",
        "SELECT*WHERE{SERVICE<http://x/>{?s ?p ?o}}",  # no spaces at all
        "PREFIX ex: <http://e/>\nSELECT * WHERE { ?s ?p ex:o.SERVICE <http://x/> { ?s ?p ?o } }",  # a dotted name
    ],
)
def test_a_keyword_is_found_however_it_is_written(text: str) -> None:
    with pytest.raises(QueryRefused, match="SERVICE is not allowed"):
        vet_query(text)


def test_nesting_is_counted_without_recursion() -> None:
    found = scan("SELECT * WHERE { " + "{ " * 50_000 + "}" * 50_000 + " }")
    assert found.depth == 50_001
    assert scan("ASK { FILTER((1)) }").depth == 3
    assert scan("ASK { ?s ?p '{{{{' }").depth == 1  # brackets in strings do not count


def test_the_prologue_gives_prefixes_base_and_the_form() -> None:
    found = scan(
        "BASE <http://b/>\nPREFIX a: <http://a/>\nPREFIX : <http://e/>\nconstruct { ?s a:p ?o } FROM :g WHERE {}"
    )
    assert (found.keyword, found.base, found.prefixes) == (
        "CONSTRUCT",
        "http://b/",
        {"a": "http://a/", "": "http://e/"},
    )
    assert found.from_default == [":g"]
    assert scan("SELECT * FROM NAMED <g> {}").from_named == ["<g>"]


def test_escapes_outside_the_ranges_stay_as_written() -> None:
    assert expand_escapes(r"\uD800 \U00110000 \u0041") == r"\uD800 \U00110000 A"


def test_the_name_classes_written_as_complements_hold_the_same_characters() -> None:
    every = "".join(map(chr, range(0x110000)))
    for chars in (
        lexer._PN_CHARS_BASE,
        lexer._PN_CHARS_BASE + "_",
        lexer._PN_CHARS,
        lexer._PN_CHARS + ".",
        lexer._PN_CHARS + ":.",
    ):
        assert re.findall(lexer._one_of(chars), every) == re.findall(f"[{chars}]", every)
