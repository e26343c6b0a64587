"""The story-time solver: every event and every work as an interval of unknown days.

Each placed thing ``i`` (an event or a work) has two unknowns, its start (node ``2i``) and
its end (node ``2i+1``), measured in days (proleptic ordinals). An edge ``u -> v`` of
weight ``w`` says ``v >= u + w``; a *strict* edge says ``v`` is surely later, which days
cannot show but the order of the story can. The edges come from the evidence:

* what the data writes: a date, an interval, ``after``/``before``/``during`` an event or
  a work (with a gap), ``part_of`` a larger event;
* what the shape of the universe implies: an episode lies within its season and a season
  within its series; the episodes of a season follow their numbers, and so do the seasons
  of a series (unless marked ``in_sequence: false``); an event lies within the works that
  depict it in their present, and ends before the works that show it as a flashback.

Lower bounds flow forward along the edges and upper bounds backward, from the dates
written. Placements that cannot all hold are returned as :class:`Contradiction` values
naming every record involved; the rules turn them into findings. A circle of "later
than" (A after B after A, or an episode placed before an earlier-numbered one) is found
before propagation, its written placements are dropped, and the things involved are left
unplaced, so propagation always ends.
"""

from __future__ import annotations

import math
from array import array
from collections import defaultdict, deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from itertools import accumulate

from mcugraph.continuity.words import INF, NEG, day_text, safe_date, value_words
from mcugraph.errors import Mark
from mcugraph.model.records import Event, Work
from mcugraph.model.time import Gap, Interval, PartialDate, Relative, TimeValue, bounds_of
from mcugraph.model.universe import Universe

__all__ = ["INF", "NEG", "Contradiction", "Solution", "solve", "gap_range", "day_text", "safe_date", "story_key"]


@dataclass(frozen=True, slots=True)
class Contradiction:
    """Placements that cannot all hold: where to fix it, what is at fault, and why."""

    mark: Mark
    subject: str
    kind: str
    message: str
    #: the other records involved, as ``kind:id``
    others: tuple[str, ...] = ()


def gap_range(gap: Gap) -> tuple[int, int]:
    """The days a stated gap allows: N units is read as N-1 to N+1 units (screens round)."""
    unit = gap.days / gap.amount
    return math.floor(max(gap.amount - 1, 0) * unit), math.ceil((gap.amount + 1) * unit)


class _Edge:
    """``v >= u + w``; ``owner`` is the item whose record states it; ``words`` with ``other``
    make the message ("is after {}"); ``written``: in the data, not implied by its shape.
    One edge of :class:`_Edges`, as the messages about circles read it."""

    __slots__ = ("u", "v", "w", "strict", "owner", "template", "other", "written")

    def __init__(
        self, u: int, v: int, w: int, strict: bool, owner: int, template: str, other: int, written: bool
    ) -> None:
        self.u, self.v, self.w, self.strict = u, v, w, strict
        self.owner, self.template, self.other, self.written = owner, template, other, written


class _Edges:
    """Every edge, column by column: edge ``k`` is ``v[k] >= u[k] + w[k]``.

    Columns of machine integers rather than an object per edge: at 100,000 entities the
    solver walks 180,000 edges in an order that jumps about the graph, and objects spread
    over tens of megabytes miss the processor's caches on almost every step, where these
    columns (about 1.5 MB each) stay in them (the solver grew 20x for 10x the data).
    """

    __slots__ = ("u", "v", "w", "strict", "owner", "template", "other", "written")

    def __init__(self) -> None:
        self.u, self.v, self.w = array("q"), array("q"), array("q")
        self.strict: list[bool] = []
        self.owner, self.other = array("q"), array("q")
        self.template: list[str] = []
        self.written: list[bool] = []

    def __len__(self) -> int:
        return len(self.u)

    def at(self, k: int) -> _Edge:
        return _Edge(
            self.u[k],
            self.v[k],
            self.w[k],
            self.strict[k],
            self.owner[k],
            self.template[k],
            self.other[k],
            self.written[k],
        )


def _grouped(n: int, keys: Sequence[int]) -> tuple[array, list[int]]:
    """Entries grouped by their ``keys`` (node numbers below ``n``), keeping their order within
    a group: ``(start, order)``, node ``x``'s entries being ``order[start[x]:start[x + 1]]``."""
    order = sorted(range(len(keys)), key=keys.__getitem__)  # stable
    counts = [0] * (n + 1)
    for key in keys:
        counts[key + 1] += 1
    return array("q", accumulate(counts)), order


class Adjacency:
    """The edges out of each solver node, for :meth:`Timeline._reachable`: ``adjacency[u]`` gives
    ``(v, w, strict)`` for each edge ``v >= u + w``, in the order the edges were made."""

    __slots__ = ("start", "heads", "weights", "strict")

    def __init__(self, start: array, heads: array, weights: array, strict: list[bool]) -> None:
        self.start, self.heads, self.weights, self.strict = start, heads, weights, strict

    def __getitem__(self, node: int) -> Iterator[tuple[int, int, bool]]:
        a, z = self.start[node], self.start[node + 1]
        return zip(self.heads[a:z], self.weights[a:z], self.strict[a:z], strict=True)


class Solution:
    """What the solver found: node bounds, edges, unplaced things, contradictions.

    ``index`` maps event ids, ``work_index`` work ids, to item numbers; item ``i`` has
    nodes ``2i`` (start) and ``2i+1`` (end).
    """

    __slots__ = ("index", "work_index", "items", "lo", "hi", "out", "unplaced", "unplaced_works", "contradictions")

    def __init__(self) -> None:
        self.index: dict[str, int] = {}
        self.work_index: dict[str, int] = {}
        self.items: list[tuple[str, str]] = []
        self.lo: Sequence[int] = array("q")
        self.hi: Sequence[int] = array("q")
        self.out = Adjacency(array("q", [0]), array("q"), array("q"), [])
        self.unplaced: set[str] = set()
        self.unplaced_works: set[str] = set()
        self.contradictions: list[Contradiction] = []


class _Builder:
    def __init__(self, universe: Universe) -> None:
        self.u = universe
        self.sol = Solution()
        self.records: list[Event | Work] = []
        for ev in universe.events.values():
            self.sol.index[ev.id] = len(self.records)
            self.sol.items.append(("event", ev.id))
            self.records.append(ev)
        for work in universe.works.values():
            self.sol.work_index[work.id] = len(self.records)
            self.sol.items.append(("work", work.id))
            self.records.append(work)
        n = 2 * len(self.records)
        self.lo, self.hi = array("q", [NEG]) * n, array("q", [INF]) * n
        self.lo_from, self.hi_from = array("q", [-1]) * n, array("q", [-1]) * n
        self.edges = _Edges()
        self.topo: list[int] = []
        self.comp: list[int] = []
        self.circled = False

    # -- names -----------------------------------------------------------------

    def label(self, i: int) -> str:
        kind, ident = self.sol.items[i]
        return f"{self.u.label(kind, ident)} ({ident})"

    def where(self, i: int) -> str:
        mark = self.records[i].mark
        return f"{mark.path}:{mark.line}" if mark.line else ""

    # -- edges -----------------------------------------------------------------

    def edge(self, u: int, v: int, w: int, strict: bool, owner: int, words: str, other: int, written: bool) -> None:
        """v >= u + w (v surely later when strict); ``words`` names ``other`` where it has {}."""
        edges = self.edges
        edges.u.append(u)
        edges.v.append(v)
        edges.w.append(w)
        edges.strict.append(strict)
        edges.owner.append(owner)
        edges.template.append(words)
        edges.other.append(other)
        edges.written.append(written)

    def words(self, ed: _Edge) -> str:
        return ed.template.format(self.label(ed.other)) if ed.other >= 0 else ed.template

    def target(self, value: Relative) -> int | None:
        kind, ident = self.u.anchor(value)
        return (self.sol.index if kind == "event" else self.sol.work_index).get(ident)

    def date(self, node: int, lo: int, hi: int, i: int) -> None:
        if lo > self.lo[node]:
            self.lo[node], self.lo_from[node] = lo, i
        if hi < self.hi[node]:
            self.hi[node], self.hi_from[node] = hi, i

    def placement(self, i: int, value: TimeValue | None) -> None:
        s, e = 2 * i, 2 * i + 1
        for part in bounds_of(value):
            if isinstance(part, PartialDate):
                a, b = part.earliest.toordinal(), part.latest.toordinal()
                self.date(s, a, b, i)
                self.date(e, a, b, i)
            elif isinstance(part, Interval):
                if part.start is not None:
                    self.date(s, part.start.earliest.toordinal(), part.start.latest.toordinal(), i)
                    self.date(e, part.start.earliest.toordinal(), INF, i)
                if part.end is not None:
                    self.date(e, part.end.earliest.toordinal(), part.end.latest.toordinal(), i)
                    self.date(s, NEG, part.end.latest.toordinal(), i)
            else:
                j = self.target(part)
                if j is None or j == i:
                    continue
                sj, ej = 2 * j, 2 * j + 1
                if part.relation == "during":
                    self.edge(sj, s, 0, False, i, "is during {}", j, True)
                    self.edge(e, ej, 0, False, i, "is during {}", j, True)
                    continue
                gmin, gmax = gap_range(part.gap) if part.gap is not None else (0, None)
                gap = f"{part.gap} " if part.gap is not None else ""
                after, before = f"is {gap}after {{}}", f"is {gap}before {{}}"
                # a work placed with a gap sits wholly about that far away, like a date; an
                # event only starts (or ends) there
                whole = isinstance(self.records[i], Work)
                if part.relation == "after":
                    self.edge(ej, s, gmin, True, i, after, j, True)
                    if gmax is not None:
                        self.edge(s, ej, -gmax, False, i, after, j, True)
                        if whole:
                            self.edge(e, ej, -gmax, False, i, after, j, True)
                else:
                    self.edge(e, sj, gmin, True, i, before, j, True)
                    if gmax is not None:
                        self.edge(sj, e, -gmax, False, i, before, j, True)
                        if whole:
                            self.edge(sj, s, -gmax, False, i, before, j, True)

    def within(self, i: int, j: int, words: str, written: bool) -> None:
        self.edge(2 * j, 2 * i, 0, False, i, words, j, written)
        self.edge(2 * i + 1, 2 * j + 1, 0, False, i, words, j, written)

    def build(self) -> None:
        u, sol = self.u, self.sol
        for i, rec in enumerate(self.records):
            self.edge(2 * i, 2 * i + 1, 0, False, i, "starts before it ends", -1, False)
            if isinstance(rec, Event):
                self.placement(i, rec.when)
                if rec.part_of is not None and rec.part_of in sol.index:
                    self.within(i, sol.index[rec.part_of], "is part of {}", True)
            else:
                self.placement(i, rec.setting)
                parent = rec.season if rec.kind == "episode" else rec.series if rec.kind == "season" else None
                if parent is not None and parent in sol.work_index:
                    j = sol.work_index[parent]
                    self.within(i, j, "lies within {}", False)
        # story order: episodes by number within a season, seasons by number within a series
        for kids in u.children.values():
            chain = [k for k in kids if k.in_sequence and k.number is not None]
            for a, b in zip(chain, chain[1:], strict=False):
                ia, ib = sol.work_index[a.id], sol.work_index[b.id]
                self.edge(2 * ia + 1, 2 * ib, 0, True, ib, "follows {} (story order by number)", ia, False)
        for ev in u.events.values():
            i = sol.index[ev.id]
            shown = [w for w in dict.fromkeys(ev.depicted_in) if w in sol.work_index]
            if shown:
                self._depicted(i, shown)
            for w in dict.fromkeys(ev.flashback_in):
                if w in sol.work_index:
                    j = sol.work_index[w]
                    self.edge(2 * i + 1, 2 * j + 1, 0, False, i, "is remembered in {}", j, True)

    def _depicted(self, i: int, shown: list[str]) -> None:
        """An event lies within the works that show it in their present: from the first to
        the last where they follow one story order, else it overlaps each of them."""
        u, index = self.u, self.sol.work_index
        if len(shown) == 1:
            j = index[shown[0]]
            self.edge(2 * j, 2 * i, 0, False, i, "is shown in {}", j, True)
            self.edge(2 * i + 1, 2 * j + 1, 0, False, i, "is shown in {}", j, True)
            return
        keys = [story_key(u, w) for w in shown]
        if all(k is not None for k in keys) and len({k[0] for k in keys if k}) == 1:
            first = min(zip(keys, shown, strict=True), key=lambda p: p[0][1])  # type: ignore[index]
            last = max(zip(keys, shown, strict=True), key=lambda p: p[0][2])  # type: ignore[index]
            jf, jl = index[first[1]], index[last[1]]
            self.edge(2 * jf, 2 * i, 0, False, i, "is shown in {}", jf, True)
            self.edge(2 * i + 1, 2 * jl + 1, 0, False, i, "is shown in {}", jl, True)
            return
        for w in shown:
            j = index[w]
            self.edge(2 * i, 2 * j + 1, 0, False, i, "is shown in {}", j, True)
            self.edge(2 * j, 2 * i + 1, 0, False, i, "is shown in {}", j, True)

    # -- circles -----------------------------------------------------------------

    def break_circles(self) -> array | None:
        """Report each circle of 'later than' and drop the placements written in it; return the
        numbers of the edges kept (None: all of them).

        A topological sort (Kahn's) of the edges that do not go back in time settles almost
        every node in linear time; only what it cannot order sits on or after a circle, and
        only that part is searched for circles (Tarjan)."""
        n = len(self.lo)
        edges = self.edges
        eu, ev, ew = edges.u, edges.v, edges.w
        forward = [k for k, w in enumerate(ew) if w >= 0]
        start, by_tail = _grouped(n, [eu[k] for k in forward])
        succ = array("q", [forward[k] for k in by_tail])
        heads = array("q", [ev[k] for k in succ])
        indegree = array("q", bytes(8 * n))
        for v in heads:
            indegree[v] += 1
        order = [x for x in range(n) if indegree[x] == 0]
        for x in order:  # the list grows as the sort goes
            for v in heads[start[x] : start[x + 1]]:
                indegree[v] -= 1
                if indegree[v] == 0:
                    order.append(v)
        rest = [x for x in range(n) if indegree[x] > 0]

        def out_of(x: int) -> array:
            return succ[start[x] : start[x + 1]]

        comp = [-1] * n  # -1: ordered by the sort, on no circle
        if rest:
            index = {x: i for i, x in enumerate(rest)}
            local = _components(len(rest), [[index[ev[k]] for k in out_of(x) if ev[k] in index] for x in rest])
            for x in rest:
                comp[x] = local[index[x]]
            rest.sort(key=lambda x: comp[x], reverse=True)  # Tarjan numbers in reverse topological order
        # propagating in this order settles most bounds in one sweep
        self.topo = order + rest
        self.comp = comp
        self.circled = bool(rest)
        bad: dict[int, list[int]] = defaultdict(list)
        inner: dict[int, list[int]] = defaultdict(list)
        for x in rest:
            for k in out_of(x):
                if comp[ev[k]] == comp[x]:
                    inner[comp[x]].append(k)
                    if edges.strict[k] or ew[k] > 0:
                        bad[comp[x]].append(k)
        dropped: set[int] = set()
        for c, strict_edges in bad.items():
            inside = inner[c]
            cycle = self._cycle(strict_edges[0], set(inside), out_of)
            owners = {edges.owner[k] for k in inside if edges.written[k]}
            for k in inside:
                if edges.written[k] or edges.strict[k]:
                    dropped.add(k)
            for i in owners or {edges.owner[k] for k in cycle}:
                kind, ident = self.sol.items[i]
                (self.sol.unplaced if kind == "event" else self.sol.unplaced_works).add(ident)
            self._report_circle(cycle)
        if not dropped:
            return None
        return array("q", [k for k in range(len(edges)) if k not in dropped])

    def _cycle(self, start: int, inside: set[int], out_of: Callable[[int], array]) -> list[int]:
        """Edges of a path from the head of edge ``start`` back to its tail, within the circle."""
        eu, ev = self.edges.u, self.edges.v
        head, tail = ev[start], eu[start]
        parent: dict[int, int] = {}
        queue = deque([head])
        seen = {head}
        while queue:
            x = queue.popleft()
            if x == tail:
                break
            for k in out_of(x):
                if k in inside and ev[k] not in seen:
                    seen.add(ev[k])
                    parent[ev[k]] = k
                    queue.append(ev[k])
        path = [start]
        x = tail
        while x != head and x in parent:
            k = parent[x]
            path.append(k)
            x = eu[k]
        return list(reversed(path[1:])) + [start]

    def _report_circle(self, cycle: list[int]) -> None:
        edge = {k: self.edges.at(k) for k in cycle}
        written = [edge[k].owner for k in cycle if edge[k].written]
        at = min(written or [edge[k].owner for k in cycle], key=lambda i: self.records[i].mark)
        # tell the circle from the record reported, backwards along "is after": a after c, c after b…
        ordered = list(reversed(cycle))
        first = next((n for n, k in enumerate(ordered) if edge[k].owner == at), 0)
        steps: list[str] = []
        for k in ordered[first:] + ordered[:first]:
            ed = edge[k]
            if ed.u // 2 == ed.v // 2:
                continue
            step = f"{self.label(ed.owner)} {self.words(ed)}"
            if step not in steps:
                steps.append(step)
        others = sorted({edge[k].owner for k in cycle if edge[k].owner != at})
        also = "; ".join(f"{self.label(i)} at {self.where(i)}" for i in others if self.where(i))
        kind, ident = self.sol.items[at]
        hints = []
        if any(edge[k].template.startswith("is shown in") for k in cycle):
            hints.append("list a work that shows an event only as a memory in the event's flashback_in")
        if any(not edge[k].written and edge[k].strict for k in cycle):
            hints.append("mark an episode or season set out of order with in_sequence: false")
        hints.append("fix the placement that is wrong")
        hint = "; or ".join(hints) if len(hints) > 1 else "break the circle by dating or re-placing one of them"
        message = f"{self.label(at)} is placed in a circle: {'; '.join(steps)}. {hint[0].upper()}{hint[1:]}"
        if also:
            message += f" (see also {also})"
        involved = tuple(f"{self.sol.items[i][0]}:{self.sol.items[i][1]}" for i in others)
        self.sol.contradictions.append(Contradiction(self.records[at].mark, ident, kind, message, involved))

    # -- propagation -------------------------------------------------------------

    def propagate(self, kept: array | None) -> None:
        """Bounds along the edges kept (the numbers :meth:`break_circles` gave; None: every edge)."""
        n = len(self.lo)
        lo, hi, lo_from, hi_from = self.lo, self.hi, self.lo_from, self.hi_from
        edges = self.edges
        us: Sequence[int]
        vs: Sequence[int]
        ws: Sequence[int]
        flags: Sequence[bool]
        if kept is None:
            us, vs, ws, flags = edges.u, edges.v, edges.w, edges.strict
        else:
            us, vs, ws = (array("q", [column[k] for k in kept]) for column in (edges.u, edges.v, edges.w))
            flags = [edges.strict[k] for k in kept]
        # machine integers: the sweeps below jump about these, and they stay in the caches
        out_start, order = _grouped(n, us)
        heads_a, out_wa = array("q", [vs[k] for k in order]), array("q", [ws[k] for k in order])
        out_strict = [flags[k] for k in order]
        in_start, order = _grouped(n, vs)
        tails_a, in_wa = array("q", [us[k] for k in order]), array("q", [ws[k] for k in order])
        topo = self.topo or list(range(n))
        for x in topo:  # one sweep forward, then the queue catches what it could not settle
            if lo[x] > NEG:
                a, z = out_start[x], out_start[x + 1]
                for v, w in zip(heads_a[a:z], out_wa[a:z], strict=True):
                    if lo[x] + w > lo[v]:
                        lo[v], lo_from[v] = lo[x] + w, lo_from[x]
        for v in reversed(topo):
            if hi[v] < INF:
                a, z = in_start[v], in_start[v + 1]
                for x, w in zip(tails_a[a:z], in_wa[a:z], strict=True):
                    if hi[v] - w < hi[x]:
                        hi[x], hi_from[x] = hi[v] - w, hi_from[v]
        # what one sweep may leave unsettled: edges that go back against the order (gaps' upper
        # limits, and edges inside a group of things placed within each other)
        comp = self.comp
        if self.circled:
            back = [k for k in range(len(us)) if ws[k] < 0 or (comp[us[k]] >= 0 and comp[us[k]] == comp[vs[k]])]
        else:
            back = [k for k, w in enumerate(ws) if w < 0]
        budget = 50 * (n + len(us)) + 1000
        queued = [False] * n
        for k in back:
            queued[us[k]] = lo[us[k]] > NEG
        queue = deque(k for k in range(n) if queued[k])
        while queue and budget > 0:
            x = queue.popleft()
            queued[x] = False
            a, z = out_start[x], out_start[x + 1]
            for v, w in zip(heads_a[a:z], out_wa[a:z], strict=True):
                budget -= 1
                if lo[x] + w > lo[v]:
                    lo[v], lo_from[v] = lo[x] + w, lo_from[x]
                    if not queued[v]:
                        queued[v] = True
                        queue.append(v)
        queued = [False] * n
        for k in back:
            queued[vs[k]] = hi[vs[k]] < INF
        queue = deque(k for k in range(n) if queued[k])
        while queue and budget > 0:
            v = queue.popleft()
            queued[v] = False
            a, z = in_start[v], in_start[v + 1]
            for x, w in zip(tails_a[a:z], in_wa[a:z], strict=True):
                budget -= 1
                if hi[v] - w < hi[x]:
                    hi[x], hi_from[x] = hi[v] - w, hi_from[v]
                    if not queued[x]:
                        queued[x] = True
                        queue.append(x)
        self.sol.lo, self.sol.hi = lo, hi
        self.sol.out = Adjacency(out_start, heads_a, out_wa, out_strict)

    def report_empty(self) -> None:
        """One contradiction per pair of clashing dates; the things hit are left unplaced."""
        lo, hi = self.lo, self.hi
        groups: dict[tuple[int, int], list[int]] = defaultdict(list)
        for i in range(len(self.records)):
            for k in (2 * i, 2 * i + 1):
                if lo[k] > hi[k]:
                    groups[(self.lo_from[k], self.hi_from[k])].append(i)
                    break
        for (a, b), hit in groups.items():
            for i in hit:
                kind, ident = self.sol.items[i]
                (self.sol.unplaced if kind == "event" else self.sol.unplaced_works).add(ident)
            # point at a record that carries a placement, not at one that only has a date
            placed = [x for x in hit if self._relative(x)]
            origins = [x for x in (a, b) if x >= 0]
            at = max(placed or [x for x in origins if self._relative(x)] or origins or hit, key=self._mark_of)
            k = next(kk for i in ([at] if at in hit else hit) for kk in (2 * i, 2 * i + 1) if lo[kk] > hi[kk])

            def why(origin: int, at: int = at) -> str:
                if origin == at:
                    return "its own date"
                if origin < 0:
                    return "its placement"
                where = self.where(origin)
                return f"from {self.label(origin)}" + (f" at {where}" if where else "")

            kind, ident = self.sol.items[at]
            other = b if a == at else a if b == at else -1
            if kind == "work" and other >= 0 and self.sol.items[other][0] == "work":
                outer = self.sol.items[other][1]
                if self.u.covers(outer, ident):
                    own, theirs = self.records[at], self.records[other]
                    assert isinstance(own, Work) and isinstance(theirs, Work)
                    self.sol.contradictions.append(
                        Contradiction(
                            own.mark,
                            ident,
                            kind,
                            f"{self.label(at)} is set {value_words(self.u, own.setting)}, outside {self.label(other)},"
                            f" set {value_words(self.u, theirs.setting)}",
                            (f"work:{outer}",),
                        )
                    )
                    continue
            self.sol.contradictions.append(
                Contradiction(
                    self.records[at].mark,
                    ident,
                    kind,
                    f"{self.label(at)} cannot be placed in time: it must be on or after {day_text(lo[k])} ({why(a)})"
                    f" but on or before {day_text(hi[k])} ({why(b)})",
                    tuple(f"{self.sol.items[x][0]}:{self.sol.items[x][1]}" for x in sorted({a, b} - {at, -1})),
                )
            )

    def _relative(self, i: int) -> bool:
        rec = self.records[i]
        value = rec.when if isinstance(rec, Event) else rec.setting
        return any(isinstance(p, Relative) for p in bounds_of(value)) or (isinstance(rec, Event) and bool(rec.part_of))

    def _mark_of(self, i: int) -> Mark:
        return self.records[i].mark


def story_key(u: Universe, work_id: str) -> tuple[str, tuple[int, int], tuple[int, int]] | None:
    """(series, first position, last position) of a work in its series' story order; None for
    a work outside any series, or placed out of sequence."""
    work = u.works[work_id]
    if not work.in_sequence:
        return None
    if work.kind == "episode" and work.season in u.works:
        season = u.works[work.season]
        if not season.in_sequence or season.series is None or season.number is None or work.number is None:
            return None
        return season.series, (season.number, work.number), (season.number, work.number)
    if work.kind == "season" and work.series is not None and work.number is not None:
        return work.series, (work.number, 0), (work.number, 10**6)
    return None


def _components(n: int, adj: list[list[int]]) -> list[int]:
    """Strongly connected components (Tarjan, without recursion): node -> component number."""
    index_of = [-1] * n
    low = [0] * n
    on_stack = [False] * n
    comp = [-1] * n
    stack: list[int] = []
    counter = count = 0
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
            if pos < len(adj[v]):
                work[-1] = (v, pos + 1)
                w = adj[v][pos]
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
                while True:
                    w = stack.pop()
                    on_stack[w] = False
                    comp[w] = count
                    if w == v:
                        break
                count += 1
    return comp


def solve(universe: Universe) -> Solution:
    """Bounds for the start and end of every event and work, and the contradictions found."""
    builder = _Builder(universe)
    builder.build()
    kept = builder.break_circles()
    builder.propagate(kept)
    builder.report_empty()
    return builder.sol
