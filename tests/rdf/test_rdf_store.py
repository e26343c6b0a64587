"""The bare Oxigraph store holds exactly the export, and importing it stays light."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from pathlib import Path

import pyoxigraph as ox
import pytest

from mcugraph.model import Universe
from mcugraph.rdf import store as store_module
from mcugraph.rdf.dataset import RdfDataset
from mcugraph.rdf.describe import describe, summarize
from mcugraph.rdf.store import to_store

SHIPPED = Path(__file__).resolve().parents[2] / "data" / "universe.yaml"


def loading_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "mcugraph-load"]


def quads(store: ox.Store) -> set[str]:
    return {str(q) for q in store}


def exported(universe: Universe, *, positions: bool = False) -> ox.Store:
    expected = ox.Store()
    text = RdfDataset(universe, positions=positions).ntriples
    expected.bulk_load(text, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.DefaultGraph())
    return expected


@pytest.mark.parametrize("positions", [False, True])
def test_the_store_holds_exactly_the_export(rich: Universe, positions: bool) -> None:
    store = to_store(rich, positions=positions)
    expected = exported(rich, positions=positions)
    assert len(store) == len(expected) == len(RdfDataset(rich, positions=positions).triples)
    assert quads(store) == quads(expected)
    assert all(q.graph_name == ox.DefaultGraph() for q in store)


def test_small_chunks_and_repeated_triples_change_nothing(
    rich: Universe, tiny: Universe, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store_module, "CHUNK", 7)  # many pieces, so repeats fall in different ones
    for universe in (rich, tiny):
        assert quads(to_store(universe)) == quads(exported(universe))


def test_the_description_counts_distinct_triples(rich: Universe) -> None:
    dataset = RdfDataset(rich)
    data = dataset.data
    assert describe(rich, summarize(data)) == describe(rich, data)
    store = to_store(rich)
    answer = store.query("SELECT ?n WHERE { ?d <http://rdfs.org/ns/void#triples> ?n }", default_graph=ox.DefaultGraph())
    # the whole store, the description included (it counted the data alone before: 14,978 of 15,099)
    assert [int(row["n"].value) for row in answer] == [len(store)] == [len(dataset.triples)]


@pytest.mark.parametrize("chunk", [store_module.CHUNK, 7])  # loaded at once, or on the loading thread
def test_a_loading_error_reaches_the_caller(rich: Universe, monkeypatch: pytest.MonkeyPatch, chunk: int) -> None:
    calls: list[str] = []

    def broken(store: ox.Store, text: str) -> None:
        calls.append(text)
        raise OSError("disk on fire")

    monkeypatch.setattr(store_module, "CHUNK", chunk)
    monkeypatch.setattr(store_module, "_load", broken)
    with pytest.raises(OSError, match="disk on fire"):
        to_store(rich)
    assert len(calls) == 1  # nothing more is loaded after a failure
    assert not loading_threads()


def test_a_conversion_error_stops_the_loading_thread(rich: Universe, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(store_module, "CHUNK", 7)

    def broken(self: object, order: object) -> None:
        raise RuntimeError("a broken record")

    monkeypatch.setattr(store_module._Writer, "order", broken)  # orders come last: chunks are on the way
    with pytest.raises(RuntimeError, match="a broken record"):
        to_store(rich)
    assert not loading_threads()


def test_a_universe_of_one_chunk_needs_no_thread(tiny: Universe, monkeypatch: pytest.MonkeyPatch) -> None:
    started: list[str] = []
    monkeypatch.setattr(threading.Thread, "start", lambda self: started.append(self.name))
    assert quads(to_store(tiny)) == quads(exported(tiny)) and started == []


def test_the_store_needs_neither_rdflib_nor_the_writers() -> None:
    script = (
        "import json, sys, mcugraph\n"
        "from mcugraph.rdf import to_store\n"
        f"to_store(mcugraph.load({str(SHIPPED)!r}))\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in ('rdflib', 'oxrdflib')"
        " or m.startswith('mcugraph.rdf.') or m.startswith('mcugraph.sparql'))))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert json.loads(done.stdout) == [
        "mcugraph.rdf.bounds",
        "mcugraph.rdf.convert",
        "mcugraph.rdf.describe",
        "mcugraph.rdf.store",
        "mcugraph.rdf.terms",
        "mcugraph.rdf.vocab",
    ]


def test_the_package_still_offers_every_name() -> None:
    import mcugraph.rdf as rdf

    for name in rdf.__all__:
        assert getattr(rdf, name) is not None
        assert name in dir(rdf)
    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        rdf.nothing  # noqa: B018
