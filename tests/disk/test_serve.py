"""``serve --store``: the endpoint over an on-disk store, and the answers it gives without the universe in memory."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest

import mcugraph
from _procs import stop_process
from mcugraph.disk import open_store
from mcugraph.errors import MCUGraphError
from mcugraph.rdf import RdfDataset
from mcugraph.rdf.deref import REPRESENTATIONS, Descriptions, StoreDescriptions, UnknownResource
from mcugraph.sparql.catalog import parse_header
from mcugraph.sparql.params import check_params

from .conftest import ROOT, SHIPPED


@pytest.fixture(scope="module")
def shipped(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Any, Any]]:
    """(universe, opened store) of the shipped data."""
    folder = tmp_path_factory.mktemp("served") / "store"
    with open_store(folder, str(SHIPPED)) as disk:
        yield mcugraph.load(SHIPPED), disk


def test_every_iri_is_described_from_the_store_as_from_memory(shipped: tuple[Any, Any]) -> None:
    universe, disk = shipped
    dataset = RdfDataset(universe)
    memory = Descriptions(universe, dataset.triples, dataset.prefixes)
    store = disk.query_store()
    from_store = StoreDescriptions(
        store.store,
        store.data_graph,
        name=disk.name,
        base_iri=disk.base_iri,
        namespace=disk.ontology_iri,
        prefixes=disk.prefixes,
    )
    subjects = sorted({t[0] for t in dataset.triples})
    assert len(subjects) > 4000
    for iri in subjects:
        assert from_store.knows(iri)
        assert from_store.triples(iri) == memory.triples(iri), iri
    for iri in [*subjects[::400], universe.iri("character", "kilgrave")]:
        for rep in REPRESENTATIONS:
            assert from_store.render(iri, rep) == memory.render(iri, rep), (iri, rep.name)
    for iri in (memory.ontology, memory.shapes):  # the shipped files; their blank nodes differ each time they are read
        assert from_store.render(iri, REPRESENTATIONS[1]) == memory.render(iri, REPRESENTATIONS[1])
    unknown = universe.iri("character", "kilgrav")
    assert not from_store.knows(unknown) and not from_store.knows("not an iri")
    with pytest.raises(UnknownResource) as found:
        from_store.triples(unknown)
    assert str(found.value) == f"<{unknown}> names nothing in Marvel Cinematic Universe"


VALUES = [
    ("character", "kilgrave"),
    ("character", "character:kilgrave"),
    ("character", "https://w3id.org/mcugraph/mcu/character/kilgrave"),
    ("character", "<https://w3id.org/mcugraph/mcu/character/kilgrave>"),
    ("character", "Kilgrave"),
    ("character", "kilgrve"),
    ("character", "Jessica Jones"),
    ("work", "Jessica Jones"),
    ("work", "Daredevil"),
    ("work", "the-defenders-s1"),
    ("work", "kilgrave"),
    ("work", "https://example.org/elsewhere/work/x"),
    ("person", "Krysten Ritter"),
    ("person", "krysten ritter"),
    ("event", "The Incident"),
    ("event", "work:daredevil"),
    ("iri", "character:kilgrave"),
    ("iri", "character:nobody"),
    ("iri", "https://example.org/x"),
    ("date", "2015"),
    ("date", "2015-06"),
    ("date", "2016-02-30"),
    ("date", "jessica-jones-s1"),
    ("date", "The Incident"),
    ("date", "Jessica Jone"),
    ("date", "20x5"),
    ("secret", "jessica-jones"),
    ("order", "disney-plus"),
    ("source", "Kilgrave"),
]


@pytest.mark.parametrize(("kind", "value"), VALUES)
def test_parameters_are_checked_against_the_index_as_against_the_universe(
    shipped: tuple[Any, Any], kind: str, value: str
) -> None:
    universe, disk = shipped
    header = parse_header(f"# param: x ({kind})\nSELECT ?x WHERE {{}}")

    def checked(records: Any) -> str:
        try:
            return str(check_params(records, header, {"x": value}))
        except MCUGraphError as exc:
            return f"{type(exc).__name__}: {exc}"

    assert checked(disk.records) == checked(universe)


def test_a_missing_value_is_worded_as_in_memory(shipped: tuple[Any, Any]) -> None:
    universe, disk = shipped
    header = parse_header("# param: w (work)\n# param: d (date)\n# param: o (organization)\nSELECT ?w ?d ?o {}")
    with pytest.raises(MCUGraphError) as memory:
        check_params(universe, header, {})
    with pytest.raises(MCUGraphError) as index:
        check_params(disk.records, header, {})
    assert str(index.value) == str(memory.value)


# -- the endpoint, as a process ------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serving(data: Path, folder: Path) -> Iterator[tuple[str, subprocess.Popen[str]]]:
    """``mcugraph serve --store`` on a free port, once it says it serves; stopped by its process id."""
    port = free_port()
    command = [sys.executable, "-m", "mcugraph", "serve", "--data", str(data), "--store", str(folder)]
    command += ["--port", str(port), "--workers", "2"]
    process = subprocess.Popen(command, stderr=subprocess.PIPE, text=True, cwd=ROOT, start_new_session=True)
    assert process.stderr is not None
    said = []
    try:
        for line in process.stderr:  # what it says before it serves: building, then serving
            said.append(line)
            if line.startswith("serving "):
                break
        else:
            raise AssertionError("the server stopped: " + "".join(said))
        yield f"http://127.0.0.1:{port}", process
    finally:
        stop_process(process)  # type: ignore[arg-type]


def get(url: str, **headers: str) -> tuple[int, str, bytes]:
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.headers.get("content-type", ""), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers.get("content-type", ""), exc.read()


def sparql(base: str, query: str, **params: str) -> tuple[int, str, bytes]:
    fields = urllib.parse.urlencode({"query": query, **{f"param.{k}": v for k, v in params.items()}})
    return get(f"{base}/sparql?{fields}", Accept="application/sparql-results+json")


def test_serve_store_answers_from_the_store(harbor: Path, tmp_path: Path) -> None:
    folder = tmp_path / "store"
    universe = mcugraph.load(harbor)
    dataset = RdfDataset(universe)
    with serving(harbor, folder) as (base, _):
        status, media, body = sparql(base, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        assert status == 200 and media.startswith("application/sparql-results+json")
        count = json.loads(body)["results"]["bindings"][0]["n"]["value"]
        assert int(count) == len(dataset.triples)
        text = (ROOT / "queries" / "cast-of-work.rq").read_text()
        status, _, body = sparql(base, text, work="The Lighthouse")  # a name, checked against the index
        rows = json.loads(body)["results"]["bindings"]
        assert status == 200 and {r["actor"]["value"] for r in rows} >= {"Ana Lima"}
        status, _, body = sparql(base, text, work="Lighthous")
        assert status == 400 and b"nothing is called 'Lighthous'" in body
        status, media, body = get(f"{base}/data/harbor.nt")
        assert (status, body.decode()) == (200, dataset.ntriples) and media.startswith("application/n-triples")
        status, _, body = get(f"{base}/data/")
        assert status == 200 and b"harbor.ttl" in body and b"harbor.graphml" in body
        status, media, body = get(f"{base}/harbor/character/mara-vell", Accept="text/turtle")
        assert status == 200 and media.startswith("text/turtle") and b"Mara Vell" in body
        status, _, body = get(f"{base}/harbor/character/nobody", Accept="text/turtle")
        assert status == 404 and b"names nothing in Harbor City Universe" in body
        status, media, body = get(f"{base}/")
        assert status == 200 and media.startswith("text/html") and body.startswith(b"<!doctype html>")


def test_serve_store_of_a_large_universe_serves_what_was_made(harbor: Path, tmp_path: Path) -> None:
    folder = tmp_path / "store"
    open_store(folder, str(harbor), full_limit=3).close()  # as if the universe were past the limit
    with serving(harbor, folder) as (base, process):
        status, _, body = get(f"{base}/")
        assert status == 200 and b"No explorer page: the explorer page is made for universes of up to 3" in body
        status, _, body = get(f"{base}/data/harbor.ttl")
        assert status == 404 and body.startswith(b"/data/harbor.ttl was not made: the dumps other than N-Triples")
        status, _, body = get(f"{base}/data/")
        assert b"harbor.ttl: not made" in body and b'href="harbor.nt"' in body
        status, _, body = get(f"{base}/data/void.ttl")
        assert status == 200 and b"void:Dataset" in body
        assert sparql(base, "ASK { ?s ?p ?o }")[0] == 200


def test_serve_store_builds_first_and_says_so(harbor: Path, tmp_path: Path) -> None:
    folder = tmp_path / "store"
    port = free_port()
    command = [sys.executable, "-m", "mcugraph", "serve", "--data", str(harbor), "--store", str(folder)]
    process = subprocess.Popen([*command, "--port", str(port)], stderr=subprocess.PIPE, text=True, cwd=ROOT)
    assert process.stderr is not None
    try:
        first = process.stderr.readline()
        assert first.startswith(f"building the on-disk store in {folder} (it is new)")
        assert process.stderr.readline().startswith(f"built the on-disk store in {folder}: ")
        assert process.stderr.readline().startswith(f"serving Harbor City Universe at http://127.0.0.1:{port}/sparql")
    finally:
        stop_process(process)  # type: ignore[arg-type]


def test_serve_store_refuses_a_folder_that_is_not_a_store(harbor: Path, tmp_path: Path) -> None:
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "a.txt").write_text("a")

    def serve(port: int) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "mcugraph", "serve", "--data", str(harbor), "--store", str(mine)]
        return subprocess.run([*command, "--port", str(port)], capture_output=True, text=True, cwd=ROOT, timeout=60)

    with socket.socket() as holder:  # a port in use is said first, before the store is looked at (or built)
        holder.bind(("127.0.0.1", 0))
        holder.listen(1)
        done = serve(holder.getsockname()[1])
    assert done.returncode == 1 and done.stderr.startswith("Error: cannot listen on 127.0.0.1:")
    assert "another server is using that port" in done.stderr and "Traceback" not in done.stderr
    done = serve(free_port())
    assert done.returncode == 1 and done.stderr.startswith(f"Error: {mine} is not a mcugraph store (it holds a.txt")
    assert [p.name for p in mine.iterdir()] == ["a.txt"]


def test_ox_store_is_opened_read_only_by_the_workers(shipped: tuple[Any, Any]) -> None:
    _, disk = shipped
    store = ox.Store.read_only(str(disk.oxigraph_path))  # several readers at once, beside the fixture's own
    assert len(store) == disk.triples
