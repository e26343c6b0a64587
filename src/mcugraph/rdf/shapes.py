"""Checking an export against the shipped SHACL shapes (pySHACL, no inference)."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rdflib import Graph

__all__ = ["ShapeReport", "shapes_graph", "ontology_graph", "check_shapes", "SHAPES_FILE", "ONTOLOGY_FILE"]

SHAPES_FILE = "shapes.ttl"
ONTOLOGY_FILE = "ontology.ttl"


@dataclass(frozen=True, slots=True)
class ShapeReport:
    """The outcome of a SHACL check: whether the data conforms, and the report in words."""

    conforms: bool
    text: str
    violations: int


def _packaged(name: str) -> str:
    return resources.files("mcugraph.rdf").joinpath(name).read_text(encoding="utf-8")


def shapes_graph() -> Graph:
    """The shipped shapes as an rdflib graph."""
    from rdflib import Graph

    return Graph().parse(data=_packaged(SHAPES_FILE), format="turtle")


def ontology_graph() -> Graph:
    """The shipped ontology as an rdflib graph."""
    from rdflib import Graph

    return Graph().parse(data=_packaged(ONTOLOGY_FILE), format="turtle")


def check_shapes(data: Graph | str) -> ShapeReport:
    """Validate ``data`` (a graph, or N-Triples text) against the shapes, without inference.

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
        memory, shacl_graph=shapes_graph(), inference="none", advanced=False, allow_warnings=False
    )
    violations = sum(1 for _ in results.subjects(URIRef(SH.resultSeverity), SH.Violation))
    return ShapeReport(bool(conforms), str(text), violations)
