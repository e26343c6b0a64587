"""Questions writers ask: a timeline, the state of things at a date, the watch orders."""

from __future__ import annotations

import datetime as dt
import heapq
from dataclasses import dataclass, replace

from mcugraph.continuity.lives import dead_at, lives, screen_appearances
from mcugraph.continuity.placement import contains
from mcugraph.continuity.solver import safe_date
from mcugraph.continuity.timeline import INF, NEG, Point, Span, Timeline, resolve_timeline
from mcugraph.errors import Mark, MCUGraphError, NotFoundError
from mcugraph.model.records import Order
from mcugraph.model.time import PartialDate, parse_partial_date
from mcugraph.model.universe import Universe

__all__ = [
    "TimelineEntry",
    "timeline_of",
    "State",
    "state_at",
    "parse_at",
    "StoryPoint",
    "day_of",
    "NamedOrder",
    "OrderItem",
    "orders",
    "order_items",
    "find_order",
    "DERIVED_ORDERS",
    "ORDER_ALIASES",
    "in_universe_order",
]

_MODES = {
    "on-screen": "appears in",
    "flashback": "seen in a flashback in",
    "vision": "seen in a vision in",
    "archive": "seen in archive footage in",
    "voice": "heard in",
    "mention": "mentioned in",
}
_SORT_LIMIT = 800  # beyond this many rows, sort by dates alone (the pairwise order is quadratic)


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    """One row of a timeline: when, what, and where it was released."""

    when: Span
    what: str
    kind: str
    subject: str
    work: str | None = None
    released: dt.date | None = None
    release_rank: int | None = None
    mark: Mark | None = None
    #: when, in words: the dates where known, else between the rows surely before and after
    words: str = ""


def in_words(
    tl: Timeline,
    spans: list[Span],
    names: list[str],
    *,
    landmarks: list[bool] | None = None,
    during: list[str | None] | None = None,
) -> list[str]:
    """When each of some spans (in story order) is, in words: its dates where the data gives
    them, else "during W" (``during``), else "between A and B" from the nearest landmarks it is
    surely after and before."""
    marks = landmarks or [True] * len(spans)
    inside = during or [None] * len(spans)
    out: list[str] = []
    for i, span in enumerate(spans):
        if span.start.lo > NEG or span.end.hi < INF or not span.known:
            out.append(str(span))
            continue
        if inside[i]:
            out.append(f"during {inside[i]}")
            continue
        prev = next((names[j] for j in range(i - 1, -1, -1) if marks[j] and tl.before(spans[j].end, span.start)), None)
        nxt = next(
            (names[j] for j in range(i + 1, len(spans)) if marks[j] and tl.before(span.end, spans[j].start)), None
        )
        if prev and nxt:
            out.append(f"between {prev} and {nxt}")
        elif prev or nxt:
            out.append(f"after {prev}" if prev else f"before {nxt}")
        else:
            out.append(str(span))
    return out


def _with_words(universe: Universe, tl: Timeline, rows: list[TimelineEntry]) -> list[TimelineEntry]:
    def name(r: TimelineEntry) -> str:
        if r.kind in ("appearance", "work"):
            return _short(universe, r.subject)
        return universe.label("event", r.subject) if r.kind == "event" else r.what

    def within(r: TimelineEntry) -> str | None:
        if r.kind != "event":
            return None
        shown = universe.events[r.subject].depicted_in
        return _short(universe, shown[0]) if len(shown) == 1 else None

    words = in_words(
        tl,
        [r.when for r in rows],
        [name(r) for r in rows],
        landmarks=[r.kind in ("appearance", "work") for r in rows],
        during=[within(r) for r in rows],
    )
    return [replace(r, words=w) for r, w in zip(rows, words, strict=True)]


def _short(universe: Universe, work_id: str) -> str:
    """A work's label without an episode's title: 'Daredevil 2x13', 'Daredevil season 2'."""
    work = universe.works.get(work_id)
    label = universe.label("work", work_id)
    if work is not None and work.kind == "episode" and label.endswith('"'):
        return label[: label.index(' "')]
    return label


def _release_rank(universe: Universe) -> dict[str, int]:
    """Work id -> 1-based position in release order (episodes share their season's)."""
    rank = {wid: i + 1 for i, wid in enumerate(universe.release_order)}
    out: dict[str, int] = {}
    for wid, work in universe.works.items():
        current: str | None = wid
        while current is not None and current not in rank:
            w = universe.works[current]
            current = w.season if w.kind == "episode" else w.series if w.kind == "season" else None
        if current is not None:
            out[wid] = rank[current]
        elif work.kind == "series":
            seasons = [rank[c.id] for c in universe.children.get(wid, ()) if c.id in rank]
            if seasons:
                out[wid] = min(seasons)
    return out


def _first_release(universe: Universe, works: tuple[str, ...]) -> str | None:
    dated = [(d, w) for w in works if (d := universe.released(w)) is not None]
    return min(dated)[1] if dated else (works[0] if works else None)


def _key(entry: TimelineEntry) -> tuple[int, int, int, str]:
    start, end = entry.when.start, entry.when.end
    lo = start.lo if start.lo > NEG else (NEG if end.hi < INF or start.hi < INF else INF)
    return (lo, end.hi, entry.release_rank or 10**6, entry.what)


def in_order(tl: Timeline, entries: list[TimelineEntry]) -> list[TimelineEntry]:
    """Entries in in-universe order: what is surely earlier comes first, the rest by date,
    then release order."""
    if len(entries) > _SORT_LIMIT:
        return sorted(entries, key=_key)
    n = len(entries)
    after: list[list[int]] = [[] for _ in range(n)]
    waiting = [0] * n
    for i in range(n):
        for j in range(n):
            if i != j and tl.before(entries[i].when.start, entries[j].when.start):
                after[i].append(j)
                waiting[j] += 1
    ready = [(_key(entries[i]), i) for i in range(n) if waiting[i] == 0]
    heapq.heapify(ready)
    out: list[TimelineEntry] = []
    while ready:
        _, i = heapq.heappop(ready)
        out.append(entries[i])
        for j in after[i]:
            waiting[j] -= 1
            if waiting[j] == 0:
                heapq.heappush(ready, (_key(entries[j]), j))
    if len(out) < n:  # cannot happen with a consistent order; keep every row regardless
        placed = {id(e) for e in out}
        out.extend(sorted((e for e in entries if id(e) not in placed), key=_key))
    return out


def timeline_of(universe: Universe, kind: str, ident: str, *, timeline: Timeline | None = None) -> list[TimelineEntry]:
    """A character's, location's or work's events and appearances in in-universe order."""
    tl = timeline or resolve_timeline(universe)
    ranks = _release_rank(universe)

    def entry(
        when: Span, what: str, kind_: str, subject: str, works: tuple[str, ...] = (), mark: Mark | None = None
    ) -> TimelineEntry:
        work = _first_release(universe, works)
        return TimelineEntry(
            when,
            what,
            kind_,
            subject,
            work,
            universe.released(work) if work else None,
            ranks.get(work) if work else None,
            mark,
        )

    def event_row(eid: str, prefix: str = "") -> TimelineEntry:
        ev = universe.events[eid]
        return entry(tl.events[eid], f"{prefix}{ev.name}", "event", eid, ev.depicted_in or ev.referenced_in, ev.mark)

    rows: list[TimelineEntry] = []
    if kind == "character":
        character = universe.characters[ident]
        life = lives(universe, tl).get(ident)
        if ident in tl.born:
            rows.append(entry(Span(tl.born[ident], tl.born[ident]), "born", "birth", ident, mark=character.mark))
        if life is not None:
            for death in life.deaths:
                if death.event is None:
                    rows.append(entry(Span(death.point, death.point), "dies", "death", ident, mark=death.mark))
        for ev in universe.events.values():
            for part in ev.participants:
                if part.character == ident:
                    role = f" ({part.role})" if part.role else ""
                    rows.append(
                        event_row(ev.id, "")
                        if not role
                        else entry(
                            tl.events[ev.id],
                            f"{ev.name}{role}",
                            "event",
                            ev.id,
                            ev.depicted_in or ev.referenced_in,
                            ev.mark,
                        )
                    )
        seen: set[tuple[str, str]] = set()
        for wid, mode, mark in screen_appearances(universe).get(ident, ()):
            if (wid, mode) in seen:
                continue
            seen.add((wid, mode))
            rows.append(
                entry(
                    tl.works.get(wid, Span()),
                    f"{_MODES[mode]} {universe.label('work', wid)}",
                    "appearance",
                    wid,
                    (wid,),
                    mark,
                )
            )
        for home in character.locations:
            rows.append(
                entry(
                    Span(tl.point(home.since), tl.point(home.until)),
                    f"lives in {universe.label('location', home.location)}",
                    "residence",
                    home.location,
                    mark=home.mark,
                )
            )
    elif kind == "location":
        for ev in universe.events.values():
            if ev.place is not None and contains(universe, ident, ev.place):
                where = "" if ev.place == ident else f" (at {universe.label('location', ev.place)})"
                rows.append(
                    entry(
                        tl.events[ev.id],
                        f"{ev.name}{where}",
                        "event",
                        ev.id,
                        ev.depicted_in or ev.referenced_in,
                        ev.mark,
                    )
                )
        for cid, character in universe.characters.items():
            for home in character.locations:
                if contains(universe, ident, home.location):
                    rows.append(
                        entry(
                            Span(tl.point(home.since), tl.point(home.until)),
                            f"{character.name} lives here",
                            "residence",
                            cid,
                            mark=home.mark,
                        )
                    )
    elif kind == "work":
        parts = universe.parts(ident)
        for piece in parts[1:]:
            rows.append(
                entry(
                    tl.works.get(piece, Span()),
                    universe.label("work", piece),
                    "work",
                    piece,
                    (piece,),
                    universe.works[piece].mark,
                )
            )
        inside = set(parts)
        for ev in universe.events.values():
            if inside & set(ev.depicted_in):
                rows.append(event_row(ev.id))
            elif inside & set(ev.referenced_in):
                rows.append(event_row(ev.id, "referred to: "))
    else:
        raise MCUGraphError(f"a timeline is for a character, a location or a work; '{ident}' is a {kind}")
    return _with_words(universe, tl, in_order(tl, rows))


# -- the state of things at a date --------------------------------------------------


@dataclass(frozen=True, slots=True)
class State:
    """What is true of a character or organization at one point of the story."""

    kind: str
    id: str
    #: the point, as shown: a date ("2015") or "the end of Daredevil 2x04 …"
    date: str
    life: str
    why: str
    statuses: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    affiliations: tuple[str, ...] = ()
    relationships: tuple[str, ...] = ()
    knowledge: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class StoryPoint:
    """A point of the story: a date, a month or a year, or the end of a work or an event."""

    label: str
    point: Point
    date: PartialDate | None = None
    work: str | None = None


def parse_at(text: str, universe: Universe | None = None, timeline: Timeline | None = None) -> StoryPoint:
    """A point of the story: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``, or (given a universe) a
    work or an event, by id or name, meaning "as of the end of it" in story time.

    >>> parse_at("2012-05").label
    '2012-05'
    """
    try:
        date = parse_partial_date(text)
    except ValueError as exc:
        if universe is None or text[:1].isdigit():  # a date written wrongly, not a name
            raise MCUGraphError(str(exc)) from None
        date = None
    if date is not None:
        return StoryPoint(str(date), Point(date.earliest.toordinal(), date.latest.toordinal()), date)
    assert universe is not None
    from mcugraph.resolve import resolve

    try:
        kind, ident = resolve(universe, text, kinds=("work", "event"))
    except NotFoundError as exc:
        raise NotFoundError(f"{exc} (a point of the story is a date YYYY[-MM[-DD]], a work or an event)") from None
    tl = timeline or resolve_timeline(universe)
    point = tl.end_of(kind, ident)
    if not point.known:
        raise MCUGraphError(f"{universe.label(kind, ident)} ({ident}) cannot be placed in story time")
    return StoryPoint(f"the end of {universe.label(kind, ident)}", point, None, ident if kind == "work" else None)


def day_of(universe: Universe, text: str, *, timeline: Timeline | None = None) -> dt.date:
    """The day a date parameter means: a full date as written; a year or a month, its last
    day; a work or an event, the latest day its end can be in story time ("as of the end").

    >>> day_of(None, "2013")  # type: ignore[arg-type]
    datetime.date(2013, 12, 31)
    """
    at = parse_at(text, universe, timeline)
    day = safe_date(at.point.hi) if at.point.hi < INF else None
    if day is None:
        raise MCUGraphError(
            f"{at.label} has no day in story time yet (it is placed only relative to other works):"
            " give a date YYYY[-MM[-DD]]"
        )
    return day


def _age(born: dt.date, at: dt.date) -> int:
    return at.year - born.year - ((at.month, at.day) < (born.month, born.day))


def state_at(
    universe: Universe,
    kind: str,
    ident: str,
    at: StoryPoint | PartialDate | str,
    *,
    timeline: Timeline | None = None,
) -> State:
    """Alive or not, where, affiliations and relationships at a point of the story.

    A line is definite where the data settles it (by dates, or by the order of the story:
    episodes follow their numbers, events lie within the works that show them) and says
    "possibly" only where it does not.
    """
    if kind not in ("character", "organization"):
        raise MCUGraphError(f"a state is answered for characters and organizations; '{ident}' is a {kind}")
    tl = timeline or resolve_timeline(universe)
    if isinstance(at, str):
        at = parse_at(at, universe, tl)
    elif isinstance(at, PartialDate):
        at = StoryPoint(str(at), Point(at.earliest.toordinal(), at.latest.toordinal()), at)
    moment = at.point

    def holds(span: Span, *, ends: bool, dated: bool, always: bool = False) -> str | None:
        """None if surely not at the point, '' if it surely holds, else a qualifier.

        ``always``: with no start written, it holds from the start (a family tie)."""
        if ends and tl.order(span.end, moment) >= 1:
            return None
        if span.start.known and tl.order(moment, span.start) == 2:
            return None
        if not dated:
            return "" if always else " (undated)"
        started = (always and not span.start.known) or tl.order(span.start, moment) >= 1
        going = not ends or tl.order(moment, span.end) >= 1
        return "" if started and going else " (possibly)"

    every_life = lives(universe, tl)
    affiliations: list[str] = []
    relationships: list[str] = []
    for rel, span in zip(universe.relationships, tl.relationships, strict=True):
        if ident not in (rel.source, rel.target):
            continue
        family = rel.kind.category == "family" and rel.type != "spouse"
        qualifier = holds(
            span,
            ends=rel.until is not None,
            dated=rel.since is not None or rel.until is not None or bool(rel.works),
            always=family and rel.since is None,
        )
        if qualifier is None:
            continue
        other = rel.target if rel.source == ident else rel.source
        okind, _ = universe.party(other)
        gone = okind == "character" and other in every_life and dead_at(tl, every_life[other], moment) is not None
        if gone and rel.kind.category not in ("family",):
            continue  # a tie with someone dead by then has ended; family ties and marriages are kept
        label = rel.kind.label if rel.source == ident else rel.kind.inverse_label
        text = f"{label} {universe.label(okind, other)}{' (dead)' if gone else ''}{qualifier}"
        (affiliations if rel.kind.category in ("membership", "work") else relationships).append(text)

    if kind == "organization":
        org = universe.organizations[ident]
        life, why = "active", "no founding or dissolution is recorded before then"
        for ev in universe.events.values():
            for outcome in ev.outcomes:
                if outcome.organization != ident:
                    continue
                when = tl.during(ev.id)
                if outcome.status == "founded" and tl.before(moment, when):
                    life, why = "not yet founded", f"founded in {ev.name} ({when})"
                elif outcome.status == "dissolved" and tl.order(when, moment) >= 1:
                    life, why = "dissolved", f"dissolved in {ev.name} ({when})"
        based = (f"based in {universe.label('location', org.based_in)}",) if org.based_in else ()
        return State(kind, ident, at.label, life, why, (), based, tuple(affiliations), tuple(relationships))

    life_data = every_life.get(ident)
    life, why = "alive", f"no death is recorded before {'the date' if at.date is not None else 'then'}"
    born = tl.born.get(ident)
    if born is not None and tl.before(moment, born):
        life, why = "not yet born", f"born {born}"
    elif life_data is not None:
        for death in life_data.deaths:
            if tl.order(death.point, moment) >= 1:
                revived = [
                    r
                    for r, _, _ in life_data.resurrections
                    if tl.order(r, moment) >= 1 and not tl.before(r, death.point)
                ]
                if not revived:
                    life, why = "dead", f"{death.text}"
                    break
            elif not tl.before(moment, death.point):
                life, why = "unknown", f"may be dead: {death.text}"
        earliest, latest = safe_date(moment.lo), safe_date(moment.hi)
        if life == "alive" and born is not None and born.hi < INF and born.lo > NEG and earliest and latest:
            born_hi, born_lo = safe_date(born.hi), safe_date(born.lo)
            if born_hi is not None and born_lo is not None:
                young, old = _age(born_hi, earliest), _age(born_lo, latest)
                why = f"aged {young}" if young == old else f"aged {young} to {old}"
    statuses: list[str] = []
    if life_data is not None:
        for event_id, status, _ in life_data.outcomes:
            if status in ("dead", "alive"):
                continue
            if tl.order(tl.events[event_id].end, moment) >= 1:
                statuses.append(f"{status} (since {universe.events[event_id].name})")
    places: list[str] = []
    character = universe.characters[ident]
    for home in character.locations:
        span = Span(tl.point(home.since), tl.point(home.until))
        q = holds(span, ends=home.until is not None, dated=home.since is not None or home.until is not None)
        if q is not None:
            places.append(f"lives in {universe.label('location', home.location)}{q if q != ' (undated)' else ''}")
    seen: list[tuple[Span, str, str]] = []
    for ev in universe.events.values():
        if ev.place is None or ev.id in tl.unplaced or not any(p.character == ident for p in ev.participants):
            continue
        span = tl.events[ev.id]
        if tl.order(span.start, moment) >= 1:
            seen.append((span, ev.name, ev.place))
    last = [x for x in seen if not any(tl.before(x[0].end, y[0].start) for y in seen if y is not x)]
    if len(last) == 1:
        span, name, place = last[0]
        now = tl.order(moment, span.end) >= 1
        places.append(f"{'at' if now else 'last seen at'} {universe.label('location', place)} ({name})")
    state = State(
        kind, ident, at.label, life, why, tuple(statuses), tuple(places), tuple(affiliations), tuple(relationships)
    )
    from mcugraph.continuity.knowledge import knowledge_lines

    return replace(state, knowledge=knowledge_lines(universe, tl, ident, at.work or moment))


# -- orders -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class NamedOrder:
    """A named order of works: written in the data, or derived (release, in-universe)."""

    id: str
    name: str
    kind: str
    items: tuple[str, ...]
    derived: bool = False
    sources: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class OrderItem:
    position: int
    work: str
    label: str
    released: dt.date | None
    setting: str


def in_universe_order(universe: Universe, *, timeline: Timeline | None = None) -> list[str]:
    """Films, seasons and specials by the in-universe time they are set in."""
    tl = timeline or resolve_timeline(universe)
    ranks = _release_rank(universe)
    rows = [
        TimelineEntry(
            tl.works.get(w.id, Span()),
            universe.label("work", w.id),
            "work",
            w.id,
            w.id,
            universe.released(w.id),
            ranks.get(w.id),
        )
        for w in universe.works.values()
        if w.kind in ("film", "season", "special")
    ]
    return [r.subject for r in in_order(tl, rows)]


def orders(universe: Universe, *, timeline: Timeline | None = None) -> list[NamedOrder]:
    """The derived release and in-universe orders, then every order the data names."""
    out = [
        NamedOrder("release", "Release order", "release", tuple(universe.release_order), True),
        NamedOrder(
            "in-universe",
            "In-universe order (by setting)",
            "chronological",
            tuple(in_universe_order(universe, timeline=timeline)),
            True,
        ),
    ]
    for order in universe.orders.values():
        out.append(_named(order))
    return out


def _named(order: Order) -> NamedOrder:
    return NamedOrder(order.id, order.name, order.kind, order.items, False, order.sources)


#: the orders every universe has, derived from the data: by release, and in story order
DERIVED_ORDERS = ("release", "in-universe")
#: other spellings accepted for them ("chronological" is the story order everywhere)
ORDER_ALIASES = {"chronological": "in-universe"}


def find_order(universe: Universe, name: str, *, timeline: Timeline | None = None) -> NamedOrder:
    """The order called ``name``, the same way for ``orders``, ``html --order`` and the explorer:
    ``release``, ``in-universe`` (alias ``chronological``), or an order of the data by id or name.
    """
    from mcugraph.resolve import fold

    if name in ORDER_ALIASES and name not in universe.orders:
        name = ORDER_ALIASES[name]
    if name == "release":
        return NamedOrder("release", "Release order", "release", tuple(universe.release_order), True)
    if name == "in-universe":
        items = tuple(in_universe_order(universe, timeline=timeline))
        return NamedOrder("in-universe", "In-universe order (by setting)", "chronological", items, True)
    match = universe.orders.get(name) or next((o for o in universe.orders.values() if fold(o.name) == fold(name)), None)
    if match is None:
        from mcugraph.validate.convert import suggest

        known = [*DERIVED_ORDERS, *universe.orders]
        hint = suggest(name, [*known, *ORDER_ALIASES])
        raise NotFoundError(f"no order is called '{name}'{hint} (orders: {', '.join(known)})")
    return _named(match)


def order_items(
    universe: Universe, name: str, *, timeline: Timeline | None = None
) -> tuple[NamedOrder, list[OrderItem]]:
    """One order, by id or name, with each work's release date and setting."""

    tl = timeline or resolve_timeline(universe)
    order = find_order(universe, name, timeline=tl)
    spans = [tl.works.get(wid, Span()) for wid in order.items]
    words = in_words(tl, spans, [universe.label("work", wid) for wid in order.items])
    items = [
        OrderItem(i + 1, wid, universe.label("work", wid), universe.released(wid), words[i])
        for i, wid in enumerate(order.items)
    ]
    return order, items
