"""The SPARQL 1.1 Protocol, minus HTTP: content negotiation and answering one request.

:func:`answer` turns (query text, parameters, Accept header) into (status, media type,
body), with every failure an HTTP status and a one-line message. The endpoint's worker
processes call it; nothing here knows about sockets, so it is tested directly.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from mcugraph.errors import QueryError
from mcugraph.sparql.vet import Limits, QueryRefused, QueryTooLarge, vet

if TYPE_CHECKING:
    from collections.abc import Iterable

    from mcugraph.sparql.run import QueryStore

__all__ = ["Reply", "negotiate", "answer", "RESULT_TYPES", "GRAPH_TYPES"]

#: media type -> format, for SELECT and ASK (first is the default)
RESULT_TYPES = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
#: media type -> format, for CONSTRUCT and DESCRIBE (first is the default)
GRAPH_TYPES = {
    "text/turtle": "turtle",
    "application/x-turtle": "turtle",
    "application/turtle": "turtle",
    "application/n-triples": "ntriples",
    "text/plain": "ntriples",
    "application/ld+json": "jsonld",
    "application/rdf+xml": "rdfxml",
    "application/xml": "rdfxml",
    "text/xml": "rdfxml",
}
_TEXT = "text/plain; charset=utf-8"
#: unregistered names clients send for a registered type: answered with the registered one
_REGISTERED = {"application/x-turtle": "text/turtle", "application/turtle": "text/turtle"}


@dataclass(frozen=True, slots=True)
class Reply:
    status: int
    media_type: str
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)


def _accepted(accept: str) -> list[tuple[float, int, str]]:
    """(quality, position, media type) of an Accept header, best first."""
    out = []
    for position, part in enumerate(accept.split(",")):
        media, *options = (p.strip() for p in part.split(";"))
        quality = 1.0
        for option in options:
            key, _, value = option.partition("=")
            if key.strip() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if media:
            out.append((quality, position, media.lower()))
    return sorted(out, key=lambda item: (-item[0], item[1]))


def negotiate(accept: str | None, form: str) -> tuple[str, str] | None:
    """(format, media type) to answer a ``form`` query with, or None if nothing acceptable."""
    table = GRAPH_TYPES if form in ("CONSTRUCT", "DESCRIBE") else RESULT_TYPES
    default = next(iter(table))
    if not accept or not accept.strip():
        return table[default], default
    for quality, _, media in _accepted(accept):
        if quality <= 0:
            continue
        if media in table:
            return table[media], _REGISTERED.get(media, media)
        if media in ("*/*", "application/*", "text/*"):
            if media == "text/*" and table is RESULT_TYPES:
                return "csv", "text/csv"
            return table[default], default
    return None


def _error(status: int, message: str) -> Reply:
    return Reply(status, _TEXT, (message.rstrip() + "\n").encode("utf-8"))


def answer(
    graph: QueryStore,
    text: str,
    *,
    params: dict[str, str],
    accept: str | None,
    limit: int,
    default_graph_uris: Iterable[str] = (),
    named_graph_uris: Iterable[str] = (),
    limits: Limits | None = None,
) -> Reply:
    """Vet, run and serialize one query (no time limit here: the caller enforces it).

    Statuses: 403 for what policy refuses (SERVICE, updates), 413 for a text past the
    length limit, 406 when no acceptable format fits the form, 400 for everything else
    the request gets wrong (syntax, nesting, parameters, graphs the dataset lacks).
    """
    from mcugraph.sparql.run import execute_to

    try:
        form = vet(text, limits=limits, prefixes=dict(graph.prefixes), parse=False).form
    except QueryRefused as exc:
        return _error(403, str(exc))
    except QueryTooLarge as exc:
        return _error(413, str(exc))
    except QueryError as exc:
        return _error(400, str(exc))
    chosen = negotiate(accept, form)
    if chosen is None:
        offered = ", ".join(GRAPH_TYPES if form in ("CONSTRUCT", "DESCRIBE") else RESULT_TYPES)
        return _error(406, f"cannot answer a {form} query as {accept}; this endpoint offers {offered}")
    fmt, media = chosen
    try:
        _, body, truncated = execute_to(
            graph,
            text,
            fmt,
            params=params,
            limit=limit,
            limits=limits,
            default_graph_uris=default_graph_uris,
            named_graph_uris=named_graph_uris,
        )
    except QueryError as exc:
        return _error(400, str(exc))
    headers = {"X-Result-Truncated": "true"} if truncated else {}
    charset = "; charset=utf-8" if media.startswith("text/") or fmt in ("json", "jsonld") else ""
    return Reply(200, media + charset, body, headers)
