"""``mcugraph serve``: a read-only SPARQL 1.1 Protocol endpoint over the universe.

Routes: ``/sparql`` (GET, POST form, POST ``application/sparql-query``; updates refused;
what a request asks for, or why it is refused, is read by :mod:`mcugraph.sparql.request`),
``/`` (the explorer when ``mcugraph.explorer`` is installed, else a short page),
``/data/`` (the dumps, the description, the ontology, the shapes and the JSON-LD
context). CORS is open so a researcher's own YASGUI can point here. The app runs on
uvicorn; queries run in worker processes (:mod:`mcugraph.sparql.pool`).
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import functools
import html
import importlib
import importlib.util
import os
import socket
import tempfile
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mcugraph.errors import MCUGraphError
from mcugraph.model import Universe
from mcugraph.rdf.dataset import RdfDataset
from mcugraph.rdf.dumps import dump_files
from mcugraph.rdf.turtle import to_turtle
from mcugraph.rdf.vocab import SD
from mcugraph.sparql.catalog import parse_header
from mcugraph.sparql.linked import linked_routes
from mcugraph.sparql.params import Records, check_params
from mcugraph.sparql.pool import QueryStopped, WorkerLost, WorkerPool, default_size
from mcugraph.sparql.query_ui import QueryPage, query_page, query_ui_routes
from mcugraph.sparql.request import MAX_BODY, BadRequest, read_request
from mcugraph.sparql.vet import MAX_QUERY_LENGTH

if TYPE_CHECKING:
    from mcugraph.continuity.timeline import Timeline
    from mcugraph.disk import DiskStore

__all__ = [
    "ServeOptions",
    "ServeError",
    "create_app",
    "create_store_app",
    "serve_universe",
    "serve_store",
    "service_description",
]

_TEXT = "text/plain; charset=utf-8"
#: how long a request line and its headers may be: a GET past the URL limit (1 MiB, say)
#: must reach the endpoint to be answered 414, not be cut off by the HTTP parser
MAX_REQUEST_HEAD = 4 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class ServeOptions:
    host: str = "127.0.0.1"
    port: int = 8000
    workers: int | None = None
    timeout: float = 10.0
    queue_timeout: float = 10.0
    limit: int = 10_000

    @property
    def base_url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"


def service_description(endpoint: str, dataset: str) -> str:
    """The SPARQL 1.1 Service Description of the endpoint, in Turtle."""
    from mcugraph.rdf.terms import Lit, Triple, sort_key

    s = endpoint
    triples: list[Triple] = [
        (s, "http://www.w3.org/1999/02/22-rdf-syntax-ns#type", SD + "Service"),
        (s, SD + "endpoint", endpoint),
        (s, SD + "supportedLanguage", SD + "SPARQL11Query"),
        (s, SD + "defaultDataset", dataset),
        (
            s,
            "http://www.w3.org/2000/01/rdf-schema#comment",
            Lit(
                "Read-only. SERVICE and updates are refused; FROM, FROM NAMED, default-graph-uri and "
                "named-graph-uri may name the dataset's one graph; relative IRIs resolve against the dataset's "
                "base IRI; queries have a time and a result limit."
            ),
        ),
    ]
    for media in (
        "application/sparql-results+json",
        "application/sparql-results+xml",
        "text/csv",
        "text/tab-separated-values",
        "text/turtle",
        "application/n-triples",
        "application/ld+json",
        "application/rdf+xml",
    ):
        triples.append((s, SD + "resultFormat", f"https://www.iana.org/assignments/media-types/{media}"))
    return to_turtle(sorted(set(triples), key=sort_key), {"sd": SD, "rdfs": "http://www.w3.org/2000/01/rdf-schema#"})


def _landing_page(name: str) -> str:
    title = html.escape(name)
    return (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{title}</title></head><body>\n<h1>{title}</h1>\n"
        '<ul>\n<li><a href="/sparql">/sparql</a>: the SPARQL 1.1 endpoint (read-only)</li>\n'
        '<li><a href="/data/">/data/</a>: the dumps, the VoID description, the ontology and the shapes</li>\n'
        "</ul>\n</body></html>\n"
    )


def _index(files: dict[str, tuple[str, bytes | Path]], left_out: dict[str, str]) -> str:
    def size(body: bytes | Path) -> int:
        return len(body) if isinstance(body, bytes) else body.stat().st_size

    rows = "\n".join(
        f'<li><a href="{html.escape(n)}">{html.escape(n)}</a> ({size(b):,} bytes, {html.escape(m.split(";")[0])})</li>'
        for n, (m, b) in sorted(files.items())
    )
    rows += "".join(
        f"\n<li>{html.escape(n)}: not made ({html.escape(why)})</li>" for n, why in sorted(left_out.items())
    )
    return (
        f'<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>data</title></head>'
        f"<body><h1>Data</h1><ul>\n{rows}\n</ul></body></html>\n"
    )


@dataclass(eq=False)
class _Site:
    """What the application serves, from a universe in memory or from an on-disk store."""

    name: str
    base_iri: str
    prefixes: dict[str, str]
    #: what a query's parameters are checked against, and the timeline that dates need
    records: Universe | Records
    timeline: Callable[[], Timeline] | None
    #: /data/: name -> (media type, bytes or a file to send)
    files: dict[str, tuple[str, bytes | Path]]
    #: /data/ names not made, and why
    left_out: dict[str, str]
    #: the page at /: made on first request (the explorer), or a file
    page: Callable[[], str] | Path
    linked: list[Any]
    #: the worker pool's data: an N-Triples dump to write first, or the path of a store on disk
    dump: Callable[[], bytes] | None = None
    store_path: str | None = None


def create_app(universe: Universe, options: ServeOptions, *, log: Callable[[str], None] | None = None) -> Any:
    """The Starlette application; the worker pool starts and stops with it."""
    base = options.base_url
    dataset = RdfDataset(universe, data_url=f"{base}/data/", endpoint=f"{base}/sparql")

    @functools.cache
    def story() -> Timeline:  # solved once, when a date parameter first needs it
        from mcugraph.continuity.timeline import resolve_timeline

        return resolve_timeline(universe)

    def page() -> str:
        if importlib.util.find_spec("mcugraph.explorer") is not None:
            explorer = importlib.import_module("mcugraph.explorer")
            to_html = getattr(explorer, "to_html", None)
            if to_html is not None:
                made = to_html(universe)
                if made is not None:
                    return str(made)
        return _landing_page(universe.info.name)

    site = _Site(
        name=universe.info.name,
        base_iri=universe.info.base_iri,
        prefixes=dataset.prefixes,
        records=universe,
        timeline=story,
        files=dict(dump_files(universe, dataset)),
        left_out={},
        page=page,
        linked=linked_routes(universe, dataset),
        dump=lambda: dataset.ntriples.encode("utf-8"),
    )
    return _application(site, options, log)


def create_store_app(disk: DiskStore, options: ServeOptions, *, log: Callable[[str], None] | None = None) -> Any:
    """The application over an on-disk store: queries, dereferencing and parameters answered from the disk.

    The universe is not in memory: the query workers open the store read-only, IRIs are
    described from it (:class:`~mcugraph.rdf.deref.StoreDescriptions`), parameters are
    checked against its record index, and /data/ and the explorer page are the files
    made when it was built. The description inside the dumps links them under the base
    IRI (``{base}data/``) and names no endpoint: the files are the same whichever
    server sends them.
    """
    import pyoxigraph as ox

    from mcugraph.rdf.deref import StoreDescriptions
    from mcugraph.sparql.linked import described_routes

    descriptions = StoreDescriptions(
        disk.query_store().store,
        ox.NamedNode(disk.base_iri),
        name=disk.name,
        base_iri=disk.base_iri,
        namespace=disk.ontology_iri,
        prefixes=disk.prefixes,
    )
    site = _Site(
        name=disk.name,
        base_iri=disk.base_iri,
        prefixes=disk.prefixes,
        records=disk.records,
        timeline=None,
        files=dict(disk.data_files()),
        left_out=disk.left_out,
        page=disk.explorer or (lambda: _no_explorer(disk.name, disk.explorer_note or "")),
        linked=described_routes(descriptions),
        store_path=str(disk.oxigraph_path),
    )
    return _application(site, options, log)


def _no_explorer(name: str, why: str) -> str:
    title = html.escape(name)
    return (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{title}</title></head><body>\n<h1>{title}</h1>\n"
        f"<p>No explorer page: {html.escape(why)}. A page of that many nodes would not draw in a browser.</p>\n"
        '<ul>\n<li><a href="/sparql">/sparql</a>: the SPARQL 1.1 endpoint (read-only)</li>\n'
        '<li><a href="/data/">/data/</a>: the dumps, the VoID description, the ontology and the shapes</li>\n'
        "</ul>\n</body></html>\n"
    )


def _application(site: _Site, options: ServeOptions, log: Callable[[str], None] | None) -> Any:
    from starlette.applications import Starlette
    from starlette.middleware import Middleware
    from starlette.middleware.cors import CORSMiddleware
    from starlette.requests import Request
    from starlette.responses import FileResponse, HTMLResponse, Response
    from starlette.routing import Route

    base = options.base_url
    files = site.files
    description = service_description(f"{base}/sparql", f"{site.base_iri}dataset").encode("utf-8")
    state: dict[str, Any] = {}

    @contextlib.asynccontextmanager
    async def lifespan(app: Any) -> AsyncIterator[None]:
        path = site.store_path
        written = None
        if site.dump is not None:
            handle, written = tempfile.mkstemp(prefix="mcugraph-", suffix=".nt")
            with os.fdopen(handle, "wb") as out:
                out.write(site.dump())
            path = written
        assert path is not None
        pool = WorkerPool(
            path,
            site.prefixes,
            size=options.workers or default_size(),
            limit=options.limit,
            base_iri=site.base_iri,
            on_disk=site.store_path is not None,
        )
        try:
            await pool.start()
            state["pool"] = pool
            app.state.pool = pool
            if log is not None:
                log(
                    f"serving {site.name} at {base}/sparql ({pool.size} query workers and {pool.spares} spare; "
                    f"explorer at {base}/)"
                )
            yield
        finally:
            await pool.close()
            if written is not None:
                with contextlib.suppress(OSError):
                    os.unlink(written)

    def error(status: int, message: str) -> Response:
        return Response(message.rstrip() + "\n", status_code=status, media_type=_TEXT)

    async def sparql(request: Request) -> Response:
        body = b""
        if request.method == "POST":
            chunks: list[bytes] = []
            size = 0
            async for chunk in request.stream():  # stopped at the limit: an oversize body is not kept
                size += len(chunk)
                if size > MAX_BODY:
                    return error(413, f"the request body is over {MAX_BODY:,} bytes; the limit is {MAX_BODY:,}")
                chunks.append(chunk)
            body = b"".join(chunks)
        try:
            asked = read_request(
                request.method, request.scope["query_string"], request.headers.get("content-type"), body
            )
        except BadRequest as exc:
            response = error(exc.status, str(exc))
            response.headers.update(exc.headers)
            return response
        text = asked.query
        if text is None:
            return Response(description, media_type="text/turtle; charset=utf-8")
        if len(text) > MAX_QUERY_LENGTH:
            status = 414 if request.method == "GET" else 413
            return error(status, f"the query is {len(text):,} characters long; the limit is {MAX_QUERY_LENGTH:,}")
        params = asked.params
        try:
            header = parse_header(text)
            if header.params or params:  # checked against the records, which the workers do not hold
                params = await asyncio.to_thread(check_params, site.records, header, params, timeline=site.timeline)
        except MCUGraphError as exc:
            return error(400, str(exc))
        try:
            reply = await state["pool"].ask(
                text,
                params,
                request.headers.get("accept"),
                timeout=options.timeout,
                wait=options.queue_timeout,
                dataset=(asked.default_graph_uris, asked.named_graph_uris),
            )
        except QueryStopped as exc:
            response = error(503, str(exc))
            if exc.retry_after is not None:
                response.headers["Retry-After"] = str(exc.retry_after)
            return response
        except WorkerLost as exc:
            return error(500, str(exc))
        return Response(reply.body, status_code=reply.status, media_type=reply.media_type, headers=reply.headers)

    async def home(request: Request) -> Response:
        if isinstance(site.page, Path):
            return FileResponse(site.page, media_type="text/html; charset=utf-8")
        if "page" not in state:
            state["page"] = await asyncio.to_thread(site.page)
        return HTMLResponse(state["page"])

    async def data_index(request: Request) -> Response:
        return HTMLResponse(_index(files, site.left_out))

    async def data_file(request: Request) -> Response:
        name = request.path_params["name"]
        if name in site.left_out:
            return error(404, f"/data/{name} was not made: {site.left_out[name]}; see /data/ for what was")
        if name not in files:
            return error(404, f"no file /data/{name}; see /data/ for the list")
        media, body = files[name]
        if isinstance(body, Path):
            return FileResponse(body, media_type=media)
        return Response(body, media_type=media)

    routes = [
        Route("/", home),
        Route("/sparql", sparql, methods=["GET", "POST", "PUT", "DELETE", "PATCH"]),  # others get a 405 that says why
        Route("/data/", data_index),
        Route("/data/{name}", data_file),
    ]
    routes += site.linked + query_ui_routes()  # mcugraph.sparql.linked, .query_ui
    middleware = [
        Middleware(
            CORSMiddleware,
            allow_origins=["*"],
            allow_methods=["GET", "POST", "OPTIONS"],
            allow_headers=["*"],
            expose_headers=["X-Result-Truncated", "Retry-After"],
            max_age=3600,
        ),
        Middleware(QueryPage, page=query_page(site.name)),  # a browser's GET /sparql: YASGUI
    ]
    return Starlette(routes=routes, middleware=middleware, lifespan=lifespan)


class ServeError(MCUGraphError):
    """The endpoint could not start (the address is taken, or cannot be listened on)."""


def listen_socket(host: str, port: int) -> socket.socket:
    """The listening socket, bound here so a taken port is a clear error, not a log line."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # IPPROTO_TCP spelled out: asyncio sets TCP_NODELAY only on sockets that say so, and
    # without it every answer on a kept-alive connection waited 40 ms for a delayed ACK
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        reason = exc.strerror or str(exc)
        if exc.errno == errno.EADDRINUSE:
            raise ServeError(
                f"cannot listen on {host}:{port}: {reason}; another server is using that port", about="port"
            ) from None
        raise ServeError(f"cannot listen on {host}:{port}: {reason}", about="host") from None
    except (OverflowError, UnicodeError) as exc:
        sock.close()
        raise ServeError(f"cannot listen on {host}:{port}: {exc}") from None
    return sock


def serve_universe(universe: Universe, options: ServeOptions, *, log: Callable[[str], None] | None = None) -> None:
    """Serve until interrupted (Ctrl-C); raises :class:`ServeError` when the address is taken."""
    sock = listen_socket(options.host, options.port)
    try:
        _run(create_app(universe, options, log=log), sock)
    finally:
        sock.close()


def serve_store(
    folder: str | os.PathLike[str], data: str, options: ServeOptions, *, log: Callable[[str], None] | None = None
) -> None:
    """Serve the on-disk store in ``folder`` for the universe at ``data`` until interrupted.

    The address is taken first (:class:`ServeError` if it cannot be), then the store is
    opened, and built in a process of its own when it is new or stale
    (:func:`mcugraph.disk.open_store`): this process never holds the universe.
    """
    from mcugraph.disk import open_store

    sock = listen_socket(options.host, options.port)
    try:
        with open_store(folder, data, log=log) as disk:
            app = create_store_app(disk, options, log=log)
            sock.listen(2048)  # built: clients that come while the workers start wait, not refused
            _run(app, sock)
    finally:
        sock.close()


def _run(app: Any, sock: socket.socket) -> None:
    import uvicorn

    config = uvicorn.Config(
        app,
        log_level="warning",
        access_log=False,
        lifespan="on",
        timeout_graceful_shutdown=5,
        backlog=2048,
        h11_max_incomplete_event_size=MAX_REQUEST_HEAD,
    )
    uvicorn.Server(config).run(sockets=[sock])
