"""The declarative description of the source format: sections, fields, types.

One table serves three readers: the converter (types, unknown keys), the reference
checker (which section a field points into) and the JSON Schema generator, so the
rules an editor underlines are the rules ``mcugraph validate`` enforces.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from mcugraph.model import records as r
from mcugraph.model._record import fields as record_fields

__all__ = ["FieldSpec", "ObjectSpec", "SECTIONS", "OBJECTS", "ID_PATTERN", "QID_PATTERN"]

ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
QID_PATTERN = r"^Q[1-9][0-9]*$"


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """One key of a record.

    ``type`` is one of ``text``, ``int``, ``bool``, ``date``, ``time``, ``gap``, ``id``, ``qid``,
    ``iri``, ``ref``, ``enum`` or ``object``; ``many`` makes it a list.
    """

    key: str
    type: str
    doc: str
    required: bool = False
    many: bool = False
    ref: str | None = None
    choices: tuple[str, ...] = ()
    obj: str | None = None
    attr: str | None = None
    default: object = None

    name: str = dataclasses.field(default="", compare=False, repr=False)

    def __post_init__(self) -> None:
        # the record attribute this key fills; a plain field, read once per value
        object.__setattr__(self, "name", self.attr or self.key.replace("-", "_"))


@dataclass(frozen=True, slots=True)
class ObjectSpec:
    """A record kind: a section's entries, or a nested object such as a participant."""

    name: str
    record: type
    fields: tuple[FieldSpec, ...]
    doc: str
    kind: str | None = None  # the IRI/graph kind of a section's records
    by_key: dict[str, FieldSpec] = dataclasses.field(default_factory=dict, compare=False, repr=False)
    #: what the converter needs for every record, worked out once here rather than per record:
    #: the required fields, the (attribute, default) pairs filled in when a key is absent, and
    #: the record attributes that keep the position of each item of a list of references
    #: (``works`` -> ``work_marks``)
    required: tuple[FieldSpec, ...] = dataclasses.field(default=(), compare=False, repr=False)
    defaults: tuple[tuple[str, object], ...] = dataclasses.field(default=(), compare=False, repr=False)
    item_marks: dict[str, str] = dataclasses.field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self.by_key.update((f.key, f) for f in self.fields)
        set_ = object.__setattr__
        set_(self, "required", tuple(f for f in self.fields if f.required))
        set_(
            self,
            "defaults",
            tuple((f.name, f.default) for f in self.fields if not f.required and f.default is not None),
        )
        attributes = set(record_fields(self.record))
        stray = [f.name for f in self.fields if f.name not in attributes]
        if stray:  # a key that fills no field of the record: the table and the model disagree
            raise TypeError(f"{self.name}: {self.record.__name__} has no field {stray[0]!r}")
        for f in self.fields:
            target = f.name.removesuffix("s") + "_marks"
            if f.many and f.type == "ref" and target in attributes:
                self.item_marks[f.name] = target

    def field(self, key: str) -> FieldSpec | None:
        return self.by_key.get(key)


def _common(*, wikidata: bool = True) -> tuple[FieldSpec, ...]:
    fields = [
        FieldSpec("sources", "ref", "Ids of the sources that back this record.", many=True, ref="sources"),
        FieldSpec("note", "text", "Free text for editors."),
    ]
    if wikidata:
        fields.append(FieldSpec("wikidata", "qid", "Wikidata QID, only where verified in a source."))
        fields.append(FieldSpec("former_ids", "id", "Ids this record had before a rename.", many=True))
    return tuple(fields)


_ID = FieldSpec("id", "id", "Stable kebab-case identifier, unique within its section.", required=True)
_NAME = FieldSpec("name", "text", "The name in full.", required=True)
_ALIASES = FieldSpec("aliases", "text", "Other names.", many=True)

OBJECTS: dict[str, ObjectSpec] = {}


_OTHER_NAMES = FieldSpec(
    "other_names",
    "object",
    "Names from the comics, fans or marketing that the works do not use on screen.",
    many=True,
    obj="other_name",
)


def _named(name: str, record: type[r.NamedEntity], own: tuple[FieldSpec, ...], doc: str) -> ObjectSpec:
    """A section of named entities: the fields of :class:`~mcugraph.model.NamedEntity`
    (``id``, ``name``, ``aliases`` and other names first, the sources, note, Wikidata and
    former ids last) around the kind's own fields."""
    return ObjectSpec(name, record, (_ID, _NAME, _ALIASES, _OTHER_NAMES, *own, *_common()), doc, kind=name)


def _add(spec: ObjectSpec) -> ObjectSpec:
    OBJECTS[spec.name] = spec
    return spec


_add(
    ObjectSpec(
        "other_name",
        r.OtherName,
        (
            FieldSpec("name", "text", "The name.", required=True),
            FieldSpec(
                "origin",
                "enum",
                "Where the name comes from: the comics, the fans or the marketing (never the screen).",
                required=True,
                choices=r.NAME_ORIGINS,
            ),
            *_common(wikidata=False),
        ),
        "A name the works do not use on screen.",
    )
)

_add(
    ObjectSpec(
        "universe",
        r.UniverseInfo,
        (
            _ID,
            _NAME,
            FieldSpec("base_iri", "iri", "Base IRI of every record; ends in / or #.", required=True),
            FieldSpec("license", "text", "Licence of the data, as an SPDX id.", required=True),
            FieldSpec("version", "text", "Version of the data."),
            FieldSpec("description", "text", "What the universe covers."),
            FieldSpec(
                "ontology_iri",
                "iri",
                "Namespace of the ontology terms; ends in / or #. Default: the mcugraph ontology's w3id.org namespace.",
            ),
            FieldSpec("wikidata", "qid", "Wikidata QID of the narrative universe, only where verified in a source."),
            FieldSpec("language", "text", "Language tag (BCP 47) of labels and notes; default en."),
            FieldSpec("creators", "text", "Who made the dataset, one name each.", many=True),
            FieldSpec("publisher", "text", "Who publishes the dataset."),
            FieldSpec("issued", "date", "Date of first publication."),
            FieldSpec("modified", "date", "Date of the latest change."),
            FieldSpec("citation", "text", "How to cite the dataset, in words."),
            FieldSpec("homepage", "iri", "Where the dataset is described for people."),
            FieldSpec(
                "sources", "ref", "Sources of the record's own facts (its Wikidata QID).", many=True, ref="sources"
            ),
        ),
        "The universe itself (root file only).",
    )
)

_add(
    ObjectSpec(
        "source",
        r.Source,
        (
            _ID,
            FieldSpec(
                "kind",
                "enum",
                "What sort of source.",
                required=True,
                choices=("article", "press-release", "website", "book", "episode", "film", "database", "other"),
            ),
            FieldSpec("title", "text", "Title of the source.", required=True),
            FieldSpec("publisher", "text", "Who published it."),
            FieldSpec("author", "text", "Who wrote it."),
            FieldSpec("url", "iri", "Where it can be read."),
            FieldSpec("date", "date", "Publication date."),
            FieldSpec("work", "ref", "The work, when the source is the work itself.", ref="works"),
            FieldSpec("note", "text", "Free text for editors."),
        ),
        "Where a fact comes from.",
        kind="source",
    )
)

_add(
    ObjectSpec(
        "stated_gap",
        r.StatedGap,
        (
            FieldSpec("since", "ref", "The event the gap is counted from.", required=True, ref="events"),
            FieldSpec("gap", "gap", "The gap as stated, e.g. '8 years'.", required=True),
            FieldSpec("note", "text", "How the work states it."),
        ),
        "A time gap a work states on screen.",
    )
)

_add(
    ObjectSpec(
        "work",
        r.Work,
        (
            _ID,
            FieldSpec("kind", "enum", "Film, series, season, episode or special.", required=True, choices=r.WORK_KINDS),
            FieldSpec("title", "text", "Title; seasons may leave it out."),
            _ALIASES,
            FieldSpec("released", "date", "US release date; episodes inherit their season's."),
            FieldSpec("ended", "date", "Last release date of a series."),
            FieldSpec("phase", "int", "Phase number of a film."),
            FieldSpec("series", "ref", "The series of a season or episode.", ref="works"),
            FieldSpec("season", "ref", "The season of an episode.", ref="works"),
            FieldSpec("number", "int", "Season or episode number, from 1."),
            FieldSpec("network", "text", "Where a series was released."),
            FieldSpec("setting", "time", "In-universe time the work is set in."),
            FieldSpec(
                "in_sequence",
                "bool",
                "False for an episode or season not placed by its number (a flashback episode, one set"
                " out of order): it leaves the story-order chain of its season or series.",
                default=True,
            ),
            FieldSpec("stated_gaps", "object", "Time gaps stated on screen.", many=True, obj="stated_gap"),
            *_common(),
        ),
        "A film, series, season, episode or special.",
        kind="work",
    )
)

_add(
    _named(
        "person",
        r.Person,
        (
            FieldSpec(
                "roles",
                "enum",
                "What the person did.",
                many=True,
                choices=("actor", "creator", "showrunner", "director", "writer", "producer"),
            ),
        ),
        "A real person: an actor or a creator.",
    )
)

_add(
    ObjectSpec(
        "stated_age",
        r.StatedAge,
        (
            FieldSpec("age", "int", "The age in years.", required=True),
            FieldSpec("at", "time", "When the character had that age."),
            FieldSpec("work", "ref", "The work that states it.", ref="works"),
        ),
        "An age stated for a character.",
    )
)

_add(
    ObjectSpec(
        "residence",
        r.Residence,
        (
            FieldSpec("location", "ref", "Where.", required=True, ref="locations"),
            FieldSpec("from", "time", "Since when.", attr="since"),
            FieldSpec("to", "time", "Until when.", attr="until"),
        ),
        "Where a character lives or is based.",
    )
)

_add(
    _named(
        "character",
        r.Character,
        (
            FieldSpec("codenames", "text", "Hero or villain names.", many=True),
            FieldSpec("species", "text", "Species, if not human."),
            FieldSpec("born", "time", "In-universe birth."),
            FieldSpec("died", "time", "In-universe death."),
            FieldSpec("stated_ages", "object", "Ages stated on screen.", many=True, obj="stated_age"),
            FieldSpec("locations", "object", "Where the character lives or is based.", many=True, obj="residence"),
            FieldSpec(
                "variant_of",
                "ref",
                "The character this one is a counterpart of, from another world or timeline: linked, with a"
                " life of its own.",
                ref="characters",
            ),
        ),
        "An in-universe character.",
    )
)

_add(
    ObjectSpec(
        "portrayal",
        r.Portrayal,
        (
            FieldSpec("person", "ref", "The actor.", required=True, ref="people"),
            FieldSpec("character", "ref", "The character.", required=True, ref="characters"),
            FieldSpec(
                "works", "ref", "The works (a season stands for its episodes).", required=True, many=True, ref="works"
            ),
            FieldSpec("billing", "enum", "Billing in those works.", choices=r.BILLINGS, default="main"),
            FieldSpec("credited_as", "text", "The name in the credits, when it differs."),
            FieldSpec(
                "life_stage", "enum", "The character's age in this portrayal.", choices=r.LIFE_STAGES, default="adult"
            ),
            *_common(wikidata=False),
        ),
        "Who played whom, in what.",
    )
)

_add(
    ObjectSpec(
        "appearance",
        r.Appearance,
        (
            FieldSpec("character", "ref", "The character.", required=True, ref="characters"),
            FieldSpec("works", "ref", "The works or episodes.", required=True, many=True, ref="works"),
            FieldSpec("mode", "enum", "How the character appears.", choices=r.APPEARANCE_MODES, default="on-screen"),
            FieldSpec(
                "as_of",
                "time",
                "The point of the character's own life the works show, where it is not the works' own"
                " time (time travel: the 2014 self seen in a film set in 2023).",
            ),
            *_common(wikidata=False),
        ),
        "Where a character is seen, heard or mentioned.",
    )
)

_add(
    ObjectSpec(
        "credit",
        r.Credit,
        (
            FieldSpec("person", "ref", "The director or writer.", required=True, ref="people"),
            FieldSpec("job", "enum", "What the person did on these works.", required=True, choices=r.JOBS),
            FieldSpec(
                "works",
                "ref",
                "The episodes or films (a season stands for its episodes).",
                required=True,
                many=True,
                ref="works",
            ),
            FieldSpec(
                "credit",
                "enum",
                "How a writer is credited, when it is not a plain 'Written by'.",
                choices=r.WRITING_CREDITS,
            ),
            *_common(wikidata=False),
        ),
        "Who directed or wrote which works.",
    )
)

_add(
    ObjectSpec(
        "participant",
        r.Participant,
        (
            FieldSpec("character", "ref", "Who took part.", required=True, ref="characters"),
            FieldSpec("role", "text", "Their role in the event."),
        ),
        "A character taking part in an event.",
    )
)

_add(
    ObjectSpec(
        "outcome",
        r.Outcome,
        (
            FieldSpec(
                "status",
                "enum",
                "The new status.",
                required=True,
                choices=(
                    "dead",
                    "alive",
                    "presumed-dead",
                    "missing",
                    "imprisoned",
                    "free",
                    "powered",
                    "depowered",
                    "founded",
                    "dissolved",
                ),
            ),
            FieldSpec("character", "ref", "The character whose status changed.", ref="characters"),
            FieldSpec("organization", "ref", "The organization whose status changed.", ref="organizations"),
        ),
        "A change of status an event brought.",
    )
)

_add(
    _named(
        "event",
        r.Event,
        (
            FieldSpec(
                "kind",
                "enum",
                "What sort of event.",
                default="other",
                choices=("battle", "death", "crossover", "team-up", "turning-point", "disaster", "other"),
            ),
            FieldSpec("when", "time", "In-universe time."),
            FieldSpec("place", "ref", "Where it happened.", ref="locations"),
            FieldSpec("participants", "object", "Who took part.", many=True, obj="participant"),
            FieldSpec("depicted_in", "ref", "Works that show it in their present.", many=True, ref="works"),
            FieldSpec(
                "flashback_in",
                "ref",
                "Works that show it only as a flashback, memory or vision.",
                many=True,
                ref="works",
            ),
            FieldSpec("referenced_in", "ref", "Works that only refer to it.", many=True, ref="works"),
            FieldSpec("part_of", "ref", "The larger event.", ref="events"),
            FieldSpec("outcomes", "object", "Changes of status.", many=True, obj="outcome"),
        ),
        "An in-universe event.",
    )
)

_add(
    _named(
        "organization",
        r.Organization,
        (
            FieldSpec(
                "kind",
                "enum",
                "What sort of organization.",
                default="other",
                choices=("business", "law-firm", "criminal", "government", "team", "cult", "other"),
            ),
            FieldSpec("based_in", "ref", "Where it is based.", ref="locations"),
        ),
        "A company, team, agency or gang.",
    )
)

_add(
    _named(
        "location",
        r.Location,
        (
            FieldSpec(
                "kind",
                "enum",
                "What sort of place.",
                default="other",
                choices=("planet", "country", "state", "city", "borough", "neighborhood", "building", "other"),
            ),
            FieldSpec("within", "ref", "The containing place.", ref="locations"),
        ),
        "A place.",
    )
)

_add(
    ObjectSpec(
        "relationship",
        r.Relationship,
        (
            FieldSpec("type", "enum", "The kind of relationship.", required=True, choices=tuple(r.RELATIONSHIP_TYPES)),
            FieldSpec(
                "from",
                "ref",
                "The first party (a character or organization).",
                required=True,
                ref="characters|organizations",
                attr="source",
            ),
            FieldSpec(
                "to",
                "ref",
                "The second party (a character or organization).",
                required=True,
                ref="characters|organizations",
                attr="target",
            ),
            FieldSpec("since", "time", "When it starts."),
            FieldSpec("until", "time", "When it ends."),
            FieldSpec("works", "ref", "The works it holds over.", many=True, ref="works"),
            *_common(wikidata=False),
        ),
        "A typed relationship between two characters, or a character and an organization.",
    )
)

_add(
    ObjectSpec(
        "order",
        r.Order,
        (
            _ID,
            _NAME,
            FieldSpec(
                "kind", "enum", "What sort of order.", choices=("chronological", "watch", "other"), default="other"
            ),
            FieldSpec("items", "ref", "The works in order.", required=True, many=True, ref="works"),
            *_common(wikidata=False),
        ),
        "A named order of works.",
        kind="order",
    )
)

_add(
    ObjectSpec(
        "acknowledgement",
        r.Acknowledgement,
        (
            FieldSpec("rule", "text", "The id of the continuity rule.", required=True),
            FieldSpec("subject", "text", "The id the finding names.", required=True),
            FieldSpec("reason", "text", "Why the conflict is accepted.", required=True),
            FieldSpec(
                "with",
                "text",
                "The other records of the conflict (ids or kind:id), as check names them: the"
                " acknowledgement then accepts exactly that conflict and no other of the same rule.",
                many=True,
                attr="conflict",
            ),
            FieldSpec("sources", "ref", "Sources for the reason.", many=True, ref="sources"),
        ),
        "A known conflict of the canon, accepted.",
    )
)

_add(
    ObjectSpec(
        "secret",
        r.Secret,
        (
            _ID,
            FieldSpec(
                "name", "text", "What the secret is, in a few words ('The doctor is the masked rider').", required=True
            ),
            FieldSpec(
                "about",
                "ref",
                "The character the secret is about (who knows it from the start).",
                required=True,
                ref="characters",
            ),
            FieldSpec("identity", "text", "The hidden identity or codename, when the secret is one."),
            *_common(wikidata=False),
        ),
        "Something hidden about a character, such as a secret identity.",
        kind="secret",
    )
)

_add(
    ObjectSpec(
        "knowledge",
        r.Knowledge,
        (
            FieldSpec("character", "ref", "Who learns the secret.", required=True, ref="characters"),
            FieldSpec("secret", "ref", "The secret.", required=True, ref="secrets"),
            FieldSpec("learns_in", "ref", "The work (best an episode) in which the character learns it.", ref="works"),
            FieldSpec("how", "text", "How the character learns it."),
            FieldSpec("forgets_in", "ref", "The work in which the character stops knowing it.", ref="works"),
            FieldSpec(
                "acts_on",
                "ref",
                "Works in which the character acts on the secret (so must know it).",
                many=True,
                ref="works",
            ),
            *_common(wikidata=False),
        ),
        "A character learns a secret in a work, or acts on it in some works.",
    )
)

#: section key -> record spec, in the order sections are documented.
SECTIONS: dict[str, ObjectSpec] = {
    "sources": OBJECTS["source"],
    "works": OBJECTS["work"],
    "people": OBJECTS["person"],
    "characters": OBJECTS["character"],
    "portrayals": OBJECTS["portrayal"],
    "appearances": OBJECTS["appearance"],
    "crew": OBJECTS["credit"],
    "events": OBJECTS["event"],
    "organizations": OBJECTS["organization"],
    "locations": OBJECTS["location"],
    "relationships": OBJECTS["relationship"],
    "orders": OBJECTS["order"],
    "acknowledged": OBJECTS["acknowledgement"],
    "secrets": OBJECTS["secret"],
    "knowledge": OBJECTS["knowledge"],
}
