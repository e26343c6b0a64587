"""The SPARQL 1.1 Protocol, case by case, against a real ``mcugraph serve``.

The cases follow the query cases of the W3C protocol test suite (the manifest in
w3c/rdf-tests, sparql/sparql11/protocol/), written from their descriptions and the
specification. The suite's dataset names graphs of its own; here the dataset parameters
name this dataset's one graph, the universe's base IRI, which is what the endpoint
accepts (any other graph is a 400 that names it). Updates are refused with 403: this is
a read-only service.
"""

from __future__ import annotations

import http.client
import json
import urllib.parse
from typing import Any

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from mcugraph.sparql.request import MAX_BODY, MAX_URL, BadRequest, read_request

from .conftest import Server
from .test_endpoint import B

PIP = f"<{B}character/pip>"
OTHER = "http://kasei.us/2009/09/sparql/data/data1.rdf"
RESULT_TYPES = (
    "application/sparql-results+json",
    "application/sparql-results+xml",
    "text/csv",
    "text/tab-separated-values",
)
BOOLEAN_TYPES = ("application/sparql-results+json", "application/sparql-results+xml")
RDF_TYPES = ("text/turtle", "application/n-triples", "application/ld+json", "application/rdf+xml")
FORM = "application/x-www-form-urlencoded"
DIRECT = "application/sparql-query"


def call(
    server: Server,
    method: str,
    query: dict[str, Any] | list[tuple[str, str]] | str = "",
    body: bytes = b"",
    **headers: str,
) -> tuple[int, dict[str, str], bytes]:
    """One request as written, on a connection of its own (no client adds a header)."""
    target = "/sparql"
    if query:
        target += "?" + (query if isinstance(query, str) else urllib.parse.urlencode(query, doseq=True))
    port = int(server.base.rsplit(":", 1)[1])
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.putrequest(method, target, skip_accept_encoding=True)
        for name, value in {**headers, "Content-Length": str(len(body))}.items():
            connection.putheader(name.replace("_", "-"), value)
        connection.endheaders(body)
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()


def boolean(reply: tuple[int, dict[str, str], bytes]) -> bool:
    status, headers, body = reply
    assert status == 200, body
    assert headers["content-type"].split(";")[0] in BOOLEAN_TYPES
    value = json.loads(body)["boolean"]
    assert isinstance(value, bool)
    return value


# -- the query cases ---------------------------------------------------------------------


def test_query_get(server: Server) -> None:
    assert boolean(call(server, "GET", [("query", "ASK {}"), ("default-graph-uri", B)])) is True


def test_query_post_form(server: Server) -> None:
    body = urllib.parse.urlencode({"query": "ASK {}"}).encode()
    assert boolean(call(server, "POST", {"default-graph-uri": B}, body, Content_Type=FORM)) is True


def test_query_post_direct(server: Server) -> None:
    assert boolean(call(server, "POST", "", b"ASK {}", Content_Type=DIRECT)) is True


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_query_dataset_default_graphs(method: str, server: Server) -> None:
    """The default graph given twice (the suite merges two graphs; this dataset has one)."""
    query = f"ASK {{ {PIP} a ?type }}"
    graphs = [("default-graph-uri", B), ("default-graph-uri", B)]
    if method == "GET":
        reply = call(server, "GET", [("query", query), *graphs])
    else:
        reply = call(server, "POST", graphs, query.encode(), Content_Type=DIRECT)
    assert boolean(reply) is True


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_query_dataset_named_graphs(method: str, server: Server) -> None:
    query = f"SELECT ?g WHERE {{ GRAPH ?g {{ {PIP} a ?type }} }} LIMIT 1"
    graphs = [("named-graph-uri", B)]
    if method == "GET":
        reply = call(server, "GET", [("query", query), *graphs])
    else:
        reply = call(server, "POST", graphs, query.encode(), Content_Type=DIRECT)
    status, _, body = reply
    assert status == 200, body
    assert [b["g"]["value"] for b in json.loads(body)["results"]["bindings"]] == [B]
    # with only named graphs given, the default graph is empty
    ask = call(server, "GET", [("query", f"ASK {{ {PIP} a ?type }}"), *graphs])
    assert boolean(ask) is False


def test_without_dataset_parameters_there_is_no_named_graph(server: Server) -> None:
    assert boolean(call(server, "GET", {"query": "ASK { GRAPH ?g { ?s ?p ?o } }"})) is False
    assert boolean(call(server, "GET", {"query": "ASK { ?s ?p ?o }"})) is True


def test_query_dataset_full(server: Server) -> None:
    query = f"ASK {{ {PIP} a ?type GRAPH ?g1 {{ {PIP} a ?type }} GRAPH ?g2 {{ {PIP} a ?type }} }}"
    graphs = [("default-graph-uri", B), ("named-graph-uri", B)]
    assert boolean(call(server, "POST", graphs, query.encode(), Content_Type=DIRECT)) is True


def test_query_multiple_dataset_uses_the_protocols(server: Server) -> None:
    """A dataset in both the query (FROM) and the protocol: the protocol's wins."""
    query = f"ASK FROM <{OTHER}> {{ GRAPH ?g1 {{ {PIP} a ?type }} }}"
    assert boolean(call(server, "POST", {"named-graph-uri": B}, query.encode(), Content_Type=DIRECT)) is True


def test_query_content_type_select(server: Server) -> None:
    status, headers, _ = call(server, "POST", {"default-graph-uri": B}, b"SELECT (1 AS ?value) {}", Content_Type=DIRECT)
    assert status == 200 and headers["content-type"].split(";")[0] in RESULT_TYPES


def test_query_content_type_ask(server: Server) -> None:
    status, headers, _ = call(server, "POST", {"default-graph-uri": B}, b"ASK {}", Content_Type=DIRECT)
    assert status == 200 and headers["content-type"].split(";")[0] in BOOLEAN_TYPES


@pytest.mark.parametrize(
    "query", ["DESCRIBE <http://example.org/>", f"DESCRIBE {PIP}", "CONSTRUCT { <s> <p> 1 } WHERE {}"]
)
def test_query_content_type_describe_and_construct(server: Server, query: str) -> None:
    status, headers, body = call(server, "POST", {"default-graph-uri": B}, query.encode(), Content_Type=DIRECT)
    assert status == 200 and headers["content-type"].split(";")[0] in RDF_TYPES
    Graph().parse(data=body, format=headers["content-type"].split(";")[0])


def test_a_relative_iri_resolves_against_the_datasets_base(server: Server) -> None:
    """The base is the universe's base IRI: <character/pip> is that character (the suite's <s> too)."""
    status, _, body = call(server, "GET", {"query": "SELECT ?x WHERE { BIND(<character/pip> AS ?x) }"})
    assert status == 200 and json.loads(body)["results"]["bindings"][0]["x"]["value"] == f"{B}character/pip"
    status, _, body = call(server, "GET", {"query": "CONSTRUCT { <s> <p> 1 } WHERE {}"}, Accept="application/n-triples")
    assert status == 200 and body == f'<{B}s> <{B}p> "1"^^<http://www.w3.org/2001/XMLSchema#integer> .\n'.encode()


# -- the bad query cases -------------------------------------------------------------------


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH"])
def test_bad_query_method(server: Server, method: str) -> None:
    status, headers, body = call(server, method, [("query", "ASK {}"), ("default-graph-uri", B)], Content_Type=FORM)
    assert status == 405 and headers["allow"] == "GET, POST, OPTIONS"
    assert body == f"{method} is not a SPARQL Protocol method: send a query with GET or POST\n".encode()


def test_bad_multiple_queries(server: Server) -> None:
    status, _, body = call(server, "GET", [("query", "ASK {}"), ("query", "SELECT * {}")])
    assert (status, body) == (400, b"the request gives 2 query parameters; give exactly one\n")
    form = urllib.parse.urlencode([("query", "ASK {}"), ("query", "ASK {}")]).encode()
    assert call(server, "POST", "", form, Content_Type=FORM)[0] == 400
    in_both = call(server, "POST", {"query": "ASK {}"}, b"ASK {}", Content_Type=DIRECT)
    assert in_both[:1] == (400,) and b"both in the body and in the URL" in in_both[2]


def test_bad_query_wrong_media_type(server: Server) -> None:
    status, _, body = call(server, "POST", "", b"ASK {}", Content_Type="text/plain")
    assert status == 415
    assert body == (
        b"cannot read a POST of text/plain: send the query as application/sparql-query or as a form "
        b"(application/x-www-form-urlencoded)\n"
    )


@pytest.mark.parametrize("body", [b"query=ASK%20%7B%7D", b"ASK {}"])
def test_bad_query_missing_form_or_direct_type(server: Server, body: bytes) -> None:
    status, _, message = call(server, "POST", "", body)
    assert status == 415 and message.startswith(b"a POST needs a Content-Type: application/sparql-query")


def test_bad_query_non_utf8(server: Server) -> None:
    status, _, body = call(server, "POST", "", "ASK {}".encode("utf-16"), Content_Type=DIRECT + "; charset=UTF-16")
    assert (status, body) == (415, b"the query is UTF-16; send it as UTF-8 (charset=utf-8)\n")
    status, _, body = call(server, "POST", "", "ASK { ?s ?p 'caf\u00e9' }".encode("latin-1"), Content_Type=DIRECT)
    assert (status, body) == (400, b"the query is not UTF-8 (byte 17 is 0xe9); send it as UTF-8\n")
    status, _, body = call(server, "GET", "query=ASK%20%7B%20%3Fs%20%3Fp%20%22%E9%22%20%7D")
    assert status == 400 and body.startswith(b"the URL's query string is not UTF-8 once percent-decoded")


def test_bad_query_syntax(server: Server) -> None:
    status, _, body = call(server, "GET", {"query": "ASK {"})
    assert status == 400 and body.startswith(b"SPARQL syntax error at line 1, column 6")


def test_a_form_post_without_a_query(server: Server) -> None:
    status, _, body = call(
        server, "POST", "", b"default-graph-uri=" + urllib.parse.quote(B).encode(), Content_Type=FORM
    )
    assert (status, body) == (400, b"the form has no query parameter: send query=... (URL-encoded)\n")
    status, _, body = call(server, "GET", {"default-graph-uri": B})
    assert (status, body) == (400, b"the request has no query parameter: add query=... to the URL\n")


@pytest.mark.parametrize(
    ("params", "message"),
    [
        (
            {"default-graph-uri": OTHER},
            f"default-graph-uri <{OTHER}>: this dataset has no such graph; its one graph is <{B}>",
        ),
        (
            {"named-graph-uri": "nope"},
            f"named-graph-uri <nope>: this dataset has no such graph; its one graph is <{B}>",
        ),
    ],
)
def test_a_graph_the_dataset_lacks_is_a_400_that_names_it(server: Server, params: dict, message: str) -> None:
    status, _, body = call(server, "GET", {"query": "ASK {}", **params})
    assert (status, body) == (400, message.encode() + b"\n")
    status, _, body = call(server, "GET", {"query": f"ASK FROM <{OTHER}> {{}}"})
    assert (status, body) == (400, f"FROM <{OTHER}>: this dataset has no such graph; its one graph is <{B}>\n".encode())


# -- updates: refused (403), however they come -------------------------------------------------


@pytest.mark.parametrize(
    ("method", "query", "body", "content_type"),
    [
        ("GET", "update=CLEAR%20ALL", b"", None),  # bad_update_get
        ("POST", "", b"update=CLEAR%20NAMED&update=CLEAR%20DEFAULT", FORM),  # bad_multiple_updates
        ("POST", "", b"update=CLEAR+ALL", FORM),  # update_post_form
        ("POST", "", b"CLEAR ALL", "application/sparql-update"),  # update_post_direct
        ("POST", "", "CLEAR NAMED".encode("utf-16"), "application/sparql-update; charset=UTF-16"),  # non-UTF-8
        ("POST", "", b"update=CLEAR%20XYZ", FORM),  # bad_update_syntax
        ("POST", "using-graph-uri=http%3A%2F%2Fa%2F", b"CLEAR ALL", "application/sparql-update"),  # dataset
        ("GET", "query=" + urllib.parse.quote("LOAD <http://127.0.0.1:9/x>"), b"", None),  # an update as a query
    ],
)
def test_updates_are_refused_with_403(
    server: Server, method: str, query: str, body: bytes, content_type: str | None
) -> None:
    headers = {"Content_Type": content_type} if content_type else {}
    status, _, message = call(server, method, query, body, **headers)
    assert status == 403 and b"updates are not allowed" in message and b"read-only" in message


@pytest.mark.parametrize(
    ("body", "content_type"),
    [(b"CLEAR NAMED", "text/plain"), (b"update=CLEAR%20NAMED", None)],  # bad_update_wrong_media_type, missing type
)
def test_an_update_of_an_unreadable_type_is_a_415(server: Server, body: bytes, content_type: str | None) -> None:
    headers = {"Content_Type": content_type} if content_type else {}
    assert call(server, "POST", "", body, **headers)[0] == 415


def test_service_is_refused_with_403(server: Server) -> None:
    status, _, body = call(server, "GET", {"query": "ASK { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"})
    assert (status, body) == (403, b"SERVICE is not allowed: queries may not call other endpoints\n")


# -- oversize requests ---------------------------------------------------------------------------


def test_a_one_mebibyte_get_is_a_414_not_a_reset(server: Server) -> None:
    query = "query=" + "A" * (1024 * 1024)
    status, _, body = call(server, "GET", query)
    assert status == 414
    assert (
        body
        == (
            f"the request URL's query string is {len(query):,} bytes; the limit is {MAX_URL:,}: "
            "send a long query with POST\n"
        ).encode()
    )


def test_a_query_past_the_length_limit_is_413_by_post_and_414_by_get(server: Server) -> None:
    text = "SELECT * WHERE { ?s ?p ?o } #" + "x" * 100_000
    status, _, body = call(server, "POST", "", text.encode(), Content_Type=DIRECT)
    assert (status, body) == (413, b"the query is 100,029 characters long; the limit is 100,000\n")
    status, _, _ = call(server, "GET", {"query": text})
    assert status == 414


def test_an_oversize_body_is_a_413(server: Server) -> None:
    status, _, body = call(server, "POST", "", b"x" * (MAX_BODY + 1), Content_Type=DIRECT)
    assert (status, body) == (413, f"the request body is over {MAX_BODY:,} bytes; the limit is {MAX_BODY:,}\n".encode())


def test_nesting_past_the_limit_is_a_400_that_says_why(server: Server) -> None:
    deep = "ASK { " + "{ " * 2500 + "}" * 2500 + " }"
    status, _, body = call(server, "POST", "", deep.encode(), Content_Type=DIRECT)
    assert (status, body) == (
        400,
        b"the query nests 2,501 levels deep (braces, parentheses and brackets); the limit is 2,000\n",
    )
    fine = "ASK { " + "{ " * 1000 + "?s ?p ?o " + "} " * 1000 + "}"
    assert boolean(call(server, "POST", "", fine.encode(), Content_Type=DIRECT)) is True


# -- every RDF format for CONSTRUCT and DESCRIBE ------------------------------------------------

NAMES_GRAPH = "PREFIX schema: <http://schema.org/>\nCONSTRUCT { ?s schema:name ?n } WHERE { ?s a ?t ; schema:name ?n }"
PARSERS = {
    "text/turtle": "turtle",
    "application/n-triples": "nt",
    "application/ld+json": "json-ld",
    "application/rdf+xml": "xml",
}


@pytest.fixture(scope="module")
def reference(server: Server) -> Graph:
    status, _, body = call(server, "GET", {"query": NAMES_GRAPH}, Accept="application/n-triples")
    assert status == 200
    return Graph().parse(data=body, format="nt")


@pytest.mark.parametrize("media", RDF_TYPES)
@pytest.mark.parametrize("query", [NAMES_GRAPH, f"DESCRIBE {PIP}"])
def test_every_rdf_format_by_accept(server: Server, reference: Graph, media: str, query: str) -> None:
    status, headers, body = call(server, "GET", {"query": query}, Accept=media)
    assert status == 200 and headers["content-type"].split(";")[0] == media
    graph = Graph().parse(data=body, format=PARSERS[media])
    assert len(graph) > 0
    if query == NAMES_GRAPH:
        assert isomorphic(graph, reference)
    ntriples = Graph().parse(data=call(server, "GET", {"query": query}, Accept="application/n-triples")[2], format="nt")
    assert isomorphic(graph, ntriples)


def test_rdf_formats_use_the_datasets_prefixes(server: Server) -> None:
    turtle = call(server, "GET", {"query": f"DESCRIBE {PIP}"}, Accept="text/turtle")[2].decode()
    assert f"@prefix character: <{B}character/> ." in turtle and "character:pip" in turtle
    jsonld = json.loads(call(server, "GET", {"query": f"DESCRIBE {PIP}"}, Accept="application/ld+json")[2])
    assert jsonld["@context"]["character"] == f"{B}character/"
    assert {node["@id"] for node in jsonld["@graph"]} >= {"character:pip"}
    rdfxml = call(server, "GET", {"query": f"DESCRIBE {PIP}"}, Accept="application/rdf+xml")[2].decode()
    assert 'xmlns:schema="http://schema.org/"' in rdfxml


def test_a_graph_form_in_a_results_format_is_a_406(server: Server) -> None:
    status, _, body = call(server, "GET", {"query": f"DESCRIBE {PIP}"}, Accept="text/csv")
    assert status == 406 and body.startswith(
        b"cannot answer a DESCRIBE query as text/csv; this endpoint offers text/turtle"
    )


# -- the request reader on its own ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "status"),
    [
        (("OPTIONS", b"", None, b""), 405),
        (("GET", b"query=%FF", None, b""), 400),
        (("GET", "query=caf\u00e9".encode(), None, b""), 400),
        (("POST", b"", "application/sparql-query; charset=latin-1", b"ASK {}"), 415),
        (("POST", b"", "application/x-www-form-urlencoded; charset=utf-16", b"query=x"), 415),
        (("POST", b"", "application/json", b"{}"), 415),
    ],
)
def test_read_request_refusals(args: tuple, status: int) -> None:
    with pytest.raises(BadRequest) as caught:
        read_request(*args)
    assert caught.value.status == status and str(caught.value)


def test_read_request_collects_the_dataset_and_parameters() -> None:
    asked = read_request(
        "POST",
        b"default-graph-uri=a&named-graph-uri=b&named-graph-uri=c",
        "application/x-www-form-urlencoded; charset=UTF-8",
        b"query=ASK+%7B%7D&param.who=pip&default-graph-uri=d",
    )
    assert asked.query == "ASK {}"
    assert (asked.default_graph_uris, asked.named_graph_uris, asked.params) == (("a", "d"), ("b", "c"), {"who": "pip"})
    assert read_request("GET", b"", None, b"").query is None  # the service description
