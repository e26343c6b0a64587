"""The universe as RDF: the ontology, SHACL shapes, exports and the Oxigraph-backed graph.

>>> import mcugraph
>>> from mcugraph.rdf import to_rdf
>>> graph = to_rdf(mcugraph.load("data/universe.yaml"))  # doctest: +SKIP
>>> len(graph) > 10_000  # doctest: +SKIP
True

The names below load their module on first use: a house rule needs the converter and
the store, not the Turtle and JSON-LD writers, nor the rdflib graph.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mcugraph._lazy import lazy_names

if TYPE_CHECKING:
    from mcugraph.rdf.convert import record_iris, to_triples
    from mcugraph.rdf.dataset import RdfDataset, graph_from_ntriples, to_rdf
    from mcugraph.rdf.export import FORMATS, export_text, write_export
    from mcugraph.rdf.store import to_store
    from mcugraph.rdf.vocab import MCG, SCHEMA

__all__ = [
    "to_rdf",
    "to_triples",
    "to_store",
    "record_iris",
    "write_export",
    "export_text",
    "graph_from_ntriples",
    "RdfDataset",
    "FORMATS",
    "MCG",
    "SCHEMA",
]

_HOMES = {
    "to_rdf": "dataset",
    "RdfDataset": "dataset",
    "graph_from_ntriples": "dataset",
    "to_triples": "convert",
    "record_iris": "convert",
    "to_store": "store",
    "write_export": "export",
    "export_text": "export",
    "FORMATS": "export",
    "MCG": "vocab",
    "SCHEMA": "vocab",
}

__getattr__, __dir__ = lazy_names(__name__, _HOMES, __all__)
