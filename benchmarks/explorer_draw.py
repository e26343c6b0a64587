"""How long an explorer page takes to draw in headless Chromium, and pyvis beside it.

Run: .venv/bin/python benchmarks/explorer_draw.py PAGE.html [--view all] [--runs N] [--pyvis DATA.yaml]

A page mcugraph writes is opened from disk, each run in a fresh browser context, and
timed from navigation start to its ``mcugraph:drawn`` performance mark (set on
vis-network's first ``afterDrawing`` once the data is in): as a fan first sees it (the
opening focus on the hub) or as the whole map (``#view=all``). The peer is pyvis with its
defaults (physics on) on the same graph, timed to its first draw after vis-network's
``stabilizationIterationsDone``. Any request leaving the page (pyvis links Bootstrap from
a CDN) is refused at once, so the network cannot slow a page down.

Chromium is launched by ``tests/explorer/browser.py``, the one place its path and flags
are defined (the browser tests use it too).
"""

from __future__ import annotations

import argparse
import functools
import os
import statistics
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "explorer"))

from browser import CHROMIUM, launch  # noqa: E402

__all__ = ["measure_draw", "measure_pyvis", "chromium_available", "pyvis_page", "VIEWS"]

#: The views of our page that can be timed, and the URL fragment of each.
VIEWS = {"opening": "", "all": "#view=all"}
#: The mark our page sets on its first complete draw.
DRAWN = "mcugraph:drawn"
#: The mark :func:`pyvis_page` adds to pyvis's page, on its first draw once physics settled.
PYVIS_DRAWN = "bench:pyvis-drawn"
_PYVIS_ANCHOR = "network = new vis.Network(container, data, options);"
_PYVIS_HOOK = (
    "network.once('stabilizationIterationsDone', function () {"
    f" network.once('afterDrawing', function () {{ performance.mark('{PYVIS_DRAWN}'); }}); }});"
)
_VIEWPORT = {"width": 1400, "height": 860}


@functools.cache
def chromium_available() -> str | None:
    """None when Chromium can be driven here, else why not (for a clean skip)."""
    if not os.path.exists(CHROMIUM):
        return f"Chromium not found at {CHROMIUM} (set MCUGRAPH_CHROMIUM to its path)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed"
    try:
        with launch():
            pass
    except Exception as exc:  # whatever stops the launch is the reason to skip
        return f"Chromium at {CHROMIUM} did not start: {str(exc).splitlines()[0]}"
    return None


def _time_to_mark(browser: Any, url: str, mark: str, timeout_s: float) -> tuple[float | None, str | None]:
    """(milliseconds from navigation start to ``mark``, None) or (None, what went wrong)."""
    context = browser.new_context(viewport=_VIEWPORT, service_workers="block")
    page = context.new_page()
    failures: list[str] = []
    page.on("pageerror", lambda exc: failures.append(f"page error: {exc}"))
    base = url.split("#", 1)[0]
    page.route("**/*", lambda route: route.continue_() if route.request.url.split("#", 1)[0] == base else route.abort())
    probe = f"() => performance.getEntriesByName({mark!r}).length > 0"
    try:
        page.goto(url, wait_until="commit")
        page.wait_for_function(probe, timeout=timeout_s * 1000)
        return float(page.evaluate(f"performance.getEntriesByName({mark!r})[0].startTime")), None
    except Exception as exc:  # Playwright's TimeoutError, or the page crashed
        if "Timeout" in type(exc).__name__:
            return None, f"no {mark} within {timeout_s:g} s" + (f" ({failures[0]})" if failures else "")
        return None, f"{type(exc).__name__}: {str(exc).splitlines()[0]}"
    finally:
        context.close()


def _timed(url: str, mark: str, *, runs: int, timeout_s: float) -> dict[str, Any]:
    if runs < 1:
        raise ValueError(f"runs must be at least 1, not {runs}")
    reason = chromium_available()
    if reason is not None:
        return {"median_ms": None, "runs_ms": [], "error": reason}
    times: list[float | None] = []
    problems: list[str] = []
    with launch() as browser:
        for _ in range(runs):
            elapsed, problem = _time_to_mark(browser, url, mark, timeout_s)
            times.append(None if elapsed is None else round(elapsed, 1))
            if problem is not None:
                problems.append(problem)
    done = [t for t in times if t is not None]
    error = f"{len(problems)} of {runs} runs failed; first: {problems[0]}" if problems else None
    return {"median_ms": round(statistics.median(done), 1) if done else None, "runs_ms": times, "error": error}


def measure_draw(html: Path, *, view: str = "opening", runs: int = 5, timeout_s: float = 60) -> dict[str, Any]:
    """Time ``html`` (a page mcugraph wrote) from navigation start to its first complete draw.

    ``view`` is ``"opening"`` (the page as it opens) or ``"all"`` (``#view=all``). Returns
    ``{"median_ms", "runs_ms", "error"}``: the median of the runs that drew, every run in
    order (None for one that did not draw within ``timeout_s``), and None or what failed.
    """
    if view not in VIEWS:
        raise ValueError(f"unknown view {view!r}; use one of {', '.join(VIEWS)}")
    page = Path(html)
    if not page.is_file():
        return {"median_ms": None, "runs_ms": [], "error": f"no page at {page}"}
    return _timed(page.resolve().as_uri() + VIEWS[view], DRAWN, runs=runs, timeout_s=timeout_s)


def pyvis_page(graph: Any, path: Path) -> Path:
    """Write ``graph`` (mcugraph's networkx view) through pyvis with its defaults, vis-network inlined.

    Nodes carry their label and kind, edges their label, as on our page; a hook sets the
    :data:`PYVIS_DRAWN` mark on the first draw after physics stabilised.
    """
    from pyvis.network import Network

    net = Network(cdn_resources="in_line")
    for node, data in graph.nodes(data=True):
        net.add_node(node, label=data["label"], title=f"{data['label']} ({data['kind']})")
    for source, target, data in graph.edges(data=True):
        net.add_edge(source, target, title=data["label"])
    html = net.generate_html()
    if _PYVIS_ANCHOR not in html:
        raise RuntimeError(f"pyvis's page template changed: {_PYVIS_ANCHOR!r} is gone, so the draw cannot be timed")
    path.write_text(html.replace(_PYVIS_ANCHOR, f"{_PYVIS_ANCHOR}\n{_PYVIS_HOOK}"), encoding="utf-8")
    return path


def measure_pyvis(universe: Any, *, timeout_s: float, runs: int) -> dict[str, Any]:
    """Time pyvis with its defaults (physics on) on ``universe``'s graph, as :func:`measure_draw` does ours.

    A run that has not settled and drawn within ``timeout_s`` counts as None, and
    ``error`` says so: pyvis may not settle at all on a large graph.
    """
    from mcugraph.graph import to_networkx

    try:
        import pyvis  # noqa: F401
    except ImportError:
        return {"median_ms": None, "runs_ms": [], "error": "pyvis is not installed"}
    with tempfile.TemporaryDirectory(prefix="explorer-draw-") as folder:
        page = pyvis_page(to_networkx(universe), Path(folder) / "pyvis.html")
        return _timed(page.as_uri(), PYVIS_DRAWN, runs=runs, timeout_s=timeout_s)


def _row(name: str, result: dict[str, Any]) -> str:
    median = "n/a" if result["median_ms"] is None else f"{result['median_ms']:,.0f} ms"
    each = ", ".join("-" if t is None else f"{t:,.0f}" for t in result["runs_ms"])
    return f"| {name} | {median} | {each} | {result['error'] or ''} |"


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("html", type=Path, help="a page written by `mcugraph build` or the explorer API")
    parser.add_argument("--view", choices=list(VIEWS), default="opening", help="the view to time")
    parser.add_argument("--runs", type=int, default=5, help="runs, each in a fresh browser context")
    parser.add_argument("--timeout", type=float, default=60, help="seconds to wait for a draw")
    parser.add_argument("--pyvis", type=Path, metavar="DATA", help="also time pyvis on this universe's YAML")
    args = parser.parse_args(argv)
    reason = chromium_available()
    if reason is not None:
        sys.exit(f"cannot time the page: {reason}")
    ours = measure_draw(args.html, view=args.view, runs=args.runs, timeout_s=args.timeout)
    rows = [_row(f"{args.html.name} ({args.view})", ours)]
    if args.pyvis is not None:
        import mcugraph

        pyvis = measure_pyvis(mcugraph.load(args.pyvis), timeout_s=args.timeout, runs=args.runs)
        rows.append(_row(f"pyvis defaults on {args.pyvis.name}", pyvis))
    print("| page | median to first draw | each run (ms) | error |")
    print("| --- | ---: | --- | --- |")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
