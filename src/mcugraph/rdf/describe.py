"""The VoID/DCAT description of an export: what it holds, its licence, version and links.

The description travels inside every export (so a dump describes itself) and is also
written alone as ``void.ttl``. Its counts are of the whole dump, the description's own
triples included. It carries no date of generation (``issued`` and ``modified`` are the
dates the universe file states): the same data gives the same bytes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

from mcugraph.formats import ExportFormat
from mcugraph.model import Universe
from mcugraph.rdf.terms import Lit, Object, Triple, lang_lit, safe_iri, sort_key
from mcugraph.rdf.vocab import DCAT, DCTERMS, FOAF, MCG, OWL, PROV, RDF_TYPE, RDFS, SCHEMA, VOID, WD, XSD, ontology_of

__all__ = [
    "DUMPS",
    "Dump",
    "ONTOLOGY_IRI",
    "SHAPES_IRI",
    "Summary",
    "dataset_iri",
    "ontology_iri",
    "shapes_iri",
    "dump_names",
    "describe",
    "summarize",
    "Tally",
]

#: The IRIs of the ontology and of its shapes under the default namespace
#: (:func:`ontology_iri` and :func:`shapes_iri` give a universe's own).
ONTOLOGY_IRI = ontology_of(MCG)
SHAPES_IRI = ONTOLOGY_IRI + "/shapes"


def ontology_iri(universe: Universe) -> str:
    """The IRI of the ontology the universe's data uses (``https://w3id.org/mcugraph/ontology``)."""
    return ontology_of(universe.info.ontology_iri)


def shapes_iri(universe: Universe) -> str:
    return ontology_iri(universe) + "/shapes"


@dataclass(frozen=True, slots=True)
class Dump:
    """One downloadable file of the dataset."""

    format: ExportFormat
    extension: str
    media_type: str
    rdf: bool


#: The files ``mcugraph build`` writes, in the order the description lists them.
DUMPS: tuple[Dump, ...] = (
    Dump(ExportFormat.TURTLE, "ttl", "text/turtle", True),
    Dump(ExportFormat.NTRIPLES, "nt", "application/n-triples", True),
    Dump(ExportFormat.JSONLD, "jsonld", "application/ld+json", True),
    Dump(ExportFormat.GRAPHML, "graphml", "application/graphml+xml", False),
    Dump(ExportFormat.JSON, "json", "application/json", False),
)


def dataset_iri(universe: Universe) -> str:
    return f"{universe.info.base_iri}dataset"


def dump_names(universe: Universe) -> dict[str, str]:
    """format -> file name (``turtle`` -> ``mcu.ttl``)."""
    return {d.format: f"{universe.info.id}.{d.extension}" for d in DUMPS}


class Summary(NamedTuple):
    """What the description counts: triples, distinct subjects, the predicates, and the
    members of each class (sorted by class IRI)."""

    triples: int
    subjects: int
    predicates: frozenset[str]
    classes: tuple[tuple[str, int], ...]

    @property
    def properties(self) -> int:
        return len(self.predicates)

    def __add__(self, other: object) -> Summary:
        """The counts of two sets of triples whose subjects never meet (data and description)."""
        if not isinstance(other, Summary):
            return NotImplemented
        members = Counter(dict(self.classes))
        members.update(dict(other.classes))
        return Summary(
            self.triples + other.triples,
            self.subjects + other.subjects,
            self.predicates | other.predicates,
            tuple(sorted(members.items())),
        )


class Tally:
    """Gathers a :class:`Summary` from distinct triples fed one at a time in canonical order
    (a subject's triples together), holding none of them: the streaming export counts as
    it writes."""

    __slots__ = ("triples", "subjects", "predicates", "members", "_subject")

    def __init__(self) -> None:
        self.triples = 0
        self.subjects = 0
        self.predicates: set[str] = set()
        self.members: Counter[str] = Counter()
        self._subject: str | None = None

    def add(self, s: str, p: str, o: Object) -> None:
        self.extend(((s, p, o),))

    def extend(self, triples: Iterable[Triple]) -> None:
        predicates, members = self.predicates, self.members
        for s, p, o in triples:
            self.triples += 1
            if s != self._subject:
                self._subject = s
                self.subjects += 1
            predicates.add(p)
            if p == RDF_TYPE and isinstance(o, str):
                members[o] += 1

    def summary(self) -> Summary:
        return Summary(self.triples, self.subjects, frozenset(self.predicates), tuple(sorted(self.members.items())))


def summarize(data: Iterable[Triple]) -> Summary:
    """The counts of ``data``, distinct triples in canonical order."""
    tally = Tally()
    tally.extend(data)
    return tally.summary()


def _int(n: int) -> Lit:
    return Lit(str(n), XSD + "integer")


def describe(
    universe: Universe,
    data: list[Triple] | Summary,
    *,
    data_url: str | None = None,
    endpoint: str | None = None,
) -> list[Triple]:
    """The description of ``data`` (its triples, or their :class:`Summary`), in canonical order.

    Its counts (``void:triples``, subjects, properties, classes) are of the whole dump, the
    description's own triples included, so ``void:triples`` is the number of lines of the
    N-Triples file. The description's size does not depend on the numbers it states, so
    describing the data plus a first description settles in two or three rounds. Dumps are
    linked under ``data_url`` (default ``{base}data/``).
    """
    base = data if isinstance(data, Summary) else summarize(data)
    counts = base
    for _ in range(5):
        out = _describe(universe, counts, data_url=data_url, endpoint=endpoint)  # canonical order
        total = base + summarize(out)
        if total == counts:
            return out
        counts = total
    raise AssertionError("the description's counts did not settle")  # its size would depend on its numbers


def _describe(universe: Universe, counts: Summary, *, data_url: str | None, endpoint: str | None) -> list[Triple]:
    info = universe.info
    ds = dataset_iri(universe)
    url = data_url if data_url is not None else f"{info.base_iri}data/"
    out: list[Triple] = []

    def add(s: str, p: str, o: str | Lit) -> None:
        out.append((s, p, o))

    def agent(node: str, name: str) -> str:
        add(node, RDF_TYPE, FOAF + "Agent")
        add(node, FOAF + "name", Lit(name))
        return node

    add(ds, RDF_TYPE, VOID + "Dataset")
    add(ds, RDF_TYPE, DCAT + "Dataset")
    add(ds, DCTERMS + "title", Lit(info.name))
    add(ds, RDFS + "label", lang_lit(info.name, info.language))
    add(ds, DCTERMS + "identifier", Lit(info.id))
    if info.description:
        add(ds, DCTERMS + "description", lang_lit(info.description, info.language))
    add(ds, DCTERMS + "license", f"https://spdx.org/licenses/{info.license}")
    if info.version:
        add(ds, DCAT + "version", Lit(info.version))
        add(ds, OWL + "versionInfo", Lit(info.version))
    for i, name in enumerate(info.creators, 1):
        add(ds, DCTERMS + "creator", agent(f"{ds}/creator/{i}", name))
    if info.publisher:
        add(ds, DCTERMS + "publisher", agent(f"{ds}/publisher", info.publisher))
    if info.issued is not None:
        add(ds, DCTERMS + "issued", Lit(info.issued.isoformat(), XSD + "date"))
    if info.modified is not None:
        add(ds, DCTERMS + "modified", Lit(info.modified.isoformat(), XSD + "date"))
    if info.citation:
        add(ds, DCTERMS + "bibliographicCitation", Lit(info.citation))
    if info.homepage:
        add(ds, DCAT + "landingPage", safe_iri(info.homepage))
        add(ds, FOAF + "homepage", safe_iri(info.homepage))
    if info.wikidata:
        add(ds, DCTERMS + "subject", WD + info.wikidata)
    add(ds, DCTERMS + "language", Lit(info.language, XSD + "language"))
    add(ds, VOID + "uriSpace", Lit(info.base_iri))
    add(ds, DCTERMS + "conformsTo", ontology_iri(universe))
    add(ds, DCTERMS + "conformsTo", shapes_iri(universe))
    for vocabulary in (info.ontology_iri, SCHEMA, PROV):
        add(ds, VOID + "vocabulary", vocabulary)

    classes = counts.classes
    entities = sum(1 for _ in universe.entities())
    add(ds, VOID + "triples", _int(counts.triples))
    add(ds, VOID + "entities", _int(entities))
    add(ds, VOID + "distinctSubjects", _int(counts.subjects))
    add(ds, VOID + "properties", _int(counts.properties))
    add(ds, VOID + "classes", _int(len(classes)))
    for i, (cls, members) in enumerate(classes, 1):
        part = f"{ds}/class/{i}"
        add(ds, VOID + "classPartition", part)
        add(part, VOID + "class", cls)
        add(part, VOID + "entities", _int(members))

    names = dump_names(universe)
    for dump in DUMPS:
        link = url + names[dump.format]
        dist = f"{ds}/distribution/{dump.extension}"
        if dump.rdf:
            add(ds, VOID + "dataDump", link)
        add(ds, DCAT + "distribution", dist)
        add(dist, RDF_TYPE, DCAT + "Distribution")
        add(dist, DCAT + "downloadURL", link)
        add(dist, DCAT + "mediaType", f"https://www.iana.org/assignments/media-types/{dump.media_type}")
        add(dist, DCTERMS + "format", Lit(dump.media_type))
        add(dist, DCTERMS + "title", Lit(f"{info.name} ({dump.format})"))
    if endpoint is not None:
        add(ds, VOID + "sparqlEndpoint", endpoint)
    return sorted(set(out), key=sort_key)
