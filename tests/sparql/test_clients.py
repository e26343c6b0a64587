"""Real SPARQL clients against a real ``mcugraph serve``: SPARQLWrapper, rdflib's SPARQLStore, Comunica.

Each client is used as its documentation shows, with its own defaults: SPARQLWrapper's
default format (XML, which for CONSTRUCT means RDF/XML), rdflib's SPARQLStore (which
asks for XML results). Comunica 4.x runs where Node and Comunica are installed (see
docs/researchers.md, "Comunica"); the test says why it is skipped otherwise.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, JSON, JSONLD, N3, POST, RDFXML, TSV, TURTLE, XML, SPARQLWrapper

from mcugraph.rdf.vocab import MCG

from .conftest import Server
from .test_endpoint import B

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = "PREFIX schema: <http://schema.org/>\n"
NAMES = SCHEMA + f"SELECT ?c ?name WHERE {{ ?c a <{MCG}Character> ; schema:name ?name }}"
ORDERED = NAMES + " ORDER BY ?name"
CONSTRUCT = SCHEMA + "CONSTRUCT { ?c schema:name ?name } WHERE { ?c a schema:Person ; schema:name ?name }"
DESCRIBE = f"DESCRIBE <{B}character/pip>"
EXPECTED = ["Lena Dusk", "Mara Vell", "Otto Krane", "Pip"]


def client(server: Server, query: str, fmt: str | None = None, *, post: bool = False) -> SPARQLWrapper:
    sparql = SPARQLWrapper(server.sparql)
    sparql.setQuery(query)
    if fmt is not None:
        sparql.setReturnFormat(fmt)
    if post:
        sparql.setMethod(POST)
    return sparql


def reference(server: Server, query: str) -> Graph:
    sparql = client(server, query, N3)
    sparql.addCustomHttpHeader("Accept", "application/n-triples")
    return Graph().parse(data=sparql.query().convert(), format="nt")


# -- SPARQLWrapper ------------------------------------------------------------------------------


@pytest.mark.parametrize("post", [False, True])
def test_sparqlwrapper_select_in_every_results_format(server: Server, post: bool) -> None:
    data = client(server, ORDERED, JSON, post=post).query().convert()
    assert [b["name"]["value"] for b in data["results"]["bindings"]] == EXPECTED
    xml = client(server, ORDERED, XML, post=post).query().convert()
    assert [n.firstChild.data for n in xml.getElementsByTagName("literal")] == EXPECTED
    assert client(server, ORDERED, post=post).query().convert().toxml() == xml.toxml()  # XML is the default
    csv_rows = client(server, ORDERED, CSV, post=post).query().convert().decode().splitlines()
    assert csv_rows[0] == "c,name" and [r.split(",")[1] for r in csv_rows[1:]] == EXPECTED
    tsv_rows = client(server, ORDERED, TSV, post=post).query().convert().decode().splitlines()
    assert tsv_rows[0] == "?c\t?name" and [r.split("\t")[1] for r in tsv_rows[1:]] == [f'"{n}"' for n in EXPECTED]


def test_sparqlwrapper_ask_in_json_and_xml(server: Server) -> None:
    assert client(server, "ASK { ?s ?p ?o }", JSON).query().convert()["boolean"] is True
    xml = client(server, "ASK { <http://nowhere/x> ?p ?o }", XML).query().convert()
    assert xml.getElementsByTagName("boolean")[0].firstChild.data == "false"


@pytest.mark.parametrize("query", [CONSTRUCT, DESCRIBE])
@pytest.mark.parametrize("fmt", [None, XML, RDFXML, TURTLE, N3, JSONLD])
def test_sparqlwrapper_construct_and_describe_in_every_rdf_format(server: Server, query: str, fmt: str | None) -> None:
    """None is SPARQLWrapper's default (XML: RDF/XML for a graph), which got a 406 before."""
    result = client(server, query, fmt).query()
    converted = result.convert()  # Turtle and N3 come back as bytes
    graph = converted if isinstance(converted, Graph) else Graph().parse(data=converted, format="turtle")
    assert len(graph) > 0
    assert isomorphic(graph, reference(server, query))


def test_sparqlwrapper_json_for_a_graph_is_json_ld(server: Server) -> None:
    sparql = client(server, CONSTRUCT, JSONLD)
    response = sparql.query()
    assert response.response.headers["Content-Type"].startswith("application/ld+json")
    assert isomorphic(response.convert(), reference(server, CONSTRUCT))


# -- rdflib's SPARQLStore ------------------------------------------------------------------------


@pytest.fixture
def remote(server: Server) -> Graph:
    store = SPARQLStore(server.sparql)  # default: XML results, GET
    return Graph(store=store)


def test_sparqlstore_select_ask_construct_describe(remote: Graph, server: Server) -> None:
    rows = remote.query(ORDERED)
    assert [str(r[1]) for r in rows] == EXPECTED
    assert remote.query("ASK { ?s ?p ?o }").askAnswer is True
    built = remote.query(CONSTRUCT).graph
    assert isomorphic(built, reference(server, CONSTRUCT))
    described = remote.query(DESCRIBE).graph
    assert (URIRef(f"{B}character/pip"), URIRef("http://schema.org/name"), Literal("Pip")) in described


def test_sparqlstore_triples_and_post(server: Server) -> None:
    graph = Graph(store=SPARQLStore(server.sparql, method="POST"))
    names = {str(o) for o in graph.objects(URIRef(f"{B}character/pip"), URIRef("http://schema.org/name"))}
    assert names == {"Pip"}
    assert [str(row[1]) for row in graph.query(ORDERED)] == EXPECTED


def test_sparqlstore_is_refused_updates_with_403(remote: Graph) -> None:
    from rdflib.plugins.stores.sparqlstore import SPARQLUpdateStore

    store = SPARQLUpdateStore(query_endpoint=remote.store.query_endpoint, update_endpoint=remote.store.query_endpoint)
    with pytest.raises(Exception, match="403"):
        store.update("INSERT DATA { <http://a/s> <http://a/p> <http://a/o> }")


# -- Comunica 4.x on Node -------------------------------------------------------------------------


def comunica() -> list[str]:
    """The command that runs Comunica's SPARQL client, or a skip that says what is missing."""
    node = shutil.which("node")
    if node is None:
        pytest.skip("Node is not installed: Comunica needs Node 18 or later (see docs/researchers.md)")
    found = os.environ.get("MCUGRAPH_COMUNICA")
    script = Path(found) if found else ROOT / ".cache" / "comunica" / "node_modules" / "@comunica" / "query-sparql"
    entry = script / "bin" / "query.js" if script.is_dir() else script
    if not entry.is_file():
        pytest.skip(
            "Comunica is not installed: npm install --prefix .cache/comunica @comunica/query-sparql@4 "
            "(or set MCUGRAPH_COMUNICA to its bin/query.js)"
        )
    package = json.loads((entry.parent.parent / "package.json").read_text(encoding="utf-8"))
    if not str(package.get("version", "")).startswith("4."):
        pytest.skip(f"Comunica {package.get('version')} is installed; these tests are for 4.x")
    return [node, str(entry)]


def run_comunica(server: Server, query: str, media: str) -> str:
    done = subprocess.run(
        [*comunica(), f"sparql@{server.sparql}", "-q", query, "-t", media],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def test_comunica_select_and_ask(server: Server) -> None:
    rows = json.loads(run_comunica(server, ORDERED, "application/sparql-results+json"))
    assert [b["name"]["value"] for b in rows["results"]["bindings"]] == EXPECTED
    assert json.loads(run_comunica(server, "ASK { ?s ?p ?o }", "application/sparql-results+json"))["boolean"] is True


def test_comunica_construct(server: Server) -> None:
    graph = Graph().parse(data=run_comunica(server, CONSTRUCT, "application/n-triples"), format="nt")
    assert isomorphic(graph, reference(server, CONSTRUCT))
