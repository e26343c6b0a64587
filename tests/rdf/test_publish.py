"""Publishing to a real Oxigraph server, then every curated query there and here gives the same answer."""

from __future__ import annotations

import json
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

import mcugraph
from _procs import stop_process
from mcugraph.cli import main
from mcugraph.errors import OutputError
from mcugraph.rdf import RdfDataset
from mcugraph.rdf.publish import graph_store_url, publish
from mcugraph.sparql.catalog import read_catalog
from mcugraph.sparql.run import run_query
from mcugraph.sparql.values import bind_as_values

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data" / "universe.yaml"
GRAPH = "https://w3id.org/mcugraph/mcu/"
OXIGRAPH = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which("oxigraph")

pytestmark = pytest.mark.skipif(OXIGRAPH is None, reason="the oxigraph server (pip install oxigraph) is not installed")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_oxigraph(location: Path, *, read_only: bool = False) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    command = [
        str(OXIGRAPH),
        "serve-read-only" if read_only else "serve",
        "--location",
        str(location),
        "--bind",
        f"127.0.0.1:{port}",
    ]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            with urllib.request.urlopen(base + "/query?query=" + urllib.parse.quote("ASK {}"), timeout=2):
                return process, base
        except (urllib.error.URLError, ConnectionError):
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise RuntimeError("the oxigraph server did not start") from None
            time.sleep(0.1)


def stop(process: subprocess.Popen[bytes]) -> None:
    stop_process(process, timeout=10)


@pytest.fixture(scope="module")
def oxigraph(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    process, base = start_oxigraph(tmp_path_factory.mktemp("oxigraph"))
    yield base
    stop(process)


@pytest.fixture(scope="module")
def published(oxigraph: str) -> str:
    result = CliRunner().invoke(
        main, ["publish", "--data", str(DATA), "--store", f"{oxigraph}/store", "--graph", GRAPH]
    )
    assert result.exit_code == 0, result.output
    assert re.fullmatch(
        rf"published [\d,]+ triples to graph <{re.escape(GRAPH)}> at {re.escape(oxigraph)}/store \(HTTP 20[14]\)\n",
        result.output,
    )
    return oxigraph


def remote(base: str, text: str, accept: str = "application/sparql-results+json") -> bytes:
    body = urllib.parse.urlencode({"query": text, "default-graph-uri": GRAPH}).encode()
    request = urllib.request.Request(
        base + "/query", data=body, headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": accept}
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        return response.read()


def count(base: str) -> int:
    data = json.loads(remote(base, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"))
    return int(data["results"]["bindings"][0]["n"]["value"])


def test_publishing_replaces_the_graph_in_one_request(published: str) -> None:
    expected = len(RdfDataset(mcugraph.load(DATA)).triples)
    assert count(published) == expected
    again = CliRunner().invoke(
        main, ["publish", "--data", str(DATA), "--store", f"{published}/store", "--graph", GRAPH]
    )
    assert again.exit_code == 0, again.output
    assert count(published) == expected  # replaced, not added to


def _n3(term: object) -> str:
    return str(term)  # a pyoxigraph term prints as N-Triples


def _rows_of_json(data: dict, unordered: set[str]) -> list[tuple]:
    """Rows of SPARQL JSON; GROUP_CONCAT values (whose order SPARQL leaves open) sorted."""
    rows = []
    for binding in data["results"]["bindings"]:
        row = []
        for var in data["head"]["vars"]:
            cell = binding.get(var)
            if cell is None:
                row.append(None)
                continue
            value = cell["value"]
            if var in unordered:
                value = ", ".join(sorted(value.split(", ")))
            row.append(
                (cell["type"].replace("typed-literal", "literal"), value, cell.get("datatype"), cell.get("xml:lang"))
            )
        rows.append(tuple(row))
    return rows


@pytest.mark.parametrize("name", sorted(read_catalog(ROOT / "queries")))
def test_every_curated_query_gives_the_same_answer_on_the_store(published: str, name: str) -> None:
    curated = read_catalog(ROOT / "queries")[name]
    universe = mcugraph.load(DATA)
    dataset = RdfDataset(universe)
    local = run_query(dataset.query_store(), curated.text)
    # the same parameters as RDF terms, written into a VALUES block for the remote store
    from mcugraph.sparql.run import bind_params

    bound = bind_params(curated.header, {}, dataset.prefixes)
    text = bind_as_values(curated.text, {name: _n3(term) for name, term in bound.items()})
    if local.form == "ASK":
        assert json.loads(remote(published, text))["boolean"] is local.boolean
    elif local.form == "CONSTRUCT":
        from rdflib import Graph

        theirs = Graph().parse(data=remote(published, text, "application/n-triples"), format="nt")
        ours = Graph().parse(data=local.to_ntriples(), format="nt")
        assert set(theirs) == set(ours)
    else:
        unordered = set(re.findall(r"GROUP_CONCAT\(.*?\)\s+AS\s+\?(\w+)", curated.text, re.S))
        theirs = _rows_of_json(json.loads(remote(published, text)), unordered)
        ours = _rows_of_json(json.loads(local.to_json()), unordered)
        assert theirs == ours


def test_store_url_forms() -> None:
    assert graph_store_url("http://h:1/store", None) == "http://h:1/store?default"
    assert graph_store_url("http://h:1/store", "https://x/g#") == "http://h:1/store?graph=https%3A%2F%2Fx%2Fg%23"
    assert graph_store_url("http://h:1/ds/data?x=1", "g") == "http://h:1/ds/data?x=1&graph=g"
    with pytest.raises(
        OutputError, match="'ftp://h/store' is not an http\\(s\\) URL of a Graph Store Protocol endpoint"
    ):
        graph_store_url("ftp://h/store", None)


def test_an_unreachable_store_is_a_clear_error(tiny) -> None:
    port = free_port()
    with pytest.raises(
        OutputError, match=rf"cannot reach the store at http://127.0.0.1:{port}/store: .*; is it running\?"
    ):
        publish(tiny, f"http://127.0.0.1:{port}/store", timeout=5)


def test_a_read_only_store_refuses(tmp_path: Path, tiny) -> None:
    location = tmp_path / "ro"
    writable, _ = start_oxigraph(location)
    stop(writable)
    process, base = start_oxigraph(location, read_only=True)
    try:
        with pytest.raises(OutputError, match=r"the store at .* refused the data: HTTP 403 .*\(is the store read-only"):
            publish(tiny, f"{base}/store", timeout=10)
    finally:
        stop(process)


def test_publish_command_errors(tmp_path: Path) -> None:
    runner = CliRunner()
    both = runner.invoke(
        main, ["publish", "--data", str(DATA), "--store", "http://127.0.0.1:1/store", "--graph", "g", "--default-graph"]
    )
    assert both.exit_code == 2 and "give either --graph or --default-graph, not both" in both.output
    missing = runner.invoke(main, ["publish", "--data", str(DATA)])
    assert missing.exit_code == 2 and "Missing option '--store'" in missing.output
    port = free_port()
    down = runner.invoke(main, ["publish", "--data", str(DATA), "--store", f"http://127.0.0.1:{port}/store"])
    assert down.exit_code == 1
    assert down.output.startswith(f"Error: cannot reach the store at http://127.0.0.1:{port}/store: ")
