"""Timeline resolution: bounds for every event, work, birth, death and relationship.

Every event and every work is an interval with an unknown start and end. The solver
(:mod:`mcugraph.continuity.solver`) turns what the data writes (dates, placements after,
before or during events and works, gaps) and what the universe's shape implies (episodes
follow their numbers within a season, seasons within a series; an event lies within the
works that show it) into the earliest and latest day each can be, plus the order between
them that days cannot show.

Everything else (births, deaths, relationship spans, stated ages) is placed from the
solved events and works in one pass, as a :class:`Point` that keeps, besides its numeric
bounds, the solver nodes it is known to come after or before. That is what lets the engine
know that a season set "after the death of Kilgrave" is later than a death "during" an
episode of an earlier season, with no date written anywhere.
"""

from __future__ import annotations

import datetime as dt
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, field

from mcugraph._perf import paused_gc
from mcugraph.continuity.solver import INF, NEG, Adjacency, Contradiction, gap_range, safe_date, solve, story_key
from mcugraph.continuity.words import describe, value_words
from mcugraph.model.time import Bound, Interval, PartialDate, Relative, TimeValue, bounds_of
from mcugraph.model.universe import Universe

__all__ = [
    "INF",
    "NEG",
    "Point",
    "Span",
    "Timeline",
    "resolve_timeline",
    "gap_range",
    "describe",
    "value_words",
    "Contradiction",
]

_Anchor = tuple[int, bool]  # (solver node, strict)


@dataclass(frozen=True, slots=True)
class Point:
    """An unknown instant: the earliest and latest day it can be (as ordinals, open at
    ``NEG``/``INF``), and the solver nodes it is known to lie after or before."""

    lo: int = NEG
    hi: int = INF
    after: tuple[_Anchor, ...] = ()
    before: tuple[_Anchor, ...] = ()
    #: how it was written, in words, for messages ("after Kilgrave's death")
    text: str = field(default="", compare=False)

    @property
    def earliest(self) -> dt.date | None:
        return safe_date(self.lo) if self.lo > NEG else None

    @property
    def latest(self) -> dt.date | None:
        return safe_date(self.hi) if self.hi < INF else None

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
    #: placements that cannot all hold; the ``time-contradiction`` rule reports them
    contradictions: list[Contradiction] = field(default_factory=list)
    #: events and works whose placement contradicts itself; no rule reasons from them
    unplaced: set[str] = field(default_factory=set)
    unplaced_works: set[str] = field(default_factory=set)
    _index: dict[str, int] = field(default_factory=dict, repr=False)
    _work_index: dict[str, int] = field(default_factory=dict, repr=False)
    _lo: Sequence[int] = field(default_factory=list, repr=False)
    _hi: Sequence[int] = field(default_factory=list, repr=False)
    _out: Adjacency | None = field(default=None, repr=False)
    _reach: dict[int, dict[int, bool]] = field(default_factory=dict, repr=False)

    # -- placing time values --------------------------------------------------

    def _node_point(self, node: int) -> Point:
        anchor = ((node, False),)  # one tuple for both sides: a point for every event and work end
        return Point(self._lo[node], self._hi[node], anchor, anchor)

    def _item(self, value: Relative) -> int | None:
        kind, ident = self.universe.anchor(value)
        if kind == "event":
            return None if ident in self.unplaced else self._index.get(ident)
        return None if ident in self.unplaced_works else self._work_index.get(ident)

    def _relative(self, value: Relative) -> Point:
        i = self._item(value)
        if i is None:
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

    def _bound_point(self, value: Bound) -> Point:
        if isinstance(value, PartialDate):
            return Point(value.earliest.toordinal(), value.latest.toordinal())
        if isinstance(value, Interval):
            return Point(
                value.start.earliest.toordinal() if value.start else NEG,
                value.end.latest.toordinal() if value.end else INF,
            )
        return self._relative(value)

    def point(self, value: TimeValue | None) -> Point:
        """An instant written as a time value (a birth, a death, a 'since')."""
        if value is None:
            return UNKNOWN
        out = UNKNOWN
        for part in bounds_of(value):
            out = _meet(out, self._bound_point(part))
        return out.written(value_words(self.universe, value))

    def span(self, value: TimeValue | None) -> Span:
        """A stretch of time written as a time value."""
        if value is None:
            return Span()
        parts = [self._span(p) for p in bounds_of(value)]
        start, end = parts[0].start, parts[0].end
        for p in parts[1:]:
            start, end = _meet(start, p.start), _meet(end, p.end)
        both = _ordered(start, end)
        return Span(both.start, both.end, "", value_words(self.universe, value))

    def _span(self, value: Bound) -> Span:
        if isinstance(value, PartialDate):
            p = self._bound_point(value)
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
        name = self.universe.label("event", event_id)
        return Point(self._lo[s], self._hi[e], ((s, False),), ((e, False),), f"during {name}")

    def within_work(self, work_id: str) -> Point:
        """An instant somewhere within a work's story time."""
        i = self._work_index.get(work_id)
        if i is None or work_id in self.unplaced_works:
            return UNKNOWN
        s, e = 2 * i, 2 * i + 1
        name = self.universe.label("work", work_id)
        return Point(self._lo[s], self._hi[e], ((s, False),), ((e, False),), f"during {name}")

    def end_of(self, kind: str, ident: str) -> Point:
        """The instant a work's (or an event's) story time ends: "as of the end of" it."""
        index, unplaced = (self._work_index, self.unplaced_works) if kind == "work" else (self._index, self.unplaced)
        i = index.get(ident)
        if i is None or ident in unplaced:
            return UNKNOWN
        return self._node_point(2 * i + 1).written(f"the end of {self.universe.label(kind, ident)}")

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
            for v, w, strict in self._out[u] if self._out is not None else ():
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

        Days are whole: two instants on the same day are not known to be ordered by date.
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
    sol = solve(universe)
    tl._index, tl._work_index, tl._lo, tl._hi, tl._out = sol.index, sol.work_index, sol.lo, sol.hi, sol.out
    tl.unplaced, tl.unplaced_works, tl.contradictions = sol.unplaced, sol.unplaced_works, sol.contradictions
    for eid, i in tl._index.items():
        if eid in tl.unplaced:
            tl.events[eid] = Span(origin=eid)
            continue
        ev = universe.events[eid]
        if ev.when is not None:
            text = value_words(universe, ev.when)
        elif ev.part_of:
            text = f"during {universe.label('event', ev.part_of)}"
        else:
            text = ""
        tl.events[eid] = Span(tl._node_point(2 * i), tl._node_point(2 * i + 1), eid, text)
    for wid, i in tl._work_index.items():
        if wid in tl.unplaced_works:
            tl.works[wid] = Span(origin=wid)
            continue
        work = universe.works[wid]
        tl.works[wid] = Span(tl._node_point(2 * i), tl._node_point(2 * i + 1), wid, value_words(universe, work.setting))
    for cid, character in universe.characters.items():
        if character.born is not None:
            tl.born[cid] = tl.point(character.born)
        if character.died is not None:
            tl.died[cid] = tl.point(character.died)
        if cid in tl.born and cid in tl.died and tl.before(tl.died[cid], tl.born[cid]):
            tl.contradictions.append(
                Contradiction(
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
    """A relationship held at some time within each of its works; without a ``since`` it
    begins no earlier than the first of them in story order (where the order tells one)."""
    start, end = tl.point(since), tl.point(until)
    spans = [(w, tl.works[w]) for w in works if w in tl.works and tl.works[w].known]
    for _, w in spans:
        start = Point(start.lo, min(start.hi, w.end.hi), start.after, start.before + w.end.before)
        end = Point(max(end.lo, w.start.lo), end.hi, end.after + w.start.after, end.before)
    if since is None and spans:
        keys = [story_key(tl.universe, w) for w, _ in spans]
        if all(k is not None for k in keys) and len({k[0] for k in keys if k is not None}) == 1:
            first = min(zip(keys, spans, strict=True), key=lambda p: p[0][1])[1][1]  # type: ignore[index]
            start = Point(max(start.lo, first.start.lo), start.hi, start.after + first.start.after, start.before)
        else:
            start = Point(max(start.lo, min(w.start.lo for _, w in spans)), start.hi, start.after, start.before)
    return _ordered(start, end)
