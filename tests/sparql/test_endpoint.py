"""The endpoint, driven by SPARQLWrapper and plain HTTP against a real server process."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from rdflib import Graph
from SPARQLWrapper import CSV, JSON, N3, POST, POSTDIRECTLY, TSV, TURTLE, XML, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

from .conftest import RICH_YAML, Listener, Server, free_port

B = "https://example.org/harbor/"
HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
NAMES = (
    "PREFIX schema: <http://schema.org/>\nPREFIX mcg: <https://w3id.org/mcugraph/ontology#>\n"
    "SELECT ?c ?name WHERE { ?c a mcg:Character ; schema:name ?name } ORDER BY ?name"
)


def wrapper(server: Server, query: str, fmt: str, *, post: bool = False) -> SPARQLWrapper:
    client = SPARQLWrapper(server.sparql)
    client.setQuery(query)
    client.setReturnFormat(fmt)
    if post:
        client.setMethod(POST)
    return client


def test_select_as_json_get_and_post(server: Server) -> None:
    for post in (False, True):
        data = wrapper(server, NAMES, JSON, post=post).query().convert()
        names = [b["name"]["value"] for b in data["results"]["bindings"]]
        assert names == ["Lena Dusk", "Mara Vell", "Otto Krane", "Pip"]


def test_post_a_query_directly(server: Server) -> None:
    client = wrapper(server, NAMES, JSON, post=True)
    client.setRequestMethod(POSTDIRECTLY)
    assert len(client.query().convert()["results"]["bindings"]) == 4


def test_select_as_xml_csv_and_tsv(server: Server) -> None:
    xml = wrapper(server, NAMES, XML).query().convert()
    assert [n.firstChild.data for n in xml.getElementsByTagName("literal")] == [
        "Lena Dusk",
        "Mara Vell",
        "Otto Krane",
        "Pip",
    ]
    csv_text = wrapper(server, NAMES, CSV).query().convert().decode()
    assert csv_text.splitlines()[0] == "c,name" and "Mara Vell" in csv_text
    tsv_text = wrapper(server, NAMES, TSV).query().convert().decode()
    assert tsv_text.splitlines()[0] == "?c\t?name"


def test_ask(server: Server) -> None:
    assert wrapper(server, "ASK { ?s ?p ?o }", JSON).query().convert()["boolean"] is True


def test_construct_and_describe_as_turtle_and_ntriples(server: Server) -> None:
    query = "PREFIX schema: <http://schema.org/>\nCONSTRUCT { ?s schema:name ?n } WHERE { ?s schema:name ?n }"
    turtle = wrapper(server, query, TURTLE).query()
    assert turtle.response.headers["Content-Type"].startswith("text/turtle")
    graph = Graph().parse(data=turtle.convert(), format="turtle")
    assert len(graph) > 20
    client = wrapper(server, f"DESCRIBE <{B}character/pip>", N3)
    client.addCustomHttpHeader("Accept", "application/n-triples")
    described = Graph().parse(data=client.query().convert(), format="nt")
    assert any(str(o) == "Pip" for o in described.objects())


def test_a_bad_query_is_a_400_with_the_parser_message(server: Server) -> None:
    with pytest.raises(QueryBadFormed) as caught:
        wrapper(server, "SELECT * WHERE { ?s ?p }", JSON).query()
    assert "SPARQL syntax error at line 1, column 25" in str(caught.value)


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }", b"SERVICE is not allowed"),
        ("INSERT DATA { <http://a/b> <http://a/c> <http://a/d> }", b"updates are not allowed"),
    ],
)
def test_refused_queries_are_403(server: Server, query: str, message: str) -> None:
    status, _, body = server.get("/sparql?" + urllib.parse.urlencode({"query": query}))
    assert status == 403 and message in body


def test_updates_are_refused_in_every_form(server: Server) -> None:
    update = b"INSERT DATA { <http://a/b> <http://a/c> <http://a/d> }"
    status, _, body = server.post(update, "application/sparql-update")
    assert (status, body) == (403, b"updates are not allowed: this endpoint is read-only\n")
    status, _, body = server.post(b"update=" + urllib.parse.quote(update).encode(), "application/x-www-form-urlencoded")
    assert status == 403
    assert wrapper(server, "ASK { <http://a/b> ?p ?o }", JSON).query().convert()["boolean"] is False


def test_no_outbound_request_through_the_endpoint(server: Server, listener: Listener) -> None:
    for query in (
        f"SELECT * WHERE {{ SERVICE <{listener.url}> {{ ?s ?p ?o }} }}",
        f"SELECT * FROM <{listener.url}> WHERE {{ ?s ?p ?o }}",
        f"LOAD <{listener.url}>",
    ):
        status, _, _ = server.get("/sparql?" + urllib.parse.urlencode({"query": query}))
        assert status == (400 if "FROM" in query else 403)  # FROM loads nothing: it names no graph of the dataset
    assert listener.made_before_now() == 0


@pytest.mark.parametrize(
    ("headers", "status", "message"),
    [
        ({"Accept": "text/html"}, 406, b"cannot answer a SELECT query as text/html"),
    ],
)
def test_content_negotiation_failures(server: Server, headers: dict, status: int, message: bytes) -> None:
    code, _, body = server.get("/sparql?" + urllib.parse.urlencode({"query": NAMES}), **headers)
    assert code == status and message in body


def test_other_request_errors(server: Server) -> None:
    code, _, body = server.post(b"query=x", "text/plain")
    assert code == 415 and b"application/sparql-query" in body
    code, _, body = server.get("/sparql?" + urllib.parse.urlencode({"query": NAMES, "default-graph-uri": "http://x/"}))
    assert code == 400 and b"default-graph-uri <http://x/>: this dataset has no such graph" in body
    code, _, body = server.post(b"query=" + b"x" * 400_001, "application/x-www-form-urlencoded")
    assert code == 413 and b"the request body is over 400,000 bytes; the limit is 400,000" in body
    code, _, body = server.get("/data/nothing.ttl")
    assert code == 404 and b"no file /data/nothing.ttl" in body


def test_parameters_over_http(server: Server) -> None:
    query = (
        "# param: character (character) -- who\nPREFIX schema: <http://schema.org/>\n"
        "SELECT ?character ?name WHERE { ?character schema:name ?name }"
    )
    status, _, body = server.get("/sparql?" + urllib.parse.urlencode({"query": query, "param.character": "pip"}))
    assert status == 200
    assert [b["name"]["value"] for b in json.loads(body)["results"]["bindings"]] == ["Pip"]


CAST_OF_WORK = (Path(__file__).resolve().parents[2] / "queries" / "cast-of-work.rq").read_text(encoding="utf-8")


def test_a_curated_query_is_checked_against_the_universe_served(server: Server) -> None:
    """The shipped query defaults to a work of the shipped data, which this universe lacks."""
    status, _, body = server.get("/sparql?" + urllib.parse.urlencode({"query": CAST_OF_WORK}))
    assert (status, body) == (
        400,
        b"the query needs a value for 'work' (a film, series, season, episode or special of this universe,"
        b" e.g. harbor-watch)\n",
    )
    status, _, body = server.get(
        "/sparql?" + urllib.parse.urlencode({"query": CAST_OF_WORK, "param.work": "harbor-wach"})
    )
    assert status == 400 and b"nothing is called 'harbor-wach'; did you mean 'work:harbor-watch'" in body
    assert b"--" not in body  # no command-line words over HTTP
    status, _, body = server.get(
        "/sparql?" + urllib.parse.urlencode({"query": CAST_OF_WORK, "param.work": "Harbor Watch"})
    )
    assert status == 200
    assert {b["actor"]["value"] for b in json.loads(body)["results"]["bindings"]} >= {"Ana Lima", "Bo Reyes"}
    allies = (Path(__file__).resolve().parents[2] / "queries" / "allies-at-date.rq").read_text(encoding="utf-8")
    status, _, body = server.get("/sparql?" + urllib.parse.urlencode({"query": allies, "param.date": "watch-s1"}))
    assert status == 200  # a date parameter takes a point of the story here too
    assert {b["date"]["value"] for b in json.loads(body)["results"]["bindings"]} == {"2015-06-30"}


def test_the_result_limit_applies(server: Server) -> None:
    status, headers, body = server.get("/sparql?" + urllib.parse.urlencode({"query": "SELECT * WHERE { ?s ?p ?o }"}))
    assert status == 200 and headers["X-Result-Truncated"] == "true"
    assert len(json.loads(body)["results"]["bindings"]) == 500


def test_cors_lets_a_browser_client_in(server: Server) -> None:
    status, headers, _ = server.get(
        "/sparql?" + urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }"}), Origin="https://yasgui.example"
    )
    assert status == 200 and headers["access-control-allow-origin"] == "*"
    request = urllib.request.Request(
        server.sparql,
        method="OPTIONS",
        headers={
            "Origin": "https://yasgui.example",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.status == 200
        assert "POST" in response.headers["access-control-allow-methods"]


def test_service_description_and_data_files(server: Server) -> None:
    status, headers, body = server.get("/sparql")
    assert status == 200 and headers["content-type"].startswith("text/turtle")
    assert b"sd:endpoint" in body
    status, _, body = server.get("/data/")
    assert status == 200 and b"harbor.ttl" in body and b"void.ttl" in body
    status, headers, body = server.get("/data/harbor.ttl")
    assert status == 200 and headers["content-type"].startswith("text/turtle")
    void = Graph().parse(data=server.get("/data/void.ttl")[2], format="turtle")
    endpoints = {str(o) for o in void.objects(None, None) if str(o).endswith("/sparql")}
    assert endpoints == {server.sparql}
    for name in (
        "harbor.nt",
        "harbor.jsonld",
        "harbor.graphml",
        "harbor.json",
        "ontology.ttl",
        "shapes.ttl",
        "context.jsonld",
    ):
        assert server.get(f"/data/{name}")[0] == 200, name


def test_the_home_page(server: Server) -> None:
    status, headers, body = server.get("/")
    assert status == 200 and headers["content-type"].startswith("text/html")
    assert b"<html" in body.lower()


def group(pid: int) -> set[int]:
    found = subprocess.run(["ps", "-o", "pid=", "-g", str(pid)], capture_output=True, text=True).stdout
    return {int(p) for p in found.split()}


def test_a_query_past_its_time_limit_is_stopped_and_the_server_keeps_serving(server: Server) -> None:
    before = group(server.process.pid)
    status, _, body = server.get("/sparql?" + urllib.parse.urlencode({"query": HEAVY}))
    assert status == 503 and b"the query ran past its time limit of 1 s and was stopped" in body
    for _ in range(5):  # the other worker answers at once; the stopped one is replaced
        assert wrapper(server, "ASK { ?s ?p ?o }", JSON).query().convert()["boolean"] is True
    deadline = time.monotonic() + 60  # the replacement's start, looked for until it shows
    while time.monotonic() < deadline and len(group(server.process.pid) - before) < 1:
        time.sleep(0.1)
    after = group(server.process.pid)
    assert len(before - after) == 1, "the worker running the query was not stopped"
    assert len(after - before) == 1, "no replacement worker was started"


def test_concurrent_clients_get_correct_answers(server: Server) -> None:
    def one(i: int) -> int:
        data = wrapper(server, NAMES, JSON).query().convert()
        return len(data["results"]["bindings"])

    with ThreadPoolExecutor(max_workers=20) as pool:
        answers = list(pool.map(one, range(200)))
    assert answers == [4] * 200


def test_the_server_stops_cleanly_on_sigterm(tmp_path: Path) -> None:
    data = tmp_path / "u.yaml"
    data.write_text(RICH_YAML, encoding="utf-8")
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "mcugraph", "serve", "--data", str(data), "--port", str(port), "--workers", "1"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/sparql", timeout=2).close()
                break
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.2)
        assert len(group(process.pid)) >= 3  # the server, the forkserver and a worker
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=20) in (0, -signal.SIGTERM)  # uvicorn re-raises the signal after shutting down
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            left = subprocess.run(["ps", "-o", "pid=", "-g", str(process.pid)], capture_output=True, text=True)
            if not left.stdout.split():
                break
            time.sleep(0.2)
        assert left.stdout.split() == [], "worker processes outlived the server"
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)


def test_serve_errors_are_one_line_messages(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from mcugraph.cli import main

    data = tmp_path / "u.yaml"
    data.write_text(RICH_YAML, encoding="utf-8")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = CliRunner().invoke(main, ["serve", "--data", str(data), "--port", str(port)])
    assert result.exit_code == 1
    assert result.output == (
        f"Error: cannot listen on 127.0.0.1:{port}: Address already in use; another server is using that port; "
        "pick another --port\n"
    )
    result = CliRunner().invoke(main, ["serve", "--data", str(data), "--host", "256.0.0.1"])
    assert result.exit_code == 1
    assert result.output.startswith("Error: cannot listen on 256.0.0.1:8000: ")
    assert result.output.endswith("; check --host (an address of this machine, such as 127.0.0.1)\n")
    result = CliRunner().invoke(main, ["serve", "--data", str(data), "--port", "0"])
    assert result.exit_code == 2 and "Invalid value for '--port'" in result.output
