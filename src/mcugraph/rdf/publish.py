"""Publishing to a triple store with the SPARQL 1.1 Graph Store HTTP Protocol, in batches.

The export is sent as it is written, a bounded batch of N-Triples lines at a time: one
``PUT`` replaces the named graph (or the default graph) with the first batch, then each
further batch is ``POST``-ed into the same graph. Nothing holds the whole text at once,
so a universe of millions of triples publishes in the memory of one batch beside the
universe itself. Any store that speaks the protocol works: Oxigraph server (``/store``),
Apache Jena Fuseki (``/DATASET/data``), GraphDB, Virtuoso. The standard library's HTTP
client is used, so publishing needs no extra package.

The lines come in the export's canonical order, so the batches are the same on every run
and a publish that stopped half-way can be completed: ``resume_from`` skips the triples
the store already acknowledged and adds the rest. Sending a triple twice is harmless (a
graph is a set of triples, and the export has no blank nodes, which would be new nodes in
each request), so a batch whose answer was lost may be sent again.
"""

from __future__ import annotations

import http.client
import json
import socket
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from mcugraph.errors import OutputError
from mcugraph.model import Universe
from mcugraph.rdf.describe import dataset_iri
from mcugraph.rdf.stream import ntriples_lines

__all__ = [
    "publish",
    "probe_store",
    "graph_store_url",
    "PublishReport",
    "PublishProgress",
    "PublishIncomplete",
    "count_triples",
    "DEFAULT_BATCH_TRIPLES",
    "DEFAULT_BATCH_BYTES",
]

#: Triples a request carries at most (about 8 MB of N-Triples for the shipped data).
DEFAULT_BATCH_TRIPLES = 50_000
#: Bytes a request carries at most; a single longer line still goes alone.
DEFAULT_BATCH_BYTES = 8 * 1024 * 1024

_VOID_TRIPLES = "<http://rdfs.org/ns/void#triples>"
#: characters an IRI may not hold (RFC 3987), besides controls and the space
_NOT_IN_IRIS = frozenset('<>"{}|^`\\')


@dataclass(frozen=True, slots=True)
class PublishProgress:
    """How far a publish has got: what the store has acknowledged."""

    batches: int
    """Requests the store answered with success in this run."""
    triples: int
    """Triples the graph holds from the export: those of a resumed run's start included."""
    total: int | None
    """The export's triple count, once its description has said it (``void:triples``)."""


@dataclass(frozen=True, slots=True)
class PublishReport:
    store: str
    graph: str | None
    triples: int
    batches: int
    resumed_from: int = 0
    counted: int | None = None
    """The store's own count of the graph's triples, when a SPARQL endpoint was given."""

    def __str__(self) -> str:
        target = f"graph <{self.graph}>" if self.graph else "the default graph"
        if self.batches == 0:
            text = f"nothing left to send: all {self.triples:,} triples were sent to {target} at {self.store} before"
        else:
            requests = f"{self.batches:,} request{'s' if self.batches != 1 else ''}"
            text = f"published {self.triples:,} triples to {target} at {self.store} in {requests}"
            if self.resumed_from:
                text += f", resuming after the first {self.resumed_from:,}"
        if self.counted is not None:
            text += f"; the store counts {self.counted:,}"
        return text


class PublishIncomplete(OutputError):
    """A publish stopped after it had changed the graph: the store holds part of the export.

    ``state`` says what happened and how far it got; ``triples`` is what the store
    acknowledged (where a resumed publish starts); the message adds how to go on.
    """

    def __init__(self, state: str, progress: PublishProgress) -> None:
        self.state = state
        self.progress = progress
        self.triples = progress.triples
        if progress.triples:
            hint = (
                f"Publish again skipping the first {progress.triples:,} triples (resume_from) to send the rest, "
                "or from the start to redo it."
            )
        else:
            hint = "Publish again from the start."
        super().__init__(f"{state} {hint}")


def graph_store_url(store: str, graph: str | None) -> str:
    """The request URL: ``?graph=IRI`` for a named graph, ``?default`` for the default graph."""
    parts = _http_url(store, "a Graph Store Protocol endpoint")
    if graph is not None and (not graph or any(c in _NOT_IN_IRIS or ord(c) <= 0x20 for c in graph)):
        raise OutputError(f"the graph name {graph!r} is not an IRI", about="graph")
    query = "default" if graph is None else urllib.parse.urlencode({"graph": graph})
    joined = f"{parts.query}&{query}" if parts.query else query
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, parts.path, joined, ""))


def _http_url(url: str, what: str) -> urllib.parse.SplitResult:
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise OutputError(f"'{url}' is not an http(s) URL of {what}")
    try:
        parts.port  # noqa: B018 -- raises on a port that is not a number
    except ValueError:
        raise OutputError(f"'{url}' is not an http(s) URL of {what}: its port is not a number") from None
    return parts


class _Refused(Exception):
    """A request that did not succeed: ``status`` when the store answered with one;
    ``unsent`` when the store was never reached, so nothing of the request arrived."""

    def __init__(self, reason: str, *, status: int | None = None, unsent: bool = False) -> None:
        super().__init__(reason)
        self.status = status
        self.unsent = unsent


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """A redirect is an error: urllib would follow a POST's as a GET, and the data be lost."""

    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


_OPENER = urllib.request.build_opener(_NoRedirects)


def _request(method: str, url: str, *, body: bytes | None, timeout: float, headers: dict[str, str]) -> bytes:
    """The body of a successful (2xx) answer; anything else raises :class:`_Refused`."""
    request = urllib.request.Request(url, data=body, method=method, headers=headers)
    try:
        with _OPENER.open(request, timeout=timeout) as response:
            return bytes(response.read(1_000_000))
    except urllib.error.HTTPError as exc:
        detail = " ".join(exc.read(500).decode("utf-8", "replace").split())
        if 300 <= exc.code < 400:
            where = exc.headers.get("Location")
            hint = f" to {where}; give that URL instead" if where else ""
            raise _Refused(f"HTTP {exc.code} {exc.reason}: the store redirected{hint}", status=exc.code) from None
        hint = " (is the store read-only, or does it need credentials?)" if exc.code in (401, 403) else ""
        reason = f"HTTP {exc.code} {exc.reason}{hint}" + (f": {detail}" if detail else "")
        raise _Refused(reason, status=exc.code) from None
    except urllib.error.URLError as exc:
        cause = exc.reason
        if isinstance(cause, TimeoutError):
            raise _Refused(f"no answer within {timeout:g} s") from None
        reason = getattr(cause, "strerror", None) or str(cause)
        raise _Refused(reason, unsent=isinstance(cause, (ConnectionRefusedError, socket.gaierror))) from None
    except TimeoutError:
        raise _Refused(f"no answer within {timeout:g} s") from None
    except (OSError, http.client.HTTPException) as exc:
        raise _Refused(f"the connection broke ({str(exc) or type(exc).__name__})") from None


def probe_store(store: str, *, graph: str | None = None, timeout: float = 60.0) -> int:
    """``HEAD`` the graph's URL, so that an unreachable store is found before any work is done.

    Any HTTP answer counts as reachable and its status is returned (``200`` for a graph
    the store has, ``404`` for one it has not; some stores refuse ``HEAD`` itself).
    """
    url = graph_store_url(store, graph)
    try:
        _request("HEAD", url, body=None, timeout=timeout, headers={"Accept": "*/*"})
    except _Refused as exc:
        if exc.status is not None:
            return exc.status
        raise OutputError(f"cannot reach the store at {store}: {exc}; is it running?") from None
    return 200


def _batches(lines: Iterable[str], *, triples: int, max_bytes: int) -> Iterator[tuple[bytes, int]]:
    """The lines as request bodies: ``(body, lines in it)``, at most ``triples`` lines and
    ``max_bytes`` bytes each (a longer line alone)."""
    chunk: list[bytes] = []
    size = 0
    for line in lines:
        data = line.encode("utf-8")
        if chunk and (len(chunk) >= triples or size + len(data) > max_bytes):
            yield b"".join(chunk), len(chunk)
            chunk, size = [], 0
        chunk.append(data)
        size += len(data)
    if chunk:
        yield b"".join(chunk), len(chunk)


class _Counted:
    """The export's lines, skipping the first ``skip``, counting all and noticing the
    description's ``void:triples`` (the whole export's count) as it passes."""

    def __init__(self, lines: Iterable[str], *, skip: int, dataset: str) -> None:
        self.lines = lines
        self.skip = skip
        self.seen = 0
        self.total: int | None = None
        self._prefix = f'<{dataset}> {_VOID_TRIPLES} "'

    def __iter__(self) -> Iterator[str]:
        prefix = self._prefix
        for line in self.lines:
            self.seen += 1
            if self.total is None and line.startswith(prefix):
                digits = line[len(prefix) :].partition('"')[0]
                self.total = int(digits) if digits.isdigit() else None
            if self.seen > self.skip:
                yield line


def publish(
    universe: Universe,
    store: str,
    *,
    graph: str | None = None,
    default_graph: bool = False,
    timeout: float = 60.0,
    batch_triples: int = DEFAULT_BATCH_TRIPLES,
    batch_bytes: int = DEFAULT_BATCH_BYTES,
    resume_from: int = 0,
    sparql: str | None = None,
    on_batch: Callable[[PublishProgress], None] | None = None,
) -> PublishReport:
    """Replace ``graph`` (default: the universe's base IRI) in the store with the export.

    The first request ``PUT``s the first batch, replacing the graph; the others ``POST``
    theirs into it. With ``resume_from`` (the count a :class:`PublishIncomplete` gave) the
    first ``resume_from`` triples are skipped and every batch is ``POST``-ed, the graph kept.
    ``on_batch`` is called after each batch the store acknowledged. With ``sparql`` (the
    store's SPARQL query endpoint) the graph's triples are counted there at the end, and
    must be as many as the export has.

    Raises :class:`PublishIncomplete` once the graph has been changed and then a request
    fails, and :class:`~mcugraph.errors.OutputError` when nothing was changed.
    """
    if batch_triples < 1:
        raise OutputError(f"a batch must hold at least one triple, not {batch_triples}", about="batch_triples")
    if batch_bytes < 1:
        raise OutputError(f"a batch must hold at least one byte, not {batch_bytes}", about="batch_bytes")
    if resume_from < 0:
        raise OutputError(f"cannot resume after {resume_from} triples: a count is 0 or more", about="resume_from")
    target = None if default_graph else (graph if graph is not None else universe.info.base_iri)
    url = graph_store_url(store, target)
    if sparql is not None:
        _http_url(sparql, "a SPARQL endpoint")
    where = f"graph <{target}>" if target else "default graph"
    if resume_from and probe_store(store, graph=target, timeout=timeout) == 404:
        raise OutputError(
            f"cannot resume: the store at {store} has no {where}, so none of the first {resume_from:,} "
            "triples is there; publish from the start",
            about="resume_from",
        )

    lines = _Counted(ntriples_lines(universe), skip=resume_from, dataset=dataset_iri(universe))
    headers = {"Content-Type": "application/n-triples", "Accept": "*/*"}
    sent, batches = resume_from, 0
    for body, count in _batches(lines, triples=batch_triples, max_bytes=batch_bytes):
        method = "POST" if resume_from or batches else "PUT"
        try:
            _request(method, url, body=body, timeout=timeout, headers=headers)
        except _Refused as exc:
            if batches == 0 and not resume_from and exc.unsent:
                raise OutputError(f"cannot reach the store at {store}: {exc}; is it running?") from None
            if batches == 0 and not resume_from and exc.status is not None:
                raise OutputError(f"the store at {store} refused the data: {exc}; nothing was published") from None
            done = PublishProgress(batches, sent, lines.total)
            failed = f"batch {batches + 1} ({method} of triples {sent + 1:,} to {sent + count:,})"
            raise PublishIncomplete(_state(store, where, failed, exc, done, resume_from), done) from None
        sent += count
        batches += 1
        if on_batch is not None:
            on_batch(PublishProgress(batches, sent, lines.total))

    if lines.seen < resume_from:
        raise OutputError(
            f"cannot resume after the first {resume_from:,} triples: the export has only {lines.seen:,}; "
            "nothing was sent",
            about="resume_from",
        )
    if batches == 0 and not resume_from:  # an export with no line at all still replaces the graph
        try:
            _request("PUT", url, body=b"", timeout=timeout, headers=headers)
        except _Refused as exc:
            raise OutputError(f"the store at {store} refused the data: {exc}; nothing was published") from None
        batches = 1
    counted = None
    if sparql is not None:
        counted = count_triples(sparql, target, timeout=timeout)
        if counted != sent:
            more = "more than were sent: something else writes to it" if counted > sent else "fewer than were sent"
            state = (
                f"every request succeeded, but the SPARQL endpoint {sparql} counts {counted:,} triples in the "
                f"{where}, {more} ({sent:,}). The {where} at {store} is INCOMPLETE or mixed."
            )
            raise PublishIncomplete(state, PublishProgress(batches, 0, lines.total))
    return PublishReport(store, target, sent, batches, resume_from, counted)


def _state(store: str, where: str, failed: str, exc: _Refused, done: PublishProgress, resumed: int) -> str:
    """What happened, and how much the store acknowledged before."""
    how = "refused" if exc.status is not None else "did not take"
    if done.triples == 0:
        so_far = "it may be the old graph still, or hold part of the first batch"
    else:
        of = f" of {done.total:,}" if done.total is not None else ""
        requests = f"{done.batches:,} request{'s' if done.batches != 1 else ''}"
        earlier = f", after the {resumed:,} of an earlier run" if resumed else ""
        so_far = f"the first {done.triples:,}{of} triples are there ({requests} in this run{earlier})"
    return f"the store at {store} {how} {failed}: {exc}. The {where} there is INCOMPLETE: {so_far}."


def count_triples(sparql: str, graph: str | None, *, timeout: float = 60.0) -> int:
    """The triples ``graph`` (``None``: the default graph) holds, by the store's SPARQL endpoint."""
    _http_url(sparql, "a SPARQL endpoint")
    pattern = f"GRAPH <{graph}> {{ ?s ?p ?o }}" if graph else "?s ?p ?o"
    body = urllib.parse.urlencode({"query": f"SELECT (COUNT(*) AS ?n) WHERE {{ {pattern} }}"}).encode()
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/sparql-results+json"}
    try:
        answer = json.loads(_request("POST", sparql, body=body, timeout=timeout, headers=headers))
        return int(answer["results"]["bindings"][0]["n"]["value"])
    except _Refused as exc:
        raise OutputError(f"the SPARQL endpoint {sparql} could not count the graph's triples: {exc}") from None
    except (ValueError, KeyError, IndexError, TypeError):
        raise OutputError(f"the SPARQL endpoint {sparql} did not answer the count in SPARQL JSON") from None
