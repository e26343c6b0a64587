"""The event solver: ``when`` and ``part_of`` as difference constraints, solved by propagation.

Each event ``i`` has two unknowns, its start (node ``2i``) and its end (node ``2i+1``),
measured in days (proleptic ordinals). An edge ``u -> v`` of weight ``w`` says
``v >= u + w`` (strictly later when marked strict, as "after" and "before" are). Lower
bounds flow forward along the edges and upper bounds backward, from the dates written.

Events placed in a circle with an "after" or "before" in it cannot all hold; they are
reported and their placements dropped before solving, so propagation always ends. Where
bounds cross (an empty interval), the clash is reported once per pair of dates that
cause it, naming where each bound came from.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict, deque

from mcugraph.continuity.findings import Finding
from mcugraph.errors import Mark
from mcugraph.model.records import Event
from mcugraph.model.time import Gap, Interval, PartialDate, Relative
from mcugraph.model.universe import Universe

__all__ = ["INF", "NEG", "Solution", "solve_events", "gap_range", "contradiction"]

INF = 10**9
NEG = -INF


class Solution:
    """What the solver found: node bounds, edges, unplaced events, contradictions."""

    __slots__ = ("index", "lo", "hi", "out", "unplaced", "findings")

    def __init__(self, index: dict[str, int]) -> None:
        self.index = index
        self.lo: list[int] = []
        self.hi: list[int] = []
        self.out: list[list[tuple[int, int, bool]]] = []
        self.unplaced: set[str] = set()
        self.findings: list[Finding] = []


def gap_range(gap: Gap) -> tuple[int, int]:
    """The days a stated gap allows: N units is read as N-1 to N+1 units (screens round)."""
    unit = gap.days / gap.amount
    return math.floor(max(gap.amount - 1, 0) * unit), math.ceil((gap.amount + 1) * unit)


def _day(ordinal: int) -> str:
    return dt.date.fromordinal(ordinal).isoformat()


def contradiction(mark: Mark, subject: str, kind: str, message: str) -> Finding:
    """A ``time-contradiction`` finding."""
    from mcugraph.continuity.registry import RULES

    rule = RULES.get("time-contradiction")
    return Finding("time-contradiction", rule.severity if rule else "error", message, mark, subject, kind)


def _label(event: Event) -> str:
    return f"{event.name} ({event.id})"


def solve_events(universe: Universe) -> Solution:
    """Bounds for the start and end of every event, and the contradictions found."""
    events = list(universe.events.values())
    index = {e.id: i for i, e in enumerate(events)}
    sol = Solution(index)
    n = 2 * len(events)
    lo, hi = [NEG] * n, [INF] * n
    lo_from, hi_from = [-1] * n, [-1] * n
    out: list[list[tuple[int, int, bool]]] = [[] for _ in range(n)]

    # dependencies between events (for cycles): i -> j means i is placed relative to j
    deps: list[list[tuple[int, str]]] = [[] for _ in events]
    for i, ev in enumerate(events):
        if isinstance(ev.when, Relative) and ev.when.event in index:
            deps[i].append((index[ev.when.event], ev.when.relation))
        if ev.part_of is not None and ev.part_of in index:
            deps[i].append((index[ev.part_of], "part_of"))

    broken = _break_cycles(sol, events, deps)

    def edge(u: int, v: int, w: int, strict: bool = False) -> None:
        """v >= u + w (v > u + w when strict)."""
        out[u].append((v, w, strict))

    for i, ev in enumerate(events):
        s, e = 2 * i, 2 * i + 1
        edge(s, e, 0)
        when = ev.when
        if isinstance(when, PartialDate):
            lo[s], hi[e] = when.earliest.toordinal(), when.latest.toordinal()
            hi[s], lo[e] = hi[e], lo[s]
        elif isinstance(when, Interval):
            if when.start is not None:
                lo[s], hi[s] = when.start.earliest.toordinal(), when.start.latest.toordinal()
            if when.end is not None:
                lo[e], hi[e] = when.end.earliest.toordinal(), when.end.latest.toordinal()
        for k in (s, e):
            if lo[k] > NEG:
                lo_from[k] = i
            if hi[k] < INF:
                hi_from[k] = i
        if i in broken:
            continue
        if isinstance(when, Relative) and when.event in index:
            j = index[when.event]
            sj, ej = 2 * j, 2 * j + 1
            if when.relation == "during":
                edge(sj, s, 0)
                edge(e, ej, 0)
            else:
                gmin, gmax = gap_range(when.gap) if when.gap is not None else (0, None)
                if when.relation == "after":
                    edge(ej, s, gmin, True)
                    if gmax is not None:
                        edge(s, ej, -gmax)
                else:
                    edge(e, sj, gmin, True)
                    if gmax is not None:
                        edge(sj, e, -gmax)
        if ev.part_of is not None and ev.part_of in index:
            j = index[ev.part_of]
            edge(2 * j, s, 0)
            edge(e, 2 * j + 1, 0)

    inn: list[list[tuple[int, int]]] = [[] for _ in range(n)]
    for u in range(n):
        for v, w, _ in out[u]:
            inn[v].append((u, w))
    budget = 50 * (n + sum(len(x) for x in out)) + 1000
    # lower bounds flow forward along edges, upper bounds backward
    queue = deque(k for k in range(n) if lo[k] > NEG)
    queued = [lo[k] > NEG for k in range(n)]
    while queue and budget > 0:
        u = queue.popleft()
        queued[u] = False
        for v, w, _ in out[u]:
            budget -= 1
            if lo[u] + w > lo[v]:
                lo[v], lo_from[v] = lo[u] + w, lo_from[u]
                if not queued[v]:
                    queued[v] = True
                    queue.append(v)
    queue = deque(k for k in range(n) if hi[k] < INF)
    queued = [hi[k] < INF for k in range(n)]
    while queue and budget > 0:
        v = queue.popleft()
        queued[v] = False
        for u, w in inn[v]:
            budget -= 1
            if hi[v] - w < hi[u]:
                hi[u], hi_from[u] = hi[v] - w, hi_from[v]
                if not queued[u]:
                    queued[u] = True
                    queue.append(u)

    sol.lo, sol.hi, sol.out = lo, hi, out
    _report_empty(sol, events, lo, hi, lo_from, hi_from)
    return sol


def _break_cycles(sol: Solution, events: list[Event], deps: list[list[tuple[int, str]]]) -> set[int]:
    """Find events placed in a circle; report those with an after/before in the circle.

    Returns the events whose relative placement is dropped.
    """
    broken: set[int] = set()
    for component in _strong_components(len(events), deps):
        members = set(component)
        inside = [(i, j, rel) for i in component for j, rel in deps[i] if j in members]
        if len(component) == 1 and not inside:
            continue
        if all(rel in ("during", "part_of") for _, _, rel in inside):
            continue  # events placed within each other: the same stretch of time, no conflict
        broken |= members
        first = min(component, key=lambda i: events[i].mark)
        steps = _cycle_from(first, deps, members)
        words = {"after": "after", "before": "before", "during": "during", "part_of": "part of"}
        chain = ", ".join(f"{events[a].id} {words[rel]} {events[b].id}" for a, rel, b in steps)
        for i in component:
            sol.unplaced.add(events[i].id)
        ev = events[first]
        sol.findings.append(
            contradiction(
                ev.mark,
                ev.id,
                "event",
                f"{_label(ev)} is placed in a circle ({chain}): break the circle by dating one of them",
            )
        )
    return broken


def _cycle_from(start: int, deps: list[list[tuple[int, str]]], members: set[int]) -> list[tuple[int, str, int]]:
    """A path of dependencies from ``start`` back to itself, inside one component."""
    parent: dict[int, tuple[int, str]] = {}
    queue = deque([start])
    seen = {start}
    while queue:
        u = queue.popleft()
        for v, rel in deps[u]:
            if v not in members:
                continue
            if v == start:
                path = [(u, rel, start)]
                while u != start:
                    p, r = parent[u]
                    path.append((p, r, u))
                    u = p
                return list(reversed(path))
            if v not in seen:
                seen.add(v)
                parent[v] = (u, rel)
                queue.append(v)
    return []


def _strong_components(n: int, deps: list[list[tuple[int, str]]]) -> list[list[int]]:
    """Tarjan's algorithm without recursion."""
    index_of = [-1] * n
    low = [0] * n
    on_stack = [False] * n
    stack: list[int] = []
    out: list[list[int]] = []
    counter = 0
    for root in range(n):
        if index_of[root] != -1:
            continue
        work = [(root, 0)]
        while work:
            v, pos = work[-1]
            if pos == 0:
                index_of[v] = low[v] = counter
                counter += 1
                stack.append(v)
                on_stack[v] = True
            if pos < len(deps[v]):
                work[-1] = (v, pos + 1)
                w = deps[v][pos][0]
                if index_of[w] == -1:
                    work.append((w, 0))
                elif on_stack[w]:
                    low[v] = min(low[v], index_of[w])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[v])
            if low[v] == index_of[v]:
                component = []
                while True:
                    w = stack.pop()
                    on_stack[w] = False
                    component.append(w)
                    if w == v:
                        break
                out.append(component)
    return out


def _report_empty(
    sol: Solution, events: list[Event], lo: list[int], hi: list[int], lo_from: list[int], hi_from: list[int]
) -> None:
    """One finding per pair of clashing constraints; the events hit are left unplaced."""
    groups: dict[tuple[int, int], list[int]] = defaultdict(list)
    for i in range(len(events)):
        for k in (2 * i, 2 * i + 1):
            if lo[k] > hi[k]:
                groups[(lo_from[k], hi_from[k])].append(i)
                break
    for (a, b), hit in groups.items():
        for i in hit:
            sol.unplaced.add(events[i].id)

        # point at the event that carries the placement, not at the one that only has a date
        def placed(xs: list[int]) -> list[int]:
            return [x for x in xs if isinstance(events[x].when, Relative) or events[x].part_of]

        origins = [x for x in (a, b) if x >= 0]
        at = max(placed(hit) or placed(origins) or origins or hit, key=lambda x: events[x].mark)
        k = 2 * at if lo[2 * at] > hi[2 * at] else 2 * at + 1
        if lo[k] <= hi[k]:
            k = next(kk for i in hit for kk in (2 * i, 2 * i + 1) if lo[kk] > hi[kk])
        ev = events[at]

        def why(origin: int, at: int = at) -> str:
            return (
                "its own date" if origin == at else f"from {_label(events[origin])}" if origin >= 0 else "its placement"
            )

        sol.findings.append(
            contradiction(
                ev.mark,
                ev.id,
                "event",
                f"{_label(ev)} cannot be placed in time: it must be on or after {_day(lo[k])} ({why(a)})"
                f" but on or before {_day(hi[k])} ({why(b)})",
            )
        )
