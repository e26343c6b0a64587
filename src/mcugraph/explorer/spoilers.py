"""The spoiler shield: which facts a fan has seen after watching up to a point.

Every fact the explorer can show gets a *reveal step*: the first step of a
:class:`~mcugraph.explorer.watch.WatchOrder` after which a fan has seen it, or ``None``
when the data cannot place it (it is then shown only without a shield). The rules:

* a work is shown once a part of it is watched; a fact tied to works (an appearance, a
  relationship's ``works:``, an event's ``depicted_in``/``referenced_in``) once one of
  them has been watched in full. A season stands for all its episodes, so a fact tied
  to a whole season waits for its last episode, except a ``main``-billed portrayal,
  which the opening credits reveal with the first episode;
* a character is revealed by its first appearance (any mode) or by taking part in an
  event depicted on screen; a person by their first revealed portrayal; an event by its
  first depiction or reference; an organization by its first revealed relationship or
  outcome; a location by the first event, organization, residence or contained location
  that reveals it;
* attributes that tell of later facts wait for them: a death for the event that shows
  it, a relationship's end (``until``) and start (``since``) for the event they name or
  the in-universe date the watched works have reached, an age for the work that states
  it, a series' ``ended`` for its last episode. A character's aliases and codenames are
  revealed only by a watched credit (``credited_as``), since the data does not say when
  the screen reveals them;
* a relationship with neither ``works:`` nor a source that is a work cannot be placed
  and is left out under a shield (a parentage revealed in a finale must not leak);
* free-text notes are kept only where they describe what was watched in full: a
  watched work, a relationship or event whose works are all watched;
* every string is also dated by the names it mentions (:mod:`mcugraph.explorer.mentions`):
  a note, a fact, a source's title, note or address that names a later title, character
  or event waits for it. A source whose text would tell too much is shown by its
  publisher alone until then.

:func:`shield` applies the rules to a whole universe and returns the universe a fan at
that point may see; the explorer's in-page control uses the same steps.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from mcugraph.explorer.mentions import Mentions
from mcugraph.explorer.watch import WatchOrder, watch_order
from mcugraph.model import Universe, replace
from mcugraph.model.records import Character, Event, Relationship, Residence, StatedAge, Work
from mcugraph.model.time import Interval, PartialDate, Relative, TimeValue, bounds_of

__all__ = ["Reveal", "reveal", "shield", "cut_universe", "watched_step", "later", "earliest", "NEVER"]

#: the step of a fact the data cannot place in the order
NEVER: int | None = None

Step = int | None


def later(*steps: Step) -> Step:
    """The latest of some steps; ``None`` (never) if any is never."""
    out = -1
    for s in steps:
        if s is None:
            return None
        out = max(out, s)
    return out


def earliest(steps: Iterable[Step]) -> Step:
    """The earliest of some steps, ignoring nevers; ``None`` if all are never."""
    known = [s for s in steps if s is not None]
    return min(known) if known else None


def _latest_day(value: TimeValue | None) -> dt.date | None:
    if isinstance(value, PartialDate):
        return value.latest
    if isinstance(value, Interval):
        end = value.end or value.start
        return end.latest if end is not None else None
    return None


def _earliest_day(value: TimeValue | None) -> dt.date | None:
    if isinstance(value, PartialDate):
        return value.earliest
    if isinstance(value, Interval):
        start = value.start or value.end
        return start.earliest if start is not None else None
    return None


@dataclass
class Reveal:
    """The reveal step of every node, edge and attribute of a universe in one order."""

    universe: Universe
    order: WatchOrder
    works: dict[str, Step]
    characters: dict[str, Step]
    people: dict[str, Step]
    events: dict[str, Step]
    organizations: dict[str, Step]
    locations: dict[str, Step]
    #: (character, work) -> step of that appearance (portrayals included)
    appearances: dict[tuple[str, str], Step]
    #: (character, person) -> step of that portrayal
    portrayals: dict[tuple[str, str], Step]
    #: index in ``universe.relationships`` -> step
    relationships: list[Step]
    #: event -> the step of its first depiction (a mere reference does not show who took part)
    depicted: dict[str, Step]
    #: sorted running maximum of the in-universe day reached, one per step
    horizon: list[dt.date]
    _mentions: Mentions | None = None
    _source_steps: dict[str, Step] = field(default_factory=dict)

    @property
    def mentions(self) -> Mentions:
        """The reveal step of every name, to date free text by the names it mentions."""
        if self._mentions is None:
            self._mentions = Mentions.of(self)
        return self._mentions

    def text(self, text: str | None, own: Step) -> Step:
        """When a string held by something revealed at ``own`` may be shown: ``own``, or
        later if it names something revealed later (see :mod:`mcugraph.explorer.mentions`)."""
        if own is None:
            return None
        return self.mentions.step(text, own)

    # -- works -----------------------------------------------------------------

    def completed(self, work_id: str) -> Step:
        return self.order.completed.get(work_id)

    def started(self, work_id: str) -> Step:
        return self.order.started.get(work_id)

    def first_completed(self, work_ids: Iterable[str]) -> Step:
        return earliest(self.completed(w) for w in work_ids)

    def all_completed(self, work_ids: Iterable[str]) -> Step:
        ids = list(work_ids)
        return later(*(self.completed(w) for w in ids)) if ids else None

    # -- time ------------------------------------------------------------------

    def day_step(self, day: dt.date | None) -> Step:
        """The first step at which the watched works have reached in-universe ``day``."""
        if day is None:
            return None
        i = bisect.bisect_left(self.horizon, day)
        return i if i < len(self.horizon) else None

    def time_step(self, value: TimeValue | None) -> Step:
        """When a time value stops being news: its event seen, or its day reached; 0 if absent."""
        if value is None:
            return 0
        steps: list[Step] = []
        for part in bounds_of(value):
            if isinstance(part, Relative):
                kind, ident = self.universe.anchor(part)
                steps.append(self.events.get(ident) if kind == "event" else self.completed(ident))
            else:
                steps.append(self.day_step(_earliest_day(part)))
        return later(*steps)

    # -- attributes ------------------------------------------------------------

    def died(self, character: Character) -> Step:
        """When a character's death is seen: the event it names, or an event with a ``dead`` outcome."""
        own = self.characters.get(character.id)
        if character.died is None:
            return own
        if any(isinstance(p, Relative) for p in bounds_of(character.died)):
            return later(own, self.time_step(character.died))
        deaths = [
            self.events.get(e.id)
            for e in self.universe.events.values()
            if any(o.character == character.id and o.status == "dead" for o in e.outcomes)
        ]
        return later(own, earliest(deaths))

    def alias(self, character: Character, name: str) -> Step:
        """A character's alias or codename: revealed only by a watched credit under that name."""
        steps: list[Step] = []
        for p in self.universe.portrayals_of.get(character.id, ()):
            if p.credited_as == name:
                steps.extend(self.portrayal_work(p.billing, w) for w in p.works)
        return later(self.characters.get(character.id), earliest(steps))

    def age(self, character: Character, age: StatedAge) -> Step:
        if age.work is None:
            return None
        return later(self.characters.get(character.id), self.completed(age.work), self.time_step(age.at))

    def participation(self, event: Event, character_id: str) -> Step:
        """Who took part in an event is seen when it is depicted (or, never depicted, when it is named)."""
        seen = self.depicted.get(event.id) if event.depicted_in else self.events.get(event.id)
        return later(self.characters.get(character_id), self.events.get(event.id), seen)

    def residence(self, character: Character, home: Residence) -> Step:
        return later(self.characters.get(character.id), self.time_step(home.since))

    def residence_end(self, character: Character, home: Residence) -> Step:
        return later(self.residence(character, home), self.time_step(home.until))

    def relationship_end(self, index: int) -> Step:
        rel = self.universe.relationships[index]
        return later(self.relationships[index], self.time_step(rel.until))

    def relationship_note(self, index: int) -> Step:
        rel = self.universe.relationships[index]
        return later(self.relationships[index], self.all_completed(rel.works))

    def event_note(self, event: Event) -> Step:
        return later(self.events.get(event.id), self.all_completed(event.depicted_in))

    def work_note(self, work: Work) -> Step:
        return self.completed(work.id)

    def work_setting(self, work: Work) -> Step:
        if any(isinstance(p, Relative) for p in bounds_of(work.setting)):
            return later(self.works.get(work.id), self.time_step(work.setting))
        return self.works.get(work.id)

    def source(self, source_id: str) -> Step:
        """A source that is a work is revealed with it, any other at once; either waits for
        every name its title, publisher, author, address and note mention."""
        if source_id in self._source_steps:
            return self._source_steps[source_id]
        src = self.universe.sources.get(source_id)
        if src is None:
            return None
        own = self.completed(src.work) if src.work is not None else 0
        step = self.text(" ".join(x for x in (src.title, src.publisher, src.author, src.url, src.note) if x), own)
        self._source_steps[source_id] = step
        return step

    def source_publisher(self, source_id: str) -> Step:
        """When a source may be shown by its publisher alone (before its full text may be)."""
        src = self.universe.sources.get(source_id)
        if src is None or not src.publisher:
            return None
        return self.text(src.publisher, self.completed(src.work) if src.work is not None else 0)

    def portrayal_work(self, billing: str, work_id: str) -> Step:
        return self.started(work_id) if billing == "main" else self.completed(work_id)


def reveal(universe: Universe, order: WatchOrder | str = "release") -> Reveal:
    """Compute the reveal step of everything in ``universe`` for ``order``."""
    if isinstance(order, str):
        order = watch_order(universe, order)
    u = universe
    works: dict[str, Step] = {w: order.started.get(w) for w in u.works}

    def done(w: str) -> Step:
        return order.completed.get(w)

    def portrayal_step(billing: str, w: str) -> Step:
        return order.started.get(w) if billing == "main" else done(w)

    appearances: dict[tuple[str, str], Step] = {}
    portrayals: dict[tuple[str, str], Step] = {}
    for p in u.portrayals:
        for w in p.works:
            s = portrayal_step(p.billing, w)
            appearances[(p.character, w)] = earliest([appearances.get((p.character, w)), s])
            portrayals[(p.character, p.person)] = earliest([portrayals.get((p.character, p.person)), s])
    for a in u.appearances:
        for w in a.works:
            appearances[(a.character, w)] = earliest([appearances.get((a.character, w)), done(w)])

    events: dict[str, Step] = {
        e.id: earliest(done(w) for w in (*e.depicted_in, *e.referenced_in)) for e in u.events.values()
    }
    depicted: dict[str, Step] = {e.id: earliest(done(w) for w in e.depicted_in) for e in u.events.values()}

    characters: dict[str, Step] = {c: None for c in u.characters}
    for (c, _), s in appearances.items():
        characters[c] = earliest([characters.get(c), s])
    for e in u.events.values():
        for part in e.participants:
            characters[part.character] = earliest([characters.get(part.character), depicted[e.id]])

    people: dict[str, Step] = {p: None for p in u.people}
    for p in u.portrayals:
        people[p.person] = earliest([people[p.person], portrayals.get((p.character, p.person))])
    for credit in u.crew:  # a director or writer is named in the credits of the work
        people[credit.person] = earliest([people[credit.person], *(done(w) for w in credit.works)])
    # a portrayal is seen when both its character and its person are
    portrayals = {k: later(s, characters.get(k[0])) for k, s in portrayals.items()}

    # in-universe days reached, step by step
    reached: list[dt.date | None] = [None] * len(order.steps)
    dated = [(_latest_day(work.setting), done(work.id)) for work in u.works.values()]
    dated += [(_latest_day(e.when), depicted[e.id]) for e in u.events.values()]
    for day, at in dated:
        if day is not None and at is not None:
            known = reached[at]
            if known is None or day > known:
                reached[at] = day
    horizon: list[dt.date] = []
    top = dt.date.min
    for day in reached:
        if day is not None and day > top:
            top = day
        horizon.append(top)

    result = Reveal(u, order, works, characters, people, events, {}, {}, appearances, portrayals, [], depicted, horizon)

    def party(id: str) -> Step:
        return characters.get(id, 0) if id in u.characters else 0

    for rel in u.relationships:
        base = result.first_completed(rel.works) if rel.works else None
        if not rel.works:
            cited = [u.sources[s].work for s in rel.sources if s in u.sources and u.sources[s].work]
            base = result.first_completed(w for w in cited if w is not None)
        result.relationships.append(later(base, party(rel.source), party(rel.target), result.time_step(rel.since)))

    organizations: dict[str, Step] = {o: None for o in u.organizations}
    for i, rel in enumerate(u.relationships):
        for end in (rel.source, rel.target):
            if end in u.organizations:
                organizations[end] = earliest([organizations[end], result.relationships[i]])
    for e in u.events.values():
        for out in e.outcomes:
            if out.organization is not None and out.organization in organizations:
                organizations[out.organization] = earliest([organizations[out.organization], events[e.id]])
    result.organizations = organizations

    locations: dict[str, Step] = {loc: None for loc in u.locations}

    def touch(loc: str | None, s: Step) -> None:
        seen: set[str] = set()
        while loc is not None and loc in locations and loc not in seen:
            seen.add(loc)
            locations[loc] = earliest([locations[loc], s])
            loc = u.locations[loc].within

    for e in u.events.values():
        touch(e.place, events[e.id])
    for o in u.organizations.values():
        touch(o.based_in, organizations[o.id])
    for character in u.characters.values():
        for home in character.locations:
            touch(home.location, result.residence(character, home))
    result.locations = locations
    return result


def watched_step(universe: Universe, order: WatchOrder, watched_through: str) -> int:
    """The step ``watched_through`` (an id, name or alias of a work) reaches in ``order``."""
    from mcugraph.resolve import resolve

    _, work_id = resolve(universe, watched_through, kinds=("work",))
    return order.index(work_id, named=universe.label("work", work_id))


def _keep(step: Step, cut: int) -> bool:
    return step is not None and step <= cut


def shield(
    universe: Universe, *, watched_through: str, order: str | WatchOrder = "release", facts: Reveal | None = None
) -> Universe:
    """The universe as a fan sees it after ``watched_through`` in ``order``.

    Every node, edge and attribute revealed later (or that cannot be placed) is left out.
    Raises :class:`~mcugraph.errors.NotFoundError` for an unknown work or one the order
    does not list.
    """
    facts = facts or reveal(universe, order)
    cut = watched_step(universe, facts.order, watched_through)
    return cut_universe(facts, cut)


def cut_universe(facts: Reveal, cut: int) -> Universe:
    """The universe with everything revealed after step ``cut`` left out."""
    u = facts.universe

    def ok(step: Step) -> bool:
        return _keep(step, cut)

    cited: set[str] = set()

    def srcs(ids: tuple[str, ...]) -> tuple[str, ...]:
        kept = tuple(s for s in ids if ok(facts.source(s)))
        cited.update(kept)
        return kept

    works: dict[str, Work] = {}
    for w in u.works.values():
        if not ok(facts.works[w.id]):
            continue
        works[w.id] = replace(
            w,
            ended=w.ended if ok(facts.completed(w.id)) else None,
            setting=w.setting if ok(facts.work_setting(w)) else None,
            stated_gaps=tuple(g for g in w.stated_gaps if ok(later(facts.completed(w.id), facts.events.get(g.since)))),
            note=w.note if ok(facts.text(w.note, facts.work_note(w))) else None,
            sources=srcs(w.sources),
        )

    characters: dict[str, Character] = {}
    for c in u.characters.values():
        if not ok(facts.characters[c.id]):
            continue
        characters[c.id] = replace(
            c,
            aliases=tuple(a for a in c.aliases if ok(facts.alias(c, a))),
            codenames=tuple(a for a in c.codenames if ok(facts.alias(c, a))),
            born=c.born if ok(later(facts.characters[c.id], facts.time_step(c.born))) else None,
            died=c.died if ok(facts.died(c)) else None,
            stated_ages=tuple(a for a in c.stated_ages if ok(facts.age(c, a))),
            locations=tuple(
                h if ok(facts.residence_end(c, h)) else replace(h, until=None)
                for h in c.locations
                if ok(facts.residence(c, h)) and h.location in u.locations
            ),
            note=None,
            sources=srcs(c.sources),
        )

    people = {p.id: replace(p, note=None, sources=srcs(p.sources)) for p in u.people.values() if ok(facts.people[p.id])}

    portrayals = []
    for p in u.portrayals:
        if p.character not in characters or p.person not in people:
            continue
        keep = [
            i
            for i, w in enumerate(p.works)
            if ok(later(facts.portrayal_work(p.billing, w), facts.characters[p.character])) and w in works
        ]
        if keep:
            portrayals.append(
                replace(
                    p,
                    works=tuple(p.works[i] for i in keep),
                    work_marks=tuple(p.work_marks[i] for i in keep if i < len(p.work_marks)),
                    note=None,
                    sources=srcs(p.sources),
                )
            )

    appearances = []
    for a in u.appearances:
        if a.character not in characters:
            continue
        keep = [i for i, w in enumerate(a.works) if ok(facts.completed(w)) and w in works]
        if keep:
            appearances.append(
                replace(
                    a,
                    works=tuple(a.works[i] for i in keep),
                    work_marks=tuple(a.work_marks[i] for i in keep if i < len(a.work_marks)),
                    note=None,
                    sources=srcs(a.sources),
                )
            )

    events: dict[str, Event] = {}
    for e in u.events.values():
        step = facts.events[e.id]
        if not ok(step):
            continue
        events[e.id] = e  # placeholder so part_of can look up kept events below
    for eid in list(events):
        e = u.events[eid]
        events[eid] = replace(
            e,
            when=e.when if ok(later(facts.events[eid], facts.time_step(e.when))) else None,
            participants=tuple(
                p for p in e.participants if p.character in characters and ok(facts.participation(e, p.character))
            ),
            depicted_in=tuple(w for w in e.depicted_in if ok(facts.completed(w)) and w in works),
            referenced_in=tuple(w for w in e.referenced_in if ok(facts.completed(w)) and w in works),
            outcomes=tuple(
                o
                for o in e.outcomes
                if (o.character is None or o.character in characters)
                and (o.organization is None or ok(facts.organizations.get(o.organization)))
            ),
            part_of=e.part_of if e.part_of in events else None,
            place=e.place if e.place is not None and ok(facts.locations.get(e.place)) else None,
            note=e.note if ok(facts.text(e.note, facts.event_note(e))) else None,
            sources=srcs(e.sources),
        )

    organizations = {
        o.id: replace(
            o,
            based_in=o.based_in if o.based_in is not None and ok(facts.locations.get(o.based_in)) else None,
            note=None,
            sources=srcs(o.sources),
        )
        for o in u.organizations.values()
        if ok(facts.organizations[o.id])
    }
    locations = {
        loc.id: replace(
            loc,
            within=loc.within if loc.within is not None and ok(facts.locations.get(loc.within)) else None,
            note=None,
            sources=srcs(loc.sources),
        )
        for loc in u.locations.values()
        if ok(facts.locations[loc.id])
    }

    relationships: list[Relationship] = []
    for i, rel in enumerate(u.relationships):
        if not ok(facts.relationships[i]):
            continue
        parties_ok = all(p in characters or p in organizations for p in (rel.source, rel.target))
        if not parties_ok:
            continue
        relationships.append(
            replace(
                rel,
                works=tuple(w for w in rel.works if ok(facts.completed(w)) and w in works),
                until=rel.until if ok(facts.relationship_end(i)) else None,
                note=rel.note if ok(facts.text(rel.note, facts.relationship_note(i))) else None,
                sources=srcs(rel.sources),
            )
        )

    crew = []
    for credit in u.crew:
        kept = [i for i, w in enumerate(credit.works) if w in works and ok(facts.completed(w))]
        if credit.person in people and kept:
            crew.append(
                replace(
                    credit,
                    works=tuple(credit.works[i] for i in kept),
                    work_marks=tuple(credit.work_marks[i] for i in kept if i < len(credit.work_marks)),
                    note=None,
                    sources=srcs(credit.sources),
                )
            )

    orders = {o.id: replace(o, items=tuple(w for w in o.items if w in works), item_marks=()) for o in u.orders.values()}
    sources = {s: u.sources[s] for s in u.sources if s in cited}
    return Universe(
        info=u.info,
        sources=sources,
        works=works,
        people=people,
        characters=characters,
        portrayals=portrayals,
        appearances=appearances,
        crew=crew,
        events=events,
        organizations=organizations,
        locations=locations,
        relationships=relationships,
        orders=orders,
        acknowledged=[],
        files=u.files,
    )
