"""Binding parameters as VALUES blocks for remote stores."""

from __future__ import annotations

import pytest

from mcugraph.sparql.values import bind_as_values


def test_every_where_group_is_opened_with_the_values() -> None:
    text = "PREFIX s: <http://schema.org/>\nSELECT ?w ?n WHERE { ?w s:name ?n { SELECT ?w WHERE { ?w a s:Movie } } }"
    bound = bind_as_values(text, {"w": "<https://example.org/work/x>"})
    assert bound.count("VALUES ?w { <https://example.org/work/x> }") == 2
    assert bound.startswith("PREFIX s: <http://schema.org/>\nSELECT ?w ?n WHERE { VALUES ?w")


def test_ask_without_where() -> None:
    assert bind_as_values("ASK { ?s ?p ?o }", {"s": '"x"'}) == 'ASK { VALUES ?s { "x" }  ?s ?p ?o }'


def test_nothing_to_bind_leaves_the_text() -> None:
    assert bind_as_values("SELECT * WHERE { ?s ?p ?o }", {}) == "SELECT * WHERE { ?s ?p ?o }"


def test_not_a_query() -> None:
    with pytest.raises(ValueError, match="not a SPARQL query form"):
        bind_as_values("INSERT DATA { <a> <b> <c> }", {"x": "<y>"})
