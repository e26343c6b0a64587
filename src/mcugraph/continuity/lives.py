"""The lives of characters: births, deaths and resurrections, as the data and the timeline
give them. The rules that reason from them live in :mod:`mcugraph.continuity.life`; this
module imports no rule machinery, so the registry, the questions and the rules can all use it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from mcugraph.continuity.timeline import Point, Timeline
from mcugraph.errors import Mark
from mcugraph.model.time import Relative, bounds_of
from mcugraph.model.universe import Universe

__all__ = ["Death", "Life", "lives", "dead_at", "screen_appearances", "SEEN_ALIVE"]

#: appearance modes that show a character alive at the time the work is set
SEEN_ALIVE = ("on-screen", "voice")


@dataclass(frozen=True, slots=True)
class Death:
    """A death: when, and the event it happened in (if known)."""

    point: Point
    event: str | None
    mark: Mark
    text: str
    #: the death is shown on screen (its event has works that depict it)
    shown: bool = False


@dataclass(eq=False)
class Life:
    """What the data says about one character's life."""

    born: Point | None = None
    deaths: list[Death] = field(default_factory=list)
    #: (time, event id, mark) of each resurrection (an outcome ``alive``)
    resurrections: list[tuple[Point, str, Mark]] = field(default_factory=list)
    #: (event id, status, mark) of every outcome, resurrections and deaths included
    outcomes: list[tuple[str, str, Mark]] = field(default_factory=list)


def lives(universe: Universe, tl: Timeline) -> dict[str, Life]:
    """Each character's life, for the characters the data says anything about."""
    out: dict[str, Life] = defaultdict(Life)
    for cid, character in universe.characters.items():
        if character.born is not None:
            out[cid].born = tl.born[cid]
        if character.died is not None:
            during = next(
                (
                    b.target
                    for b in bounds_of(character.died)
                    if isinstance(b, Relative) and b.relation == "during" and universe.anchor(b)[0] == "event"
                ),
                None,
            )
            shown = during is not None and bool(universe.events[during].depicted_in)
            out[cid].deaths.append(Death(tl.died[cid], during, character.mark, f"died {tl.died[cid]}", shown))
    for event in universe.events.values():
        for outcome in event.outcomes:
            if outcome.character is None:
                continue
            life = out[outcome.character]
            life.outcomes.append((event.id, outcome.status, outcome.mark))
            when = tl.during(event.id)
            if outcome.status == "dead":
                if not any(d.event == event.id for d in life.deaths):
                    life.deaths.append(
                        Death(
                            when, event.id, outcome.mark, f"died in {event.name} ({event.id})", bool(event.depicted_in)
                        )
                    )
            elif outcome.status == "alive":
                life.resurrections.append((when, event.id, outcome.mark))
    return dict(out)


def dead_at(tl: Timeline, life: Life, when: Point) -> Death | None:
    """The death that surely came before ``when`` with no resurrection that could lie between."""
    for death in life.deaths:
        if not tl.before(death.point, when):
            continue
        explained = any(
            not tl.before(back, death.point) and not tl.before(when, back) for back, _, _ in life.resurrections
        )
        if not explained:
            return death
    return None


def screen_appearances(universe: Universe) -> dict[str, list[tuple[str, str, Mark]]]:
    """``appearances_of``, where an explicit appearance in another mode (a vision, a
    flashback) replaces the on-screen appearance a portrayal implies in the same work."""
    other: dict[str, list[str]] = defaultdict(list)
    for a in universe.appearances:
        if a.mode != "on-screen":
            other[a.character].extend(a.works)
    portrayed = {(p.character, m) for p in universe.portrayals for m in (p.work_marks or (p.mark,))}
    out: dict[str, list[tuple[str, str, Mark]]] = {}
    for cid, items in universe.appearances_of.items():
        keep = []
        for wid, mode, mark in items:
            if (
                (cid, mark) in portrayed
                and mode == "on-screen"
                and any(universe.covers(o, wid) for o in other.get(cid, ()))
            ):
                continue
            keep.append((wid, mode, mark))
        out[cid] = keep
    return out
