"""Namespaces and the terms of the mcugraph ontology, as plain IRI strings.

Real-world things (works, people, release dates, portrayals) use schema.org; in-universe
things (characters, events, participation, appearances, relationships, orders) use the
project's own ontology (``mcg:``), shipped as ``ontology.ttl`` beside this module.
Sources are PROV entities. Nothing here depends on one universe: data IRIs are
``{base_iri}{kind}/{id}`` under the base IRI the universe file sets.

The ontology's terms are written here, and in the shipped ``ontology.ttl``, ``shapes.ttl``
and ``context.jsonld``, under :data:`MCG`, the default namespace
(``https://w3id.org/mcugraph/ontology#``). A universe file may name another
(``ontology_iri``); :func:`rebase_text` and :func:`mcugraph.rdf.terms.rebase` then move
every term and file to it, so nothing depends on the default.
"""

from __future__ import annotations

from mcugraph.model import APPEARANCE_MODES, DEFAULT_ONTOLOGY_IRI, ENTITY_KINDS, RELATIONSHIP_TYPES

__all__ = [
    "MCG",
    "SCHEMA",
    "PROV",
    "OWL",
    "RDF",
    "RDFS",
    "XSD",
    "VOID",
    "DCAT",
    "DCTERMS",
    "SH",
    "SD",
    "WD",
    "FOAF",
    "RDF_TYPE",
    "VOCAB_PREFIXES",
    "MINTED_KINDS",
    "RELATION_PROPERTIES",
    "MODE_INDIVIDUALS",
    "data_prefixes",
    "prefixes_for",
    "ontology_of",
    "rebase_text",
]

#: The namespace the ontology's terms are written in (a universe may publish them under another).
MCG = DEFAULT_ONTOLOGY_IRI
SCHEMA = "http://schema.org/"
PROV = "http://www.w3.org/ns/prov#"
OWL = "http://www.w3.org/2002/07/owl#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
VOID = "http://rdfs.org/ns/void#"
DCAT = "http://www.w3.org/ns/dcat#"
DCTERMS = "http://purl.org/dc/terms/"
SH = "http://www.w3.org/ns/shacl#"
SD = "http://www.w3.org/ns/sparql-service-description#"
WD = "http://www.wikidata.org/entity/"
FOAF = "http://xmlns.com/foaf/0.1/"

RDF_TYPE = RDF + "type"

#: The vocabulary prefixes every export and query knows, in the order Turtle lists them.
VOCAB_PREFIXES: dict[str, str] = {
    "mcg": MCG,
    "schema": SCHEMA,
    "prov": PROV,
    "owl": OWL,
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
    "void": VOID,
    "dcat": DCAT,
    "dcterms": DCTERMS,
    "wd": WD,
    "foaf": FOAF,
}

#: Kinds of records without an id; their IRIs are minted as ``{base}{kind}/{key}``.
MINTED_KINDS = ("portrayal", "appearance", "relationship", "participation", "knowledge")

_RELATION_NAMES = {
    "parent-of": "parentOf",
    "sibling": "siblingOf",
    "adoptive-sibling": "adoptiveSiblingOf",
    "spouse": "spouseOf",
    "romantic": "romanticWith",
    "friend": "friendOf",
    "ally": "allyOf",
    "enemy": "enemyOf",
    "employs": "employs",
    "lawyer-of": "lawyerOf",
    "business-partner": "businessPartnerOf",
    "mentor-of": "mentorOf",
    "member-of": "memberOf",
    "leader-of": "leaderOf",
    "owner-of": "ownerOf",
}


def _relation_name(type_name: str) -> str:
    """The ontology's local name for a relationship type; new types get a camelCase name."""
    if type_name in _RELATION_NAMES:
        return _RELATION_NAMES[type_name]
    head, *rest = type_name.split("-")
    return head + "".join(part.capitalize() for part in rest)


#: relationship type (``ally``) -> the direct property between the two parties (``mcg:allyOf``).
RELATION_PROPERTIES: dict[str, str] = {name: MCG + _relation_name(name) for name in RELATIONSHIP_TYPES}

#: appearance mode (``flashback``) -> its named individual (``mcg:Flashback``).
MODE_INDIVIDUALS: dict[str, str] = {
    mode: MCG + name
    for mode, name in zip(
        APPEARANCE_MODES, ("OnScreen", "Flashback", "Vision", "ArchiveFootage", "VoiceOnly", "Mention"), strict=True
    )
}


def data_prefixes(base_iri: str) -> dict[str, str]:
    """One prefix per kind of record (``character:`` -> ``{base}character/``)."""
    return {kind: f"{base_iri}{kind}/" for kind in (*ENTITY_KINDS, *MINTED_KINDS)}


def prefixes_for(base_iri: str, ontology: str = MCG) -> dict[str, str]:
    """Every prefix of an export: the vocabularies (``mcg:`` bound to ``ontology``), then the
    universe's own kinds."""
    return {**VOCAB_PREFIXES, "mcg": ontology, **data_prefixes(base_iri)}


def ontology_of(namespace: str) -> str:
    """The IRI of the ontology whose terms live in ``namespace`` (the namespace without its
    last ``#`` or ``/``).

    >>> ontology_of("https://w3id.org/mcugraph/ontology#")
    'https://w3id.org/mcugraph/ontology'
    """
    return namespace[:-1] if namespace.endswith(("#", "/")) else namespace


def rebase_text(text: str, ontology: str) -> str:
    """``text`` (one of the shipped ontology files) with the default namespace, and the
    ontology IRI it derives from, moved to ``ontology``.

    >>> rebase_text("<https://w3id.org/mcugraph/ontology#Event> <https://w3id.org/mcugraph/ontology/shapes>",
    ...             "https://example.org/o/")
    '<https://example.org/o/Event> <https://example.org/o/shapes>'
    """
    if ontology == MCG:
        return text
    text = text.replace(MCG, ontology)
    return text.replace(ontology_of(MCG), ontology_of(ontology))
