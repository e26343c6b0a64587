"""One universe's RDF: its triples in canonical order, as text and as a queryable graph.

:meth:`RdfDataset.query_store` is what queries run on: a pyoxigraph ``Store`` filled in one
bulk load of N-Triples text, with the universe's prefixes and base IRI
(:class:`mcugraph.sparql.run.QueryStore`). :func:`to_rdf` returns an rdflib ``Graph``, for
what rdflib does best (parsing, serializing, SHACL); queries do not run on it.
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

    from mcugraph.sparql.run import QueryStore

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
        """A fresh rdflib graph (rdflib's memory store) holding :attr:`triples`."""
        return graph_from_ntriples(self.ntriples.encode("utf-8"), self.prefixes)

    def query_store(self) -> QueryStore:
        """A fresh pyoxigraph store holding :attr:`triples` in the graph named by the base IRI, ready to query.

        Relative IRIs in queries resolve against the universe's base IRI, which also names
        the graph (as ``mcugraph publish`` names it by default).
        """
        from mcugraph.sparql.run import QueryStore

        base = self.universe.info.base_iri
        return QueryStore.from_ntriples(self.ntriples, prefixes=self.prefixes, base_iri=base, name=base)


def graph_from_ntriples(data: bytes, prefixes: dict[str, str] | None = None) -> Graph:
    """An rdflib ``Graph`` (rdflib's memory store) parsed from N-Triples ``data``."""
    from rdflib import Graph

    graph = Graph(bind_namespaces="none")
    if data:
        graph.parse(data=data, format="nt")
    for prefix, namespace in (prefixes or {}).items():
        graph.bind(prefix, namespace, override=True, replace=True)
    return graph


def to_rdf(universe: Universe, *, positions: bool = False) -> Graph:
    """The universe as an rdflib ``Graph``, description included.

    Record IRIs are exactly ``universe.iri(kind, id)``; see :mod:`mcugraph.rdf.convert`
    for the IRIs of records without an id.
    """
    return RdfDataset(universe, positions=positions).graph()
