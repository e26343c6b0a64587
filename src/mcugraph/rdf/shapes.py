"""Checking an export against the shipped SHACL shapes (pySHACL, no inference)."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rdflib import Graph

from mcugraph.rdf.vocab import MCG, rebase_text

__all__ = [
    "ShapeReport",
    "shapes_graph",
    "ontology_graph",
    "check_shapes",
    "packaged_text",
    "SHAPES_FILE",
    "ONTOLOGY_FILE",
]

SHAPES_FILE = "shapes.ttl"
ONTOLOGY_FILE = "ontology.ttl"


@dataclass(frozen=True, slots=True)
class ShapeReport:
    """The outcome of a SHACL check: whether the data conforms, and the report in words."""

    conforms: bool
    text: str
    violations: int


def packaged_text(name: str, ontology: str = MCG) -> str:
    """A shipped file (``ontology.ttl``, ``shapes.ttl``, ``context.jsonld``) as text, its
    terms under the ontology namespace ``ontology``."""
    return rebase_text(resources.files("mcugraph.rdf").joinpath(name).read_text(encoding="utf-8"), ontology)


def shapes_graph(ontology: str = MCG) -> Graph:
    """The shipped shapes as an rdflib graph."""
    from rdflib import Graph

    return Graph().parse(data=packaged_text(SHAPES_FILE, ontology), format="turtle")


def ontology_graph(ontology: str = MCG) -> Graph:
    """The shipped ontology as an rdflib graph."""
    from rdflib import Graph

    return Graph().parse(data=packaged_text(ONTOLOGY_FILE, ontology), format="turtle")


def check_shapes(data: Graph | str, *, ontology: str = MCG, inference: str = "none") -> ShapeReport:
    """Validate ``data`` (a graph, or N-Triples text) against the shapes (their terms under
    ``ontology``), without inference by default; ``inference="rdfs"`` first adds what the
    ontology's RDFS axioms entail, as a reasoning triple store would. The shapes hold
    either way.

    pySHACL walks the graph through the rdflib API many times; a copy in rdflib's memory
    store is much faster for that than the Oxigraph store, so the data is copied first.
    """
    import pyshacl
    from rdflib import Graph, Literal, URIRef
    from rdflib.namespace import SH, XSD

    memory = Graph()
    if isinstance(data, str):
        memory.parse(data=data, format="nt")
    else:
        for s, p, o in data:
            # Oxigraph types plain strings as xsd:string; rdflib tells the two apart
            if isinstance(o, Literal) and o.datatype == XSD.string:
                o = Literal(str(o))
            memory.add((s, p, o))
    conforms, results, text = pyshacl.validate(
        memory,
        shacl_graph=shapes_graph(ontology),
        ont_graph=ontology_graph(ontology) if inference != "none" else None,
        inference=inference,
        advanced=False,
        allow_warnings=False,
    )
    violations = sum(1 for _ in results.subjects(URIRef(SH.resultSeverity), SH.Violation))
    return ShapeReport(bool(conforms), str(text), violations)
