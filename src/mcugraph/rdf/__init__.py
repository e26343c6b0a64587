"""The universe as RDF: the ontology, SHACL shapes, exports and the Oxigraph-backed graph.

>>> import mcugraph
>>> from mcugraph.rdf import to_rdf
>>> graph = to_rdf(mcugraph.load("data/universe.yaml"))  # doctest: +SKIP
>>> len(graph) > 10_000  # doctest: +SKIP
True
"""

from __future__ import annotations

from mcugraph.rdf.convert import record_iris, to_triples
from mcugraph.rdf.dataset import RdfDataset, graph_from_ntriples, to_rdf
from mcugraph.rdf.export import FORMATS, export_text, write_export
from mcugraph.rdf.vocab import MCG, SCHEMA

__all__ = [
    "to_rdf",
    "to_triples",
    "record_iris",
    "write_export",
    "export_text",
    "graph_from_ntriples",
    "RdfDataset",
    "FORMATS",
    "MCG",
    "SCHEMA",
]
