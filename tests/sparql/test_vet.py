"""Vetting: SERVICE and updates are refused before anything runs; size limits; syntax errors say where."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import Graph

from mcugraph.errors import QueryError
from mcugraph.sparql.run import QueryStore, UnknownGraph, run_query
from mcugraph.sparql.vet import (
    MAX_QUERY_LENGTH,
    Limits,
    QueryRefused,
    QuerySyntaxError,
    QueryTooDeep,
    QueryTooLarge,
    query_form,
    vet,
    vet_query,
)

from .conftest import Listener


@pytest.mark.parametrize(
    ("text", "form"),
    [
        ("SELECT * WHERE { ?s ?p ?o }", "SELECT"),
        ("select ?s where { ?s ?p ?o } limit 3", "SELECT"),
        ("ASK { ?s ?p ?o }", "ASK"),
        ("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", "CONSTRUCT"),
        ("DESCRIBE <https://example.org/x>", "DESCRIBE"),
        ("# a comment with SERVICE and FROM <x>\nSELECT * WHERE { ?s ?p 'SERVICE <http://x/>' }", "SELECT"),
        ("PREFIX mcg: <https://w3id.org/mcugraph/ontology#>\nSELECT ?c WHERE { ?c a mcg:Character }", "SELECT"),
    ],
)
def test_read_only_queries_pass(text: str, form: str) -> None:
    assert query_form(text) == form
    vet_query(text)


SERVICE = "SERVICE is not allowed: queries may not call other endpoints"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }", SERVICE),
        ("SELECT * WHERE { SERVICE SILENT <http://127.0.0.1:9/> { ?s ?p ?o } }", SERVICE),
        ("SELECT * WHERE { ?x ?y ?z OPTIONAL { { SERVICE ?endpoint { ?s ?p ?o } } } }", SERVICE),
        ("ASK { FILTER EXISTS { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } } }", SERVICE),
        ("SELECT * WHERE { { SELECT ?s WHERE { SERVICE <http://x/> { ?s ?p ?o } } } }", SERVICE),
        ("CONSTRUCT { ?s ?p ?o } WHERE { SERVICE <http://x/> { ?s ?p ?o } }", SERVICE),
        (r"SELECT * WHERE { \u0053ERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }", SERVICE),
        ("SELECT * WHERE { ?s ?p ?o SERVICE <http://x/> {} }", SERVICE),
        ("SELECT * WHERE { ?s ?p ?o . service <http://x/> {} }", SERVICE),
        (
            "SELECT * WHERE { ?s ?p ?o }\nINSERT DATA { <http://a/s> <http://a/p> 1 }",
            "updates are not allowed (INSERT)",
        ),
        ("INSERT DATA { <http://a/s> <http://a/p> <http://a/o> }", "updates are not allowed (INSERT)"),
        ("DELETE WHERE { ?s ?p ?o }", "updates are not allowed (DELETE)"),
        ("LOAD <http://127.0.0.1:9/x.ttl>", "updates are not allowed (LOAD)"),
        ("CLEAR ALL", "updates are not allowed (CLEAR)"),
        ("DROP GRAPH <http://a/g>", "updates are not allowed (DROP)"),
        ("CREATE GRAPH <http://a/g>", "updates are not allowed (CREATE)"),
        ("COPY DEFAULT TO <http://a/g>", "updates are not allowed (COPY)"),
        ("PREFIX a: <http://a/>\nWITH a:g DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", "updates are not allowed (WITH)"),
    ],
)
def test_reaching_out_or_writing_is_refused(text: str, message: str) -> None:
    with pytest.raises(QueryRefused) as caught:
        vet_query(text)
    assert message in str(caught.value)
    assert isinstance(caught.value, QueryError)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        # the position is where Oxigraph's parser gave up, which may lie past the mistake
        ("SELECT ?x\nWHERE {\n  ?x ?y\n}", "line 4, column 2: the query ends before it is complete\n  }\n   ^"),
        ("SELECT * WHERE { ?s ?p ?o . FILTER(?s = ) }", "line 1, column 44: the query ends before it is complete"),
        ("SELECT * WHERE { ?s ?p ?o } LIMIT x", "line 1, column 35: unexpected 'x'"),
        ("ASK {", "line 1, column 6: the query ends before it is complete"),
        ("SELECT * WHERE { ?s a nope:x }", "line 1, column 29: the prefix 'nope:' is not declared: add PREFIX nope:"),
    ],
)
def test_a_syntax_error_says_where_with_the_line_and_a_caret(text: str, message: str) -> None:
    with pytest.raises(QuerySyntaxError) as caught:
        vet(text, prefixes={"schema": "http://schema.org/"})
    assert str(caught.value).startswith("SPARQL syntax error at " + message)


def test_a_text_that_is_no_query_says_how_a_query_starts() -> None:
    with pytest.raises(QuerySyntaxError, match="a query starts with SELECT, ASK, CONSTRUCT or DESCRIBE, not 'SELEKT'"):
        vet_query("SELEKT * WHERE { ?s ?p ?o }")


def test_a_relative_iri_resolves_against_the_base_instead_of_misleading(rich_graph: QueryStore) -> None:
    """Without a base Oxigraph says "expected OPTIONAL" at a relative IRI; the store has one: the universe's."""
    (row,) = run_query(rich_graph, "SELECT ?x WHERE { BIND(<character/pip> AS ?x) }").rows
    assert row[0].value == rich_graph.base_iri + "character/pip"
    assert run_query(rich_graph, "ASK { <character/pip> ?p ?o }").boolean is True


def test_a_thousand_levels_of_nesting_are_vetted_and_answered(rich_graph: QueryStore) -> None:
    deep = "ASK { " + "{ " * 1000 + "?s ?p ?o" + " }" * 1000 + " }"
    assert vet(deep).form == "ASK"
    assert run_query(rich_graph, deep).boolean is True
    parens = "SELECT (" + "(" * 1000 + "1" + ")" * 1000 + " AS ?one) WHERE {}"
    assert run_query(rich_graph, parens).rows[0][0].value == "1"


def test_past_the_nesting_limit_the_refusal_says_how_deep_and_the_limit() -> None:
    deep = "SELECT * WHERE { " + "{ " * 2500 + "?s ?p ?o" + " }" * 2500 + " }"
    with pytest.raises(QueryTooDeep) as caught:
        vet_query(deep)
    assert str(caught.value) == (
        "the query nests 2,501 levels deep (braces, parentheses and brackets); the limit is 2,000"
    )
    assert vet(deep, limits=Limits(max_depth=3000)).form == "SELECT"


def test_past_the_length_limit_the_refusal_says_how_long_and_the_limit() -> None:
    long = "SELECT * WHERE { ?s ?p '" + "x" * MAX_QUERY_LENGTH + "' }"
    with pytest.raises(QueryTooLarge, match=r"^the query is 100,027 characters long; the limit is 100,000$"):
        vet_query(long)
    assert vet(long, limits=Limits(max_length=200_000)).form == "SELECT"


@pytest.mark.parametrize(
    "text",
    [
        "SELECT * WHERE { ?s ?p 'SERVICE <http://x/> {}' }",
        'SELECT * WHERE { ?s ?p """\nSERVICE <http://x/> {}\n""" }',
        "SELECT * WHERE { ?s <http://e.org/SERVICE> ?o }",
        "PREFIX service: <http://e.org/>\nSELECT * WHERE { ?s service:service ?o }",
        "SELECT ?service WHERE { ?service ?insert ?delete }",
        "SELECT * WHERE { ?s ?p 'x'@service }",
        "# SERVICE <http://x/> {} in a comment\nASK {}",
        "SELECT * WHERE { ?s ?p ?o } # INSERT DATA { }",
    ],
)
def test_keywords_inside_other_tokens_are_not_keywords(text: str) -> None:
    vet_query(text)


def test_from_names_graphs_and_runs_only_on_the_datasets_own(rich_graph: QueryStore) -> None:
    own = rich_graph.name
    assert vet(f"SELECT * FROM <{own}> WHERE {{ ?s ?p ?o }}").from_default == (f"<{own}>",)
    assert run_query(rich_graph, f"ASK FROM <{own}> {{ ?s ?p ?o }}").boolean is True
    assert run_query(rich_graph, f"ASK FROM NAMED <{own}> {{ GRAPH <{own}> {{ ?s ?p ?o }} }}").boolean is True
    assert run_query(rich_graph, "ASK FROM <./> { ?s ?p ?o }").boolean is True  # relative, against the base
    with pytest.raises(UnknownGraph) as caught:
        run_query(rich_graph, "SELECT * FROM <http://127.0.0.1:9/data.ttl> WHERE { ?s ?p ?o }")
    assert str(caught.value) == (
        f"FROM <http://127.0.0.1:9/data.ttl>: this dataset has no such graph; its one graph is <{own}>"
    )
    with pytest.raises(UnknownGraph, match="^FROM NAMED <file:///etc/passwd>: this dataset has no such graph"):
        run_query(rich_graph, "SELECT * FROM NAMED <file:///etc/passwd> WHERE { GRAPH ?g { ?s ?p ?o } }")


@pytest.mark.parametrize("text", ["", "   \n", "SELEKT * WHERE { ?s ?p ?o }", "hello"])
def test_nonsense_is_a_syntax_error(text: str) -> None:
    with pytest.raises(QuerySyntaxError):
        vet_query(text)


def test_the_engine_itself_would_call_out(listener: Listener) -> None:
    """The control experiment: without vetting, Oxigraph does open a connection."""
    store = ox.Store()
    with pytest.raises(OSError):  # the listener hangs up without answering
        list(store.query(f"SELECT * WHERE {{ SERVICE <{listener.url}> {{ ?s ?p ?o }} }}"))
    assert listener.wait_for(1)


@pytest.mark.parametrize(
    "template",
    [
        "SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
        "SELECT * WHERE {{ SERVICE SILENT <{url}> {{ ?s ?p ?o }} }}",
        "SELECT * FROM <{url}> WHERE {{ ?s ?p ?o }}",
        "SELECT * FROM NAMED <{url}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
        "LOAD <{url}>",
        "ASK {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
    ],
)
def test_no_outbound_request_is_made(rich_graph: QueryStore, listener: Listener, template: str) -> None:
    with pytest.raises(QueryError):  # SERVICE and LOAD are refused; FROM <url> names no graph of the dataset
        run_query(rich_graph, template.format(url=listener.url))
    memory = Graph()  # rdflib's own engine would load FROM <url>; a graph given to the runner is copied to Oxigraph
    with pytest.raises(QueryError):
        run_query(memory, template.format(url=listener.url))
    assert listener.made_before_now() == 0


def test_clear_cache_makes_the_next_vetting_parse_again() -> None:
    import importlib

    module = importlib.import_module("mcugraph.sparql.vet")
    text = "SELECT * WHERE { ?s ?p ?o } # clear_cache test"
    module.query_form(text)
    module.query_form(text)
    hits = module.cache_info().hits
    module.clear_cache()
    assert module.cache_info().currsize == 0
    module.query_form(text)
    assert module.cache_info().hits == 0 and hits >= 1


def test_mcugraph_sparql_vet_is_the_module_and_no_function_shadows_it() -> None:
    import types

    import mcugraph.sparql
    import mcugraph.sparql.vet as vetting

    assert isinstance(vetting, types.ModuleType) and mcugraph.sparql.vet is vetting
    assert mcugraph.sparql.vet_query is vetting.vet_query and "vet" not in mcugraph.sparql.__all__
