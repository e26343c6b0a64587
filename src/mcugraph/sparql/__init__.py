"""SPARQL over the universe: vetting, running with limits, curated queries, the endpoint.

Every query runs through one runner (:mod:`mcugraph.sparql.run`) on a pyoxigraph store:

>>> import mcugraph
>>> from mcugraph.rdf import RdfDataset
>>> from mcugraph.sparql import run_query
>>> store = RdfDataset(mcugraph.load("data/universe.yaml")).query_store()  # doctest: +SKIP
>>> run_query(store, "ASK { ?s ?p ?o }").boolean  # doctest: +SKIP
True

``mcugraph.sparql.vet`` is the vetting module; its entry point is :func:`vet_query`.
"""

from __future__ import annotations

from mcugraph.sparql.catalog import CuratedQuery, Header, Param, find_query, parse_header, read_catalog, read_query
from mcugraph.sparql.results import QueryResult
from mcugraph.sparql.run import QueryStore, QueryTimeout, execute, execute_to, run_query
from mcugraph.sparql.vet import QueryRefused, QuerySyntaxError, query_form, vet_query

__all__ = [
    "vet_query",
    "query_form",
    "run_query",
    "execute",
    "execute_to",
    "QueryStore",
    "QueryResult",
    "QueryRefused",
    "QuerySyntaxError",
    "QueryTimeout",
    "read_catalog",
    "read_query",
    "find_query",
    "parse_header",
    "CuratedQuery",
    "Header",
    "Param",
]
