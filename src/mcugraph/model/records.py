"""The records of a universe: frozen, hashable values that remember where they were written.

Every record carries ``mark``, the file, line and column of its YAML mapping, so every
diagnostic, finding and provenance link can point back to the line a human edits.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import field

from mcugraph.errors import Mark
from mcugraph.model._record import Record, record
from mcugraph.model.time import Gap, TimeValue

__all__ = [
    "UniverseInfo",
    "DEFAULT_ONTOLOGY_IRI",
    "NamedEntity",
    "Source",
    "Work",
    "StatedGap",
    "Person",
    "Character",
    "StatedAge",
    "Residence",
    "Portrayal",
    "Appearance",
    "Credit",
    "OtherName",
    "Participant",
    "Outcome",
    "Event",
    "Organization",
    "Location",
    "Relationship",
    "Order",
    "Acknowledgement",
    "Secret",
    "Knowledge",
    "WORK_KINDS",
    "APPEARANCE_MODES",
    "BILLINGS",
    "LIFE_STAGES",
    "JOBS",
    "WRITING_CREDITS",
    "NAME_ORIGINS",
    "RELATIONSHIP_TYPES",
    "RelationshipType",
]

_NOWHERE = Mark("<unknown>", 0, 0)

#: The namespace of the mcugraph ontology when a universe names none: the persistent
#: w3id.org namespace the shipped ontology, shapes and context are written in.
DEFAULT_ONTOLOGY_IRI = "https://w3id.org/mcugraph/ontology#"

WORK_KINDS = ("film", "series", "season", "episode", "special")
APPEARANCE_MODES = ("on-screen", "flashback", "vision", "archive", "voice", "mention")
#: "unknown": a source puts the actor in the part but none says how the credits bill them
BILLINGS = ("main", "recurring", "guest", "cameo", "voice", "uncredited", "unknown")
LIFE_STAGES = ("child", "teen", "young", "adult", "old")
#: what a person did on a work, as the crew section records it
JOBS = ("director", "writer")
#: how a writer is credited: "Written by", "Teleplay by", "Story by"
WRITING_CREDITS = ("written-by", "teleplay", "story")
#: where a name that is never said on screen comes from
NAME_ORIGINS = ("comics", "fans", "marketing")


@record
class OtherName(Record):
    """A name fans know an entity by that the works do not use: a comics codename
    ("Kingpin"), a fan nickname or a marketing name. Searchable, never shown as said on
    screen."""

    name: str
    origin: str
    sources: tuple[str, ...] = ()
    note: str | None = None
    mark: Mark = field(default=_NOWHERE, compare=False)


@record
class RelationshipType(Record):
    """A kind of relationship: its direction, category, and the types it cannot overlap."""

    name: str
    symmetric: bool
    category: str
    label: str
    inverse_label: str
    to_organization: bool = False
    excludes: tuple[str, ...] = ()


RELATIONSHIP_TYPES: dict[str, RelationshipType] = {
    t.name: t
    for t in (
        RelationshipType("parent-of", False, "family", "parent of", "child of"),
        RelationshipType("sibling", True, "family", "sibling of", "sibling of"),
        RelationshipType("adoptive-sibling", True, "family", "adoptive sibling of", "adoptive sibling of"),
        RelationshipType("spouse", True, "family", "spouse of", "spouse of"),
        RelationshipType("romantic", True, "romance", "romantically involved with", "romantically involved with"),
        RelationshipType("friend", True, "friendship", "friend of", "friend of", excludes=("enemy",)),
        RelationshipType("ally", True, "friendship", "ally of", "ally of", excludes=("enemy",)),
        RelationshipType("enemy", True, "enmity", "enemy of", "enemy of", excludes=("friend", "ally")),
        RelationshipType("employs", False, "work", "employs", "employed by"),
        RelationshipType("lawyer-of", False, "work", "lawyer of", "client of"),
        RelationshipType("business-partner", True, "work", "business partner of", "business partner of"),
        RelationshipType("mentor-of", False, "work", "mentor of", "student of"),
        RelationshipType("member-of", False, "membership", "member of", "has member", to_organization=True),
        RelationshipType("leader-of", False, "membership", "leader of", "led by", to_organization=True),
        RelationshipType("owner-of", False, "membership", "owner of", "owned by", to_organization=True),
    )
}


@record
class UniverseInfo(Record):
    id: str
    name: str
    base_iri: str
    license: str
    version: str | None = None
    description: str | None = None
    ontology_iri: str = DEFAULT_ONTOLOGY_IRI
    wikidata: str | None = None
    language: str = "en"
    creators: tuple[str, ...] = ()
    publisher: str | None = None
    issued: dt.date | None = None
    modified: dt.date | None = None
    citation: str | None = None
    homepage: str | None = None
    #: the sources of the universe record's own facts (its Wikidata QID)
    sources: tuple[str, ...] = ()
    mark: Mark = field(default=_NOWHERE, compare=False)


@record
class Source(Record):
    id: str
    kind: str
    title: str
    publisher: str | None = None
    author: str | None = None
    url: str | None = None
    date: dt.date | None = None
    work: str | None = None
    note: str | None = None
    mark: Mark = field(default=_NOWHERE, compare=False)


@record
class StatedGap(Record):
    """A gap a work states on screen, such as a title card reading "8 Years Later"."""

    since: str
    gap: Gap
    note: str | None = None
    mark: Mark = field(default=_NOWHERE, compare=False)


@record
class Work(Record):
    id: str
    kind: str
    title: str = ""
    aliases: tuple[str, ...] = ()
    released: dt.date | None = None
    ended: dt.date | None = None
    phase: int | None = None
    series: str | None = None
    season: str | None = None
    number: int | None = None
    network: str | None = None
    setting: TimeValue | None = None
    #: False: not placed by its number in its season's (or series') story order
    in_sequence: bool = True
    stated_gaps: tuple[StatedGap, ...] = ()
    wikidata: str | None = None
    sources: tuple[str, ...] = ()
    note: str | None = None
    former_ids: tuple[str, ...] = ()
    mark: Mark = field(default=_NOWHERE, compare=False)

    @property
    def name(self) -> str:
        return self.title


@record
class NamedEntity(Record):
    """The fields every named entity shares: person, character, event, organization, location.

    ``id``, ``name`` and ``aliases`` come first (and may be given by position); the others
    are keyword-only, so each kind's own fields follow ``aliases`` in its constructor.
    """

    id: str
    name: str
    aliases: tuple[str, ...] = ()
    other_names: tuple[OtherName, ...] = field(default=(), kw_only=True)
    wikidata: str | None = field(default=None, kw_only=True)
    sources: tuple[str, ...] = field(default=(), kw_only=True)
    note: str | None = field(default=None, kw_only=True)
    former_ids: tuple[str, ...] = field(default=(), kw_only=True)
    mark: Mark = field(default=_NOWHERE, compare=False, kw_only=True)


@record
class Person(NamedEntity):
    roles: tuple[str, ...] = ()


@record
class StatedAge(Record):
    """An age stated for a character, at a time or in a work."""

    age: int
    at: TimeValue | None = None
    work: str | None = None
    mark: Mark = field(default=_NOWHERE, compare=False)


@record
class Residence(Record):
    """Where a character lives or is based, over an in-universe span."""

    location: str
    since: TimeValue | None = None
    until: TimeValue | None = None
    mark: Mark = field(default=_NOWHERE, compare=False)


@record
class Character(NamedEntity):
    codenames: tuple[str, ...] = ()
    species: str | None = None
    born: TimeValue | None = None
    died: TimeValue | None = None
    stated_ages: tuple[StatedAge, ...] = ()
    locations: tuple[Residence, ...] = ()
    #: a counterpart of this character, from another world or timeline
    variant_of: str | None = None


@record
class Portrayal(Record):
    person: str
    character: str
    works: tuple[str, ...]
    billing: str = "main"
    credited_as: str | None = None
    life_stage: str = "adult"
    sources: tuple[str, ...] = ()
    note: str | None = None
    mark: Mark = field(default=_NOWHERE, compare=False)
    work_marks: tuple[Mark, ...] = field(default=(), compare=False)


@record
class Appearance(Record):
    character: str
    works: tuple[str, ...]
    mode: str = "on-screen"
    #: the point of the character's own life shown, where it is not the works' time (time travel)
    as_of: TimeValue | None = None
    sources: tuple[str, ...] = ()
    note: str | None = None
    mark: Mark = field(default=_NOWHERE, compare=False)
    work_marks: tuple[Mark, ...] = field(default=(), compare=False)


@record
class Credit(Record):
    """A person's job on some works: who directed or wrote them.

    ``credit`` says how a writer is credited (``None`` is a plain "Written by"); it has no
    meaning for a director.
    """

    person: str
    job: str
    works: tuple[str, ...]
    credit: str | None = None
    sources: tuple[str, ...] = ()
    note: str | None = None
    mark: Mark = field(default=_NOWHERE, compare=False)
    work_marks: tuple[Mark, ...] = field(default=(), compare=False)


@record
class Participant(Record):
    character: str
    role: str | None = None
    mark: Mark = field(default=_NOWHERE, compare=False)


@record
class Outcome(Record):
    """What an event changed: a character's status, or an organization's."""

    status: str
    character: str | None = None
    organization: str | None = None
    mark: Mark = field(default=_NOWHERE, compare=False)


@record
class Event(NamedEntity):
    kind: str = "other"
    when: TimeValue | None = None
    place: str | None = None
    participants: tuple[Participant, ...] = ()
    depicted_in: tuple[str, ...] = ()
    flashback_in: tuple[str, ...] = ()
    referenced_in: tuple[str, ...] = ()
    part_of: str | None = None
    outcomes: tuple[Outcome, ...] = ()
    #: where each work of ``referenced_in`` is written, so a finding can point at the entry
    referenced_in_marks: tuple[Mark, ...] = field(default=(), compare=False)


@record
class Organization(NamedEntity):
    kind: str = "other"
    based_in: str | None = None


@record
class Location(NamedEntity):
    kind: str = "other"
    within: str | None = None


@record
class Relationship(Record):
    type: str
    source: str
    target: str
    since: TimeValue | None = None
    until: TimeValue | None = None
    works: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    note: str | None = None
    mark: Mark = field(default=_NOWHERE, compare=False)

    @property
    def kind(self) -> RelationshipType:
        return RELATIONSHIP_TYPES[self.type]


@record
class Order(Record):
    id: str
    name: str
    items: tuple[str, ...]
    kind: str = "other"
    sources: tuple[str, ...] = ()
    note: str | None = None
    mark: Mark = field(default=_NOWHERE, compare=False)
    item_marks: tuple[Mark, ...] = field(default=(), compare=False)


@record
class Acknowledgement(Record):
    """A known conflict of the canon, accepted so it no longer fails ``check``."""

    rule: str
    subject: str
    reason: str
    sources: tuple[str, ...] = ()
    #: the other records of the conflict (``with:``), as ``check`` names them
    conflict: tuple[str, ...] = ()
    mark: Mark = field(default=_NOWHERE, compare=False)


@record
class Secret(Record):
    """Something hidden about a character, such as a secret identity."""

    id: str
    name: str
    about: str
    identity: str | None = None
    sources: tuple[str, ...] = ()
    note: str | None = None
    mark: Mark = field(default=_NOWHERE, compare=False)


@record
class Knowledge(Record):
    """A character learns a secret in a work (and may forget it), or acts on it in some works."""

    character: str
    secret: str
    learns_in: str | None = None
    how: str | None = None
    forgets_in: str | None = None
    acts_on: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    note: str | None = None
    mark: Mark = field(default=_NOWHERE, compare=False)
    acts_on_marks: tuple[Mark, ...] = field(default=(), compare=False)
