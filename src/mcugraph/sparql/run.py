"""Running a vetted query on a graph, with parameters bound as RDF terms and two limits.

The query text goes to ``graph.query()`` as a string (an rdflib ``prepareQuery`` object
would make oxrdflib fall back to rdflib's slow engine). Parameters are handed to the
engine as initial bindings (SPARQL SEP-0007 substitutions on Oxigraph), never pasted into
the text, so a value cannot change what the query does.

The time limit: the engine cannot be interrupted from Python, so the query runs in a
helper thread and the caller stops waiting when the time is up. The command line then
exits, which ends the query; the endpoint runs queries in worker processes and kills
the one that overruns (see :mod:`mcugraph.sparql.pool`).
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache, partial
from itertools import islice
from typing import TYPE_CHECKING, Any

from mcugraph._threads import Abandoned, run_within
from mcugraph.errors import ParamError, QueryError
from mcugraph.model import ENTITY_KINDS
from mcugraph.rdf.vocab import VOCAB_PREFIXES
from mcugraph.sparql.catalog import Header, Param, check_names, parse_header
from mcugraph.sparql.results import QueryResult
from mcugraph.sparql.vet import query_form

if TYPE_CHECKING:
    from rdflib import Graph

__all__ = ["run_query", "execute", "bind_params", "DEFAULT_TIMEOUT", "DEFAULT_LIMIT", "QueryTimeout"]

DEFAULT_TIMEOUT = 10.0
DEFAULT_LIMIT = 10_000
_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_UNPROJECTED = re.compile(r"does not contains? variable \?(\w+) in its SELECT projection")
_ABSOLUTE_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]*$")


class QueryTimeout(QueryError):
    """The query ran past its time limit."""


def _to_iri(param: Param, value: str, namespaces: dict[str, str]) -> Any:
    from rdflib import URIRef

    text = value.strip()
    if text.startswith("<") and text.endswith(">"):
        text = text[1:-1]
    kind = param.type
    prefix, sep, local = text.partition(":")
    if kind in ENTITY_KINDS:
        if sep and prefix in ENTITY_KINDS:
            if prefix != kind:
                raise ParamError(f"parameter '{param.name}' takes a {kind}, not a {prefix} ('{value}')")
            text = local
        if _ID.match(text):
            if kind not in namespaces:
                raise ParamError(f"parameter '{param.name}': give a full IRI (this graph has no '{kind}:' prefix)")
            return URIRef(namespaces[kind] + text)
    if sep and prefix in namespaces and not local.startswith("//"):
        return URIRef(namespaces[prefix] + local)
    if _ABSOLUTE_IRI.match(text):
        return URIRef(text)
    expected = f"a {kind} id (such as {param.default or 'an-id'}), {kind}:ID or an IRI" if kind != "iri" else "an IRI"
    raise ParamError(f"parameter '{param.name}' needs {expected}, not '{value}'")


def _to_term(param: Param, value: str, namespaces: dict[str, str]) -> Any:
    from rdflib import XSD, Literal

    if param.type == "string":
        return Literal(value)
    if param.type == "integer":
        if not re.fullmatch(r"[+-]?\d+", value.strip()):
            raise ParamError(f"parameter '{param.name}' needs a whole number, not '{value}'")
        return Literal(int(value), datatype=XSD.integer)
    if param.type == "date":
        try:
            day = dt.date.fromisoformat(value.strip())
        except ValueError:
            raise ParamError(f"parameter '{param.name}' needs a date written YYYY-MM-DD, not '{value}'") from None
        return Literal(day.isoformat(), datatype=XSD.date)
    return _to_iri(param, value, namespaces)


def bind_params(header: Header, values: dict[str, str], namespaces: dict[str, str]) -> dict[str, Any]:
    """The initial bindings for a query: each declared parameter's value (or default) as a term."""
    check_names(header, values)
    bindings: dict[str, Any] = {}
    for param in header.params:
        value = values.get(param.name, param.default)
        if value is None:
            raise ParamError(
                f"the query needs a value for '{param.name}': its header gives no default",
                about=f"params {param.name}",
            )
        bindings[param.name] = _to_term(param, value, namespaces)
    return bindings


def _collect(result: Any, form: str, limit: int) -> QueryResult:
    """Rows (or triples) of an rdflib ``Result``, at most ``limit``."""
    if form == "ASK":
        return QueryResult(form, boolean=bool(result.askAnswer), limit=limit)
    if form in ("CONSTRUCT", "DESCRIBE"):
        triples = list(islice(result.graph, limit + 1))
        return QueryResult(form, triples=triples[:limit], truncated=len(triples) > limit, limit=limit)
    variables = tuple(str(v) for v in result.vars or ())
    rows = [tuple(row) for row in islice(result, limit + 1)]
    return QueryResult(form, variables, rows[:limit], truncated=len(rows) > limit, limit=limit)


@cache
def _term_types() -> tuple[Any, ...]:
    import pyoxigraph as ox
    from rdflib import BNode, Literal, URIRef

    return ox.NamedNode, ox.BlankNode, ox.Literal, URIRef, BNode, Literal


def _from_ox(term: Any) -> Any:
    """An rdflib term for a pyoxigraph one (imports looked up once: this runs per result cell)."""
    named, blank, literal, uri_ref, bnode, rdflib_literal = _term_types()
    if term is None:
        return None
    if isinstance(term, named):
        return uri_ref(term.value)
    if isinstance(term, blank):
        return bnode(term.value)
    if isinstance(term, literal):
        if term.language:
            return rdflib_literal(term.value, lang=term.language)
        return rdflib_literal(term.value, datatype=uri_ref(term.datatype.value))
    raise QueryError(f"the query returned an unsupported term: {term!r}")


def oxigraph_term(term: Any) -> Any:
    import pyoxigraph as ox
    from rdflib import BNode, Literal

    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)) if term.datatype else None)
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    return ox.NamedNode(str(term))


def _run_on_oxigraph(graph: Graph, text: str, form: str, bindings: dict[str, Any], limit: int) -> QueryResult:
    """Oxigraph directly: no rdflib result objects, and every engine object stays on this thread."""
    import pyoxigraph as ox
    from rdflib import BNode, URIRef
    from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

    identifier = graph.identifier
    if identifier == DATASET_DEFAULT_GRAPH_ID:
        default_graph: Any = ox.DefaultGraph()
    elif isinstance(identifier, BNode):
        default_graph = ox.BlankNode(str(identifier))
    else:
        default_graph = ox.NamedNode(str(URIRef(identifier)))
    store = graph.store._inner  # type: ignore[attr-defined]
    answer = store.query(
        text,
        prefixes={**VOCAB_PREFIXES, **{p: str(ns) for p, ns in graph.namespaces()}},
        default_graph=default_graph,
        substitutions={ox.Variable(name): oxigraph_term(term) for name, term in bindings.items()},
    )
    # rdflib literals are slow to build (they parse their value); results repeat terms a lot
    seen: dict[Any, Any] = {}

    def term(value: Any) -> Any:
        if value is None:
            return None
        known = seen.get(value)
        if known is None:
            known = seen[value] = _from_ox(value)
        return known

    try:
        if isinstance(answer, ox.QueryBoolean):
            return QueryResult(form, boolean=bool(answer), limit=limit)
        if isinstance(answer, ox.QueryTriples):
            found = [(term(t.subject), term(t.predicate), term(t.object)) for t in islice(answer, limit + 1)]
            return QueryResult(form, triples=found[:limit], truncated=len(found) > limit, limit=limit)
        width = range(len(answer.variables))
        variables = tuple(v.value for v in answer.variables)
        rows = [tuple(term(solution[i]) for i in width) for solution in islice(answer, limit + 1)]
        return QueryResult(form, variables, rows[:limit], truncated=len(rows) > limit, limit=limit)
    finally:
        seen.clear()
        del answer


def _execute(graph: Graph, text: str, form: str, bindings: dict[str, Any], limit: int) -> QueryResult:
    from oxrdflib import OxigraphStore

    if isinstance(graph.store, OxigraphStore):
        return _run_on_oxigraph(graph, text, form, bindings, limit)
    namespaces = {**VOCAB_PREFIXES, **{p: str(ns) for p, ns in graph.namespaces()}}
    return _collect(graph.query(text, initNs=namespaces, initBindings=bindings), form, limit)


def _unprojected(error: BaseException) -> QueryError:
    message = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    unprojected = _UNPROJECTED.search(message)
    if unprojected is not None:
        name = unprojected.group(1)
        return QueryError(
            f"parameter '{name}' must be one of the variables the SELECT returns: add ?{name} to the "
            "SELECT clause (and to GROUP BY, if the query groups)"
        )
    return QueryError(f"the query failed: {message}")


def execute(
    graph: Graph, text: str, *, params: dict[str, str] | None = None, limit: int = DEFAULT_LIMIT
) -> QueryResult:
    """Vet, bind and run ``text`` on this thread, with no time limit (see :func:`run_query`)."""
    form = query_form(text)
    namespaces = {prefix: str(ns) for prefix, ns in graph.namespaces()}
    bindings = bind_params(parse_header(text), params or {}, namespaces)
    try:
        return _execute(graph, text, form, bindings, limit)
    except QueryError:
        raise
    except Exception as exc:  # the engine's own errors (a type error, an unsupported feature)
        raise _unprojected(exc) from None


def run_query(
    graph: Graph,
    text: str,
    *,
    params: dict[str, str] | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    limit: int = DEFAULT_LIMIT,
) -> QueryResult:
    """Vet ``text``, bind ``params`` and run it on ``graph``; at most ``limit`` rows.

    Raises :class:`~mcugraph.errors.QueryError` when the query is refused, does not
    parse, has a bad parameter, fails, or runs past ``timeout`` seconds.
    """
    try:  # vetting too runs on the thread, under the time limit: rdflib's parser is slow on huge texts
        return run_within(timeout, partial(execute, graph, text, params=params, limit=limit), name="mcugraph-query")
    except Abandoned:
        raise QueryTimeout(
            f"the query ran past its time limit of {timeout:g} s; narrow it down or add a LIMIT"
        ) from None
    except QueryError:
        raise
    except Exception as exc:  # the engine's own errors, as execute() words them
        raise _unprojected(exc) from None
