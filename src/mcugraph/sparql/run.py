"""The one way a SPARQL query runs: vetted, parameters bound as terms, on a pyoxigraph ``Store``.

``mcugraph query``, the endpoint's workers, the house rules and the benchmarks all call
:func:`execute` (or :func:`run_query`, which adds the time limit). A :class:`QueryStore`
is the store with what a query on it needs: the default prefixes, the base IRI that
relative IRIs resolve against, and the IRI that names the data's graph, so that
``FROM``, ``default-graph-uri`` and ``named-graph-uri`` can name it.

Parameters are handed to Oxigraph as substitutions (SPARQL SEP-0007), never pasted into
the text, so a value cannot change what the query does. Results hold pyoxigraph terms.

The time limit: the engine cannot be interrupted from Python, so the query runs in a
helper thread and the caller stops waiting when the time is up. The command line then
exits, which ends the query; the endpoint runs queries in worker processes and kills
the one that overruns (see :mod:`mcugraph.sparql.pool`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import partial
from itertools import islice
from typing import Any, TypeVar

import pyoxigraph as ox

from mcugraph._threads import Abandoned, run_within
from mcugraph.errors import ParamError, QueryError
from mcugraph.model import ENTITY_KINDS
from mcugraph.rdf.vocab import VOCAB_PREFIXES, XSD
from mcugraph.sparql.catalog import Header, Param, check_names, parse_header
from mcugraph.sparql.results import QueryResult, write_solutions
from mcugraph.sparql.vet import Limits, QuerySyntaxError, Vetted, syntax_message, vet

__all__ = [
    "QueryStore",
    "run_query",
    "run_within_limit",
    "execute",
    "execute_to",
    "bind_params",
    "oxigraph_term",
    "DEFAULT_TIMEOUT",
    "DEFAULT_LIMIT",
    "QueryTimeout",
    "UnknownGraph",
]

DEFAULT_TIMEOUT = 10.0
DEFAULT_LIMIT = 10_000
_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_UNPROJECTED = re.compile(r"does not contains? variable \?(\w+) in its SELECT projection")
_T = TypeVar("_T")
_ABSOLUTE_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]*$")


class QueryTimeout(QueryError):
    """The query ran past its time limit."""


class UnknownGraph(QueryError):
    """A FROM clause or a dataset parameter names a graph the dataset does not have."""


@dataclass(frozen=True, eq=False)
class QueryStore:
    """A pyoxigraph ``Store`` and what queries on it need.

    ``prefixes`` are declared for every query; ``base_iri`` resolves relative IRIs (None:
    a relative IRI is an error); ``name`` is the IRI of the data's graph, and ``named``
    says whether the store holds the data in the graph of that name (else in its default
    graph, and no named graph can be asked for).
    """

    store: Any
    prefixes: Mapping[str, str] = field(default_factory=lambda: dict(VOCAB_PREFIXES))
    base_iri: str | None = None
    name: str | None = None
    named: bool = False

    @classmethod
    def from_ntriples(
        cls, data: bytes | str, *, prefixes: Mapping[str, str], base_iri: str | None, name: str | None = None
    ) -> QueryStore:
        """A new in-memory store loaded with N-Triples ``data``, in the graph ``name`` if one is given."""
        store = ox.Store()
        graph: Any = ox.NamedNode(name) if name else ox.DefaultGraph()
        if data:
            store.bulk_load(data, format=ox.RdfFormat.N_TRIPLES, to_graph=graph)
        return cls(store, dict(prefixes), base_iri, name, named=name is not None)

    @property
    def data_graph(self) -> Any:
        return ox.NamedNode(self.name) if self.named and self.name else ox.DefaultGraph()


def _as_query_store(source: Any) -> QueryStore:
    if isinstance(source, QueryStore):
        return source
    if isinstance(source, ox.Store):
        return QueryStore(source)
    serialize = getattr(source, "serialize", None)
    if serialize is not None and hasattr(source, "namespaces"):  # an rdflib graph: copied into a store
        prefixes = {**VOCAB_PREFIXES, **{p: str(ns) for p, ns in source.namespaces()}}
        return QueryStore.from_ntriples(serialize(format="nt", encoding="utf-8"), prefixes=prefixes, base_iri=None)
    raise TypeError(f"cannot run a query on {type(source).__name__}: give a QueryStore or a pyoxigraph Store")


# -- parameters ---------------------------------------------------------------------------


def _to_iri(param: Param, value: str, namespaces: Mapping[str, str]) -> Any:
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
            return ox.NamedNode(namespaces[kind] + text)
    if sep and prefix in namespaces and not local.startswith("//"):
        return ox.NamedNode(namespaces[prefix] + local)
    if _ABSOLUTE_IRI.match(text):
        return ox.NamedNode(text)
    expected = f"a {kind} id (such as {param.default or 'an-id'}), {kind}:ID or an IRI" if kind != "iri" else "an IRI"
    raise ParamError(f"parameter '{param.name}' needs {expected}, not '{value}'")


def _to_term(param: Param, value: str, namespaces: Mapping[str, str]) -> Any:
    if param.type == "string":
        return ox.Literal(value)
    if param.type == "integer":
        if not re.fullmatch(r"[+-]?\d+", value.strip()):
            raise ParamError(f"parameter '{param.name}' needs a whole number, not '{value}'")
        return ox.Literal(str(int(value)), datatype=ox.NamedNode(XSD + "integer"))
    if param.type == "date":
        try:
            day = dt.date.fromisoformat(value.strip())
        except ValueError:
            raise ParamError(f"parameter '{param.name}' needs a date written YYYY-MM-DD, not '{value}'") from None
        return ox.Literal(day.isoformat(), datatype=ox.NamedNode(XSD + "date"))
    return _to_iri(param, value, namespaces)


def bind_params(header: Header, values: dict[str, str], namespaces: Mapping[str, str]) -> dict[str, Any]:
    """The substitutions for a query: each declared parameter's value (or default) as a pyoxigraph term."""
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


def oxigraph_term(term: Any) -> Any:
    """A pyoxigraph term for an rdflib one (or a pyoxigraph one, as it is)."""
    if isinstance(term, ox.NamedNode | ox.BlankNode | ox.Literal):
        return term
    language = getattr(term, "language", None)
    if hasattr(term, "datatype") or language is not None:  # an rdflib Literal
        if language:
            return ox.Literal(str(term), language=language)
        datatype = getattr(term, "datatype", None)
        return ox.Literal(str(term), datatype=ox.NamedNode(str(datatype)) if datatype else None)
    if type(term).__name__ == "BNode":
        return ox.BlankNode(str(term))
    return ox.NamedNode(str(term))


# -- the dataset a query runs over --------------------------------------------------------


def _resolve(written: str, vetted: Vetted, target: QueryStore) -> str:
    """The IRI a FROM clause gives, as written in the query (``<iri>`` or a prefixed name)."""
    if written.startswith("<"):
        iri = written[1:-1]
        if _ABSOLUTE_IRI.match(iri):
            return iri
        base = vetted.base or target.base_iri
        if base is None:
            raise QuerySyntaxError(f"the relative IRI {written} has no base to resolve against; write a full IRI")
        from urllib.parse import urljoin

        return urljoin(base, iri)
    prefix, _, local = written.partition(":")
    spaces = {**target.prefixes, **dict(vetted.prefixes)}
    if prefix not in spaces:
        raise QuerySyntaxError(f"the prefix '{prefix}:' is not declared: add PREFIX {prefix}: <IRI> before the query")
    return spaces[prefix] + local


def _graphs(
    target: QueryStore, vetted: Vetted, default_graph_uris: Iterable[str], named_graph_uris: Iterable[str]
) -> tuple[Any, list[Any]]:
    """(default graph, named graphs) for Oxigraph: the protocol's dataset, else the query's FROM clauses."""
    default_uris, named_uris = list(default_graph_uris), list(named_graph_uris)
    protocol = bool(default_uris or named_uris)
    if protocol:
        wanted = [("default-graph-uri", u) for u in default_uris] + [("named-graph-uri", u) for u in named_uris]
    else:  # the protocol's dataset, when given, overrides the query's (SPARQL 1.1 Protocol, 2.1.4)
        default_uris = [_resolve(w, vetted, target) for w in vetted.from_default]
        named_uris = [_resolve(w, vetted, target) for w in vetted.from_named]
        wanted = [("FROM", u) for u in default_uris] + [("FROM NAMED", u) for u in named_uris]
    for how, iri in wanted:
        if iri != target.name:
            own = f"its one graph is <{target.name}>" if target.name else "it has only its default graph"
            raise UnknownGraph(f"{how} <{iri}>: this dataset has no such graph; {own}")
    if not wanted:
        return target.data_graph, []
    if named_uris and not target.named:
        raise UnknownGraph("this store holds its data in the default graph only: it has no named graph to give")
    return ([target.data_graph] if default_uris else []), ([target.data_graph] if named_uris else [])


# -- running -----------------------------------------------------------------------------


def _collect(answer: Any, form: str, limit: int) -> QueryResult:
    if isinstance(answer, ox.QueryBoolean):
        return QueryResult(form, boolean=bool(answer), limit=limit)
    if isinstance(answer, ox.QueryTriples):
        found = list(islice(answer, limit + 1))
        return QueryResult(form, triples=found[:limit], truncated=len(found) > limit, limit=limit)
    width = range(len(answer.variables))
    variables = tuple(v.value for v in answer.variables)
    rows = [tuple(solution[i] for i in width) for solution in islice(answer, limit + 1)]
    return QueryResult(form, variables, rows[:limit], truncated=len(rows) > limit, limit=limit)


def _engine_error(error: BaseException) -> QueryError:
    message = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    unprojected = _UNPROJECTED.search(message)
    if unprojected is not None:
        name = unprojected.group(1)
        return QueryError(
            f"parameter '{name}' must be one of the variables the SELECT returns: add ?{name} to the "
            "SELECT clause (and to GROUP BY, if the query groups)"
        )
    return QueryError(f"the query failed: {message}")


def _ask(
    source: Any,
    text: str,
    *,
    params: dict[str, str] | None,
    limits: Limits | None,
    default_graph_uris: Iterable[str],
    named_graph_uris: Iterable[str],
) -> tuple[QueryStore, Vetted, Any]:
    """Vet, bind and start the query: the store, the verdict and Oxigraph's (lazy) answer."""
    target = _as_query_store(source)
    vetted = vet(text, limits=limits, prefixes=dict(target.prefixes), parse=False)
    bindings = bind_params(parse_header(text), params or {}, target.prefixes)
    default_graph, named_graphs = _graphs(target, vetted, default_graph_uris, named_graph_uris)
    try:
        answer = target.store.query(
            text,
            prefixes=dict(target.prefixes),
            base_iri=target.base_iri,
            default_graph=default_graph,
            named_graphs=named_graphs,
            substitutions={ox.Variable(name): term for name, term in bindings.items()},
        )
    except SyntaxError as exc:
        raise QuerySyntaxError(syntax_message(text, str(exc))) from None
    except Exception as exc:  # the engine's own errors (a type error, an unsupported feature)
        raise _engine_error(exc) from None
    return target, vetted, answer


def execute(
    source: Any,
    text: str,
    *,
    params: dict[str, str] | None = None,
    limit: int = DEFAULT_LIMIT,
    limits: Limits | None = None,
    default_graph_uris: Iterable[str] = (),
    named_graph_uris: Iterable[str] = (),
) -> QueryResult:
    """Vet, bind and run ``text`` on this thread, with no time limit (see :func:`run_query`).

    ``source`` is a :class:`QueryStore` (or a bare pyoxigraph ``Store``, or an rdflib graph,
    which is copied into one). ``default_graph_uris`` and ``named_graph_uris`` are the
    SPARQL Protocol's dataset parameters; they may name only the store's own graph.
    """

    def read(target: QueryStore, vetted: Vetted, answer: Any) -> QueryResult:
        return answer if isinstance(answer, QueryResult) else _collect(answer, vetted.form, limit)

    return _answered(source, text, read, params, limit, limits, default_graph_uris, named_graph_uris)


def execute_to(
    source: Any,
    text: str,
    format: str,
    *,
    params: dict[str, str] | None = None,
    limit: int = DEFAULT_LIMIT,
    limits: Limits | None = None,
    default_graph_uris: Iterable[str] = (),
    named_graph_uris: Iterable[str] = (),
) -> tuple[str, bytes, bool]:
    """As :func:`execute`, written straight in ``format`` by pyoxigraph's serializers: (form, bytes, truncated?).

    The path of the endpoint and of ``mcugraph query`` (other than its table): no result
    is read into Python terms, which is two to six times faster (docs/performance.md).
    """

    def write(target: QueryStore, vetted: Vetted, answer: Any) -> tuple[str, bytes, bool]:
        if isinstance(answer, QueryResult):  # triples, already read
            return vetted.form, answer.serialize(format, prefixes=dict(target.prefixes)), answer.truncated
        if format not in ("json", "xml", "csv", "tsv"):
            raise QueryError(f"a {vetted.form} query gives results: ask for json, xml, csv or tsv, not {format}")
        body, truncated = write_solutions(answer, format, limit)
        return vetted.form, body, truncated

    return _answered(source, text, write, params, limit, limits, default_graph_uris, named_graph_uris)


def _answered(
    source: Any,
    text: str,
    read: Callable[[QueryStore, Vetted, Any], _T],
    params: dict[str, str] | None,
    limit: int,
    limits: Limits | None,
    default_graph_uris: Iterable[str],
    named_graph_uris: Iterable[str],
) -> _T:
    """Start the query (:func:`_ask`) and ``read`` its answer (triples come read, as a
    :class:`QueryResult`), an error while reading in the runner's words."""
    target, vetted, answer = _ask(
        source,
        text,
        params=params,
        limits=limits,
        default_graph_uris=default_graph_uris,
        named_graph_uris=named_graph_uris,
    )
    try:
        if isinstance(answer, ox.QueryTriples):
            # read here, so the engine's object is dropped on the thread that made it (an
            # error's traceback would carry it to another, where freeing it fails)
            answer = _collect(answer, vetted.form, limit)
        return read(target, vetted, answer)
    except QueryError:
        raise
    except Exception as exc:  # raised while the rows are read
        raise _engine_error(exc) from None


def run_within_limit(work: Callable[[], _T], timeout: float) -> _T:
    """``work()`` (a call of :func:`execute` or :func:`execute_to`) on a deep-stack thread, under ``timeout``."""
    try:  # on a thread with a deep stack, under the time limit: the engine recurses on nesting
        return run_within(timeout, work, name="mcugraph-query")
    except Abandoned:
        raise QueryTimeout(
            f"the query ran past its time limit of {timeout:g} s; narrow it down or add a LIMIT"
        ) from None
    except QueryError:
        raise
    except Exception as exc:  # the engine's own errors, as execute() words them
        raise _engine_error(exc) from None


def run_query(
    source: Any,
    text: str,
    *,
    params: dict[str, str] | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    limit: int = DEFAULT_LIMIT,
    limits: Limits | None = None,
) -> QueryResult:
    """Vet ``text``, bind ``params`` and run it on ``source``; at most ``limit`` rows.

    Raises :class:`~mcugraph.errors.QueryError` when the query is refused, does not
    parse, has a bad parameter, fails, or runs past ``timeout`` seconds.
    """
    return run_within_limit(partial(execute, source, text, params=params, limit=limit, limits=limits), timeout)
