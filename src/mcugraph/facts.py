"""An entity's facts in words: what ``mcugraph show`` prints and the explorer's panel shows.

Both ask :func:`entity_facts` and word nothing themselves. Each :class:`Fact` says which
field of the record it comes from (and, for a list, which item), so the explorer can
decide when its spoiler shield reveals it; ``show`` prints the label and the text.
Links to other entities (a season's episodes, an event's participants) are not facts:
they are the graph's neighbours (:func:`mcugraph.graph.neighbours`).
"""

from __future__ import annotations

from mcugraph.continuity.words import value_words
from mcugraph.model import Universe
from mcugraph.model._record import Record, record
from mcugraph.model.records import (
    Character,
    Event,
    Location,
    NamedEntity,
    Order,
    Organization,
    Person,
    Secret,
    Source,
    Work,
)

__all__ = ["Fact", "entity_facts"]


@record
class Fact(Record):
    """One fact of an entity: ``label: text``.

    ``field`` is the record field it words (``"aliases"``, ``"born"``;
    ``"locations.until"`` for a move out of a home) and ``item`` the element of a list
    field it words (one alias, one :class:`~mcugraph.model.StatedAge`, ...), else None.
    """

    label: str
    text: str
    field: str
    item: object = None


class _Facts:
    """Collects facts, leaving out empty values."""

    def __init__(self) -> None:
        self.out: list[Fact] = []

    def add(self, label: str, value: object, field: str, item: object = None) -> None:
        if value in (None, "", ()):
            return
        self.out.append(Fact(label, str(value), field, item))


def _work(u: Universe, w: Work, f: _Facts) -> None:
    f.add("kind", w.kind, "kind")
    if w.title and u.label("work", w.id) != w.title:
        f.add("title", w.title, "title")
    for alias in w.aliases:
        f.add("also called", alias, "aliases", alias)
    if w.kind == "series":
        f.add("network", w.network, "network")
    if w.kind == "season" and w.series in u.works:
        f.add("series", u.label("work", w.series), "series")
    if w.kind == "episode" and w.season in u.works:
        f.add("season", u.label("work", w.season), "season")
    if w.number is not None:
        f.add("number", w.number, "number")
    released = u.released(w.id)  # an episode's is its season's
    f.add("released", released.isoformat() if released else None, "released")
    f.add("ended", w.ended.isoformat() if w.ended else None, "ended")
    f.add("phase", w.phase, "phase")
    f.add("set in", value_words(u, w.setting), "setting")
    for gap in w.stated_gaps:
        f.add("states", f"{gap.gap} after {u.label('event', gap.since)}", "stated_gaps", gap)
    credits = u.credits_of.get(w.id, ())
    for job, label in (("director", "directed by"), ("writer", "written by")):
        for credit in credits:
            if credit.job == job:
                how = f" ({_WRITING[credit.credit]})" if credit.credit in _WRITING else ""
                f.add(label, f"{u.label('person', credit.person)}{how}", "crew", credit)


#: how a writer's credit reads after the name; a plain "Written by" adds nothing
_WRITING = {"teleplay": "teleplay", "story": "story"}
#: the label of an other name, by its origin
_OTHER_NAME = {"comics": "comics name", "fans": "fan name", "marketing": "marketing name"}


def _character(u: Universe, c: Character, f: _Facts) -> None:
    for alias in c.aliases:
        f.add("also called", alias, "aliases", alias)
    for name in c.codenames:
        f.add("codename", name, "codenames", name)
    f.add("species", c.species, "species")
    f.add("born", value_words(u, c.born), "born")
    if c.died is not None:
        f.add("died", value_words(u, c.died) or "yes", "died")
    for age in c.stated_ages:
        where = f" in {u.label('work', age.work)}" if age.work else ""
        at = f" ({value_words(u, age.at)})" if age.at else ""
        f.add("stated age", f"{age.age}{where}{at}", "stated_ages", age)
    for home in c.locations:
        place = u.label("location", home.location)
        since = f" since {value_words(u, home.since)}" if home.since else ""
        f.add("lives in", f"{place}{since}", "locations", home)
        if home.until is not None:
            f.add("moved out of", f"{place}: {value_words(u, home.until)}", "locations.until", home)


def _event(u: Universe, e: Event, f: _Facts) -> None:
    f.add("kind", e.kind, "kind")
    for alias in e.aliases:
        f.add("also called", alias, "aliases", alias)
    f.add("when", value_words(u, e.when), "when")
    for out in e.outcomes:
        if out.character is not None:
            f.add("outcome", f"{u.label('character', out.character)}: {out.status}", "outcomes", out)
        elif out.organization is not None:
            f.add("outcome", f"{u.label('organization', out.organization)}: {out.status}", "outcomes", out)


def _other(u: Universe, record: Person | Organization | Location, f: _Facts) -> None:
    if isinstance(record, Person):
        f.add("roles", ", ".join(record.roles), "roles")
        for job, label in (("director", "directed"), ("writer", "wrote")):
            for credit in u.crew_of.get(record.id, ()):
                if credit.job == job:
                    for work_id in credit.works:
                        f.add(label, u.label("work", work_id), "crew", work_id)
    else:
        f.add("kind", record.kind, "kind")
    for alias in record.aliases:
        f.add("also called", alias, "aliases", alias)


def _source(u: Universe, s: Source, f: _Facts) -> None:
    f.add("kind", s.kind, "kind")
    f.add("title", s.title, "title")
    f.add("publisher", s.publisher, "publisher")
    f.add("author", s.author, "author")
    f.add("date", s.date.isoformat() if s.date else None, "date")
    f.add("url", s.url, "url")
    if s.work is not None:
        f.add("about", u.label("work", s.work), "work")


def _secret(u: Universe, s: Secret, f: _Facts) -> None:
    f.add("about", u.label("character", s.about), "about")
    f.add("identity", s.identity, "identity")


def _order(u: Universe, o: Order, f: _Facts) -> None:
    f.add("kind", o.kind, "kind")
    for item in o.items:
        f.add("works", u.label("work", item), "items", item)


def entity_facts(universe: Universe, kind: str, ident: str) -> tuple[Fact, ...]:
    """The facts of one entity, in the order they are shown, Wikidata last.

    Raises ``KeyError`` for a kind or id the universe does not hold (resolve names first:
    :func:`mcugraph.resolve.resolve`).
    """
    found = universe.get(kind, ident)
    if found is None:
        raise KeyError(f"{kind}:{ident}")
    f = _Facts()
    if isinstance(found, Work):
        _work(universe, found, f)
    elif isinstance(found, Character):
        _character(universe, found, f)
    elif isinstance(found, Event):
        _event(universe, found, f)
    elif isinstance(found, Source):
        _source(universe, found, f)
    elif isinstance(found, Order):
        _order(universe, found, f)
    elif isinstance(found, Secret):
        _secret(universe, found, f)
    else:
        _other(universe, found, f)
    if isinstance(found, NamedEntity):
        for other in found.other_names:
            f.add(_OTHER_NAME[other.origin], f"{other.name} (not used on screen)", "other_names", other)
    wikidata = getattr(found, "wikidata", None)
    if wikidata:
        f.add("Wikidata", wikidata, "wikidata")
    return tuple(f.out)
