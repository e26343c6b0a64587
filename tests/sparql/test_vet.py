"""Vetting: SERVICE, FROM, FROM NAMED and updates are refused before anything runs."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import Graph

from mcugraph.errors import QueryError
from mcugraph.sparql.run import run_query
from mcugraph.sparql.vet import MAX_QUERY_LENGTH, QueryRefused, QuerySyntaxError, query_form, vet_query

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
FROM = "FROM and FROM NAMED are not allowed: queries run over this dataset only"


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
        ("SELECT * FROM <http://127.0.0.1:9/data.ttl> WHERE { ?s ?p ?o }", FROM),
        ("SELECT * FROM NAMED <file:///etc/passwd> WHERE { GRAPH ?g { ?s ?p ?o } }", FROM),
        ("DESCRIBE ?s FROM <http://x/> WHERE { ?s ?p ?o }", FROM),
        ("INSERT DATA { <http://a/s> <http://a/p> <http://a/o> }", "updates are not allowed (INSERT)"),
        ("DELETE WHERE { ?s ?p ?o }", "updates are not allowed (DELETE)"),
        ("LOAD <http://127.0.0.1:9/x.ttl>", "updates are not allowed (LOAD)"),
        ("CLEAR ALL", "updates are not allowed (CLEAR)"),
        ("DROP GRAPH <http://a/g>", "updates are not allowed (DROP)"),
        ("CREATE GRAPH <http://a/g>", "updates are not allowed (CREATE)"),
        ("COPY DEFAULT TO <http://a/g>", "updates are not allowed (COPY)"),
        ("PREFIX a: <http://a/>\nWITH a:g DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", "updates are not allowed (WITH)"),
        ("SELECT * WHERE { " + "{ " * 400 + "?s ?p ?o" + " }" * 400 + " }", "nested too deeply"),
        ("SELECT * WHERE { ?s ?p '" + "x" * MAX_QUERY_LENGTH + "' }", "characters long; the limit is 100,000"),
    ],
)
def test_reaching_out_or_writing_is_refused(text: str, message: str) -> None:
    with pytest.raises(QueryRefused) as caught:
        vet_query(text)
    assert message in str(caught.value)
    assert isinstance(caught.value, QueryError)


def test_a_syntax_error_says_where_with_the_line_and_a_caret() -> None:
    with pytest.raises(QuerySyntaxError) as caught:
        vet_query("SELECT ?x\nWHERE {\n  ?x ?y\n}")
    assert str(caught.value) == (
        "SPARQL syntax error at line 3, column 3: expected SelectQuery, found '?'\n    ?x ?y\n    ^"
    )


def test_syntax_error_message_names_line_and_column() -> None:
    with pytest.raises(QuerySyntaxError, match=r"^SPARQL syntax error at line 1, column 18: expected SelectQuery"):
        vet_query("SELECT * WHERE { ?s ?p }")


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
def test_no_outbound_request_is_made(rich_graph: Graph, listener: Listener, template: str) -> None:
    with pytest.raises(QueryRefused):
        run_query(rich_graph, template.format(url=listener.url))
    memory = Graph()  # rdflib's own engine would load FROM <url>; it is refused just the same
    with pytest.raises(QueryRefused):
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
