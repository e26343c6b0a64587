"""Publishing to a real Oxigraph server, then every curated query there and here gives the same answer."""

from __future__ import annotations

import json
import math
import re
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

import mcugraph
from _stores import OXIGRAPH, free_port, start_oxigraph, stop_oxigraph
from mcugraph.cli import main
from mcugraph.errors import OutputError
from mcugraph.rdf import RdfDataset
from mcugraph.rdf.publish import PublishProgress, graph_store_url, publish
from mcugraph.rdf.stream import ntriples_lines
from mcugraph.sparql.catalog import read_catalog
from mcugraph.sparql.run import run_query
from mcugraph.sparql.values import bind_as_values

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data" / "universe.yaml"
GRAPH = "https://w3id.org/mcugraph/mcu/"
BATCH = 5_000

pytestmark = pytest.mark.skipif(OXIGRAPH is None, reason="the oxigraph server (pip install oxigraph) is not installed")


@pytest.fixture(scope="module")
def export() -> list[str]:
    return list(ntriples_lines(mcugraph.load(DATA)))


@pytest.fixture(scope="module")
def oxigraph(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    process, base = start_oxigraph(tmp_path_factory.mktemp("oxigraph"))
    yield base
    stop_oxigraph(process)


def publish_command(store: str, *extra: str) -> list[str]:
    return ["publish", "--data", str(DATA), "--store", store, "--graph", GRAPH, "--batch-size", str(BATCH), *extra]


@pytest.fixture(scope="module")
def published(oxigraph: str, export: list[str]) -> str:
    result = CliRunner().invoke(main, publish_command(f"{oxigraph}/store"))
    assert result.exit_code == 0, result.output
    requests = math.ceil(len(export) / BATCH)
    assert requests >= 5  # several batches: one PUT, then POSTs
    assert result.output == (
        f"published {len(export):,} triples to graph <{GRAPH}> at {oxigraph}/store in {requests} requests\n"
    )
    return oxigraph


def remote(base: str, text: str, accept: str = "application/sparql-results+json") -> bytes:
    body = urllib.parse.urlencode({"query": text, "default-graph-uri": GRAPH}).encode()
    request = urllib.request.Request(
        base + "/query", data=body, headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": accept}
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        return response.read()


def count(base: str, graph: str | None = GRAPH) -> int:
    where = f"GRAPH <{graph}> {{ ?s ?p ?o }}" if graph else "?s ?p ?o"
    body = urllib.parse.urlencode({"query": f"SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}"}).encode()
    request = urllib.request.Request(base + "/query", data=body, headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        return int(json.loads(response.read())["results"]["bindings"][0]["n"]["value"])


def ask(base: str, line: str) -> bool:
    """Whether the graph holds the triple of an N-Triples line (N-Triples is SPARQL syntax too)."""
    body = urllib.parse.urlencode({"query": f"ASK {{ GRAPH <{GRAPH}> {{ {line.strip()} }} }}"}).encode()
    request = urllib.request.Request(base + "/query", data=body, headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        return bool(json.loads(response.read())["boolean"])


def test_the_store_holds_exactly_the_export(published: str, export: list[str]) -> None:
    assert count(published) == len(export) == len(RdfDataset(mcugraph.load(DATA)).triples)
    void = next(line for line in export if "<http://rdfs.org/ns/void#triples>" in line)
    assert f'"{len(export)}"' in void
    pilot = next(line for line in export if line.startswith(f"<{GRAPH}work/") and "schema.org/name" in line)
    assert ask(published, void) and ask(published, pilot) and ask(published, export[0]) and ask(published, export[-1])
    assert not ask(published, pilot.replace('"', '"not ', 1))


def test_publishing_again_replaces_the_graph(published: str, export: list[str]) -> None:
    again = CliRunner().invoke(main, publish_command(f"{published}/store", "--sparql", f"{published}/query"))
    assert again.exit_code == 0, again.output
    assert again.output.endswith(f"; the store counts {len(export):,}\n")
    assert count(published) == len(export)  # replaced, not added to
    default = CliRunner().invoke(main, ["publish", "--data", str(DATA), "--store", f"{published}/store"])
    assert default.exit_code == 0, default.output  # one request at the default batch size
    assert default.output.endswith(f" in {math.ceil(len(export) / 50_000)} request\n")
    assert count(published) == len(export)


def test_a_stopped_publish_is_resumed_to_the_exact_count(oxigraph: str, export: list[str]) -> None:
    graph = "https://example.org/resumed/"
    seen: list[PublishProgress] = []

    class Stop(Exception):
        pass

    def stop_after_three(progress: PublishProgress) -> None:
        seen.append(progress)
        if progress.batches == 3:
            raise Stop

    with pytest.raises(Stop):
        publish(mcugraph.load(DATA), f"{oxigraph}/store", graph=graph, batch_triples=BATCH, on_batch=stop_after_three)
    assert [p.triples for p in seen] == [BATCH, 2 * BATCH, 3 * BATCH]
    assert seen[0].total is None and seen[2].total == len(export)  # the description says the count when it passes
    assert count(oxigraph, graph) == 3 * BATCH
    command = ["publish", "--data", str(DATA), "--store", f"{oxigraph}/store", "--graph", graph]
    result = CliRunner().invoke(
        main, [*command, "--batch-size", str(BATCH), "--resume-from", str(3 * BATCH), "--sparql", f"{oxigraph}/query"]
    )
    assert result.exit_code == 0, result.output
    assert f", resuming after the first {3 * BATCH:,}; the store counts {len(export):,}" in result.output
    assert count(oxigraph, graph) == len(export)


def test_publishing_to_the_default_graph(tmp_path: Path, export: list[str]) -> None:
    process, base = start_oxigraph(tmp_path / "db")
    try:
        result = CliRunner().invoke(
            main,
            [
                "publish",
                "--data",
                str(DATA),
                "--store",
                f"{base}/store",
                "--default-graph",
                "--sparql",
                f"{base}/query",
            ],
        )
        assert result.exit_code == 0, result.output
        assert f"to the default graph at {base}/store" in result.output
        assert count(base, None) == len(export)
    finally:
        stop_oxigraph(process)


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


def test_a_read_only_store_refuses(tmp_path: Path, tiny) -> None:
    location = tmp_path / "ro"
    writable, _ = start_oxigraph(location)
    stop_oxigraph(writable)
    process, base = start_oxigraph(location, read_only=True)
    try:
        with pytest.raises(
            OutputError,
            match=r"the store at .* refused the data: HTTP 403 .*\(is the store read-only.*nothing was published$",
        ):
            publish(tiny, f"{base}/store", timeout=10)
    finally:
        stop_oxigraph(process)


def test_the_store_url_forms() -> None:
    assert graph_store_url("http://h:1/store", None) == "http://h:1/store?default"
    assert graph_store_url("http://h:1/store", "https://x/g#") == "http://h:1/store?graph=https%3A%2F%2Fx%2Fg%23"
    assert graph_store_url("http://h:1/ds/data?x=1", "g") == "http://h:1/ds/data?x=1&graph=g"
    for bad in ("ftp://h/store", "http://", "store", "http:///store"):
        with pytest.raises(
            OutputError, match=f"^'{re.escape(bad)}' is not an http\\(s\\) URL of a Graph Store Protocol endpoint$"
        ):
            graph_store_url(bad, None)
    with pytest.raises(OutputError, match="its port is not a number"):
        graph_store_url("http://h:port/store", None)


def test_an_unreachable_store_is_a_clear_error(tiny) -> None:
    port = free_port()
    with pytest.raises(
        OutputError, match=rf"^cannot reach the store at http://127.0.0.1:{port}/store: .*; is it running\?$"
    ):
        publish(tiny, f"http://127.0.0.1:{port}/store", timeout=5)
