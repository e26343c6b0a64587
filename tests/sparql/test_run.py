"""run_query: parameters bound as terms, limits, result forms and formats, on the one runner (Oxigraph)."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

import pyoxigraph as ox
import pytest
from rdflib import Graph

from mcugraph.errors import QueryError
from mcugraph.sparql.run import QueryStore, QueryTimeout, run_query

B = "https://example.org/harbor/"
HEAD = """# title: test
# param: character (character) = mara-vell -- who
PREFIX mcg: <https://w3id.org/mcugraph/ontology#>
PREFIX schema: <http://schema.org/>
"""
NAMES = HEAD + "SELECT ?character ?name WHERE { ?character schema:name ?name }"


def names(result) -> list[str]:
    return [row[-1].value for row in result.rows]


@pytest.mark.parametrize(
    "value", ["otto-krane", "character:otto-krane", f"{B}character/otto-krane", f"<{B}character/otto-krane>"]
)
def test_a_record_parameter_takes_an_id_kind_id_or_iri(rich_graph: QueryStore, value: str) -> None:
    assert names(run_query(rich_graph, NAMES, params={"character": value})) == ["Otto Krane"]


def test_the_default_applies_when_no_value_is_given(rich_graph: QueryStore) -> None:
    result = run_query(rich_graph, NAMES)
    assert result.variables == ("character", "name")
    assert result.rows == [(ox.NamedNode(f"{B}character/mara-vell"), ox.Literal("Mara Vell"))]


def test_a_value_is_a_term_not_query_text(rich_graph: QueryStore) -> None:
    text = """# param: name (string) -- a name
PREFIX schema: <http://schema.org/>
SELECT ?name ?c WHERE { ?c schema:name ?name }"""
    hostile = 'x" } ?c ?p ?o . FILTER("1"="1'
    assert run_query(rich_graph, text, params={"name": hostile}).rows == []
    assert len(run_query(rich_graph, text, params={"name": "Pip"}).rows) == 1
    with pytest.raises(QueryError, match="needs a character id"):
        run_query(rich_graph, NAMES, params={"character": "mara-vell> . ?x ?y ?z"})


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"who": "pip"}, "the query takes no parameter 'who' (it takes: character); if you wrote the query"),
        ({"character": "work:watch-s1"}, "parameter 'character' takes a character, not a work ('work:watch-s1')"),
        (
            {"character": "Mara Vell"},
            "parameter 'character' needs a character id (such as mara-vell), character:ID or an IRI",
        ),
    ],
)
def test_parameter_errors_say_what_to_write(rich_graph: QueryStore, params: dict, message: str) -> None:
    with pytest.raises(QueryError) as caught:
        run_query(rich_graph, NAMES, params=params)
    assert message in str(caught.value)


def test_typed_parameters(rich_graph: QueryStore) -> None:
    text = """# param: day (date) -- a day
# param: n (integer) = 2 -- how many
PREFIX mcg: <https://w3id.org/mcugraph/ontology#>
SELECT ?day ?n ?t WHERE { ?t mcg:notBefore ?b FILTER (?b <= ?day) } LIMIT 1"""
    with pytest.raises(QueryError, match="the query needs a value for 'day': its header gives no default") as err:
        run_query(rich_graph, text)
    assert err.value.about == "params day"
    with pytest.raises(QueryError, match="parameter 'day' needs a date written YYYY-MM-DD, not '2014'"):
        run_query(rich_graph, text, params={"day": "2014"})
    with pytest.raises(QueryError, match="parameter 'n' needs a whole number, not 'two'"):
        run_query(rich_graph, text, params={"day": "2014-01-01", "n": "two"})
    (row,) = run_query(rich_graph, text, params={"day": "2014-01-01"}).rows
    assert row[0].value == "2014-01-01" and int(row[1].value) == 2


def test_a_parameter_must_be_selected(rich_graph: QueryStore) -> None:
    text = HEAD + "SELECT ?name WHERE { ?character schema:name ?name }"
    with pytest.raises(QueryError) as caught:
        run_query(rich_graph, text)
    assert str(caught.value) == (
        "parameter 'character' must be one of the variables the SELECT returns: add ?character to the SELECT "
        "clause (and to GROUP BY, if the query groups)"
    )


def test_the_result_limit_truncates_and_says_so(rich_graph: QueryStore) -> None:
    result = run_query(rich_graph, "SELECT * WHERE { ?s ?p ?o }", limit=7)
    assert len(result.rows) == 7 and result.truncated
    small = run_query(rich_graph, "SELECT * WHERE { ?s ?p ?o } LIMIT 3", limit=7)
    assert len(small.rows) == 3 and not small.truncated
    graph = run_query(rich_graph, "CONSTRUCT WHERE { ?s ?p ?o }", limit=5)
    assert len(graph.triples) == 5 and graph.truncated


def test_the_time_limit_stops_waiting(rich_graph: QueryStore) -> None:
    heavy = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    with pytest.raises(QueryTimeout, match="the query ran past its time limit of 0.3 s; narrow it down or add a LIMIT"):
        run_query(rich_graph, heavy, timeout=0.3)


def test_ask_construct_and_describe(rich_graph: QueryStore) -> None:
    assert run_query(rich_graph, "ASK { ?s ?p ?o }").boolean is True
    assert run_query(rich_graph, "ASK { <http://nowhere/x> ?p ?o }").boolean is False
    built = run_query(rich_graph, HEAD + "CONSTRUCT { ?character a schema:Thing } WHERE { ?character schema:name ?n }")
    assert [tuple(t) for t in built.triples] == [
        (ox.NamedNode(f"{B}character/mara-vell"), built.triples[0].predicate, ox.NamedNode("http://schema.org/Thing"))
    ]
    described = run_query(rich_graph, f"DESCRIBE <{B}character/pip>")
    assert any(t.object.value == "Pip" for t in described.triples)


def test_an_rdflib_graph_is_copied_into_a_store_and_run_there(rich_universe) -> None:
    """rdflib's engine is not a second path: a graph given to the runner is copied into Oxigraph."""
    from mcugraph.rdf import RdfDataset

    graph = RdfDataset(rich_universe).graph()
    assert isinstance(graph, Graph)
    with pytest.raises(QueryError, match="give a full IRI"):
        run_query(Graph(bind_namespaces="none"), NAMES, params={"character": "pip"})
    assert names(run_query(graph, NAMES, params={"character": "pip"})) == ["Pip"]
    assert run_query(graph, "ASK { ?s ?p ?o }").boolean is True


def test_an_undeclared_prefix_is_named(rich_graph: QueryStore) -> None:
    with pytest.raises(
        QueryError, match="^SPARQL syntax error at line 1, column 53: the prefix 'nosuch:' is not declared"
    ):
        run_query(rich_graph, "SELECT * WHERE { ?s ?p ?o } ORDER BY nosuch:function(?s)")


@pytest.fixture(scope="module")
def sample(rich_graph: QueryStore):
    text = """PREFIX schema: <http://schema.org/>
PREFIX mcg: <https://w3id.org/mcugraph/ontology#>
SELECT ?c ?name ?age ?none WHERE {
  ?c schema:name ?name . OPTIONAL { ?c mcg:statedAge/mcg:age ?age }
  FILTER (?name IN ("Mara Vell", "Pip"))
} ORDER BY ?name"""
    return run_query(rich_graph, text)


def test_sparql_json(sample) -> None:
    data = json.loads(sample.to_json())
    assert data["head"]["vars"] == ["c", "name", "age", "none"]
    mara, pip = data["results"]["bindings"]
    assert mara["c"] == {"type": "uri", "value": f"{B}character/mara-vell"}
    assert mara["name"] == {"type": "literal", "value": "Mara Vell"}
    assert mara["age"] == {"type": "literal", "value": "30", "datatype": "http://www.w3.org/2001/XMLSchema#integer"}
    assert "age" not in pip and "none" not in pip


def test_sparql_xml(sample) -> None:
    root = ET.fromstring(sample.to_xml())
    ns = {"r": "http://www.w3.org/2005/sparql-results#"}
    assert [v.get("name") for v in root.findall("r:head/r:variable", ns)] == ["c", "name", "age", "none"]
    first = root.findall("r:results/r:result", ns)[0]
    age = first.find("r:binding[@name='age']/r:literal", ns)
    assert age is not None and age.text == "30" and age.get("datatype").endswith("#integer")


def test_sparql_csv_and_tsv(sample) -> None:
    rows = list(csv.reader(io.StringIO(sample.to_csv())))
    assert rows == [
        ["c", "name", "age", "none"],
        [f"{B}character/mara-vell", "Mara Vell", "30", ""],
        [f"{B}character/pip", "Pip", "", ""],
    ]
    assert sample.to_csv().endswith("\r\n")
    lines = sample.to_tsv().splitlines()
    assert lines[0] == "?c\t?name\t?age\t?none"
    assert lines[1] == f'<{B}character/mara-vell>\t"Mara Vell"\t30\t'


def test_formats_that_do_not_fit_the_form_are_refused(rich_graph: QueryStore, sample) -> None:
    with pytest.raises(QueryError, match="a SELECT query gives results: ask for json, xml, csv or tsv, not turtle"):
        sample.serialize("turtle")
    graph = run_query(rich_graph, "CONSTRUCT WHERE { ?s a ?o } LIMIT 1")
    with pytest.raises(
        QueryError, match="a CONSTRUCT query gives a graph: ask for turtle, ntriples, jsonld or rdfxml, not csv"
    ):
        graph.serialize("csv")
    assert graph.serialize("ntriples").decode().endswith(" .\n")


def test_ask_in_every_format(rich_graph: QueryStore) -> None:
    result = run_query(rich_graph, "ASK { ?s ?p ?o }")
    assert json.loads(result.serialize("json")) == {"head": {}, "boolean": True}
    assert b"<boolean>true</boolean>" in result.serialize("xml")
    assert result.serialize("csv") == b"boolean\r\ntrue\r\n"
    assert result.serialize("tsv") == b"?boolean\ntrue\n"
    assert result.to_table() == "yes\n"


def test_xml_results_stay_well_formed_with_control_characters(rich_graph: QueryStore) -> None:
    result = run_query(rich_graph, r'SELECT ?x WHERE { VALUES ?x { "a\u0001b <&>" } }')
    root = ET.fromstring(result.to_xml())
    literal = root.find(".//{http://www.w3.org/2005/sparql-results#}literal")
    assert literal is not None and literal.text == "a\ufffdb <&>"
    assert json.loads(result.to_json())["results"]["bindings"][0]["x"]["value"] == "a\x01b <&>"
