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
from typing import TYPE_CHECKING, Any

from mcugraph.errors import MCUGraphError
from mcugraph.model import Universe
from mcugraph.rdf.dataset import RdfDataset
from mcugraph.rdf.describe import DUMPS, dump_names
from mcugraph.rdf.export import export_text
from mcugraph.rdf.shapes import packaged_text
from mcugraph.rdf.turtle import to_turtle
from mcugraph.rdf.vocab import SD
from mcugraph.sparql.catalog import parse_header
from mcugraph.sparql.linked import linked_routes
from mcugraph.sparql.params import check_params
from mcugraph.sparql.pool import QueryStopped, WorkerLost, WorkerPool, default_size
from mcugraph.sparql.query_ui import QueryPage, query_page, query_ui_routes
from mcugraph.sparql.request import MAX_BODY, BadRequest, read_request
from mcugraph.sparql.vet import MAX_QUERY_LENGTH

if TYPE_CHECKING:
    from mcugraph.continuity.timeline import Timeline

__all__ = ["ServeOptions", "ServeError", "create_app", "serve_universe", "service_description"]

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


def _files(universe: Universe, dataset: RdfDataset) -> dict[str, tuple[str, bytes]]:
    """Everything under /data/: file name -> (media type, bytes)."""
    names = dump_names(universe)
    files: dict[str, tuple[str, bytes]] = {}
    for dump in DUMPS:
        charset = "; charset=utf-8" if dump.media_type.startswith(("text/", "application/json")) else ""
        text = export_text(universe, format=dump.format, dataset=dataset)
        files[names[dump.format]] = (dump.media_type + charset, text.encode("utf-8"))
    description = [t for t in dataset.triples if t[0].startswith(f"{universe.info.base_iri}dataset")]
    files["void.ttl"] = ("text/turtle; charset=utf-8", to_turtle(description, dataset.prefixes).encode("utf-8"))
    for name, media in (
        ("ontology.ttl", "text/turtle"),
        ("shapes.ttl", "text/turtle"),
        ("context.jsonld", "application/ld+json"),
    ):
        files[name] = (media + "; charset=utf-8", packaged_text(name, universe.info.ontology_iri).encode("utf-8"))
    return files


def _index(files: dict[str, tuple[str, bytes]]) -> str:
    rows = "\n".join(
        f'<li><a href="{html.escape(n)}">{html.escape(n)}</a> ({len(b):,} bytes, {html.escape(m.split(";")[0])})</li>'
        for n, (m, b) in sorted(files.items())
    )
    return (
        f'<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>data</title></head>'
        f"<body><h1>Data</h1><ul>\n{rows}\n</ul></body></html>\n"
    )


def create_app(universe: Universe, options: ServeOptions, *, log: Callable[[str], None] | None = None) -> Any:
    """The Starlette application; the worker pool starts and stops with it."""
    from starlette.applications import Starlette
    from starlette.middleware import Middleware
    from starlette.middleware.cors import CORSMiddleware
    from starlette.requests import Request
    from starlette.responses import HTMLResponse, Response
    from starlette.routing import Route

    base = options.base_url
    dataset = RdfDataset(universe, data_url=f"{base}/data/", endpoint=f"{base}/sparql")
    files = _files(universe, dataset)
    description = service_description(f"{base}/sparql", f"{universe.info.base_iri}dataset").encode("utf-8")
    state: dict[str, Any] = {}

    @contextlib.asynccontextmanager
    async def lifespan(app: Any) -> AsyncIterator[None]:
        handle, path = tempfile.mkstemp(prefix="mcugraph-", suffix=".nt")
        with os.fdopen(handle, "wb") as out:
            out.write(dataset.ntriples.encode("utf-8"))
        pool = WorkerPool(
            path,
            dataset.prefixes,
            size=options.workers or default_size(),
            limit=options.limit,
            base_iri=universe.info.base_iri,
        )
        try:
            await pool.start()
            state["pool"] = pool
            app.state.pool = pool
            if log is not None:
                log(
                    f"serving {universe.info.name} at {base}/sparql ({pool.size} query workers and {pool.spares} spare; "
                    f"explorer at {base}/)"
                )
            yield
        finally:
            await pool.close()
            with contextlib.suppress(OSError):
                os.unlink(path)

    @functools.cache
    def story() -> Timeline:  # solved once, when a date parameter first needs it
        from mcugraph.continuity.timeline import resolve_timeline

        return resolve_timeline(universe)

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
            if header.params or params:  # checked against the universe, which the workers do not hold
                params = await asyncio.to_thread(check_params, universe, header, params, timeline=story)
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
        if "page" not in state:
            page = None
            if importlib.util.find_spec("mcugraph.explorer") is not None:
                explorer = importlib.import_module("mcugraph.explorer")
                to_html = getattr(explorer, "to_html", None)
                if to_html is not None:
                    page = await asyncio.to_thread(to_html, universe)
            state["page"] = page if page is not None else _landing_page(universe.info.name)
        return HTMLResponse(state["page"])

    async def data_index(request: Request) -> Response:
        return HTMLResponse(_index(files))

    async def data_file(request: Request) -> Response:
        name = request.path_params["name"]
        if name not in files:
            return error(404, f"no file /data/{name}; see /data/ for the list")
        media, body = files[name]
        return Response(body, media_type=media)

    routes = [
        Route("/", home),
        Route("/sparql", sparql, methods=["GET", "POST", "PUT", "DELETE", "PATCH"]),  # others get a 405 that says why
        Route("/data/", data_index),
        Route("/data/{name}", data_file),
    ]
    routes += linked_routes(universe, dataset) + query_ui_routes()  # mcugraph.sparql.linked, .query_ui
    middleware = [
        Middleware(
            CORSMiddleware,
            allow_origins=["*"],
            allow_methods=["GET", "POST", "OPTIONS"],
            allow_headers=["*"],
            expose_headers=["X-Result-Truncated", "Retry-After"],
            max_age=3600,
        ),
        Middleware(QueryPage, page=query_page(universe.info.name)),  # a browser's GET /sparql: YASGUI
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
    import uvicorn

    sock = listen_socket(options.host, options.port)
    app = create_app(universe, options, log=log)
    config = uvicorn.Config(
        app,
        log_level="warning",
        access_log=False,
        lifespan="on",
        timeout_graceful_shutdown=5,
        backlog=2048,
        h11_max_incomplete_event_size=MAX_REQUEST_HEAD,
    )
    try:
        uvicorn.Server(config).run(sockets=[sock])
    finally:
        sock.close()
