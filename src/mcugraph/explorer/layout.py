"""Node positions for the explorer, computed in Python so the page draws at once.

The layout is a *galaxy*: every node is given a home, the top-level work (series, film
or special) it belongs to most, and each home is drawn as a disc: the work at the
centre, its seasons on a ring with their episodes in arcs beyond, then characters,
events and the rest on a sunflower spiral, the best connected nearest the centre, each
actor beside the character they play. The discs are then packed by a small force
simulation in which homes that share many edges attract. It is O(n) apart from the
packing of the homes, deterministic, and reads as one cluster per series or film with
the crossovers running between them. Force-directed layouts of the whole graph were
measured and rejected: pure-Python Fruchterman-Reingold needs about 20 s on 5,000 nodes
and collapses hubs into a hairball (see docs/performance.md).

Results are cached in memory and on disk (``$MCUGRAPH_CACHE_DIR``, else the user's cache
folder; ``MCUGRAPH_CACHE_DIR=off`` turns the disk cache off), keyed by a hash of the
graph, so the same data always lays out the same way and only once.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import math
from collections import Counter, defaultdict

import networkx as nx

from mcugraph._cache import cache_dir

__all__ = ["galaxy_layout", "layout", "graph_hash", "cache_dir", "SPACING", "LAYOUT_VERSION"]

#: distance between neighbouring nodes inside a home, in page pixels at zoom 1
SPACING = 70.0
#: bump when the algorithm changes so cached layouts are recomputed
LAYOUT_VERSION = "galaxy-1"
_GOLDEN = math.pi * (3 - math.sqrt(5))
_MISC = "~"
_MEMORY: dict[str, dict[str, tuple[float, float]]] = {}

Positions = dict[str, tuple[float, float]]


def graph_hash(graph: nx.MultiDiGraph) -> str:
    """A hash of what the layout depends on: nodes with kind and type, and edges."""
    h = hashlib.sha256(LAYOUT_VERSION.encode())
    for n in sorted(graph.nodes):
        d = graph.nodes[n]
        h.update(f"n\0{n}\0{d.get('kind')}\0{d.get('type')}\n".encode())
    for u, v, k in sorted(graph.edges(keys=True)):
        h.update(f"e\0{u}\0{v}\0{k}\n".encode())
    return h.hexdigest()


def layout(graph: nx.MultiDiGraph) -> Positions:
    """The galaxy layout of ``graph``, from the cache when the same graph was laid out before."""
    key = graph_hash(graph)
    if key in _MEMORY:
        return _MEMORY[key]
    folder = cache_dir()
    path = folder / "layouts" / f"{key}.json" if folder is not None else None
    if path is not None:
        with contextlib.suppress(OSError, ValueError, TypeError):
            stored = json.loads(path.read_text(encoding="utf-8"))
            positions = {n: (float(x), float(y)) for n, (x, y) in stored.items()}
            if set(positions) == set(graph.nodes):
                _remember(key, positions)
                return positions
    positions = galaxy_layout(graph)
    _remember(key, positions)
    if path is not None:
        from mcugraph._io import atomic_write
        from mcugraph.errors import OutputError

        # the cache only saves time: a folder that cannot be written is no error
        with contextlib.suppress(OSError, OutputError):
            atomic_write(path, json.dumps(positions, separators=(",", ":")))
    return positions


def _remember(key: str, positions: Positions) -> None:
    if len(_MEMORY) >= 8:
        _MEMORY.pop(next(iter(_MEMORY)))
    _MEMORY[key] = positions


# -- homes -------------------------------------------------------------------------


def _homes(graph: nx.MultiDiGraph) -> dict[str, str]:
    """Each node's home: the top-level work it belongs to most (``~`` for none)."""
    home: dict[str, str] = {}
    parent: dict[str, str] = {}
    for u, v, k in graph.edges(keys=True):
        if k == "part_of" and graph.nodes[u].get("kind") == "work" and graph.nodes[v].get("kind") == "work":
            parent.setdefault(u, v)
    for n, d in graph.nodes(data=True):
        if d.get("kind") == "work":
            top, seen = n, {n}
            while top in parent and parent[top] not in seen:
                top = parent[top]
                seen.add(top)
            home[n] = top

    def vote(n: str, relations: set[str] | None) -> str | None:
        tally: Counter[str] = Counter()
        for _, v, k in graph.out_edges(n, keys=True):
            if v in home and (relations is None or k in relations):
                tally[home[v]] += 1
        for u, _, k in graph.in_edges(n, keys=True):
            if u in home and (relations is None or k in relations):
                tally[home[u]] += 1
        if not tally:
            return None
        best = max(tally.values())
        return min(h for h, count in tally.items() if count == best)

    passes = (
        ("character", {"appears_in"}),
        ("event", {"depicted_in"}),
        ("event", {"referenced_in"}),
        ("person", {"portrayed_by"}),
    )
    nodes = sorted(graph.nodes)
    for kind, relations in passes:
        found = {}
        for n in nodes:
            if n not in home and graph.nodes[n].get("kind") == kind:
                h = vote(n, relations)
                if h is not None:
                    found[n] = h
        home.update(found)
    for _ in range(3):
        found = {}
        for n in nodes:
            if n not in home:
                h = vote(n, None)
                if h is not None:
                    found[n] = h
        if not found:
            break
        home.update(found)
    for n in nodes:
        home.setdefault(n, _MISC)
    return home


# -- one home ------------------------------------------------------------------------


def _disc(
    graph: nx.MultiDiGraph,
    centre: str,
    members: list[str],
    neighbours: dict[str, set[str]],
    degree: dict[str, int],
    s: float,
) -> dict[str, tuple[float, float]]:
    """Positions of one home's members around (0, 0)."""
    local: dict[str, tuple[float, float]] = {}
    if centre in graph:
        local[centre] = (0.0, 0.0)
    kind = {m: graph.nodes[m].get("kind") for m in members}
    wtype = {m: graph.nodes[m].get("type") for m in members}
    children: dict[str, list[str]] = defaultdict(list)
    for m in members:
        if kind[m] == "work" and m != centre:
            ups = [v for _, v, k in graph.out_edges(m, keys=True) if k == "part_of"]
            children[ups[0] if ups else centre].append(m)
    rings = sorted(children.get(centre, []), key=lambda m: (graph.nodes[m].get("label", ""), m))
    rings = [m for m in rings if wtype[m] != "episode"] or rings
    placed_rings = set(rings)
    outer = 0.0
    if rings:
        most = max((len(children.get(r, [])) for r in rings), default=0)
        sector = 2 * math.pi / len(rings) * 0.8
        r0 = max(s * 1.3, (most * s / 2) / sector - s, len(rings) * s / math.pi)
        for i, ring in enumerate(rings):
            angle = 2 * math.pi * i / len(rings) - math.pi / 2
            local[ring] = (r0 * math.cos(angle), r0 * math.sin(angle))
            kids = sorted(children.get(ring, []), key=lambda m: m)
            for j, kid in enumerate(kids):
                b = angle + sector * ((j + 0.5) / len(kids) - 0.5) if len(kids) > 1 else angle
                r = r0 + s * (1.0 if j % 2 == 0 or len(kids) < 6 else 1.6)
                local[kid] = (r * math.cos(b), r * math.sin(b))
                placed_rings.add(kid)
                outer = max(outer, r)
        outer = max(outer, r0)
    rest = [m for m in members if m not in local and m not in placed_rings]
    satellites = {m for m in rest if kind[m] == "person" and degree[m] == 1 and next(iter(neighbours[m])) in members}
    spiral = sorted((m for m in rest if m not in satellites), key=lambda m: (-degree[m], m))
    start = int((outer / s + 1.0) ** 2) if outer else (1 if centre in graph else 0)
    extra: list[str] = []
    for t, m in enumerate(spiral):
        i = t + start
        r, a = s * math.sqrt(i + 0.5), i * _GOLDEN
        local[m] = (r * math.cos(a), r * math.sin(a))
    for m in sorted(satellites):
        anchor = next(iter(neighbours[m]))
        if anchor not in local:
            extra.append(m)
            continue
        x, y = local[anchor]
        d = math.hypot(x, y) or 1.0
        local[m] = (x + (x * 0.45 - y * 0.12) / d * s, y + (y * 0.45 + x * 0.12) / d * s)
    for t, m in enumerate(extra):
        i = t + start + len(spiral)
        r, a = s * math.sqrt(i + 0.5), i * _GOLDEN
        local[m] = (r * math.cos(a), r * math.sin(a))
    return local


# -- the galaxy ----------------------------------------------------------------------


def galaxy_layout(graph: nx.MultiDiGraph, *, spacing: float = SPACING) -> Positions:
    """Compute the galaxy layout of ``graph`` (no cache); see the module docstring."""
    if graph.number_of_nodes() == 0:
        return {}
    s = spacing
    neighbours: dict[str, set[str]] = {n: set() for n in graph.nodes}
    for u, v in graph.edges():
        if u != v:
            neighbours[u].add(v)
            neighbours[v].add(u)
    degree = {n: len(vs) for n, vs in neighbours.items()}
    home = _homes(graph)
    groups: dict[str, list[str]] = defaultdict(list)
    for n in sorted(graph.nodes):
        groups[home[n]].append(n)
    discs = {h: _disc(graph, h, members, neighbours, degree, s) for h, members in groups.items()}
    radius = {h: max((math.hypot(x, y) for x, y in d.values()), default=0.0) + s for h, d in discs.items()}

    names = sorted(groups, key=lambda h: (-len(groups[h]), h))
    index = {h: i for i, h in enumerate(names)}
    weight: Counter[tuple[int, int]] = Counter()
    for u, v in graph.edges():
        a, b = index[home[u]], index[home[v]]
        if a != b:
            weight[(min(a, b), max(a, b))] += 1
    centres = _pack([radius[h] for h in names], weight, s)
    out: Positions = {}
    for h, local in discs.items():
        cx, cy = centres[index[h]]
        for n, (x, y) in local.items():
            out[n] = (round(cx + x, 1), round(cy + y, 1))
    return out


def _pack(radius: list[float], weight: Counter[tuple[int, int]], gap: float) -> list[tuple[float, float]]:
    """Place discs of the given radii: linked discs attract, none overlap."""
    n = len(radius)
    if n == 1:
        return [(0.0, 0.0)]
    # start on a sunflower, biggest first, in the order a walk over the links meets them
    links: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for (a, b), count in weight.items():
        links[a].append((count, b))
        links[b].append((count, a))
    order: list[int] = []
    seen: set[int] = set()
    for root in range(n):
        if root in seen:
            continue
        frontier = [root]
        seen.add(root)
        while frontier:
            node = frontier.pop(0)
            order.append(node)
            for _, nxt in sorted(links[node], key=lambda t: (-t[0], t[1])):
                if nxt not in seen:
                    seen.add(nxt)
                    frontier.append(nxt)
    unit = sum(radius) / n * 1.9
    xs = [0.0] * n
    ys = [0.0] * n
    for i, g in enumerate(order):
        r, turn = unit * math.sqrt(i + 0.5), i * _GOLDEN
        xs[g], ys[g] = r * math.cos(turn), r * math.sin(turn)
    links_of = Counter[int]()
    for a, b in weight:
        links_of[a] += 1
        links_of[b] += 1
    pairs = [
        (a, b, 0.1 * math.log1p(w) / math.sqrt(max(links_of[a], links_of[b]))) for (a, b), w in sorted(weight.items())
    ]
    step0 = unit
    rounds = 120 if n <= 400 else 60
    biggest = max(radius)
    for it in range(rounds):
        fx = [0.0] * n
        fy = [0.0] * n
        for a, b, k in pairs:
            dx, dy = xs[b] - xs[a], ys[b] - ys[a]
            d = math.hypot(dx, dy) or 1e-6
            f = k * (d - radius[a] - radius[b] - gap) / d
            fx[a] += dx * f
            fy[a] += dy * f
            fx[b] -= dx * f
            fy[b] -= dy * f
        for i in range(n):
            fx[i] -= 0.02 * xs[i]
            fy[i] -= 0.02 * ys[i]
        # collisions: sweep along x, so only discs that can touch are compared
        by_x = sorted(range(n), key=xs.__getitem__)
        for p, a in enumerate(by_x):
            xa, ya, ra = xs[a], ys[a], radius[a]
            reach = xa + ra + biggest + gap
            for b in by_x[p + 1 :]:
                xb = xs[b]
                if xb > reach:
                    break
                dx, dy = xb - xa, ys[b] - ya
                need = ra + radius[b] + gap
                d2 = dx * dx + dy * dy
                if d2 < need * need:
                    d = math.sqrt(d2)
                    if d == 0.0:
                        dx, dy, d = 1.0, 0.0, 1.0
                    push = (need - d) / d * 0.5
                    fx[a] -= dx * push
                    fy[a] -= dy * push
                    fx[b] += dx * push
                    fy[b] += dy * push
        # cap each move, cooling down, so a disc with many links cannot overshoot
        cap = step0 * max(1.0 - it / rounds, 0.1)
        for i in range(n):
            f = math.hypot(fx[i], fy[i])
            scale = 1.0 if f <= cap else cap / f
            xs[i] += fx[i] * scale
            ys[i] += fy[i] * scale
    # a last pass that only removes overlaps, so no two discs end up on top of each other
    for _ in range(30):
        moved = False
        by_x = sorted(range(n), key=xs.__getitem__)
        for p, a in enumerate(by_x):
            for b in by_x[p + 1 :]:
                if xs[b] > xs[a] + radius[a] + biggest + gap:
                    break
                dx, dy = xs[b] - xs[a], ys[b] - ys[a]
                need = radius[a] + radius[b] + gap * 0.5
                d = math.hypot(dx, dy)
                if d < need:
                    if d == 0.0:
                        dx, dy, d = 1.0, 0.0, 1.0
                    push = (need - d) / d * 0.5
                    xs[a] -= dx * push
                    ys[a] -= dy * push
                    xs[b] += dx * push
                    ys[b] += dy * push
                    moved = True
        if not moved:
            break
    return list(zip(xs, ys, strict=True))
