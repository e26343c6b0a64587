"""The rules that follow from life and death (the lives themselves are in
:mod:`mcugraph.continuity.lives`).

Rules: ``dead-on-screen``, ``event-outside-life``, ``status-flip``, ``stated-age``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from mcugraph.continuity.findings import Finding
from mcugraph.continuity.lives import SEEN_ALIVE, Death, Life, dead_at, lives, screen_appearances
from mcugraph.continuity.registry import Context, rule
from mcugraph.continuity.timeline import INF, NEG
from mcugraph.errors import Mark

# the lives are re-exported for code that imported them from here
__all__ = ["Death", "Life", "lives", "dead_at", "screen_appearances", "SEEN_ALIVE"]


@rule("dead-on-screen", "error", "A character is seen alive in a work set after their death.")
def dead_on_screen(ctx: Context) -> Iterator[Finding]:
    tl, u = ctx.timeline, ctx.universe
    seen = screen_appearances(u)
    # an appearance that says which point of the character's own life it shows (time travel)
    own_time = {(a.character, m): a.as_of for a in u.appearances if a.as_of is not None for m in a.work_marks}
    for cid, life in ctx.lives.items():
        if not life.deaths:
            continue
        done: set[tuple[str, Mark]] = set()
        for wid, mode, mark in seen.get(cid, ()):
            if mode not in SEEN_ALIVE or (wid, mark) in done:
                continue
            span = tl.works.get(wid)
            if span is None or not span.known:
                continue
            as_of = own_time.get((cid, mark))
            moment = tl.point(as_of) if as_of is not None else span.start
            death = dead_at(tl, life, moment)
            if death is None:
                continue
            done.add((wid, mark))
            when = f"as of {moment}" if as_of is not None else f"set {span}"
            yield ctx.finding(
                "dead-on-screen",
                mark,
                f"{ctx.name('character', cid)} is {'heard' if mode == 'voice' else 'on screen'} in"
                f" {ctx.name('work', wid)}, {when}, after they {death.text}. If the work shows another point"
                " of their life, say which (mode: flashback, vision or archive; as_of: for time travel);"
                " if it shows them alive again, record the resurrection; otherwise the death or this"
                " appearance is wrong",
                cid,
                "character",
                conflict=(f"work:{wid}",) + ((f"event:{death.event}",) if death.event else ()),
            )


@rule("event-outside-life", "error", "A character takes part in an event before their birth or after their death.")
def event_outside_life(ctx: Context) -> Iterator[Finding]:
    tl, u = ctx.timeline, ctx.universe
    for event in u.events.values():
        span = tl.events[event.id]
        if not span.known:
            continue
        for part in event.participants:
            life = ctx.lives.get(part.character)
            if life is None:
                continue
            if life.born is not None and tl.before(span.end, life.born):
                yield ctx.finding(
                    "event-outside-life",
                    part.mark,
                    f"{ctx.name('character', part.character)} takes part in {ctx.name('event', event.id)}"
                    f" ({span}) before being born ({life.born})",
                    part.character,
                    "character",
                    conflict=(f"event:{event.id}",),
                )
                continue
            death = dead_at(tl, life, span.start)
            if death is not None and death.event != event.id:
                yield ctx.finding(
                    "event-outside-life",
                    part.mark,
                    f"{ctx.name('character', part.character)} takes part in {ctx.name('event', event.id)}"
                    f" ({span}) after they {death.text}",
                    part.character,
                    "character",
                    conflict=(f"event:{event.id}",) + ((f"event:{death.event}",) if death.event else ()),
                )


_NEEDS_LIFE = ("dead", "presumed-dead", "missing", "imprisoned", "free", "powered", "depowered")


@rule(
    "status-flip", "error", "A status changes back with no event to explain it (dead, then alive with no resurrection)."
)
def status_flip(ctx: Context) -> Iterator[Finding]:
    tl, u = ctx.timeline, ctx.universe
    for cid, life in ctx.lives.items():
        for event_id, status, mark in life.outcomes:
            when = tl.during(event_id)
            if status == "alive":
                # back from the dead, or found alive after being presumed dead or missing
                earlier = [d.point for d in life.deaths] + [
                    tl.during(e) for e, st, _ in life.outcomes if st in ("presumed-dead", "missing") and e != event_id
                ]
                if not any(not tl.before(when, p) for p in earlier):
                    yield ctx.finding(
                        "status-flip",
                        mark,
                        f"{ctx.name('character', cid)} comes back to life in {ctx.name('event', event_id)}"
                        " but no death before it is recorded",
                        cid,
                        "character",
                        conflict=(f"event:{event_id}",),
                    )
                continue
            if status not in _NEEDS_LIFE:
                continue
            death = dead_at(tl, life, when)
            if death is None or death.event == event_id:
                continue
            conflict = (f"event:{event_id}",) + ((f"event:{death.event}",) if death.event else ())
            if status == "dead" and u.events[event_id].depicted_in and not death.shown:
                # the death shown on screen is the real one: point at the earlier record that contradicts it
                yield ctx.finding(
                    "status-flip",
                    death.mark,
                    f"{ctx.name('character', cid)} {death.text}, yet dies in {ctx.name('event', event_id)}"
                    f" ({when}), which a work shows on screen, with no resurrection between: this earlier"
                    " death contradicts the one shown",
                    cid,
                    "character",
                    conflict=conflict,
                )
                continue
            change = "dies again" if status == "dead" else f"becomes {status}"
            yield ctx.finding(
                "status-flip",
                mark,
                f"{ctx.name('character', cid)} {change} in {ctx.name('event', event_id)} after they"
                f" {death.text}, with no resurrection between",
                cid,
                "character",
                conflict=conflict,
            )


def _age(born: dt.date, at: dt.date) -> int:
    return at.year - born.year - ((at.month, at.day) < (born.month, born.day))


@rule("stated-age", "error", "An age stated for a character contradicts their birth date.")
def stated_age(ctx: Context) -> Iterator[Finding]:
    tl, u = ctx.timeline, ctx.universe
    for cid, character in u.characters.items():
        born = tl.born.get(cid)
        if born is None or not character.stated_ages:
            continue
        for stated in character.stated_ages:
            if stated.at is not None:
                when = tl.point(stated.at)
                lo, hi, where = when.lo, when.hi, f"at {when}"
            elif stated.work is not None and stated.work in tl.works:
                span = tl.works[stated.work]
                lo, hi, where = span.start.lo, span.end.hi, f"in {ctx.name('work', stated.work)}, set {span}"
            else:
                continue
            youngest = (
                _age(dt.date.fromordinal(born.hi), dt.date.fromordinal(lo)) if born.hi < INF and lo > NEG else None
            )
            oldest = _age(dt.date.fromordinal(born.lo), dt.date.fromordinal(hi)) if born.lo > NEG and hi < INF else None
            if (youngest is not None and stated.age < youngest) or (oldest is not None and stated.age > oldest):
                if youngest is not None and oldest is not None:
                    expected = str(youngest) if youngest == oldest else f"{youngest} to {oldest}"
                else:
                    expected = f"at least {youngest}" if youngest is not None else f"at most {oldest}"
                yield ctx.finding(
                    "stated-age",
                    stated.mark,
                    f"{ctx.name('character', cid)} is said to be {stated.age} {where}, but born {born}"
                    f" makes them {expected}",
                    cid,
                    "character",
                    conflict=(f"work:{stated.work}",) if stated.work else (),
                )
