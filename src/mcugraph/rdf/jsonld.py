"""JSON-LD with the published context: short names for every term, nodes sorted by ``@id``.

The context (``context.jsonld``, shipped beside this module, written by ``mcugraph build``
and served at ``/data/context.jsonld``) maps each term of the ontology and of the
schema.org, PROV, VoID and DCAT terms the export uses to a short name with its type.
An export embeds the context, plus ``@base`` when the universe's base IRI ends in ``/``,
so it can be read offline: ``"@id": "character/jessica-jones"``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from functools import cache
from importlib import resources
from itertools import groupby
from typing import Any

from mcugraph.rdf.blocks import render
from mcugraph.rdf.terms import Lit, Object, Triple
from mcugraph.rdf.vocab import MCG, RDF_TYPE, VOCAB_PREFIXES, XSD, rebase_text

__all__ = ["context", "to_jsonld", "JsonLdWriter", "CONTEXT_FILE"]

CONTEXT_FILE = "context.jsonld"
_SIMPLE_TERM = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


@cache
def context(ontology: str = MCG) -> dict[str, Any]:
    """The published context (the value of its ``@context`` key), its terms under ``ontology``."""
    text = resources.files("mcugraph.rdf").joinpath(CONTEXT_FILE).read_text(encoding="utf-8")
    return json.loads(rebase_text(text, ontology))["@context"]


class _Terms:
    """The context read back: IRI -> (term, coercion) and the prefixes."""

    def __init__(self, ctx: dict[str, Any]) -> None:
        self.vocab: str = ctx.get("@vocab", "")
        self.prefixes = {
            k: v for k, v in ctx.items() if isinstance(v, str) and not k.startswith("@") and v.endswith(("/", "#"))
        }
        self.by_iri: dict[str, tuple[str, str | None]] = {}
        self._longest_first = sorted(self.prefixes.items(), key=lambda kv: -len(kv[1]))
        self.names = {k for k in ctx if not k.startswith("@")}
        for term, definition in sorted(ctx.items()):
            if term.startswith("@") or term in self.prefixes:
                continue
            if isinstance(definition, str):
                iri, coercion = self.expand(definition), None
            else:
                iri, coercion = self.expand(definition["@id"]), definition.get("@type")
                if coercion not in (None, "@id", "@vocab"):
                    coercion = self.expand(coercion)
            self.by_iri.setdefault(iri, (term, coercion))

    def expand(self, value: str) -> str:
        prefix, sep, local = value.partition(":")
        if sep and prefix in self.prefixes:
            return self.prefixes[prefix] + local
        if not sep and self.vocab:
            return self.vocab + value
        return value

    def compact_iri(self, iri: str) -> str:
        """A compact IRI (``wd:Q42``) or the IRI itself."""
        for prefix, space in self._longest_first:
            local = iri[len(space) :]
            if iri.startswith(space) and local and "/" not in local and "#" not in local:
                return f"{prefix}:{local}"
        return iri

    def vocab_value(self, iri: str) -> str:
        """How an IRI is written where the context's vocabulary applies (``@type``, ``@vocab`` values)."""
        entry = self.by_iri.get(iri)
        if entry is not None:
            return entry[0]
        local = iri[len(self.vocab) :]
        if self.vocab and iri.startswith(self.vocab) and _SIMPLE_TERM.match(local) and local not in self.names:
            return local
        return self.compact_iri(iri)


@cache
def _terms(ontology: str) -> _Terms:
    return _Terms(context(ontology))


class JsonLdWriter:
    """JSON-LD, a node object per subject inside ``@graph``, formatted as ``json.dumps`` of
    the whole document (``indent=1``, keys sorted) formats it."""

    separator = ","
    opening_first = True

    def __init__(self, *, base_iri: str, ontology: str = MCG) -> None:
        self.terms = terms = _terms(ontology)
        self.base_iri = base_iri
        self.relative = base_iri.endswith("/")
        local_context: dict[str, Any] = {"@base": base_iri} if self.relative else {}
        ctx = context(ontology)
        self.document = {"@context": [ctx, local_context] if local_context else ctx, "@graph": []}
        self._encoder = json.JSONEncoder(indent=1, ensure_ascii=False, sort_keys=True)
        self._coercions = terms.by_iri

    def node_id(self, iri: str) -> str:
        base = self.base_iri
        if self.relative and iri.startswith(base) and ":" not in iri[len(base) :].split("/")[0]:
            rest = iri[len(base) :]
            if rest:
                return rest
        return self.terms.compact_iri(iri)

    def value(self, term: Object, coercion: str | None) -> Any:
        terms = self.terms
        if not isinstance(term, Lit):
            if coercion == "@id":
                return self.node_id(term)
            if coercion == "@vocab":
                return terms.vocab_value(term)
            return {"@id": self.node_id(term)}
        if term.language:
            return {"@value": term.lexical, "@language": term.language}
        if coercion is not None and coercion == term.datatype:
            return term.lexical
        if term.datatype == XSD + "string":
            # a plain string under a term that coerces to IRIs (schema:author names a person on
            # a work and is text on a source) is a value object, which no coercion touches
            return term.lexical if coercion is None else {"@value": term.lexical}
        if coercion is None and term.datatype == XSD + "integer" and term.lexical.lstrip("-").isdigit():
            return int(term.lexical)
        return {"@value": term.lexical, "@type": terms.compact_iri(term.datatype)}

    def node(self, subject: str, rows: list[Triple]) -> dict[str, Any]:
        """The node object of one subject."""
        terms = self.terms
        node: dict[str, Any] = {"@id": self.node_id(subject)}
        for predicate, group in groupby(rows, key=lambda t: t[1]):
            objects = [o for _, _, o in group]
            if predicate == RDF_TYPE:
                types = sorted(terms.vocab_value(o) for o in objects if isinstance(o, str))
                node["@type"] = types[0] if len(types) == 1 else types
                continue
            entry = self._coercions.get(predicate)
            key, coercion = entry if entry is not None else (terms.vocab_value(predicate), None)
            values = sorted((self.value(o, coercion) for o in objects), key=lambda v: json.dumps(v, sort_keys=True))
            node[key] = values[0] if len(values) == 1 else values
        return node

    def block(self, subject: str, rows: list[Triple]) -> str:
        # a node of @graph sits two levels deep: its lines are indented two more spaces
        # (every line break in the encoder's output is indentation: strings escape theirs)
        return "\n  " + self._encoder.encode(self.node(subject, rows)).replace("\n", "\n  ")

    def opening(self) -> str:
        text = self._encoder.encode(self.document)  # ends with: "@graph": []\n}
        return text[: -len("]\n}")]

    def closing(self, blocks: int) -> str:
        return ("\n ]" if blocks else "]") + "\n}\n"


def to_jsonld(triples: Iterable[Triple], *, base_iri: str, ontology: str = MCG) -> str:
    """JSON-LD text of ``triples`` (canonical order) compacted with the published context
    (its terms under ``ontology``, the universe's ontology namespace)."""
    return render(JsonLdWriter(base_iri=base_iri, ontology=ontology), triples)


def build_context() -> dict[str, Any]:
    """The context as this version of the export writes it (used to regenerate the shipped file)."""
    ctx: dict[str, Any] = {"@vocab": MCG, **VOCAB_PREFIXES}
    ctx.update(_TERMS)
    return {"@context": ctx}


def _t(iri: str, coercion: str | None = None) -> str | dict[str, str]:
    return iri if coercion is None else {"@id": iri, "@type": coercion}


_ID, _VOCAB, _DATE = "@id", "@vocab", "xsd:date"
_TERMS: dict[str, str | dict[str, str]] = {
    # classes
    "Movie": "schema:Movie",
    "TVSeries": "schema:TVSeries",
    "TVSeason": "schema:TVSeason",
    "TVEpisode": "schema:TVEpisode",
    "CreativeWork": "schema:CreativeWork",
    "Person": "schema:Person",
    "PerformanceRole": "schema:PerformanceRole",
    "ItemList": "schema:ItemList",
    "ListItem": "schema:ListItem",
    "Entity": "prov:Entity",
    "Dataset": "void:Dataset",
    "CatalogDataset": "dcat:Dataset",
    "Distribution": "dcat:Distribution",
    # shared
    "label": "rdfs:label",
    "comment": "rdfs:comment",
    "name": "schema:name",
    "alternateName": "schema:alternateName",
    "sameAs": _t("owl:sameAs", _ID),
    "wasDerivedFrom": _t("prov:wasDerivedFrom", _ID),
    # sources and works
    "publisher": "schema:publisher",
    "url": _t("schema:url", _ID),
    "datePublished": _t("schema:datePublished", _DATE),
    "endDate": _t("schema:endDate", _DATE),
    "partOfSeries": _t("schema:partOfSeries", _ID),
    "partOfSeason": _t("schema:partOfSeason", _ID),
    "containsSeason": _t("schema:containsSeason", _ID),
    "episode": _t("schema:episode", _ID),
    "seasonNumber": "schema:seasonNumber",
    "episodeNumber": "schema:episodeNumber",
    "numberOfSeasons": "schema:numberOfSeasons",
    "numberOfEpisodes": "schema:numberOfEpisodes",
    "jobTitle": "schema:jobTitle",
    "actor": _t("schema:actor", _ID),
    "director": _t("schema:director", _ID),
    "author": _t("schema:author", _ID),
    "characterName": "schema:characterName",
    "numberOfItems": "schema:numberOfItems",
    "itemListElement": _t("schema:itemListElement", _ID),
    "position": "schema:position",
    "item": _t("schema:item", _ID),
    # the ontology's object properties (its datatype properties need no entry: @vocab covers them)
    **{
        name: _t(f"mcg:{name}", _ID)
        for name in [
            "work",
            "setting",
            "statedGap",
            "sinceEvent",
            "born",
            "died",
            "statedAge",
            "at",
            "residence",
            "location",
            "since",
            "until",
            "character",
            "portrayedBy",
            "appearsIn",
            "mentionedIn",
            "when",
            "place",
            "partOf",
            "depictedIn",
            "referencedIn",
            "flashbackIn",
            "asOf",
            "variantOf",
            "constraint",
            "participation",
            "participant",
            "tookPartIn",
            "outcome",
            "affects",
            "basedIn",
            "within",
            "source",
            "target",
            "heldIn",
            "after",
            "before",
            "during",
            "parentOf",
            "siblingOf",
            "adoptiveSiblingOf",
            "spouseOf",
            "romanticWith",
            "friendOf",
            "allyOf",
            "enemyOf",
            "employs",
            "lawyerOf",
            "businessPartnerOf",
            "mentorOf",
            "memberOf",
            "leaderOf",
            "ownerOf",
            "about",
            "secret",
            "learnedIn",
            "forgottenIn",
            "actsOnIn",
            "knowsSecret",
            "person",
            "otherName",
        ]
    },
    "mode": _t("mcg:mode", _VOCAB),
    "relationType": _t("mcg:relationType", _VOCAB),
    "gap": _t("mcg:gap", "xsd:duration"),
    "notBefore": _t("mcg:notBefore", _DATE),
    "notAfter": _t("mcg:notAfter", _DATE),
    # the dataset description
    "title": "dcterms:title",
    "description": "dcterms:description",
    "identifier": "dcterms:identifier",
    "license": _t("dcterms:license", _ID),
    "conformsTo": _t("dcterms:conformsTo", _ID),
    "format": "dcterms:format",
    "version": "dcat:version",
    "distribution": _t("dcat:distribution", _ID),
    "downloadURL": _t("dcat:downloadURL", _ID),
    "mediaType": _t("dcat:mediaType", _ID),
    "uriSpace": "void:uriSpace",
    "vocabulary": _t("void:vocabulary", _ID),
    "triples": "void:triples",
    "entities": "void:entities",
    "distinctSubjects": "void:distinctSubjects",
    "properties": "void:properties",
    "classes": "void:classes",
    "classPartition": _t("void:classPartition", _ID),
    "class": _t("void:class", _ID),
    "dataDump": _t("void:dataDump", _ID),
    "sparqlEndpoint": _t("void:sparqlEndpoint", _ID),
    "Agent": "foaf:Agent",
    "agentName": "foaf:name",
    "creator": _t("dcterms:creator", _ID),
    "datasetPublisher": _t("dcterms:publisher", _ID),
    "issued": _t("dcterms:issued", _DATE),
    "modified": _t("dcterms:modified", _DATE),
    "bibliographicCitation": "dcterms:bibliographicCitation",
    "landingPage": _t("dcat:landingPage", _ID),
    "homepage": _t("foaf:homepage", _ID),
    "subject": _t("dcterms:subject", _ID),
    "language": _t("dcterms:language", "xsd:language"),
    "versionInfo": "owl:versionInfo",
}

if __name__ == "__main__":  # python -m mcugraph.rdf.jsonld > src/mcugraph/rdf/context.jsonld
    print(json.dumps(build_context(), indent=2, ensure_ascii=False))
