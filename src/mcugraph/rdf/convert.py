"""The universe as RDF triples: schema.org for the real world, ``mcg:`` for the story world.

Every record with an id gets exactly ``universe.iri(kind, id)``. Records without one
(portrayals, appearances, relationships, participations) get deterministic IRIs under
``{base}{kind}/``, built from the ids they join (``portrayal/jessica-jones--krysten-ritter``)
with ``--2``, ``--3`` for repeats; :func:`record_iris` maps every IRI back to its record.
Structured values (in-universe times, stated ages, residences, list items) hang below
their owner's IRI (``character/kilgrave/died``). No blank nodes are used, so the output
is the same every time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from mcugraph._perf import paused_gc
from mcugraph.model import (
    Appearance,
    Bound,
    Character,
    Combined,
    Credit,
    Event,
    Gap,
    Interval,
    Knowledge,
    Location,
    Order,
    Organization,
    PartialDate,
    Participant,
    Person,
    Portrayal,
    Relationship,
    Secret,
    Source,
    TimeValue,
    Universe,
    Work,
    bounds_of,
)
from mcugraph.rdf.bounds import BoundsResolver
from mcugraph.rdf.terms import RDF_LANGSTRING, Lit, Object, Triple, rebase, safe_iri, sort_key
from mcugraph.rdf.vocab import MCG, MODE_INDIVIDUALS, OWL, PROV, RDF_TYPE, RDFS, RELATION_PROPERTIES, SCHEMA, WD, XSD

__all__ = ["TAGGED", "to_triples", "MintedIris", "mint_iris", "record_iris", "work_name", "partial_date_literal"]

_WORK_CLASSES = {
    "film": SCHEMA + "Movie",
    "series": SCHEMA + "TVSeries",
    "season": SCHEMA + "TVSeason",
    "episode": SCHEMA + "TVEpisode",
}
_GAP_UNITS = {"years": "Y", "months": "M", "days": "D"}

#: Properties whose text is prose in the universe's language (labels, some generated as
#: "X as Y" or "X learns that …", and editors' notes): tagged ``@en`` (or the language the
#: universe names). Names, titles, aliases and codenames are proper names, the same in
#: every language: they stay plain strings, so a query can match them with "Jessica Jones".
TAGGED = frozenset((RDFS + "label", RDFS + "comment"))


@dataclass(frozen=True, slots=True)
class MintedIris:
    """IRIs of the records that have no id, by their position in the universe's lists."""

    portrayals: tuple[str, ...]
    appearances: tuple[str, ...]
    relationships: tuple[str, ...]
    #: event id -> one IRI per participant, in the order written
    participations: dict[str, tuple[str, ...]]
    knowledge: tuple[str, ...] = ()
    crew: tuple[str, ...] = ()


def mint_iris(universe: Universe) -> MintedIris:
    """Deterministic IRIs for portrayals, appearances, relationships and participations."""
    base = universe.info.base_iri

    def minter(kind: str) -> Callable[..., str]:
        seen: dict[str, int] = {}

        def mint(*parts: str) -> str:
            key = "--".join(parts)
            seen[key] = seen.get(key, 0) + 1
            suffix = f"--{seen[key]}" if seen[key] > 1 else ""
            return f"{base}{kind}/{key}{suffix}"

        return mint

    portrayal, appearance, relationship = minter("portrayal"), minter("appearance"), minter("relationship")
    knowledge, credit = minter("knowledge"), minter("credit")
    participations: dict[str, tuple[str, ...]] = {}
    for event in universe.events.values():
        participation = minter("participation")
        participations[event.id] = tuple(participation(event.id, p.character) for p in event.participants)
    return MintedIris(
        portrayals=tuple(portrayal(p.character, p.person) for p in universe.portrayals),
        appearances=tuple(appearance(a.character, a.mode, a.works[0]) for a in universe.appearances),
        relationships=tuple(relationship(r.source, r.type, r.target) for r in universe.relationships),
        participations=participations,
        knowledge=tuple(knowledge(k.character, k.secret) for k in universe.knowledge),
        crew=tuple(credit(c.person, c.job) for c in universe.crew),
    )


def record_iris(universe: Universe) -> dict[str, object]:
    """Every record's IRI -> the record (participations map to their :class:`Participant`).

    The continuity engine uses this to turn SPARQL answers back into records and their
    file positions.
    """
    out: dict[str, object] = {universe.iri(kind, record.id): record for kind, record in universe.entities()}
    minted = mint_iris(universe)
    out.update(zip(minted.portrayals, universe.portrayals, strict=True))
    out.update(zip(minted.appearances, universe.appearances, strict=True))
    out.update(zip(minted.relationships, universe.relationships, strict=True))
    out.update(zip(minted.knowledge, universe.knowledge, strict=True))
    out.update(zip(minted.crew, universe.crew, strict=True))
    for event in universe.events.values():
        out.update(zip(minted.participations[event.id], event.participants, strict=True))
    return out


def work_name(universe: Universe, work: Work) -> str:
    """A work's name; an untitled season reads "Series, season N"."""
    if work.title:
        return work.title
    series = universe.works.get(work.series or "")
    prefix = series.title if series is not None and series.title else (work.series or work.id)
    return f"{prefix}, season {work.number}" if work.number is not None else prefix


def partial_date_literal(value: PartialDate) -> Lit:
    """``2012`` as ``xsd:gYear``, ``2012-05`` as ``xsd:gYearMonth``, a full day as ``xsd:date``."""
    if value.month is None:
        return Lit(f"{value.year:04d}", XSD + "gYear")
    if value.day is None:
        return Lit(f"{value.year:04d}-{value.month:02d}", XSD + "gYearMonth")
    return Lit(str(value), XSD + "date")


def _date(value: dt.date) -> Lit:
    return Lit(value.isoformat(), XSD + "date")


def _int(value: int) -> Lit:
    return Lit(str(value), XSD + "integer")


def _duration(gap: Gap) -> Lit:
    if gap.unit == "weeks":
        return Lit(f"P{gap.amount * 7}D", XSD + "duration")
    return Lit(f"P{gap.amount}{_GAP_UNITS[gap.unit]}", XSD + "duration")


class _Converter:
    def __init__(self, universe: Universe, *, positions: bool) -> None:
        self.u = universe
        self.out: set[Triple] = set()
        self.bounds = BoundsResolver(universe)
        self.positions = positions
        self.language = universe.info.language

    # -- helpers -----------------------------------------------------------------

    def add(self, s: str, p: str, o: Object) -> None:
        if p in TAGGED and isinstance(o, Lit) and o.language is None:
            o = Lit(o.lexical, RDF_LANGSTRING, self.language)
        self.out.add((s, p, o))

    def text(self, s: str, p: str, value: str | None) -> None:
        if value:
            self.add(s, p, Lit(value))

    def texts(self, s: str, p: str, values: Iterable[str]) -> None:
        for value in values:
            self.text(s, p, value)

    def iri(self, kind: str, id: str) -> str:
        return self.u.iri(kind, id)

    def event_name(self, id: str) -> str:
        event = self.u.events.get(id)
        return event.name if event is not None else id

    def common(self, s: str, record: object, *, label: str, sources: tuple[str, ...] | None = None) -> None:
        """Label, note, sources, Wikidata link, former ids and position: what most records share."""
        self.add(s, RDFS + "label", Lit(label))
        self.text(s, RDFS + "comment", getattr(record, "note", None))
        for source in getattr(record, "sources", ()) if sources is None else sources:
            self.add(s, PROV + "wasDerivedFrom", self.iri("source", source))
        qid = getattr(record, "wikidata", None)
        if qid:
            self.add(s, OWL + "sameAs", WD + qid)
        self.texts(s, MCG + "formerId", getattr(record, "former_ids", ()))
        mark = getattr(record, "mark", None)
        if self.positions and mark is not None and mark.line:
            self.add(s, MCG + "definedAt", Lit(str(mark)))

    def named(self, s: str, cls: str, record: object, name: str, *, label: str | None = None) -> None:
        self.add(s, RDF_TYPE, cls)
        self.add(s, SCHEMA + "name", Lit(name))
        self.texts(s, SCHEMA + "alternateName", getattr(record, "aliases", ()))
        for i, other in enumerate(getattr(record, "other_names", ()), 1):
            node = f"{s}/other-name/{i}"
            self.add(s, MCG + "otherName", node)
            self.add(node, RDF_TYPE, MCG + "OtherName")
            self.add(node, SCHEMA + "name", Lit(other.name))
            self.add(node, MCG + "nameOrigin", Lit(other.origin))
            self.common(node, other, label=f"{other.name} ({other.origin} name of {name})")
        self.common(s, record, label=label or name)

    def time(self, owner: str, prop: str, value: TimeValue | None, suffix: str) -> None:
        """An in-universe time as a node below its owner, with the bounds it fixes.

        A combination ("in 2015, after X") is a node whose ``mcg:constraint`` parts are
        simple times, with the evidence (``mcg:basis``, ``prov:wasDerivedFrom``) on it."""
        if value is None:
            return
        node = f"{owner}/{suffix}"
        self.add(owner, prop, node)
        self._time_node(node, value)

    def _time_node(self, node: str, value: TimeValue) -> None:
        if isinstance(value, Combined):
            self.add(node, RDF_TYPE, MCG + "InUniverseTime")
            for k, part in enumerate(value.parts, 1):
                if isinstance(part, Combined):
                    self.add(node, MCG + "constraint", f"{node}/{k}")
                    self._time_node(f"{node}/{k}", part)
                else:
                    self._simple_time(node, f"{node}/{k}", part, link=MCG + "constraint")
            if value.basis is not None:
                self.add(node, MCG + "basis", Lit(value.basis))
            for source in value.sources:
                self.add(node, PROV + "wasDerivedFrom", self.iri("source", source))
            if value.note:
                self.add(node, RDFS + "comment", Lit(value.note))
            self.add(node, RDFS + "label", Lit(", ".join(self._time_label(p) for p in bounds_of(value))))
            self._time_bounds(node, value)
            return
        self._simple_time(node, node, value, link=None)

    def _time_label(self, value: Bound) -> str:
        if isinstance(value, (PartialDate, Interval)):
            return str(value)
        kind, ident = self.u.anchor(value)
        label = f"{value.relation} {self.event_name(ident) if kind == 'event' else self.u.label('work', ident)}"
        return f"{value.gap} {label}" if value.gap is not None else label

    def _simple_time(self, parent: str, node: str, value: Bound, *, link: str | None) -> None:
        if link is not None:
            self.add(parent, link, node)
        self.add(node, RDF_TYPE, MCG + "InUniverseTime")
        if isinstance(value, PartialDate):
            self.add(node, MCG + "date", partial_date_literal(value))
        elif isinstance(value, Interval):
            if value.start is not None:
                self.add(node, MCG + "start", partial_date_literal(value.start))
            if value.end is not None:
                self.add(node, MCG + "end", partial_date_literal(value.end))
        else:
            kind, ident = self.u.anchor(value)
            self.add(node, MCG + value.relation, self.iri(kind, ident))
            if value.gap is not None:
                self.add(node, MCG + "gap", _duration(value.gap))
        self.add(node, RDFS + "label", Lit(self._time_label(value)))
        self._time_bounds(node, value)

    def _time_bounds(self, node: str, value: TimeValue) -> None:
        start, end = self.bounds.of(value)
        if start is not None:
            self.add(node, MCG + "notBefore", _date(start))
        if end is not None:
            self.add(node, MCG + "notAfter", _date(end))

    # -- records -------------------------------------------------------------------

    def source(self, src: Source) -> None:
        s = self.iri("source", src.id)
        self.add(s, RDF_TYPE, PROV + "Entity")
        self.add(s, RDF_TYPE, MCG + "Source")
        self.add(s, SCHEMA + "name", Lit(src.title))
        self.add(s, MCG + "sourceKind", Lit(src.kind))
        self.text(s, SCHEMA + "publisher", src.publisher)
        self.text(s, SCHEMA + "author", src.author)
        if src.url:
            self.add(s, SCHEMA + "url", safe_iri(src.url))
        if src.date is not None:
            self.add(s, SCHEMA + "datePublished", _date(src.date))
        if src.work is not None:
            self.add(s, MCG + "work", self.iri("work", src.work))
        self.common(s, src, label=src.title)

    def work(self, work: Work) -> None:
        u = self.u
        s = self.iri("work", work.id)
        self.add(s, RDF_TYPE, SCHEMA + "CreativeWork")
        if work.kind in _WORK_CLASSES:
            self.add(s, RDF_TYPE, _WORK_CLASSES[work.kind])
        name = work_name(u, work)
        self.add(s, SCHEMA + "name", Lit(name))
        self.texts(s, SCHEMA + "alternateName", work.aliases)
        self.add(s, MCG + "workKind", Lit(work.kind))
        released = u.released(work.id)
        if released is not None:
            self.add(s, SCHEMA + "datePublished", _date(released))
        if work.ended is not None:
            self.add(s, SCHEMA + "endDate", _date(work.ended))
        if work.phase is not None:
            self.add(s, MCG + "phase", _int(work.phase))
        self.text(s, MCG + "network", work.network)
        series = u.series_of(work.id)
        children = u.children.get(work.id, [])
        if work.kind == "season":
            if series is not None:
                self.add(s, SCHEMA + "partOfSeries", self.iri("work", series))
                self.add(self.iri("work", series), SCHEMA + "containsSeason", s)
            if work.number is not None:
                self.add(s, SCHEMA + "seasonNumber", _int(work.number))
            if children:
                self.add(s, SCHEMA + "numberOfEpisodes", _int(len(children)))
        elif work.kind == "episode":
            if series is not None:
                self.add(s, SCHEMA + "partOfSeries", self.iri("work", series))
            if work.season is not None:
                self.add(s, SCHEMA + "partOfSeason", self.iri("work", work.season))
                self.add(self.iri("work", work.season), SCHEMA + "episode", s)
            if work.number is not None:
                self.add(s, SCHEMA + "episodeNumber", _int(work.number))
        elif work.kind == "series" and children:
            self.add(s, SCHEMA + "numberOfSeasons", _int(len(children)))
            episodes = sum(len(u.children.get(season.id, [])) for season in children)
            if episodes:
                self.add(s, SCHEMA + "numberOfEpisodes", _int(episodes))
        self.time(s, MCG + "setting", work.setting, "setting")
        for i, gap in enumerate(work.stated_gaps, 1):
            node = f"{s}/stated-gap/{i}"
            self.add(s, MCG + "statedGap", node)
            self.add(node, RDF_TYPE, MCG + "StatedGap")
            self.add(node, MCG + "sinceEvent", self.iri("event", gap.since))
            self.add(node, MCG + "gap", _duration(gap.gap))
            self.add(node, RDFS + "label", Lit(f"{gap.gap} after {self.event_name(gap.since)}"))
            self.text(node, RDFS + "comment", gap.note)
        # an episode without sources inherits its season's, as the source format says
        self.common(s, work, label=u.label("work", work.id) or name, sources=u.work_sources(work.id))

    def person(self, person: Person) -> None:
        s = self.iri("person", person.id)
        self.named(s, SCHEMA + "Person", person, person.name)
        self.texts(s, SCHEMA + "jobTitle", person.roles)

    def character(self, character: Character) -> None:
        s = self.iri("character", character.id)
        self.named(s, MCG + "Character", character, character.name)
        self.texts(s, MCG + "codename", character.codenames)
        self.text(s, MCG + "species", character.species)
        self.time(s, MCG + "born", character.born, "born")
        self.time(s, MCG + "died", character.died, "died")
        if character.variant_of is not None:
            self.add(s, MCG + "variantOf", self.iri("character", character.variant_of))
        for i, age in enumerate(character.stated_ages, 1):
            node = f"{s}/age/{i}"
            self.add(s, MCG + "statedAge", node)
            self.add(node, RDF_TYPE, MCG + "StatedAge")
            self.add(node, MCG + "age", _int(age.age))
            self.add(node, RDFS + "label", Lit(f"{character.name}, aged {age.age}"))
            self.time(node, MCG + "at", age.at, "at")
            if age.work is not None:
                self.add(node, MCG + "work", self.iri("work", age.work))
        for i, home in enumerate(character.locations, 1):
            node = f"{s}/residence/{i}"
            self.add(s, MCG + "residence", node)
            self.add(node, RDF_TYPE, MCG + "Residence")
            self.add(node, MCG + "location", self.iri("location", home.location))
            place = self.u.locations[home.location].name if home.location in self.u.locations else home.location
            self.add(node, RDFS + "label", Lit(f"{character.name} in {place}"))
            self.time(node, MCG + "since", home.since, "since")
            self.time(node, MCG + "until", home.until, "until")

    def portrayal(self, s: str, p: Portrayal) -> None:
        u = self.u
        person, character = self.iri("person", p.person), self.iri("character", p.character)
        char_name = u.characters[p.character].name
        self.add(s, RDF_TYPE, SCHEMA + "PerformanceRole")
        self.add(s, SCHEMA + "actor", person)
        self.add(s, SCHEMA + "characterName", Lit(char_name))
        self.add(s, MCG + "character", character)
        self.add(s, MCG + "billing", Lit(p.billing))
        self.add(s, MCG + "lifeStage", Lit(p.life_stage))
        self.text(s, MCG + "creditedAs", p.credited_as)
        self.add(character, MCG + "portrayedBy", person)
        for work in p.works:
            self.add(self.iri("work", work), SCHEMA + "actor", s)
            self.add(character, MCG + "appearsIn", self.iri("work", work))
        self.common(s, p, label=f"{u.people[p.person].name} as {char_name}")

    def credit(self, s: str, c: Credit) -> None:
        """A crew credit as a node (with its sources), and ``schema:director`` or
        ``schema:author`` from each work straight to the person, for plain queries."""
        person = self.iri("person", c.person)
        self.add(s, RDF_TYPE, MCG + "Credit")
        self.add(s, MCG + "person", person)
        self.add(s, MCG + "job", Lit(c.job))
        self.text(s, MCG + "writingCredit", c.credit)
        shortcut = SCHEMA + ("director" if c.job == "director" else "author")
        for work in c.works:
            self.add(s, MCG + "work", self.iri("work", work))
            self.add(self.iri("work", work), shortcut, person)
        titles = ", ".join(self.u.label("work", w) for w in c.works[:3]) + (" …" if len(c.works) > 3 else "")
        self.common(s, c, label=f"{self.u.people[c.person].name}, {c.job} of {titles}")

    def appearance(self, s: str, a: Appearance) -> None:
        character = self.iri("character", a.character)
        self.add(s, RDF_TYPE, MCG + "Appearance")
        self.add(s, MCG + "character", character)
        self.add(s, MCG + "mode", MODE_INDIVIDUALS[a.mode])
        shortcut = MCG + ("mentionedIn" if a.mode == "mention" else "appearsIn")
        for work in a.works:
            self.add(s, MCG + "work", self.iri("work", work))
            self.add(character, shortcut, self.iri("work", work))
        self.time(s, MCG + "asOf", a.as_of, "as-of")
        titles = ", ".join(self.u.label("work", w) for w in a.works[:3]) + (" …" if len(a.works) > 3 else "")
        self.common(s, a, label=f"{self.u.characters[a.character].name} ({a.mode}) in {titles}")

    def event(self, event: Event, participations: tuple[str, ...]) -> None:
        s = self.iri("event", event.id)
        self.named(s, MCG + "Event", event, event.name)
        self.add(s, MCG + "eventKind", Lit(event.kind))
        self.time(s, MCG + "when", event.when, "when")
        if event.place is not None:
            self.add(s, MCG + "place", self.iri("location", event.place))
        if event.part_of is not None:
            self.add(s, MCG + "partOf", self.iri("event", event.part_of))
        for work in event.depicted_in:
            self.add(s, MCG + "depictedIn", self.iri("work", work))
        for work in event.flashback_in:
            self.add(s, MCG + "flashbackIn", self.iri("work", work))
        for work in event.referenced_in:
            self.add(s, MCG + "referencedIn", self.iri("work", work))
        for node, part in zip(participations, event.participants, strict=True):
            self.participation(s, event, node, part)
        for i, outcome in enumerate(event.outcomes, 1):
            node = f"{s}/outcome/{i}"
            kind, subject = (
                ("character", outcome.character) if outcome.character else ("organization", outcome.organization)
            )
            assert subject is not None
            self.add(s, MCG + "outcome", node)
            self.add(node, RDF_TYPE, MCG + "Outcome")
            self.add(node, MCG + "affects", self.iri(kind, subject))
            self.add(node, MCG + "status", Lit(outcome.status))
            self.add(node, RDFS + "label", Lit(f"{self.u.label(kind, subject)}: {outcome.status}"))

    def participation(self, event_iri: str, event: Event, s: str, part: Participant) -> None:
        character = self.iri("character", part.character)
        self.add(event_iri, MCG + "participation", s)
        self.add(s, RDF_TYPE, MCG + "Participation")
        self.add(s, MCG + "participant", character)
        self.text(s, MCG + "role", part.role)
        self.add(character, MCG + "tookPartIn", event_iri)
        role = f" ({part.role})" if part.role else ""
        self.add(s, RDFS + "label", Lit(f"{self.u.characters[part.character].name}{role} in {event.name}"))

    def organization(self, org: Organization) -> None:
        s = self.iri("organization", org.id)
        self.named(s, MCG + "Organization", org, org.name)
        self.add(s, MCG + "organizationKind", Lit(org.kind))
        if org.based_in is not None:
            self.add(s, MCG + "basedIn", self.iri("location", org.based_in))

    def location(self, loc: Location) -> None:
        s = self.iri("location", loc.id)
        self.named(s, MCG + "Location", loc, loc.name)
        self.add(s, MCG + "locationKind", Lit(loc.kind))
        if loc.within is not None:
            self.add(s, MCG + "within", self.iri("location", loc.within))

    def relationship(self, s: str, rel: Relationship) -> None:
        u = self.u
        (source_kind, first), (target_kind, second) = u.party(rel.source), u.party(rel.target)
        source, target = self.iri(source_kind, rel.source), self.iri(target_kind, rel.target)
        prop = RELATION_PROPERTIES[rel.type]
        self.add(source, prop, target)
        if rel.kind.symmetric:
            self.add(target, prop, source)
        self.add(s, RDF_TYPE, MCG + "Relationship")
        self.add(s, MCG + "relationType", prop)
        self.add(s, MCG + "source", source)
        self.add(s, MCG + "target", target)
        self.time(s, MCG + "since", rel.since, "since")
        self.time(s, MCG + "until", rel.until, "until")
        for work in rel.works:
            self.add(s, MCG + "heldIn", self.iri("work", work))
        self.common(s, rel, label=f"{first.name} {rel.kind.label} {second.name}")

    def order(self, order: Order) -> None:
        s = self.iri("order", order.id)
        self.add(s, RDF_TYPE, SCHEMA + "ItemList")
        self.named(s, MCG + "Order", order, order.name)
        self.add(s, MCG + "orderKind", Lit(order.kind))
        self.add(s, SCHEMA + "numberOfItems", _int(len(order.items)))
        for position, work in enumerate(order.items, 1):
            node = f"{s}/item/{position}"
            self.add(s, SCHEMA + "itemListElement", node)
            self.add(node, RDF_TYPE, SCHEMA + "ListItem")
            self.add(node, SCHEMA + "position", _int(position))
            self.add(node, SCHEMA + "item", self.iri("work", work))
            self.add(node, RDFS + "label", Lit(f"{position}. {self.u.label('work', work)}"))

    def secret(self, secret: Secret) -> None:
        s = self.iri("secret", secret.id)
        self.add(s, RDF_TYPE, MCG + "Secret")
        self.add(s, SCHEMA + "name", Lit(secret.name))
        self.add(s, MCG + "about", self.iri("character", secret.about))
        self.text(s, MCG + "secretIdentity", secret.identity)
        self.common(s, secret, label=secret.name)

    def knowledge(self, s: str, k: Knowledge) -> None:
        u = self.u
        character = self.iri("character", k.character)
        secret = self.iri("secret", k.secret)
        self.add(s, RDF_TYPE, MCG + "Knowledge")
        self.add(s, MCG + "character", character)
        self.add(s, MCG + "secret", secret)
        self.text(s, MCG + "how", k.how)
        if k.learns_in is not None:
            self.add(s, MCG + "learnedIn", self.iri("work", k.learns_in))
            self.add(character, MCG + "knowsSecret", secret)
        if k.forgets_in is not None:
            self.add(s, MCG + "forgottenIn", self.iri("work", k.forgets_in))
        for work in k.acts_on:
            self.add(s, MCG + "actsOnIn", self.iri("work", work))
        who, what = u.characters[k.character].name, u.secrets[k.secret].name
        if k.learns_in is not None:
            label = f"{who} learns that {what} in {u.label('work', k.learns_in)}"
        else:
            label = f"{who} acts on knowing that {what}"
        self.common(s, k, label=label)

    def fill(self) -> None:
        """Call :meth:`add` for every triple of the universe (some more than once)."""
        for _ in self.records():
            pass

    def records(self) -> Iterator[None]:
        """Convert the universe one record at a time, pausing after each (where the streaming
        export looks at how many triples it holds)."""
        u = self.u
        minted = mint_iris(u)
        for src in u.sources.values():
            self.source(src)
            yield
        for work in u.works.values():
            self.work(work)
            yield
        for person in u.people.values():
            self.person(person)
            yield
        for character in u.characters.values():
            self.character(character)
            yield
        for s, p in zip(minted.portrayals, u.portrayals, strict=True):
            self.portrayal(s, p)
            yield
        for s, a in zip(minted.appearances, u.appearances, strict=True):
            self.appearance(s, a)
            yield
        for s, c in zip(minted.crew, u.crew, strict=True):
            self.credit(s, c)
            yield
        for event in u.events.values():
            self.event(event, minted.participations[event.id])
            yield
        for org in u.organizations.values():
            self.organization(org)
            yield
        for loc in u.locations.values():
            self.location(loc)
            yield
        for s, rel in zip(minted.relationships, u.relationships, strict=True):
            self.relationship(s, rel)
            yield
        for order in u.orders.values():
            self.order(order)
            yield
        for secret in u.secrets.values():
            self.secret(secret)
            yield
        for s, k in zip(minted.knowledge, u.knowledge, strict=True):
            self.knowledge(s, k)
            yield

    def run(self) -> list[Triple]:
        self.fill()
        return self.result()

    def result(self) -> list[Triple]:
        """The triples added, without duplicates, in canonical order."""
        # the terms are written under the default namespace; a universe may publish them elsewhere
        return rebase(sorted(self.out, key=sort_key), MCG, self.u.info.ontology_iri)


def to_triples(universe: Universe, *, positions: bool = False) -> list[Triple]:
    """Every triple describing ``universe``, in canonical order, without duplicates.

    ``positions=True`` adds ``mcg:definedAt "FILE:LINE:COL"`` to each record; it is off by
    default so that moving a record in its file does not change the export.
    """
    with paused_gc():  # a million small tuples, none in a cycle: the collector would only re-walk them
        return _Converter(universe, positions=positions).run()
