"""The ontology documents every term the export uses; the SHACL shapes accept exports and catch breakage."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import rdflib
from rdflib.namespace import OWL, RDF, RDFS, SH

import mcugraph
from mcugraph.model import Universe
from mcugraph.rdf import MCG, RdfDataset
from mcugraph.rdf.shapes import check_shapes, ontology_graph, shapes_graph
from mcugraph.rdf.terms import Lit
from mcugraph.validate.spec import OBJECTS

ROOT = Path(__file__).resolve().parents[2]
B = "https://example.org/harbor/"
M = MCG


def _mcg_terms_used(dataset: RdfDataset) -> set[str]:
    used = set()
    for _, p, o in dataset.triples:
        used.add(p)
        if isinstance(o, str) and not isinstance(o, Lit):
            used.add(o)
    return {t for t in used if t.startswith(MCG) and t != MCG}  # the namespace itself is a void:vocabulary


def test_every_ontology_term_the_export_uses_is_declared_with_label_and_comment(rich: Universe) -> None:
    onto = ontology_graph()
    for term in sorted(_mcg_terms_used(RdfDataset(rich))):
        node = rdflib.URIRef(term)
        assert (node, RDF.type, None) in onto, f"{term} is not declared in ontology.ttl"


def test_every_declared_term_has_an_english_label_and_comment() -> None:
    onto = ontology_graph()
    declared = {s for s in onto.subjects(RDF.type, None) if isinstance(s, rdflib.URIRef)}
    assert len(declared) > 80
    for term in declared:
        for prop in (RDFS.label, RDFS.comment):
            values = list(onto.objects(term, prop))
            assert len(values) == 1 and values[0].language == "en", (term, prop)


def test_every_declared_term_is_documented_with_an_example() -> None:
    doc = (ROOT / "docs" / "ontology.md").read_text(encoding="utf-8")
    onto = ontology_graph()
    for term in onto.subjects(RDF.type, None):
        if str(term).startswith(MCG):
            name = "mcg:" + str(term)[len(MCG) :]
            assert f"`{name}`" in doc, f"{name} is not in docs/ontology.md"
    assert "```mermaid" in doc


def test_symmetric_relationship_properties_are_owl_symmetric() -> None:
    onto = ontology_graph()
    assert (rdflib.URIRef(M + "allyOf"), RDF.type, OWL.SymmetricProperty) in onto
    assert (rdflib.URIRef(M + "parentOf"), RDF.type, OWL.SymmetricProperty) not in onto


def _shape_enum(path: str) -> set[str]:
    shapes = shapes_graph()
    found: set[str] = set()
    for shape in shapes.subjects(SH.path, rdflib.URIRef(path)):
        for lst in shapes.objects(shape, SH["in"]):
            found |= {str(v) for v in rdflib.collection.Collection(shapes, lst)}
    return found


@pytest.mark.parametrize(
    ("path", "obj", "field"),
    [
        (M + "workKind", "work", "kind"),
        (M + "eventKind", "event", "kind"),
        (M + "organizationKind", "organization", "kind"),
        (M + "locationKind", "location", "kind"),
        (M + "sourceKind", "source", "kind"),
        (M + "orderKind", "order", "kind"),
        (M + "billing", "portrayal", "billing"),
        (M + "lifeStage", "portrayal", "life_stage"),
        (M + "status", "outcome", "status"),
        ("http://schema.org/jobTitle", "person", "roles"),
    ],
)
def test_shape_enumerations_follow_the_source_format(path: str, obj: str, field: str) -> None:
    spec = OBJECTS[obj].field(field)
    assert spec is not None
    assert _shape_enum(path) == set(spec.choices)


def test_an_invented_universe_conforms(rich: Universe) -> None:
    report = check_shapes(RdfDataset(rich).ntriples)
    assert report.conforms, report.text


def test_the_shipped_export_conforms() -> None:
    report = check_shapes(RdfDataset(mcugraph.load(ROOT / "data" / "universe.yaml")).ntriples)
    assert report.conforms, report.text[:3000]


def test_a_graph_object_can_be_checked(rich: Universe) -> None:
    assert check_shapes(RdfDataset(rich).graph()).conforms


def _drop(nt: str, prefix: str) -> str:
    return "".join(line + "\n" for line in nt.splitlines() if not line.startswith(prefix))


BROKEN = {
    "relationship not stated directly": (
        lambda nt: _drop(nt, f"<{B}character/mara-vell> <{M}enemyOf>"),
        "the relationship is not also stated directly",
    ),
    "undocumented property": (
        lambda nt: nt + f'<{B}character/pip> <{M}colour> "red" .\n',
        "is closed. It cannot have value",
    ),
    "time in two forms": (
        lambda nt: (
            nt + f'<{B}character/otto-krane/died> <{M}date> "2012"^^<http://www.w3.org/2001/XMLSchema#gYear> .\n'
        ),
        "an in-universe time is exactly one of",
    ),
    "unknown appearance mode": (lambda nt: nt.replace(f"<{M}Vision>", f"<{M}Dream>"), "not in list"),
    "character without a name": (
        lambda nt: _drop(nt, f"<{B}character/pip> <http://schema.org/name>"),
        "needs exactly one",
    ),
    "sameAs outside Wikidata": (
        lambda nt: (
            nt + f"<{B}character/pip> <http://www.w3.org/2002/07/owl#sameAs> <http://dbpedia.org/resource/Pip> .\n"
        ),
        "owl:sameAs links only to a Wikidata item",
    ),
    "portrayal in no work": (
        lambda nt: re.sub(rf"<{B}work/[^>]+> <http://schema.org/actor> [^\n]+\n", "", nt),
        "at least one work",
    ),
    "member of a character": (
        lambda nt: nt + f"<{B}character/pip> <{M}memberOf> <{B}character/mara-vell> .\n",
        "point at an organization",
    ),
    "episode without a season": (
        lambda nt: _drop(nt, f"<{B}work/watch-s1e01> <http://schema.org/partOfSeason>"),
        "an episode belongs to a season",
    ),
    "knowledge of nothing": (
        lambda nt: re.sub(rf"<{B}knowledge/mara-vell--pip-is-the-gull--2> <{M}actsOnIn> [^\n]+\n", "", nt),
        "Constraint Violation in OrConstraintComponent",
    ),
    "secret about an organization": (
        lambda nt: nt.replace(
            f"<{B}secret/pip-is-the-gull> <{M}about> <{B}character/pip>",
            f"<{B}secret/pip-is-the-gull> <{M}about> <{B}organization/tide-watch>",
        ),
        "Value does not have class mcg:Character",
    ),
    "director who is no person": (
        lambda nt: nt.replace(
            f"<{B}work/watch-s1e02> <http://schema.org/director> <{B}person/bo-reyes>",
            f"<{B}work/watch-s1e02> <http://schema.org/director> <{B}character/pip>",
        ),
        "Result Path: schema1:director\n\tMessage: Value does not have class schema1:Person",
    ),
    "credit with an unknown job": (
        lambda nt: nt.replace(f'<{M}job> "director"', f'<{M}job> "grip"'),
        "not in list",
    ),
    "other name of no origin": (
        lambda nt: _drop(nt, f"<{B}character/mara-vell/other-name/1> <{M}nameOrigin>"),
        "MinCountConstraintComponent",
    ),
    "date of the wrong type": (
        lambda nt: nt.replace('"2015-04-10"^^<http://www.w3.org/2001/XMLSchema#date>', '"April 2015"'),
        "Value is not Literal with datatype xsd:date",
    ),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_graphs_do_not_conform(rich: Universe, case: str) -> None:
    breaker, message = BROKEN[case]
    report = check_shapes(breaker(RdfDataset(rich).ntriples))
    assert not report.conforms
    assert report.violations >= 1
    assert message in report.text
