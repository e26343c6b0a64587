"""Namespaces and the terms of the mcugraph ontology, as plain IRI strings.

Real-world things (works, people, release dates, portrayals) use schema.org; in-universe
things (characters, events, participation, appearances, relationships, orders) use the
project's own ontology (``mcg:``), shipped as ``ontology.ttl`` beside this module.
Sources are PROV entities. Nothing here depends on one universe: data IRIs are
``{base_iri}{kind}/{id}`` under the base IRI the universe file sets.
"""

from __future__ import annotations

from mcugraph.model import APPEARANCE_MODES, ENTITY_KINDS, RELATIONSHIP_TYPES

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
    "RDF_TYPE",
    "VOCAB_PREFIXES",
    "MINTED_KINDS",
    "RELATION_PROPERTIES",
    "MODE_INDIVIDUALS",
    "data_prefixes",
    "prefixes_for",
]

MCG = "https://mcugraph.example.org/ontology#"
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


def prefixes_for(base_iri: str) -> dict[str, str]:
    """Every prefix of an export: the vocabularies, then the universe's own kinds."""
    return {**VOCAB_PREFIXES, **data_prefixes(base_iri)}
