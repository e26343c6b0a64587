"""The galaxy layout: complete, deterministic, no two nodes on one spot, cached by graph."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

import mcugraph
from mcugraph.explorer import layout as layout_module
from mcugraph.explorer.layout import cache_dir, galaxy_layout, graph_hash, layout
from mcugraph.graph import to_networkx
from mcugraph.model import Universe
from mcugraph.synthetic import generate_text


def _closest(positions: dict[str, tuple[float, float]]) -> float:
    points = sorted(positions.values())
    best = math.inf
    for i, (x, y) in enumerate(points):
        for x2, y2 in points[i + 1 : i + 40]:
            best = min(best, math.hypot(x2 - x, y2 - y))
    return best


def test_every_node_gets_a_distinct_position(spoilers: Universe) -> None:
    graph = to_networkx(spoilers)
    positions = galaxy_layout(graph)
    assert set(positions) == set(graph.nodes)
    assert _closest(positions) > 1.0


def test_layout_is_deterministic_and_independent_of_insertion_order() -> None:
    universe = mcugraph.loads(generate_text(2))
    graph = to_networkx(universe)
    shuffled = graph.__class__()
    shuffled.add_nodes_from(sorted(graph.nodes(data=True), reverse=True))
    shuffled.add_edges_from(sorted(graph.edges(keys=True, data=True), reverse=True))
    assert galaxy_layout(graph) == galaxy_layout(shuffled)
    assert graph_hash(graph) == graph_hash(shuffled)


def test_series_are_drawn_as_separate_discs() -> None:
    graph = to_networkx(mcugraph.loads(generate_text(1)))
    positions = galaxy_layout(graph)
    # every episode lies nearer its own series than any other series
    series = [n for n, d in graph.nodes(data=True) if d["type"] == "series"]
    for n, d in graph.nodes(data=True):
        if d["type"] != "episode":
            continue
        own = "work:" + d["id"].rsplit("-s", 1)[0]
        nearest = min(series, key=lambda s: math.dist(positions[s], positions[n]))
        assert nearest == own, n


def test_empty_and_single_node_graphs() -> None:
    empty = mcugraph.loads('universe: {id: e, name: E, base_iri: "https://example.org/e/", license: CC0-1.0}\n')
    assert galaxy_layout(to_networkx(empty)) == {}
    one = mcugraph.loads(
        'universe: {id: e, name: E, base_iri: "https://example.org/e/", license: CC0-1.0}\n'
        "characters:\n  - {id: solo, name: Solo}\n"
    )
    assert list(galaxy_layout(to_networkx(one))) == ["character:solo"]


def test_layout_is_cached_on_disk(spoilers: Universe, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MCUGRAPH_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(layout_module, "_MEMORY", {})
    graph = to_networkx(spoilers)
    first = layout(graph)
    stored = tmp_path / "layouts" / f"{graph_hash(graph)}.json"
    assert stored.is_file()
    assert {k: tuple(v) for k, v in json.loads(stored.read_text()).items()} == first
    # a second process reads the cache instead of computing again
    monkeypatch.setattr(layout_module, "_MEMORY", {})
    monkeypatch.setattr(layout_module, "galaxy_layout", lambda g: pytest.fail("recomputed"))
    assert layout(graph) == first


def test_a_broken_cache_file_is_recomputed(spoilers: Universe, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MCUGRAPH_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(layout_module, "_MEMORY", {})
    graph = to_networkx(spoilers)
    stored = tmp_path / "layouts" / f"{graph_hash(graph)}.json"
    stored.parent.mkdir(parents=True)
    stored.write_text("{not json")
    assert layout(graph) == galaxy_layout(graph)


def test_cache_folder_settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("MCUGRAPH_CACHE_DIR", "off")
    assert cache_dir() is None
    monkeypatch.delenv("MCUGRAPH_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache_dir() == tmp_path / "mcugraph"


def test_an_unwritable_cache_is_not_an_error(
    spoilers: Universe, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("MCUGRAPH_CACHE_DIR", str(blocker))
    monkeypatch.setattr(layout_module, "_MEMORY", {})
    assert layout(to_networkx(spoilers))
