"""Render the explorer: one self-contained HTML file that works offline.

The page is our own Jinja template with autoescape on; the data travels as JSON in a
``<script type="application/json">`` element with ``<``, ``>`` and ``&`` escaped, so no
text from the data can close the element or be read as markup, and the page script only
ever puts data into the document as text. vis-network is inlined from the copy the
installed pyvis package ships. A Content-Security-Policy allows exactly the page's own
inline scripts and style (by hash) and no network access at all.
"""

from __future__ import annotations

import base64
import hashlib
import importlib.util
import json
import os
import re
import weakref
from functools import lru_cache
from pathlib import Path
from typing import Any

from markupsafe import Markup

from mcugraph.errors import NotFoundError, OutputError
from mcugraph.model import Universe

__all__ = ["to_html", "write_html", "vis_network_js", "NODE_KINDS"]

#: the kinds of entity the explorer draws (sources and orders are facts, not nodes)
NODE_KINDS = ("character", "person", "work", "event", "organization", "location")
_HERE = Path(__file__).resolve().parent
_VERSION = re.compile(r"vis-(\d+(?:\.\d+)*)$")


@lru_cache(maxsize=1)
def vis_network_js() -> str:
    """The vis-network script shipped by the installed pyvis package (newest copy)."""
    spec = importlib.util.find_spec("pyvis")
    locations = list(spec.submodule_search_locations or []) if spec is not None else []
    candidates: list[tuple[tuple[int, ...], Path]] = []
    for location in locations:
        lib = Path(location) / "lib"
        if not lib.is_dir():
            continue
        for folder in lib.iterdir():
            match = _VERSION.match(folder.name)
            script = folder / "vis-network.min.js"
            if match and script.is_file():
                candidates.append((tuple(int(p) for p in match.group(1).split(".")), script))
    if not candidates:
        raise OutputError("vis-network was not found: the explorer inlines the copy pyvis ships; install pyvis")
    text = max(candidates)[1].read_text(encoding="utf-8")
    if "</script" in text.lower() or "<!--" in text:
        raise OutputError("the vis-network script cannot be inlined safely (it contains '</script' or '<!--')")
    return text


@lru_cache(maxsize=4)
def _static(name: str) -> str:
    return (_HERE / "static" / name).read_text(encoding="utf-8")


def _script_json(value: Any) -> str:
    """JSON that is safe inside a ``<script>`` element: no ``<``, ``>``, ``&`` or line separators."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return (
        text.replace("&", "\\u0026")
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


@lru_cache(maxsize=1)
def _environment() -> Any:
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    return Environment(
        loader=FileSystemLoader(str(_HERE / "templates")),
        autoescape=True,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
    )


def to_html(
    universe: Universe,
    *,
    focus: str | None = None,
    depth: int | None = None,
    watched_through: str | None = None,
    order: str = "release",
) -> str:
    """The whole explorer page for ``universe``, as a string.

    ``focus`` names the entity the page opens on (by default a hub where the crossover
    characters meet); ``depth`` keeps only what lies within that many steps of it;
    ``watched_through`` (a film, season or episode) with ``order`` (``release``,
    ``chronological`` or an order id) leaves out everything revealed later.

    >>> import mcugraph
    >>> page = to_html(mcugraph.load("data/universe.yaml"), watched_through="jessica-jones-s1")  # doctest: +SKIP
    """
    from mcugraph.explorer.layout import layout
    from mcugraph.explorer.payload import build_payload, pick_hub
    from mcugraph.explorer.spoilers import cut_universe, watched_step
    from mcugraph.explorer.watch import watch_order
    from mcugraph.graph import ego_graph, node_key, to_networkx
    from mcugraph.resolve import resolve

    if depth is not None and depth < 0:
        raise ValueError("depth must be 0 or more")
    watch = watch_order(universe, order)
    facts = _revealed(universe, watch)
    cut: int | None = None
    visible = universe
    if watched_through is not None:
        cut = watched_step(universe, watch, watched_through)
        visible = cut_universe(facts, cut)
    graph = to_networkx(visible)

    if focus is not None:
        kind, ident = resolve(universe, focus, kinds=NODE_KINDS)
        focus_key: str | None = node_key(kind, ident)
        if focus_key not in graph:
            through = watch.steps[cut].label if cut is not None else ""
            raise NotFoundError(
                f"'{universe.label(kind, ident)}' is not revealed by {through} in the {watch.name}: "
                "choose an entity seen by then",
                about="focus",
            )
    elif cut is not None:
        # a fan behind the shield starts where they stopped watching
        watched = watch.steps[cut].work
        season = visible.works[watched].season if watched in visible.works else None
        focus_key = node_key("work", season or watched)
        if focus_key not in graph:
            focus_key = pick_hub(visible, graph)
    else:
        focus_key = pick_hub(visible, graph)
    if depth is not None and focus_key is not None:
        graph = ego_graph(graph, focus_key, depth=depth)

    positions = layout(graph)
    payload = build_payload(visible, graph, positions, facts, cut=cut, focus=focus_key, depth=depth or 1)
    if cut is not None:
        _drop_later(payload, cut)
        payload["orders"] = [payload["order"]]
    else:
        # without a shield in the file, the page offers every watch order the universe has:
        # each step of the payload becomes one step per order
        from mcugraph.explorer.watch import order_names

        others = [watch_order(universe, name) for name in order_names(universe) if name != "chronological"]
        others = [o for o in others if o.id != watch.id]
        payloads = [payload] + [
            build_payload(
                visible, graph, positions, _revealed(universe, o), cut=None, focus=focus_key, depth=depth or 1
            )
            for o in others
        ]
        orders = [p.pop("order") for p in payloads]
        payload = _per_order(payloads)
        payload["order"] = orders[0]
        payload["orders"] = orders
    return _render(visible, payload, shield=watch.steps[cut].label if cut is not None else None, order=watch.name)


#: universe -> order id -> its reveal steps: a shielded page per watched point (a fan
#: moving on, the leak check walking the whole order) asks the same universe again
_REVEALS: weakref.WeakKeyDictionary[Universe, dict[str, Any]] = weakref.WeakKeyDictionary()


def _revealed(universe: Universe, watch: Any) -> Any:
    from mcugraph.explorer.spoilers import reveal

    known = _REVEALS.setdefault(universe, {})
    found = known.get(watch.id)
    if found is None or found.order != watch:
        found = known[watch.id] = reveal(universe, watch)
    return found


def _per_order(payloads: list[Any]) -> Any:
    """One payload from the same payload built for several orders: equal values stay as
    they are, and a step that differs becomes the list of its steps, one per order."""
    first = payloads[0]
    if isinstance(first, dict):
        return {k: _per_order([p[k] for p in payloads]) for k in first}
    if isinstance(first, list):
        if any(len(p) != len(first) for p in payloads):
            raise ValueError("the payloads of two orders differ in shape")
        return [_per_order(list(items)) for items in zip(*payloads, strict=True)]
    if all(p == first for p in payloads):
        return first
    if all(p is None or (isinstance(p, int) and not isinstance(p, bool)) for p in payloads):
        return payloads
    raise ValueError(f"the payloads of two orders differ in a value that is not a step: {payloads[:2]!r}")


def _drop_later(payload: dict[str, Any], cut: int) -> None:
    """Belt and braces: nothing stepped after ``cut`` (or never) stays in a shielded file."""

    def ok(step: Any) -> bool:
        return step is not None and step <= cut

    for node in payload["nodes"]:
        node["names"] = [n for n in node["names"] if ok(n[2])]
    for item in payload["info"]:
        item["facts"] = [f for f in item["facts"] if ok(f[2])]
        sources = []
        for text, step, publisher, by_publisher in item["sources"]:
            if ok(step):
                sources.append([text, step, publisher, by_publisher])
            elif ok(by_publisher):  # the publisher alone: the title or address would tell too much
                sources.append([publisher, by_publisher, publisher, by_publisher])
        item["sources"] = sources
        if item["note"] is not None and not ok(item["note"][1]):
            item["note"] = None
    if not ok(payload["universe"]["description"][1]):
        payload["universe"]["description"] = ["", 0]
    payload["edges"] = [
        [a, b, rel, step, [d for d in detail if ok(d[1])]] for a, b, rel, step, detail in payload["edges"] if ok(step)
    ]


def _render(universe: Universe, payload: dict[str, Any], *, shield: str | None, order: str) -> str:
    css = _static("explorer.css")
    app = _static("explorer.js")
    vis = vis_network_js()
    csp = "; ".join(
        [
            "default-src 'none'",
            f"script-src {_sha256(vis)} {_sha256(app)}",
            f"style-src {_sha256(css)}",
            "img-src data:",
            "base-uri 'none'",
            "form-action 'none'",
        ]
    )
    template = _environment().get_template("explorer.html.j2")
    return str(
        template.render(
            name=universe.info.name,
            license=universe.info.license,
            version=universe.info.version or "",
            shield=shield,
            order=order,
            count=len(payload["nodes"]),
            csp=csp,
            css=Markup(css),
            vis_js=Markup(vis),
            app_js=Markup(app),
            data_json=Markup(_script_json(payload)),
        )
    )


def write_html(
    universe: Universe,
    path: str | os.PathLike[str],
    *,
    focus: str | None = None,
    depth: int | None = None,
    watched_through: str | None = None,
    order: str = "release",
) -> Path:
    """Write the explorer page to ``path`` atomically and return the path."""
    from mcugraph._io import atomic_write

    page = to_html(universe, focus=focus, depth=depth, watched_through=watched_through, order=order)
    target = Path(path)
    atomic_write(target, page)
    return target
