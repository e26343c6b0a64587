"""Explorer benchmark: time from opening the file to the first complete draw, in headless Chromium.

Run: .venv/bin/python benchmarks/bench_explorer.py [--runs N] [--pyvis-timeout SECONDS] [--quick]

For the shipped universe and a synthetic universe of about 5,000 nodes (scale 35), the
page mcugraph writes is opened from disk in a fresh browser context and timed from
navigation start to the ``mcugraph:drawn`` performance mark (set on vis-network's first
``afterDrawing`` once the data is in), both as a fan first sees it (the opening focus on
the hub) and as the whole map (``#view=all``). The peer, measured side by side in the same
run, is pyvis with its defaults (physics on) on the same graph, timed to its first draw
after vis-network's ``stabilizationIterationsDone``; its one external resource (Bootstrap
from a CDN) is refused at once so the network cannot slow it down. Python-side costs (the
layout, the whole page) and file sizes are reported too. Every number is a median.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

CHROMIUM = os.environ.get("MCUGRAPH_CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PYVIS_HOOK = (
    "network.once('stabilizationIterationsDone', function () {"
    " network.once('afterDrawing', function () { window.__benchDrawn = performance.now(); }); });"
)


def median_time(fn: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def pyvis_page(graph: Any, path: Path) -> Path:
    """The same graph through pyvis with its defaults (physics on), vis-network inlined."""
    from pyvis.network import Network

    net = Network(cdn_resources="in_line")
    for node, data in graph.nodes(data=True):
        net.add_node(node, label=data["label"], title=f"{data['label']} ({data['kind']})")
    for u, v, data in graph.edges(data=True):
        net.add_edge(u, v, title=data["label"])
    html = net.generate_html()
    anchor = "network = new vis.Network(container, data, options);"
    if anchor not in html:
        sys.exit("pyvis template changed: cannot hook the first draw")
    path.write_text(html.replace(anchor, anchor + "\n" + PYVIS_HOOK), encoding="utf-8")
    return path


def time_in_browser(browser: Any, url: str, flag: str, timeout_s: float) -> float | None:
    """Milliseconds from navigation start to the page's draw flag, or None past the timeout."""
    context = browser.new_context(viewport={"width": 1400, "height": 860})
    page = context.new_page()
    base = url.split("#", 1)[0]
    page.route("**/*", lambda route: route.continue_() if route.request.url.split("#")[0] == base else route.abort())
    try:
        page.goto(url, wait_until="commit")
        page.wait_for_function(f"() => window.{flag} !== undefined", timeout=timeout_s * 1000)
        return float(page.evaluate(f"window.{flag}"))
    except Exception as exc:  # the timeout of a page that never stabilises
        if "Timeout" in type(exc).__name__ or "Timeout" in str(exc):
            return None
        raise
    finally:
        context.close()


def fmt_ms(value: float | None, limit: float) -> str:
    return f"> {limit:.0f} s" if value is None else (f"{value:.0f} ms" if value < 10_000 else f"{value / 1000:.1f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per page (median)")
    parser.add_argument("--pyvis-runs", type=int, default=3, help="runs of the pyvis peer on the shipped data")
    parser.add_argument("--pyvis-timeout", type=float, default=300.0, help="give up on a pyvis page after this")
    parser.add_argument("--quick", action="store_true", help="fewer runs, pyvis on the shipped data only")
    parser.add_argument("--skip-pyvis", action="store_true", help="time only mcugraph's pages")
    args = parser.parse_args()
    if args.quick:
        args.runs, args.pyvis_runs = 3, 1
    synthetic_pyvis_runs = 0 if args.quick else 1
    if args.skip_pyvis:
        args.pyvis_runs = synthetic_pyvis_runs = 0

    import mcugraph
    from mcugraph.explorer import to_html, write_html
    from mcugraph.explorer.layout import galaxy_layout
    from mcugraph.graph import to_networkx
    from mcugraph.synthetic import generate_text

    if not os.path.exists(CHROMIUM):
        sys.exit(f"Chromium not found at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    tmp = Path(tempfile.mkdtemp(prefix="bench-explorer-"))
    os.environ["MCUGRAPH_CACHE_DIR"] = str(tmp / "cache")
    universes = [
        ("shipped", mcugraph.load(ROOT / "data" / "universe.yaml")),
        ("synthetic (scale 35)", mcugraph.loads(generate_text(35))),
    ]
    rows = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for name, universe in universes:
            graph = to_networkx(universe)
            layout_s = median_time(lambda g=graph: galaxy_layout(g), 3)
            page_s = median_time(lambda u=universe: to_html(u), 3)  # the layout is cached after the first
            ours = write_html(universe, tmp / f"{name.split()[0]}.html")
            peer = pyvis_page(graph, tmp / f"{name.split()[0]}-pyvis.html")
            opening, whole, pyvis = [], [], []
            for _ in range(args.runs):  # interleaved, so noise hits all pages alike
                opening.append(time_in_browser(browser, ours.as_uri(), "mcugraphDrawnAt", 60))
                whole.append(time_in_browser(browser, ours.as_uri() + "#view=all", "mcugraphDrawnAt", 60))
            pyvis_runs = args.pyvis_runs if name == "shipped" else synthetic_pyvis_runs
            for _ in range(pyvis_runs):
                pyvis.append(time_in_browser(browser, peer.as_uri(), "__benchDrawn", args.pyvis_timeout))
            rows.append(
                {
                    "name": name,
                    "nodes": graph.number_of_nodes(),
                    "edges": graph.number_of_edges(),
                    "layout": layout_s,
                    "page": page_s,
                    "size": ours.stat().st_size,
                    "pyvis_size": peer.stat().st_size,
                    "opening": statistics.median([t for t in opening if t is not None]),
                    "whole": statistics.median([t for t in whole if t is not None]),
                    "pyvis": (
                        None if not pyvis or None in pyvis else statistics.median([t for t in pyvis if t is not None])
                    ),
                    "pyvis_runs": len(pyvis),
                }
            )
        browser.close()

    print(
        f"runs per page: {args.runs}; pyvis peer: {args.pyvis_runs} run(s) on the shipped data, "
        f"{synthetic_pyvis_runs} on the synthetic one, timeout {args.pyvis_timeout:.0f} s\n"
    )
    print(
        "| universe | nodes | edges | opening view | whole map | pyvis defaults (physics on) | pyvis / whole map |"
        " file | pyvis file |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for r in rows:
        if r["pyvis"] is not None:
            ratio = f"{r['pyvis'] / r['whole']:.0f}x"
        elif r["pyvis_runs"]:
            ratio = f"> {args.pyvis_timeout * 1000 / r['whole']:.0f}x"
        else:
            ratio = "not run"
        pyvis_time = fmt_ms(r["pyvis"], args.pyvis_timeout) if r["pyvis_runs"] else "not run"
        print(
            f"| {r['name']} | {r['nodes']:,} | {r['edges']:,} | {fmt_ms(r['opening'], 0)} | {fmt_ms(r['whole'], 0)} "
            f"| {pyvis_time} | {ratio} | {r['size'] / 1e6:.2f} MB | {r['pyvis_size'] / 1e6:.2f} MB |"
        )
    print()
    print("| universe | galaxy layout (Python) | whole page, layout cached (Python) |")
    print("| --- | ---: | ---: |")
    for r in rows:
        print(f"| {r['name']} | {r['layout'] * 1000:.0f} ms | {r['page'] * 1000:.0f} ms |")


if __name__ == "__main__":
    main()
