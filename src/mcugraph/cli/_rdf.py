"""Commands for researchers: export, query, serve, publish."""

from __future__ import annotations

import contextlib
import os
import sys
from functools import partial
from typing import Any

import click

from mcugraph._text import visible
from mcugraph.cli._base import WrongCall, data_option, echo, library_errors, load_universe, main
from mcugraph.formats import ExportFormat, ResultFormat

__all__ = ["export", "wikidata", "query", "serve", "publish"]

# the values, not the members: click takes an enum's choices by member name (TURTLE)
_EXPORT_FORMATS = tuple(f.value for f in ExportFormat)
_QUERY_FORMATS = tuple(f.value for f in ResultFormat)
# mcugraph.sparql.vet's MAX_QUERY_LENGTH, MAX_DEPTH and DEEPEST, written out: importing the
# SPARQL package would load pyoxigraph for every --help (a test checks they agree)
MAX_QUERY_LENGTH, MAX_DEPTH, DEEPEST = 100_000, 2_000, 20_000


#: where a command writes its file: atomically, or to standard output
_OUTPUT = click.option(
    "-o",
    "--output",
    default="-",
    show_default=True,
    type=click.Path(dir_okay=False, allow_dash=True),
    help="File to write (atomically); '-' writes to standard output.",
)


@main.command()
@data_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(_EXPORT_FORMATS),
    default=None,
    help="Output format. Default: from the file extension (.ttl .nt .jsonld .graphml .json); turtle on"
    " standard output. A file name whose extension names no format needs --format.",
)
@_OUTPUT
@click.option("--positions", is_flag=True, help="Add mcg:definedAt FILE:LINE:COL to every record (RDF formats).")
@library_errors
def export(data: str, fmt: str | None, output: str, positions: bool) -> None:
    """Export the graph: Turtle, N-Triples, JSON-LD, GraphML or JSON.

    The RDF formats carry the VoID/DCAT description of the dataset; GraphML is for Gephi,
    Cytoscape and other network tools; JSON is a node-link graph for web tools. The same
    data always gives byte-identical output, so exports diff cleanly.
    """
    from mcugraph.rdf.export import export_to, format_from_path, write_export

    implied = format_from_path(output) if output != "-" else None
    suffix = os.path.splitext(output)[1]
    if fmt is None and output != "-" and implied is None:
        raise WrongCall(
            f"cannot tell the format from '{output}'"
            + (f" ('{suffix}' is no export format)" if suffix else " (it has no extension)")
            + f": add --format ({', '.join(_EXPORT_FORMATS)}) or use .ttl, .nt, .jsonld, .graphml or .json"
        )
    if fmt is not None and implied is not None and implied != fmt:
        raise WrongCall(f"--format {fmt} does not match '{output}', whose extension means {implied}: change one")
    universe = load_universe(data)
    chosen = fmt or implied or "turtle"
    if output == "-":
        export_to(universe, sys.stdout, format=chosen, positions=positions)  # the RDF formats as they are made
        sys.stdout.flush()
        return
    write_export(universe, output, format=chosen, positions=positions)
    click.echo(f"wrote {output} ({chosen})", err=True)


@main.command()
@data_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(("turtle", "ntriples")),
    default=None,
    help="turtle or ntriples. Default: from the file extension (.ttl .nt); turtle on standard output.",
)
@_OUTPUT
@library_errors
def wikidata(data: str, fmt: str | None, output: str) -> None:
    """Export the graph in Wikidata's shape, to compare with the Wikidata Query Service.

    Works get P161 cast member statements with a P453 character role qualifier;
    characters get P1441 present in work and P4584 first appearance; both get P1080 from
    narrative universe. Items with a verified QID are written as wd:Q…, the others keep
    their own IRI. The same data always gives the same bytes.
    """
    from mcugraph._io import atomic_write
    from mcugraph.rdf.wikidata import wikidata_text

    implied = {".ttl": "turtle", ".nt": "ntriples"}.get(os.path.splitext(output)[1].lower()) if output != "-" else None
    if fmt is None and output != "-" and implied is None:
        raise WrongCall(f"cannot tell the format from '{output}': add --format (turtle, ntriples) or use .ttl or .nt")
    if fmt is not None and implied is not None and implied != fmt:
        raise WrongCall(f"--format {fmt} does not match '{output}', whose extension means {implied}: change one")
    chosen = fmt or implied or "turtle"
    text = wikidata_text(load_universe(data), format=chosen)
    if output == "-":
        click.echo(text, nl=False)
        return
    try:
        atomic_write(output, text.encode("utf-8"))
    except OSError as exc:
        raise click.ClickException(f"cannot write {output}: {exc.strerror or exc}") from None
    click.echo(f"wrote {output} (Wikidata-shaped {chosen})", err=True)


#: where the on-disk store lives, for the commands that can use one
_STORE = click.option(
    "--store",
    "store_dir",
    default=None,
    metavar="DIR",
    type=click.Path(path_type=str),
    help="Use an on-disk store in DIR (made if missing), for universes too large to hold in memory. It is built "
    "the first time and again whenever a YAML file of the universe changes; otherwise the universe is not read.",
)


def open_disk_store(folder: str, data: str) -> Any:
    """The on-disk store in ``folder`` for ``data``, built (with word of it on stderr) when new or stale."""
    from mcugraph.disk import open_store

    if not os.path.exists(data):
        raise click.ClickException(f"no data file at '{data}': pass --data PATH or set MCUGRAPH_DATA")
    return open_store(folder, data, log=lambda line: click.echo(line, err=True))


def _parse_params(values: tuple[str, ...]) -> dict[str, str]:
    params: dict[str, str] = {}
    for item in values:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            example = f"{name.strip() or 'NAME'}={value if sep else 'VALUE'}"
            raise click.BadParameter(f"'{item}' is not NAME=VALUE (write --param {example})", param_hint="--param")
        params[name.strip()] = value
    return params


def _list_queries(folder: str) -> None:
    from mcugraph.sparql.catalog import read_catalog

    catalog = read_catalog(folder)
    if not catalog:
        raise click.ClickException(f"no queries in {folder}/")
    width = max(len(n) for n in catalog)
    for name, curated in catalog.items():
        click.echo(f"{name.ljust(width)}  {curated.title}")
        for param in curated.header.params:
            click.echo(f"{'':{width}}    --param {param}")


@main.command()
@click.argument("query_ref", metavar="[FILE-OR-NAME]", required=False)
@data_option
@click.option(
    "-p",
    "--param",
    "params",
    multiple=True,
    metavar="NAME=VALUE",
    help="A value for a parameter the query declares; repeatable. Records may be named by id, kind:id, IRI, name or"
    " alias, and must be records of this universe.",
)
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(_QUERY_FORMATS),
    default="table",
    show_default=True,
    help="table for people; json, xml, csv or tsv are the SPARQL 1.1 result formats; "
    "CONSTRUCT and DESCRIBE give turtle (also for table), ntriples, jsonld or rdfxml.",
)
@click.option(
    "--queries",
    "folder",
    default="queries",
    show_default=True,
    type=click.Path(file_okay=False),
    help="Folder of curated .rq files that FILE-OR-NAME is looked up in.",
)
@click.option(
    "--timeout", default=10.0, show_default=True, type=click.FloatRange(0.01, 3600), help="Seconds the query may run."
)
@click.option(
    "--limit",
    default=10_000,
    show_default=True,
    type=click.IntRange(1, 10_000_000),
    help="Most result rows (or triples) returned.",
)
@click.option(
    "--max-length",
    default=MAX_QUERY_LENGTH,
    show_default=True,
    type=click.IntRange(1, 100_000_000),
    help="Longest query text, in characters (the endpoint keeps the default).",
)
@click.option(
    "--max-depth",
    default=MAX_DEPTH,
    show_default=True,
    type=click.IntRange(1, DEEPEST),
    help="Deepest nesting of braces, parentheses and brackets (the endpoint keeps the default).",
)
@click.option("--list", "list_only", is_flag=True, help="List the curated queries with their parameters and exit.")
@_STORE
@library_errors
def query(
    query_ref: str | None,
    data: str,
    params: tuple[str, ...],
    fmt: str,
    folder: str,
    timeout: float,
    limit: int,
    max_length: int,
    max_depth: int,
    list_only: bool,
    store_dir: str | None,
) -> None:
    """Run a SPARQL query: a .rq file, a curated query by name, or - (stdin).

    Curated queries live in queries/ (see --list). Parameters are bound as RDF terms,
    never pasted into the query text. A default that names no record of this universe
    (the curated queries' defaults are records of the shipped data) must be given with
    --param. SERVICE and updates are refused; FROM may name only the universe's graph
    (its base IRI), against which relative IRIs resolve too. The time, result, length
    and nesting limits apply. --format json is SPARQL 1.1 Query Results JSON.

    With --store DIR the query runs on an on-disk store in DIR, built on first use and
    again whenever a YAML file of the universe changes; while it holds, the universe is
    not read at all (docs/sparql.md, "Large universes").
    """
    if list_only:
        _list_queries(folder)
        return
    if query_ref is None:
        raise click.UsageError("give a query: a .rq file, a name from `mcugraph query --list`, or - for stdin")
    from mcugraph.rdf import RdfDataset
    from mcugraph.sparql.catalog import find_query, parse_header
    from mcugraph.sparql.params import check_params
    from mcugraph.sparql.vet import Limits

    values = _parse_params(params)
    name: str | None = None
    if query_ref == "-":
        text = sys.stdin.read()
        header = parse_header(text, where="<stdin>")
    else:
        curated = find_query(query_ref, folder)
        text, header, name = curated.text, curated.header, curated.name
    limits = Limits(max_length=max_length, max_depth=max_depth)
    with contextlib.ExitStack() as opened:
        if store_dir is not None:
            disk = opened.enter_context(open_disk_store(store_dir, data))
            values = check_params(disk.records, header, values, query=name)
            store, prefixes = disk.query_store(), disk.prefixes
        else:
            universe = load_universe(data)
            values = check_params(universe, header, values, query=name)
            dataset = RdfDataset(universe)
            store, prefixes = dataset.query_store(), dataset.prefixes
        _run_and_print(store, text, fmt, values, limit, limits, timeout, prefixes)


def _run_and_print(
    store: Any,
    text: str,
    fmt: str,
    values: dict[str, str],
    limit: int,
    limits: Any,
    timeout: float,
    prefixes: dict[str, str],
) -> None:
    from mcugraph.sparql.run import execute_to, run_query, run_within_limit

    if fmt == "table":
        result = run_query(store, text, params=values, timeout=timeout, limit=limit, limits=limits)
        truncated = result.truncated
    else:  # written by pyoxigraph's serializers, without reading the rows into Python
        work = partial(execute_to, store, text, fmt, params=values, limit=limit, limits=limits)
        _, body, truncated = run_within_limit(work, timeout)
    if truncated:
        click.echo(
            f"warning: only the first {limit} results are shown (the result limit); "
            "add a LIMIT to the query or raise --limit",
            err=True,
        )
    if fmt == "table":
        echo(result.to_table(prefixes), nl=False)  # a table is for people: escaped
    else:
        sys.stdout.flush()
        sys.stdout.buffer.write(body)
        sys.stdout.buffer.flush()


@main.command()
@data_option
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on (keep 127.0.0.1 unless the endpoint should be reachable from other machines).",
)
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535), help="Port to listen on.")
@click.option(
    "--workers",
    default=None,
    type=click.IntRange(1, 64),
    help="Queries run at once, each in a worker process (default: the number of CPUs, at least 2). One more "
    "worker is kept ready, and each query that runs long moves aside at low priority, so up to 2N+1 workers may run.",
)
@click.option(
    "--timeout",
    default=10.0,
    show_default=True,
    type=click.FloatRange(0.01, 3600),
    help="Seconds a query may run (counted from when a worker takes it) before it is stopped and the client "
    "gets a 503.",
)
@click.option(
    "--queue-timeout",
    default=10.0,
    show_default=True,
    type=click.FloatRange(0.01, 3600),
    help="Seconds a request may wait for a free worker; past that the query is not run and the client gets a 503.",
)
@click.option(
    "--limit",
    default=10_000,
    show_default=True,
    type=click.IntRange(1, 10_000_000),
    help="Most result rows (or triples) a query returns.",
)
@_STORE
@library_errors
def serve(
    data: str,
    host: str,
    port: int,
    workers: int | None,
    timeout: float,
    queue_timeout: float,
    limit: int,
    store_dir: str | None,
) -> None:
    """Serve a read-only SPARQL endpoint, the explorer and the dumps.

    /sparql speaks the SPARQL 1.1 Protocol (GET, POST form, POST application/sparql-query)
    and answers in JSON, XML, CSV, TSV, Turtle or N-Triples by the Accept header, with
    CORS open for YASGUI and other browser clients; updates are refused. The explorer is
    at / and the dumps are under /data/. Stop it with Ctrl-C.

    Requests are served in arrival order. A query that runs long makes way for the quick
    ones of other clients, and is stopped at --timeout with a 503.

    With --store DIR the endpoint serves an on-disk store in DIR (built first when new or
    stale, in a process of its own) and never holds the universe in memory: for
    universes too large for that. The dumps and the explorer page are then the files made
    with the store (docs/sparql.md, "Large universes").
    """
    from mcugraph.sparql.endpoint import ServeOptions, serve_store, serve_universe

    options = ServeOptions(
        host=host, port=port, workers=workers, timeout=timeout, queue_timeout=queue_timeout, limit=limit
    )
    log = partial(click.echo, err=True)
    if store_dir is not None:
        if not os.path.exists(data):
            raise click.ClickException(f"no data file at '{data}': pass --data PATH or set MCUGRAPH_DATA")
        serve_store(store_dir, data, options, log=log)
        return
    serve_universe(load_universe(data), options, log=log)


@main.command()
@data_option
@click.option(
    "--store",
    "store_url",
    required=True,
    metavar="URL",
    help="The Graph Store Protocol endpoint, e.g. http://127.0.0.1:7878/store (Oxigraph) or "
    "http://localhost:3030/ds/data (Fuseki).",
)
@click.option(
    "--graph",
    "graph_iri",
    default=None,
    metavar="IRI",
    help="Named graph to replace (default: the universe's base IRI).",
)
@click.option("--default-graph", is_flag=True, help="Replace the store's default graph instead of a named graph.")
@click.option(
    "--timeout",
    default=60.0,
    show_default=True,
    type=click.FloatRange(1, 3600),
    help="Seconds to wait for each answer.",
)
@click.option(
    "--batch-size",
    default=50_000,
    show_default=True,
    type=click.IntRange(1, 10_000_000),
    metavar="TRIPLES",
    help="Triples per request (and at most 8 MiB).",
)
@click.option(
    "--resume-from",
    default=0,
    type=click.IntRange(0),
    metavar="TRIPLES",
    help="Complete a publish that stopped: skip this many triples (the number its error gave) "
    "and add the rest to the graph, which is not replaced.",
)
@click.option(
    "--sparql",
    "sparql_url",
    default=None,
    metavar="URL",
    help="The store's SPARQL query endpoint (Oxigraph: /query, Fuseki: /DATASET/sparql); "
    "when given, the graph's triples are counted there at the end and must match.",
)
@library_errors
def publish(
    data: str,
    store_url: str,
    graph_iri: str | None,
    default_graph: bool,
    timeout: float,
    batch_size: int,
    resume_from: int,
    sparql_url: str | None,
) -> None:
    """Push the dataset to a triple store (SPARQL 1.1 Graph Store Protocol).

    The export is sent in batches as it is written: a PUT replaces the graph with the
    first batch, then each batch is POSTed into it. Works with Oxigraph server, Apache Jena
    Fuseki, GraphDB and Virtuoso. A progress line goes to standard error on a terminal.

    If a request fails midway, the graph at the store is incomplete: the error says how
    many triples are there, and --resume-from that number sends the rest.
    """
    from mcugraph.rdf.publish import PublishIncomplete, graph_store_url, probe_store
    from mcugraph.rdf.publish import publish as push

    if graph_iri is not None and default_graph:
        raise click.UsageError("give either --graph or --default-graph, not both")
    graph_store_url(store_url, graph_iri)  # a bad URL is told before the data is read
    if sparql_url is not None:
        graph_store_url(sparql_url, None)
    probe_store(store_url, graph=graph_iri, timeout=timeout)
    universe = load_universe(data)
    progress = _Progress(sys.stderr.isatty())
    try:
        report = push(
            universe,
            store_url,
            graph=graph_iri,
            default_graph=default_graph,
            timeout=timeout,
            batch_triples=batch_size,
            resume_from=resume_from,
            sparql=sparql_url,
            on_batch=progress.update,
        )
    except PublishIncomplete as exc:
        progress.close()
        raise click.ClickException(visible(f"{exc.state} {_resume_hint(exc.triples)}")) from None
    except KeyboardInterrupt:
        progress.close()
        done = progress.last.triples if progress.last is not None else resume_from
        where = "the default graph" if default_graph else f"graph <{graph_iri or universe.info.base_iri}>"
        state = f"interrupted after the first {done:,} triples were sent." if done else "interrupted."
        text = f"{state} The {where} at {store_url} is INCOMPLETE. {_resume_hint(done)}"
        raise click.ClickException(visible(text)) from None
    progress.close()
    echo(str(report))


def _resume_hint(triples: int) -> str:
    if triples == 0:
        return "Run again to publish it from the start."
    return f"Run again with --resume-from {triples} to send the rest, or without it to redo the graph from the start."


class _Progress:
    """A line on standard error, rewritten after each batch; nothing when it is not a terminal."""

    def __init__(self, shown: bool) -> None:
        self.shown = shown
        self.last: Any = None
        self._width = 0

    def update(self, progress: Any) -> None:
        self.last = progress
        if not self.shown:
            return
        requests = f"{progress.batches:,} request{'s' if progress.batches != 1 else ''}"
        if progress.total:
            share = (
                f"{progress.triples:,} of {progress.total:,} triples sent ({100 * progress.triples // progress.total}%)"
            )
        else:
            share = f"{progress.triples:,} triples sent"
        text = f"publishing: {share}, {requests}"
        click.echo("\r" + text.ljust(self._width), nl=False, err=True)
        self._width = len(text)

    def close(self) -> None:
        if self.shown and self._width:
            click.echo("\r" + " " * self._width + "\r", nl=False, err=True)
            self._width = 0
