"""The validated universe: every record, indexed, with the derived facts views need."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property

from mcugraph.errors import Mark
from mcugraph.model.records import (
    Acknowledgement,
    Appearance,
    Character,
    Credit,
    Event,
    Knowledge,
    Location,
    Order,
    Organization,
    Person,
    Portrayal,
    Relationship,
    Secret,
    Source,
    UniverseInfo,
    Work,
)
from mcugraph.model.time import Relative

__all__ = ["Universe", "Entity", "ENTITY_KINDS"]

Entity = Work | Person | Character | Event | Organization | Location | Source | Order | Secret

#: graph/IRI kind -> the Universe attribute that holds records of that kind
ENTITY_KINDS = {
    "character": "characters",
    "person": "people",
    "work": "works",
    "event": "events",
    "organization": "organizations",
    "location": "locations",
    "source": "sources",
    "order": "orders",
    "secret": "secrets",
}


@dataclass(eq=False)
class Universe:
    """Everything the source says, validated. Build it with :func:`mcugraph.load`."""

    info: UniverseInfo
    sources: dict[str, Source] = field(default_factory=dict)
    works: dict[str, Work] = field(default_factory=dict)
    people: dict[str, Person] = field(default_factory=dict)
    characters: dict[str, Character] = field(default_factory=dict)
    portrayals: list[Portrayal] = field(default_factory=list)
    appearances: list[Appearance] = field(default_factory=list)
    crew: list[Credit] = field(default_factory=list)
    events: dict[str, Event] = field(default_factory=dict)
    organizations: dict[str, Organization] = field(default_factory=dict)
    locations: dict[str, Location] = field(default_factory=dict)
    relationships: list[Relationship] = field(default_factory=list)
    orders: dict[str, Order] = field(default_factory=dict)
    acknowledged: list[Acknowledgement] = field(default_factory=list)
    secrets: dict[str, Secret] = field(default_factory=dict)
    knowledge: list[Knowledge] = field(default_factory=list)
    files: tuple[str, ...] = ()

    def __repr__(self) -> str:
        return (
            f"<Universe {self.info.id!r}: {len(self.works)} works, {len(self.characters)} characters, "
            f"{len(self.people)} people, {len(self.events)} events>"
        )

    # -- lookup ----------------------------------------------------------------

    def table(self, kind: str) -> dict[str, Entity]:
        """The records of one kind (``character``, ``work``, …) by id."""
        return getattr(self, ENTITY_KINDS[kind])

    def get(self, kind: str, id: str) -> Entity | None:
        return self.table(kind).get(id)

    def entities(self) -> Iterator[tuple[str, Entity]]:
        """Every record that has an id, with its kind, in a stable order."""
        for kind in ENTITY_KINDS:
            for record in self.table(kind).values():
                yield kind, record

    def party(self, id: str) -> tuple[str, Character | Organization]:
        """A relationship party: a character or an organization."""
        if id in self.characters:
            return "character", self.characters[id]
        return "organization", self.organizations[id]

    def anchor(self, value: Relative) -> tuple[str, str]:
        """What a placement is relative to: ``("event", id)`` or ``("work", id)``."""
        if value.kind is not None:
            return value.kind, value.target
        return ("event" if value.target in self.events else "work"), value.target

    def iri(self, kind: str, id: str) -> str:
        return f"{self.info.base_iri}{kind}/{id}"

    # -- works -----------------------------------------------------------------

    @cached_property
    def children(self) -> dict[str, list[Work]]:
        """Seasons of each series and episodes of each season, by number."""
        kids: dict[str, list[Work]] = defaultdict(list)
        for work in self.works.values():
            parent = work.season if work.kind == "episode" else work.series if work.kind == "season" else None
            if parent is not None:
                kids[parent].append(work)
        for items in kids.values():
            items.sort(key=lambda w: w.number or 0)
        return dict(kids)

    def series_of(self, work_id: str) -> str | None:
        """The series a season or episode belongs to (a series is its own)."""
        work = self.works[work_id]
        if work.kind == "series":
            return work.id
        if work.kind == "season":
            return work.series
        if work.kind == "episode" and work.season is not None:
            return self.works[work.season].series
        return None

    def parts(self, work_id: str) -> list[str]:
        """The work and everything inside it (a series' seasons and their episodes)."""
        out = [work_id]
        for child in self.children.get(work_id, ()):
            out.extend(self.parts(child.id))
        return out

    def covers(self, outer: str, inner: str) -> bool:
        """True if ``inner`` is ``outer`` or lies inside it."""
        current: str | None = inner
        while current is not None:
            if current == outer:
                return True
            work = self.works[current]
            current = work.season if work.kind == "episode" else work.series if work.kind == "season" else None
        return False

    def released(self, work_id: str) -> dt.date | None:
        """Release date, inherited from the season and series where not written."""
        # up first (an episode takes its season's date, a season its series'), then down (a
        # season or series without one takes its earliest part's): never up and down again,
        # which went round in circles when none of an episode's ancestors had a date
        chain = []
        current: str | None = work_id
        while current is not None and current in self.works and current not in chain:
            work = self.works[current]
            if work.released is not None:
                return work.released
            chain.append(current)
            current = work.season if work.kind == "episode" else work.series if work.kind == "season" else None
        for ancestor in chain:
            earliest = self._earliest_part(ancestor)
            if earliest is not None:
                return earliest
        return None

    def _earliest_part(self, work_id: str) -> dt.date | None:
        dates = [
            d
            for part in self.children.get(work_id, ())
            if (d := part.released if part.released is not None else self._earliest_part(part.id)) is not None
        ]
        return min(dates) if dates else None

    def work_sources(self, work_id: str) -> tuple[str, ...]:
        """A work's sources, inherited from its season and series where it has none."""
        work = self.works[work_id]
        if work.sources:
            return work.sources
        parent = work.season if work.kind == "episode" else work.series if work.kind == "season" else None
        return self.work_sources(parent) if parent is not None and parent in self.works else ()

    def label(self, kind: str, id: str) -> str:
        """A human label for any entity: a season reads "Jessica Jones, season 2"."""
        record = self.get(kind, id)
        if record is None:
            return id
        if isinstance(record, Work):
            if record.kind == "episode" and record.season in self.works:
                season = self.works[record.season]
                series = self.works.get(season.series or "")
                prefix = series.title if series else season.title
                return f'{prefix} {season.number}x{record.number:02d} "{record.title}"'
            return record.title
        if isinstance(record, Source):
            return record.title
        return record.name

    @cached_property
    def release_order(self) -> list[str]:
        """Films, seasons and specials by release date (episodes follow their season)."""
        dated = [
            (d, w.id)
            for w in self.works.values()
            if w.kind in ("film", "season", "special") and (d := self.released(w.id)) is not None
        ]
        return [wid for _, wid in sorted(dated)]

    # -- crew ------------------------------------------------------------------

    @cached_property
    def credits_of(self) -> dict[str, list[Credit]]:
        """Work id -> its crew credits, in file order; an episode also gets its season's."""
        out: dict[str, list[Credit]] = defaultdict(list)
        for credit in self.crew:
            for work_id in credit.works:
                out[work_id].append(credit)
        for work in self.works.values():
            if work.kind == "episode" and work.season in out:
                out[work.id].extend(c for c in out[work.season] if c not in out[work.id])
        return dict(out)

    @cached_property
    def crew_of(self) -> dict[str, list[Credit]]:
        """Person id -> their crew credits, in file order."""
        out: dict[str, list[Credit]] = defaultdict(list)
        for credit in self.crew:
            out[credit.person].append(credit)
        return dict(out)

    # -- characters -------------------------------------------------------------

    @cached_property
    def portrayals_of(self) -> dict[str, list[Portrayal]]:
        out: dict[str, list[Portrayal]] = defaultdict(list)
        for p in self.portrayals:
            out[p.character].append(p)
        return dict(out)

    @cached_property
    def appearances_of(self) -> dict[str, list[tuple[str, str, Mark]]]:
        """Character id -> (work id, mode, mark), from appearances and portrayals."""
        out: dict[str, list[tuple[str, str, Mark]]] = defaultdict(list)
        for p in self.portrayals:
            for i, w in enumerate(p.works):
                out[p.character].append((w, "on-screen", p.work_marks[i] if i < len(p.work_marks) else p.mark))
        for a in self.appearances:
            for i, w in enumerate(a.works):
                out[a.character].append((w, a.mode, a.work_marks[i] if i < len(a.work_marks) else a.mark))
        return dict(out)

    def series_of_character(self, character_id: str) -> set[str]:
        """The series and films a character is seen in (on screen, any mode but mention)."""
        out: set[str] = set()
        for work_id, mode, _ in self.appearances_of.get(character_id, ()):
            if mode == "mention":
                continue
            out.add(self.series_of(work_id) or work_id)
        return out
