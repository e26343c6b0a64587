"""Rules about when and where things happen.

Rules: ``time-contradiction``, ``reference-before-event``, ``stated-gap``, ``two-places``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from mcugraph.continuity.findings import Finding
from mcugraph.continuity.registry import Context, rule
from mcugraph.continuity.timeline import INF, NEG, gap_range
from mcugraph.model.time import Relative
from mcugraph.model.universe import Universe

__all__ = ["contains", "disjoint_places"]


@rule("time-contradiction", "error", "Placements in time that cannot all hold (A after B after A; an empty interval).")
def time_contradiction(ctx: Context) -> Iterator[Finding]:
    for c in ctx.timeline.contradictions:
        yield ctx.finding("time-contradiction", c.mark, c.message, c.subject, c.kind, conflict=c.others)


@rule("reference-before-event", "error", "A work refers to an event that, in-universe, has not happened yet.")
def reference_before_event(ctx: Context) -> Iterator[Finding]:
    tl = ctx.timeline
    for event in ctx.universe.events.values():
        span = tl.events[event.id]
        if not event.referenced_in or not span.known:
            continue
        for n, wid in enumerate(event.referenced_in):
            setting = tl.works.get(wid)
            if setting is None or not setting.known or not tl.before(setting.end, span.start):
                continue
            yield ctx.finding(
                "reference-before-event",
                event.referenced_in_marks[n] if n < len(event.referenced_in_marks) else event.mark,
                f"{ctx.name('work', wid)}, set {setting}, refers to {ctx.name('event', event.id)},"
                f" which only happens {span}",
                wid,
                "work",
                conflict=(f"event:{event.id}",),
            )


def _years(days: float) -> str:
    years = round(days / 365.2425)
    if years >= 1:
        return f"about {years} year{'s' if years != 1 else ''}"
    months = round(days / 30.436875)
    return f"about {months} month{'s' if months != 1 else ''}"


@rule("stated-gap", "error", "A time gap a work states on screen contradicts the dated events.")
def stated_gap(ctx: Context) -> Iterator[Finding]:
    tl, u = ctx.timeline, ctx.universe
    for work in u.works.values():
        if not work.stated_gaps:
            continue
        setting = tl.works.get(work.id)
        if setting is None or not setting.known:
            continue
        for stated in work.stated_gaps:
            since = tl.events.get(stated.since)
            if since is None or not since.known:
                continue
            expected = tl.point(Relative("after", stated.since, stated.gap))
            problem = None
            if tl.before(setting.end, since.end) or tl.before(setting.end, expected):
                problem = "earlier"
            elif tl.before(expected, setting.start):
                problem = "later"
            elif (
                isinstance(work.setting, Relative)
                and work.setting.target == stated.since
                and work.setting.relation == "after"
            ):
                own = gap_range(work.setting.gap) if work.setting.gap else (0, None)
                told = gap_range(stated.gap)
                if own[1] is not None and own[1] < told[0]:
                    problem = "earlier"
            if problem is None:
                continue
            actual = ""
            if setting.start.lo > NEG and setting.end.hi < INF and since.end.lo > NEG and since.end.hi < INF:
                middle = (setting.start.lo + setting.end.hi) / 2 - (since.end.lo + since.end.hi) / 2
                actual = f", {_years(middle)} after it" if middle > 0 else ", before it"
            yield ctx.finding(
                "stated-gap",
                stated.mark,
                f"{ctx.name('work', work.id)} states {stated.gap} after {ctx.name('event', stated.since)},"
                f" but it is set {setting}{actual} ({u.events[stated.since].name} is {since})",
                work.id,
                "work",
                conflict=(f"event:{stated.since}",),
            )


def contains(universe: Universe, outer: str, inner: str) -> bool:
    """True if location ``inner`` is ``outer`` or lies within it."""
    current: str | None = inner
    seen: set[str] = set()
    while current is not None and current not in seen:
        if current == outer:
            return True
        seen.add(current)
        location = universe.locations.get(current)
        current = location.within if location is not None else None
    return False


def _root(universe: Universe, place: str) -> str:
    seen: set[str] = set()
    while place not in seen:
        seen.add(place)
        parent = universe.locations[place].within
        if parent is None:
            return place
        place = parent
    return place


_WIDE = ("planet", "country", "state", "city")


def disjoint_places(universe: Universe, a: str, b: str) -> bool:
    """True if two places surely do not overlap: neither contains the other, and they sit
    in one tree of places (or are two separate cities, states, countries or planets)."""
    if contains(universe, a, b) or contains(universe, b, a):
        return False
    ra, rb = _root(universe, a), _root(universe, b)
    if ra == rb:
        return True
    return universe.locations[ra].kind in _WIDE and universe.locations[rb].kind in _WIDE


def _ancestors(universe: Universe, event_id: str) -> set[str]:
    out: set[str] = set()
    current = universe.events[event_id].part_of
    while current is not None and current not in out:
        out.add(current)
        current = universe.events[current].part_of
    return out


@rule("two-places", "error", "One character takes part in two overlapping events in places apart.")
def two_places(ctx: Context) -> Iterator[Finding]:
    tl, u = ctx.timeline, ctx.universe
    by_character: dict[str, list[tuple[str, object]]] = defaultdict(list)
    for event in u.events.values():
        if event.place is None or not tl.events[event.id].known:
            continue
        for part in event.participants:
            by_character[part.character].append((event.id, part.mark))
    for cid, items in by_character.items():
        for i, (first, _) in enumerate(items):
            for second, mark in items[i + 1 :]:
                a, b = u.events[first], u.events[second]
                if a.place == b.place or not disjoint_places(u, a.place, b.place):  # type: ignore[arg-type]
                    continue
                if first in _ancestors(u, second) or second in _ancestors(u, first):
                    continue
                sa, sb = tl.events[first], tl.events[second]
                if not tl.overlap(sa, sb):
                    continue
                yield ctx.finding(
                    "two-places",
                    mark,  # type: ignore[arg-type]
                    f"{ctx.name('character', cid)} is in two places at once: {ctx.name('event', first)} at"
                    f" {ctx.name('location', a.place)} ({sa}) and {ctx.name('event', second)} at"  # type: ignore[arg-type]
                    f" {ctx.name('location', b.place)} ({sb})",  # type: ignore[arg-type]
                    cid,
                    "character",
                    conflict=(f"event:{first}", f"event:{second}"),
                )
