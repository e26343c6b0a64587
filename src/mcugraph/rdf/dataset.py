"""One universe's RDF: its triples in canonical order, as text and as a queryable graph.

:func:`to_rdf` returns an rdflib ``Graph`` on the Oxigraph store (via oxrdflib): the rdflib
API with Oxigraph's SPARQL engine. The store is filled in one bulk load of N-Triples
text rather than triple by triple, which is many times faster.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from mcugraph._perf import paused_gc
from mcugraph.model import Universe
from mcugraph.rdf.convert import to_triples
from mcugraph.rdf.describe import describe
from mcugraph.rdf.terms import Triple, sort_key, to_ntriples
from mcugraph.rdf.vocab import prefixes_for

if TYPE_CHECKING:
    from rdflib import Graph

__all__ = ["RdfDataset", "to_rdf", "graph_from_ntriples"]


@dataclass(eq=False)
class RdfDataset:
    """The triples of a universe plus their description, computed once and shared by every format.

    ``data_url`` and ``endpoint`` are the links the description gives for the dumps and
    the SPARQL endpoint (by default ``{base}data/`` and none).
    """

    universe: Universe
    positions: bool = False
    data_url: str | None = None
    endpoint: str | None = None
    _graph: Graph | None = field(default=None, repr=False)

    @cached_property
    def data(self) -> list[Triple]:
        """The triples about the universe, without the description."""
        return to_triples(self.universe, positions=self.positions)

    @cached_property
    def triples(self) -> list[Triple]:
        """Data and description together, in canonical order."""
        description = describe(self.universe, self.data, data_url=self.data_url, endpoint=self.endpoint)
        with paused_gc():  # both are sorted and their subjects never meet: a linear merge
            return list(heapq.merge(self.data, description, key=sort_key))

    @cached_property
    def prefixes(self) -> dict[str, str]:
        return prefixes_for(self.universe.info.base_iri, self.universe.info.ontology_iri)

    @cached_property
    def ntriples(self) -> str:
        with paused_gc():
            return to_ntriples(self.triples)

    def graph(self) -> Graph:
        """A fresh rdflib graph on an Oxigraph store holding :attr:`triples`."""
        return graph_from_ntriples(self.ntriples.encode("utf-8"), self.prefixes)


def graph_from_ntriples(data: bytes, prefixes: dict[str, str] | None = None) -> Graph:
    """An rdflib ``Graph`` on a new in-memory Oxigraph store loaded with N-Triples ``data``."""
    import pyoxigraph as ox
    from oxrdflib import OxigraphStore
    from rdflib import Graph
    from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

    store = ox.Store()
    if data:
        store.bulk_load(data, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.DefaultGraph())
    graph = Graph(store=OxigraphStore(store=store), identifier=DATASET_DEFAULT_GRAPH_ID, bind_namespaces="none")
    for prefix, namespace in (prefixes or {}).items():
        graph.bind(prefix, namespace, override=True, replace=True)
    return graph


def to_rdf(universe: Universe, *, positions: bool = False) -> Graph:
    """The universe as an rdflib ``Graph`` on the Oxigraph store, description included.

    Record IRIs are exactly ``universe.iri(kind, id)``; see :mod:`mcugraph.rdf.convert`
    for the IRIs of records without an id.
    """
    return RdfDataset(universe, positions=positions).graph()
