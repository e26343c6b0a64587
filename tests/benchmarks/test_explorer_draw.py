"""The pure parts of the explorer draw benchmark: argument checks, the pyvis page, the skip reason.

No page is timed here; ``benchmarks/explorer_draw.py`` is run for real by the benchmark suite.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import mcugraph
from mcugraph.graph import to_networkx

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))

import explorer_draw  # noqa: E402


@pytest.fixture
def fresh_availability() -> Iterator[None]:
    explorer_draw.chromium_available.cache_clear()
    yield
    explorer_draw.chromium_available.cache_clear()


def test_unknown_view_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown view 'whole'; use one of opening, all"):
        explorer_draw.measure_draw(tmp_path / "page.html", view="whole")


def test_a_missing_page_is_an_error_not_a_crash(tmp_path: Path) -> None:
    result = explorer_draw.measure_draw(tmp_path / "nowhere.html")
    assert result == {"median_ms": None, "runs_ms": [], "error": f"no page at {tmp_path / 'nowhere.html'}"}


def test_missing_chromium_is_a_reason_to_skip(monkeypatch: pytest.MonkeyPatch, fresh_availability: None) -> None:
    monkeypatch.setattr(explorer_draw, "CHROMIUM", "/nonexistent/chromium")
    reason = explorer_draw.chromium_available()
    assert reason == "Chromium not found at /nonexistent/chromium (set MCUGRAPH_CHROMIUM to its path)"


def test_the_launcher_is_the_browser_tests_one() -> None:
    import browser  # tests/explorer/browser.py, put on the path by explorer_draw

    assert explorer_draw.launch is browser.launch
    assert explorer_draw.CHROMIUM == browser.CHROMIUM


def test_pyvis_page_has_the_graph_and_the_draw_hook(mini_text: str, tmp_path: Path) -> None:
    pytest.importorskip("pyvis")
    graph = to_networkx(mcugraph.loads(mini_text))
    html = explorer_draw.pyvis_page(graph, tmp_path / "pyvis.html").read_text(encoding="utf-8")
    hook = f"performance.mark('{explorer_draw.PYVIS_DRAWN}')"
    assert html.count(hook) == 1
    assert html.index(hook) > html.index("network = new vis.Network(container, data, options);")
    for node in graph.nodes:
        assert f'"id": {json.dumps(node)}' in html
