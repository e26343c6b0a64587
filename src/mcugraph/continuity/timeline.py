"""Timeline resolution: bounds for every event, work setting, appearance and relationship.

Each event is an interval with an unknown start and end. Its ``when`` (a partial date,
an interval, or a placement after, before or during another event) and its ``part_of``
become difference constraints between those unknowns, solved by propagation into the
earliest and latest day each can be. Placements that cannot all hold (A after B after
A; a date that contradicts a placement) become ``time-contradiction`` findings and the
events involved are left unplaced, so no rule reasons from them.

Everything else (work settings, births, deaths, relationship spans, stated ages) is
placed from the solved events in one pass, as a :class:`Point` that keeps, besides its
numeric bounds, the events it is known to come after or before. That is what lets the
engine know that a season set "after the death of Kilgrave" is later than a death
"during" it, with no date written anywhere.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict, deque
from dataclasses import dataclass, field

from mcugraph._perf import paused_gc
from mcugraph.continuity.findings import Finding
from mcugraph.continuity.solver import INF, NEG, contradiction, gap_range, solve_events
from mcugraph.model.records import Work
from mcugraph.model.time import Interval, PartialDate, Relative, TimeValue
from mcugraph.model.universe import Universe

__all__ = ["INF", "NEG", "Point", "Span", "Timeline", "resolve_timeline", "gap_range", "describe"]

_Anchor = tuple[int, bool]  # (solver node, strict)


def _day(ordinal: int) -> str:
    return dt.date.fromordinal(ordinal).isoformat()


def describe(lo: int, hi: int) -> str:
    """Human text for a range of days: ``2012-05-04``, ``2012``, ``2015-03-01 to 2016-12-31``."""
    if lo <= NEG and hi >= INF:
        return "at an unknown time"
    if lo <= NEG:
        return f"on or before {_day(hi)}"
    if hi >= INF:
        return f"on or after {_day(lo)}"
    a, b = dt.date.fromordinal(lo), dt.date.fromordinal(hi)
    if a == b:
        return a.isoformat()
    if (a.month, a.day, b.month, b.day) == (1, 1, 12, 31):
        return str(a.year) if a.year == b.year else f"{a.year} to {b.year}"
    if a.day == 1 and b.year == a.year and b.month == a.month and (b + dt.timedelta(days=1)).day == 1:
        return f"{a.year:04d}-{a.month:02d}"
    return f"{a.isoformat()} to {b.isoformat()}"


@dataclass(frozen=True, slots=True)
class Point:
    """An unknown instant: the earliest and latest day it can be (as ordinals, open at
    ``NEG``/``INF``), and the solver nodes it is known to lie after or before."""

    lo: int = NEG
    hi: int = INF
    after: tuple[_Anchor, ...] = ()
    before: tuple[_Anchor, ...] = ()
    #: how it was written, for messages ("after kilgrave-death")
    text: str = field(default="", compare=False)

    @property
    def earliest(self) -> dt.date | None:
        return dt.date.fromordinal(self.lo) if self.lo > NEG else None

    @property
    def latest(self) -> dt.date | None:
        return dt.date.fromordinal(self.hi) if self.hi < INF else None

    @property
    def known(self) -> bool:
        return self.lo > NEG or self.hi < INF or bool(self.after or self.before)

    @property
    def empty(self) -> bool:
        return self.lo > self.hi

    def __str__(self) -> str:
        return _show(self.text, self.lo, self.hi)

    def written(self, text: str) -> Point:
        return Point(self.lo, self.hi, self.after, self.before, text)


def _show(text: str, lo: int, hi: int) -> str:
    numeric = describe(lo, hi)
    if not text or text == numeric:
        return numeric
    if lo <= NEG and hi >= INF:
        return text
    return f"{text} ({numeric})"


UNKNOWN = Point()


@dataclass(frozen=True, slots=True)
class Span:
    """Something that lasts: a start and an end point."""

    start: Point = UNKNOWN
    end: Point = UNKNOWN
    origin: str = ""
    text: str = field(default="", compare=False)

    @property
    def earliest(self) -> dt.date | None:
        return self.start.earliest

    @property
    def latest(self) -> dt.date | None:
        return self.end.latest

    @property
    def known(self) -> bool:
        return self.start.known or self.end.known

    @property
    def empty(self) -> bool:
        return self.start.empty or self.end.empty or self.start.lo > self.end.hi

    def __str__(self) -> str:
        return _show(self.text, self.start.lo, self.end.hi)

    def written(self, text: str) -> Span:
        return Span(self.start, self.end, self.origin, text)


def _meet(a: Point, b: Point) -> Point:
    """Both constraints at once."""
    return Point(max(a.lo, b.lo), min(a.hi, b.hi), a.after + b.after, a.before + b.before)


def _ordered(start: Point, end: Point) -> Span:
    """A span whose start is not after its end."""
    s = Point(start.lo, min(start.hi, end.hi), start.after, start.before + end.before)
    e = Point(max(end.lo, start.lo), end.hi, end.after + start.after, end.before)
    return Span(s, e)


@dataclass(eq=False)
class Timeline:
    """The resolved in-universe time of a universe. Build it with :func:`resolve_timeline`."""

    universe: Universe
    events: dict[str, Span] = field(default_factory=dict)
    works: dict[str, Span] = field(default_factory=dict)
    relationships: list[Span] = field(default_factory=list)
    born: dict[str, Point] = field(default_factory=dict)
    died: dict[str, Point] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    #: events whose placement contradicts itself; no rule reasons from them
    unplaced: set[str] = field(default_factory=set)
    _index: dict[str, int] = field(default_factory=dict, repr=False)
    _lo: list[int] = field(default_factory=list, repr=False)
    _hi: list[int] = field(default_factory=list, repr=False)
    _out: list[list[tuple[int, int, bool]]] = field(default_factory=list, repr=False)
    _reach: dict[int, dict[int, bool]] = field(default_factory=dict, repr=False)

    # -- placing time values --------------------------------------------------

    def _node_point(self, node: int) -> Point:
        return Point(self._lo[node], self._hi[node], ((node, False),), ((node, False),))

    def _relative(self, value: Relative) -> Point:
        i = self._index.get(value.event)
        if i is None or value.event in self.unplaced:
            return UNKNOWN
        s, e = 2 * i, 2 * i + 1
        if value.relation == "during":
            return Point(self._lo[s], self._hi[e], ((s, False),), ((e, False),))
        lo_gap, hi_gap = gap_range(value.gap) if value.gap is not None else (0, None)
        if value.relation == "after":
            lo = self._lo[e] + lo_gap if self._lo[e] > NEG else NEG
            hi = self._hi[e] + hi_gap if hi_gap is not None and self._hi[e] < INF else INF
            return Point(lo, hi, ((e, True),), ())
        hi = self._hi[s] - lo_gap if self._hi[s] < INF else INF
        lo = self._lo[s] - hi_gap if hi_gap is not None and self._lo[s] > NEG else NEG
        return Point(lo, hi, (), ((s, True),))

    def point(self, value: TimeValue | None) -> Point:
        """An instant written as a time value (a birth, a death, a 'since')."""
        if value is None:
            return UNKNOWN
        if isinstance(value, PartialDate):
            return Point(value.earliest.toordinal(), value.latest.toordinal(), text=str(value))
        if isinstance(value, Interval):
            return Point(
                value.start.earliest.toordinal() if value.start else NEG,
                value.end.latest.toordinal() if value.end else INF,
                text=str(value),
            )
        return self._relative(value).written(str(value))

    def span(self, value: TimeValue | None) -> Span:
        """A stretch of time written as a time value (a work's setting)."""
        return self._span(value).written(str(value) if value is not None else "")

    def _span(self, value: TimeValue | None) -> Span:
        if value is None:
            return Span()
        if isinstance(value, PartialDate):
            p = self.point(value)
            return Span(p, p)
        if isinstance(value, Interval):
            a, b = value.start, value.end
            start = (
                Point(a.earliest.toordinal(), a.latest.toordinal())
                if a
                else Point(NEG, b.latest.toordinal() if b else INF)
            )
            end = (
                Point(b.earliest.toordinal(), b.latest.toordinal())
                if b
                else Point(a.earliest.toordinal() if a else NEG)
            )
            return _ordered(start, end)
        p = self._relative(value)
        if value.relation == "during":
            return Span(p, p)
        # with a gap the whole stretch sits about that far away, like a date; without, one side is open
        if value.relation == "after":
            return _ordered(p, Point(p.lo, p.hi if value.gap else INF, p.after, ()))
        return _ordered(Point(p.lo if value.gap else NEG, p.hi, (), p.before), p)

    def event_span(self, event_id: str) -> Span:
        return self.events.get(event_id, Span())

    def during(self, event_id: str) -> Point:
        """An instant somewhere within an event."""
        i = self._index.get(event_id)
        if i is None or event_id in self.unplaced:
            return UNKNOWN
        s, e = 2 * i, 2 * i + 1
        return Point(self._lo[s], self._hi[e], ((s, False),), ((e, False),), f"during {event_id}")

    # -- order ----------------------------------------------------------------

    def _reachable(self, src: int) -> dict[int, bool]:
        """Solver nodes known to be at or after ``src``; True where strictly after."""
        cached = self._reach.get(src)
        if cached is not None:
            return cached
        seen: dict[int, bool] = {src: False}
        queue = deque([src])
        while queue:
            u = queue.popleft()
            strict_u = seen[u]
            for v, w, strict in self._out[u]:
                if w < 0:
                    continue
                sv = strict_u or strict or w > 0
                old = seen.get(v)
                if old is None or (sv and not old):
                    seen[v] = sv
                    queue.append(v)
        self._reach[src] = seen
        return seen

    def order(self, a: Point, b: Point) -> int:
        """2 if ``a`` is surely before ``b``, 1 if surely not after it, else 0.

        Days are whole: two instants on the same day are not known to be ordered.
        """
        if a.hi < b.lo:
            return 2
        best = 0
        for n1, s1 in a.before:
            for n2, s2 in b.after:
                if n1 == n2:
                    path: bool | None = False
                else:
                    path = self._reachable(n1).get(n2)
                if path is None:
                    continue
                if s1 or s2 or path:
                    return 2
                best = 1
        return best

    def before(self, a: Point, b: Point) -> bool:
        """True if ``a`` is surely earlier than ``b``."""
        return self.order(a, b) == 2

    def overlap(self, a: Span, b: Span) -> bool:
        """True if two spans surely share some time."""
        return self.order(a.start, b.end) >= 1 and self.order(b.start, a.end) >= 1


def resolve_timeline(universe: Universe) -> Timeline:
    """Place every event, work, birth, death and relationship of ``universe`` in time."""
    with paused_gc():
        return _resolve(universe)


def _resolve(universe: Universe) -> Timeline:
    tl = Timeline(universe)
    sol = solve_events(universe)
    tl._index, tl._lo, tl._hi, tl._out = sol.index, sol.lo, sol.hi, sol.out
    tl.unplaced, tl.findings = sol.unplaced, sol.findings
    for eid in universe.events:
        i = tl._index[eid]
        if eid in tl.unplaced:
            tl.events[eid] = Span(origin=eid)
        else:
            ev = universe.events[eid]
            text = str(ev.when) if ev.when is not None else f"during {ev.part_of}" if ev.part_of else ""
            tl.events[eid] = Span(tl._node_point(2 * i), tl._node_point(2 * i + 1), eid, text)
    _place_works(tl, universe)
    for cid, character in universe.characters.items():
        if character.born is not None:
            tl.born[cid] = tl.point(character.born)
        if character.died is not None:
            tl.died[cid] = tl.point(character.died)
        if cid in tl.born and cid in tl.died and tl.before(tl.died[cid], tl.born[cid]):
            tl.findings.append(
                contradiction(
                    character.mark,
                    cid,
                    "character",
                    f"{character.name} ({cid}) dies ({tl.died[cid]}) before being born ({tl.born[cid]})",
                )
            )
    for rel in universe.relationships:
        tl.relationships.append(_relationship_span(tl, rel.since, rel.until, rel.works))
    return tl


def _relationship_span(tl: Timeline, since: TimeValue | None, until: TimeValue | None, works: tuple[str, ...]) -> Span:
    start, end = tl.point(since), tl.point(until)
    for wid in works:
        w = tl.works.get(wid, Span())
        # it held at some time within each work
        start = Point(start.lo, min(start.hi, w.end.hi), start.after, start.before + w.end.before)
        end = Point(max(end.lo, w.start.lo), end.hi, end.after + w.start.after, end.before)
    return _ordered(start, end)


# -- works -----------------------------------------------------------------------------


def _place_works(tl: Timeline, universe: Universe) -> None:
    depicted: dict[str, list[str]] = defaultdict(list)
    for ev in universe.events.values():
        for wid in ev.depicted_in:
            depicted[wid].append(ev.id)
    # parents before children: series, then seasons, then the rest
    rank = {"series": 0, "season": 1}
    for work in sorted(universe.works.values(), key=lambda w: rank.get(w.kind, 2)):
        tl.works[work.id] = _work_span(tl, universe, work, depicted)


def _parent(work: Work) -> str | None:
    return work.season if work.kind == "episode" else work.series if work.kind == "season" else None


def _work_span(tl: Timeline, universe: Universe, work: Work, depicted: dict[str, list[str]]) -> Span:
    parent_id = _parent(work)
    parent = tl.works.get(parent_id) if parent_id else None
    inherited = parent if parent is not None and parent.origin else None
    if work.setting is not None:
        own = tl.span(work.setting)
        own = Span(own.start, own.end, work.id, own.text)
        if inherited is None:
            return own
        start = _meet(
            own.start, Point(inherited.start.lo, inherited.end.hi, inherited.start.after, inherited.end.before)
        )
        end = _meet(own.end, Point(inherited.start.lo, inherited.end.hi, inherited.start.after, inherited.end.before))
        both = _ordered(start, end)
        if both.empty:
            source = universe.works[inherited.origin]
            tl.findings.append(
                contradiction(
                    work.mark,
                    work.id,
                    "work",
                    f"{universe.label('work', work.id)} ({work.id}) is set {own}, outside"
                    f" {universe.label('work', source.id)} ({source.id}), set {inherited}",
                )
            )
            return own
        return Span(both.start, both.end, work.id, own.text)
    if inherited is not None:
        return inherited
    # No setting anywhere above: the events it depicts give a bound, but any of them may be
    # a flashback. So the work is set no earlier than the earliest of them, and runs at least
    # until the latest of them begins; how late it is set stays open.
    ids = [eid for part in universe.parts(work.id) for eid in depicted.get(part, ())]
    spans = [tl.events[eid] for eid in dict.fromkeys(ids) if eid in tl.events and eid not in tl.unplaced]
    if not spans:
        return Span()
    start = Point(min(s.start.lo for s in spans), INF)
    end = Point(max(start.lo, max(s.start.lo for s in spans)), INF, tuple(a for s in spans for a in s.start.after))
    return Span(start, end)
