"""The benchmark's ``publish`` stage, run once on the shipped data against a real Oxigraph server."""

from __future__ import annotations

from pathlib import Path

import pytest
from store_server import oxigraph_binary
from worker import Context, stage_publish

import mcugraph
from mcugraph.rdf.stream import ntriples_lines

DATA = Path(__file__).resolve().parents[2] / "data" / "universe.yaml"

pytestmark = pytest.mark.skipif(
    oxigraph_binary() is None, reason="the oxigraph server (pip install oxigraph) is not installed"
)


def test_the_stage_publishes_every_triple_and_cleans_up(tmp_path: Path) -> None:
    ctx = Context({"data": str(DATA), "runs": 2, "workdir": str(tmp_path)})
    record = stage_publish(ctx)
    expected = sum(1 for _ in ntriples_lines(mcugraph.load(DATA)))
    assert record["triples"] == record["counted"] == expected  # two runs, the graph replaced: not doubled
    assert record["requests"] == 1 and len(record["runs_s"]) == 2
    assert record["peak_mb"] > 0 and record["server_peak_mb"] > 0
    assert list(tmp_path.iterdir()) == []  # the server's folder is gone
