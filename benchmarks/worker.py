"""One size's stages, run in this process, each reported as a line of JSON on stdout.

Started by ``run.py`` as ``python benchmarks/worker.py CONFIG`` (CONFIG a JSON object:
see :class:`Context`), one process per size, so that a stage's peak memory is this
process's own. Lines written:

- ``{"event": "start", "stage": ID}`` when a stage starts, and ``{"event": "setup",
  "what": ...}`` when it first needs something built (the universe, its triples, the
  store), so that ``run.py`` can hold each step to its time limit;
- ``{"event": "done", "stage": ID, ...}`` with the measure (``runs_s``, ``median_s``,
  ``peak_mb`` and what the stage adds), or with ``not_run`` and the reason;
- ``{"event": "facts", ...}``: the size of what was measured (entities, triples, nodes).

A query that runs past its time limit leaves its thread running (an engine call cannot
be interrupted), which would slow every later measure down: the worker then exits with
:data:`EXIT_RESTART` and ``run.py`` starts a fresh one for the stages left.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import traceback
from collections.abc import Callable
from functools import cached_property
from pathlib import Path
from typing import Any

from _common import EXIT_RESTART, QUERIES, RULES, measure, measure_interleaved
from stages import ON_DISK

import mcugraph
from mcugraph.continuity import check
from mcugraph.explorer import to_html
from mcugraph.graph import to_networkx
from mcugraph.rdf import RdfDataset, export_text
from mcugraph.rdf.stream import write_rdf
from mcugraph.sparql import QueryTimeout, read_catalog, run_query

__all__ = ["Context", "synthetic_params", "main"]


class Restart(Exception):
    """This stage is done, but the process is no longer fit to measure anything else."""


def emit(**fields: Any) -> None:
    sys.stdout.write(json.dumps(fields) + "\n")
    sys.stdout.flush()


def _tick() -> None:
    emit(event="run")  # each run is held to the time limit on its own


def timed(func: Callable[[], Any], runs: int) -> tuple[dict[str, Any], Any]:
    """:func:`measure`, telling ``run.py`` as each run starts."""
    return measure(func, runs, before_run=_tick)


def timed_after_first(func: Callable[[], Any], runs: int) -> tuple[dict[str, Any], Any]:
    """A cold first run kept apart (``first_s``), then the median of ``runs`` warm ones."""
    first, _ = timed(func, 1)
    record, result = timed(func, runs)
    record["first_s"] = first["median_s"]
    record["peak_mb"] = max(first["peak_mb"], record["peak_mb"])
    return record, result


class Context:
    """What the stages share, built once on first use.

    ``config`` keys: ``data`` (root YAML file), ``size``, ``synthetic``, ``runs``,
    ``stages``, ``workdir``, and the peers' settings ``peer_runs``,
    ``rdflib_timeout_s``, ``draw_timeout_s``, ``pyvis_runs``, ``pyvis_timeout_s``,
    ``endpoint_total``.
    """

    def __init__(self, config: dict[str, Any]) -> None:
        self.config = config
        self.data = Path(config["data"])
        self.runs = int(config["runs"])
        self.workdir = Path(config["workdir"])

    def _setup(self, what: str, build: Callable[[], Any]) -> Any:
        emit(event="setup", what=what)
        return build()

    @cached_property
    def universe(self) -> Any:
        return self._setup("universe", lambda: mcugraph.load(self.data))

    @cached_property
    def dataset(self) -> RdfDataset:
        return self._setup("triples", lambda: _with_triples(RdfDataset(self.universe)))

    @cached_property
    def store(self) -> Any:
        if self.config["size"] in ON_DISK:  # the query stages run on the on-disk store there
            return self.disk.query_store()
        return self._setup("the Oxigraph store", lambda: self.dataset.query_store())

    @cached_property
    def disk(self) -> Any:
        """The on-disk store in the work folder (built by ``store-load``, or here if that did not run)."""
        from mcugraph.disk import open_store

        return self._setup("the on-disk store", lambda: open_store(self.workdir / "store", str(self.data)))

    @cached_property
    def memory_store(self) -> Any:
        def build() -> Any:
            from rdflib import Graph

            graph = Graph(bind_namespaces="none")
            for prefix, namespace in self.dataset.prefixes.items():
                graph.bind(prefix, namespace)
            graph.parse(data=self.dataset.ntriples, format="nt")
            graph.query("ASK { ?s ?p ?o }")  # rdflib's SPARQL machinery loads on first use, not in a timed run
            return graph

        return self._setup("rdflib's memory store", build)

    @cached_property
    def page(self) -> Path:
        def build() -> Path:
            from mcugraph.explorer import write_html

            return write_html(self.universe, self.workdir / "explorer.html")

        return self._setup("the explorer page", build)

    @cached_property
    def catalog(self) -> dict[str, Any]:
        return read_catalog(QUERIES)

    def params(self, name: str) -> dict[str, str]:
        curated = self.catalog[name]
        return synthetic_params(self.universe, curated) if self.config["synthetic"] else {}


def _with_triples(dataset: RdfDataset) -> RdfDataset:
    dataset.triples  # noqa: B018 -- computed now, cached on the dataset
    return dataset


def synthetic_params(universe: Any, curated: Any) -> dict[str, str]:
    """Parameters naming records of a synthetic universe (the defaults name MCU records).

    A season, the most seen character, the largest event, …: each the kind of record a
    parameter asks for, chosen so the query has work to do.
    """
    most_seen = max(universe.appearances_of, key=lambda c: len(universe.appearances_of[c]))
    series = [w.id for w in universe.works.values() if w.kind == "series"]
    seasons = [w.id for w in universe.works.values() if w.kind == "season"]
    pick = {
        "work": seasons[0],
        "character": most_seen,
        "person": next(iter(universe.people)),
        "event": max(universe.events.values(), key=lambda e: len(e.participants)).id,
        "organization": next(iter(universe.organizations), "none"),
        "location": next((loc.id for loc in universe.locations.values() if loc.within is None), "none"),
        "order": next(iter(universe.orders), "none"),
        "iri": f"character:{most_seen}",
    }
    if curated.name == "shared-characters":
        return {"a": series[0], "b": series[1]}
    return {p.name: pick[p.type] for p in curated.header.params if p.type in pick}


# -- the stages ------------------------------------------------------------------------------


def stage_read(ctx: Context) -> dict[str, Any]:
    record, universe = timed(lambda: mcugraph.load(ctx.data), ctx.runs)
    # a large universe is read with a helper process (mcugraph.source.ahead), which has
    # its own memory: its high-water mark is added, as if both had peaked at once
    helper = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024 / 1e6
    if helper:
        record["helper_peak_mb"] = helper
        record["peak_mb"] += helper
    ctx.__dict__["universe"] = universe
    files = [Path(f) for f in universe.files]
    emit(
        event="facts",
        entities=sum(1 for _ in universe.entities()),
        files=len(files),
        bytes=sum(f.stat().st_size for f in files),
    )
    return record


def stage_yaml_peers(ctx: Context) -> dict[str, Any]:
    """The strict reader and PyYAML's loaders on the same texts, run by run."""
    import yaml

    from mcugraph.source import parse_text

    texts = [Path(f).read_text(encoding="utf-8") for f in ctx.universe.files]
    peers = measure_interleaved(
        {
            "strict": lambda: [parse_text(t) for t in texts],
            "safe_load": lambda: [yaml.safe_load(t) for t in texts],
            "csafe": lambda: [yaml.load(t, Loader=yaml.CSafeLoader) for t in texts],
        },
        ctx.config["peer_runs"],  # pure-Python PyYAML takes seconds a megabyte
        before_run=_tick,
    )
    return {**peers["strict"], "peers": peers, "bytes": sum(len(t.encode()) for t in texts)}


def stage_graph(ctx: Context) -> dict[str, Any]:
    universe = ctx.universe
    record, graph = timed(lambda: to_networkx(universe), ctx.runs)
    emit(event="facts", nodes=graph.number_of_nodes(), edges=graph.number_of_edges())
    return record


def stage_check(ctx: Context, *, house: bool) -> dict[str, Any]:
    universe = ctx.universe
    rules = RULES if house else None
    # a house rule's first run is cold: it imports pyoxigraph and the RDF side, and the rule's
    # footprint needs rdflib's parser over a large universe
    record, report = timed_after_first(lambda: check(universe, rules_dir=rules), ctx.runs)
    return {**record, "findings": len(report.findings)}


def stage_html(ctx: Context) -> dict[str, Any]:
    universe = ctx.universe
    record, page = timed_after_first(lambda: to_html(universe), ctx.runs)  # the layout is cached after the first
    from mcugraph._io import atomic_write

    path = ctx.workdir / "explorer.html"
    atomic_write(path, page)
    ctx.__dict__["page"] = path
    size = path.stat().st_size
    emit(event="facts", html_bytes=size)
    return {**record, "bytes": size}


def _browser(result: dict[str, Any]) -> dict[str, Any]:
    """A draw measure (milliseconds, from explorer_draw) as a stage record (seconds)."""
    done = [t / 1000 for t in result.get("runs_ms", []) if t is not None]
    if result.get("median_ms") is None:
        return {"not_run": result.get("error") or "no run drew"}
    record = {"runs_s": done, "median_s": result["median_ms"] / 1000, "peak_mb": None}
    if result.get("error"):
        record["note"] = result["error"]
    return record


def stage_draw(ctx: Context, view: str) -> dict[str, Any]:
    try:
        from explorer_draw import measure_draw
    except ImportError as exc:
        return {"not_run": f"benchmarks/explorer_draw.py cannot be imported ({exc})"}
    page = ctx.page
    return _browser(measure_draw(page, view=view, runs=ctx.runs, timeout_s=ctx.config["draw_timeout_s"]))


def stage_pyvis(ctx: Context) -> dict[str, Any]:
    try:
        from explorer_draw import measure_pyvis
    except ImportError as exc:
        return {"not_run": f"benchmarks/explorer_draw.py cannot be imported ({exc})"}
    timeout = ctx.config["pyvis_timeout_s"]
    result = measure_pyvis(ctx.universe, timeout_s=timeout, runs=ctx.config["pyvis_runs"])
    record = _browser(result)
    if "not_run" in record and "within" in (result.get("error") or ""):
        record["timed_out_s"] = timeout  # it never settled: slower than the limit
    return record


def stage_triples(ctx: Context) -> dict[str, Any]:
    universe = ctx.universe
    record, dataset = timed(lambda: _with_triples(RdfDataset(universe)), ctx.runs)
    ctx.__dict__["dataset"] = dataset
    emit(event="facts", triples=len(dataset.triples))
    return record


def stage_export(ctx: Context, fmt: str) -> dict[str, Any]:
    universe = ctx.universe
    if fmt in ("graphml", "json"):  # built from the model, not from the triples
        record, text = timed(lambda: export_text(universe, format=fmt), ctx.runs)
        return {**record, "bytes": len(text.encode("utf-8"))}
    # the RDF formats as `mcugraph export -o` writes them: streamed from the universe to a file
    path = ctx.workdir / f"export.{fmt}"
    record, _ = timed(lambda: write_rdf(universe, {fmt: path}), ctx.runs)
    size = path.stat().st_size
    path.unlink()
    return {**record, "bytes": size}


def stage_load(ctx: Context) -> dict[str, Any]:
    dataset = ctx.dataset
    dataset.ntriples  # noqa: B018 -- the text the store loads, made before the clock starts
    ctx.__dict__.pop("store", None)
    record, store = timed(dataset.query_store, ctx.runs)
    ctx.__dict__["store"] = store
    return record


def stage_store_load(ctx: Context) -> dict[str, Any]:
    """``open_store`` on a new folder, as ``query --store`` runs it the first time: a process of its own reads
    the universe and bulk-loads the export's N-Triples lines into RocksDB, then writes the dumps and the
    record index. ``build_peak_mb`` is that process's peak (the largest child this worker has had)."""
    import resource
    import shutil

    from mcugraph.disk import open_store

    folder = ctx.workdir / "store"
    ctx.__dict__.pop("store", None)
    old = ctx.__dict__.pop("disk", None)
    if old is not None:
        old.close()

    def build() -> Any:
        disk = ctx.__dict__.pop("disk", None)
        if disk is not None:
            disk.close()
        shutil.rmtree(folder, ignore_errors=True)
        ctx.__dict__["disk"] = open_store(folder, str(ctx.data))
        return ctx.__dict__["disk"]

    record, disk = timed(build, min(ctx.runs, 3))
    size = sum(f.stat().st_size for f in folder.rglob("*") if f.is_file())
    child_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {**record, "triples": disk.triples, "bytes": size, "build_peak_mb": round(child_mb, 1)}


def _clear_vetting() -> None:
    import mcugraph.sparql.vet as vetting

    vetting.clear_cache()


def stage_query(ctx: Context, name: str) -> dict[str, Any]:
    store, text, params = ctx.store, ctx.catalog[name].text, ctx.params(name)

    def run() -> Any:
        return run_query(store, text, params=params, timeout=ctx.config["query_timeout_s"], limit=100_000)

    _clear_vetting()  # the first run is cold: it includes vetting
    try:
        record, result = timed_after_first(run, ctx.runs)
    except QueryTimeout as exc:
        raise Restart(str(exc)) from None
    return {**record, "rows": len(result), "truncated": result.truncated}


def _on_rdflib(graph: Any, text: str, params: dict[str, str], prefixes: dict[str, str], limit: float) -> Any:
    """The peer: the query on rdflib's own engine and memory store, parameters bound as rdflib terms."""
    from rdflib import BNode, Literal, URIRef

    from mcugraph._threads import Abandoned, run_within
    from mcugraph.sparql import parse_header
    from mcugraph.sparql.run import bind_params

    def rdflib_term(term: Any) -> Any:
        if term.__class__.__name__ == "Literal":
            if term.language:
                return Literal(term.value, lang=term.language)
            return Literal(term.value, datatype=URIRef(term.datatype.value))
        return BNode(term.value) if term.__class__.__name__ == "BlankNode" else URIRef(term.value)

    bindings = {k: rdflib_term(v) for k, v in bind_params(parse_header(text), params, prefixes).items()}

    def work() -> int:
        return len(list(graph.query(text, initNs=prefixes, initBindings=bindings)))

    try:
        return run_within(limit, work, name="rdflib-peer")
    except Abandoned:
        raise QueryTimeout(f"timed out after {limit:g} s") from None


def stage_rdflib(ctx: Context, name: str) -> dict[str, Any]:
    graph, text, params = ctx.memory_store, ctx.catalog[name].text, ctx.params(name)
    limit = ctx.config["rdflib_timeout_s"]
    prefixes = ctx.dataset.prefixes
    try:
        record, rows = timed(lambda: _on_rdflib(graph, text, params, prefixes, limit), ctx.config["peer_runs"])
    except QueryTimeout:
        raise Restart(f"timed out after {limit:g} s") from None
    return {**record, "rows": rows}


#: the deep texts vetted by ``vet:deep``: 1,000 nested groups, and 1,000 nested parentheses
DEEP_TEXTS = (
    "SELECT * WHERE { " + "{ " * 1000 + "?s ?p ?o" + " }" * 1000 + " }",
    "SELECT (" + "(" * 999 + "1" + ")" * 999 + " AS ?x) WHERE {}",
)


def stage_vet_deep(ctx: Context) -> dict[str, Any]:
    """Vetting alone (tokens, limits and Oxigraph's parse), cold each run: the cache is cleared."""
    from mcugraph.sparql.vet import vet

    prefixes = ctx.dataset.prefixes

    def run() -> Any:
        return [vet(text, prefixes=prefixes).form for text in DEEP_TEXTS]

    record, forms = measure(run, ctx.runs * 3, before_run=_clear_vetting)
    return {**record, "forms": forms, "texts": len(DEEP_TEXTS)}


#: the query whose results the ``results:`` stages write: every triple of the export
ALL_TRIPLES = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"


def stage_results(ctx: Context, fmt: str) -> dict[str, Any]:
    """The three ways to write a SELECT result, side by side, each from the query to the bytes.

    The stage's own time is what ships (:func:`mcugraph.sparql.run.execute_to`:
    pyoxigraph's serializers, the stream cut at the row limit); beside it, the rows read
    into Python and written by ``QueryResult``'s writers (the way before), and pyoxigraph's
    serializer on the bare stream (no row limit: the floor).
    """
    import pyoxigraph as ox

    from mcugraph.sparql.run import execute, execute_to

    target = ctx.store
    formats = {
        "json": ox.QueryResultsFormat.JSON,
        "xml": ox.QueryResultsFormat.XML,
        "csv": ox.QueryResultsFormat.CSV,
        "tsv": ox.QueryResultsFormat.TSV,
    }
    limit = 10_000_000

    def shipped() -> int:
        return len(execute_to(target, ALL_TRIPLES, fmt, limit=limit)[1])

    def hand_written() -> int:
        return len(execute(target, ALL_TRIPLES, limit=limit).serialize(fmt))

    def bare() -> int:
        answer = target.store.query(ALL_TRIPLES, default_graph=target.data_graph)
        return len(answer.serialize(format=formats[fmt]))

    _clear_vetting()
    shipped()  # the vetting of the text and the first touch of the store, off the clock
    runs = measure_interleaved({"shipped": shipped, "hand": hand_written, "bare": bare}, max(ctx.runs, 5))
    return {
        **runs["shipped"],
        "rows": len(execute(target, ALL_TRIPLES, limit=limit)),
        "bytes": shipped(),
        "hand_written": runs["hand"],
        "bare_pyoxigraph": runs["bare"],
        "hand_over_shipped": runs["hand"]["median_s"] / runs["shipped"]["median_s"],
    }


def stage_publish(ctx: Context) -> dict[str, Any]:
    """``mcugraph publish`` to an Oxigraph server in the work folder, in the default batches;
    each run replaces the graph. The peak is this client's; the server's is reported beside."""
    import shutil

    from store_server import OxigraphServer, oxigraph_binary

    from mcugraph.rdf.publish import count_triples, publish

    if oxigraph_binary() is None:
        return {"not_run": "the oxigraph server is not installed (pip install oxigraph)"}
    universe = ctx.universe
    location = ctx.workdir / "oxigraph-publish"
    shutil.rmtree(location, ignore_errors=True)
    try:
        with OxigraphServer(location) as server:
            record, report = timed(lambda: publish(universe, f"{server.base}/store", timeout=600), ctx.runs)
            counted = count_triples(f"{server.base}/query", report.graph, timeout=600)
            server_mb = server.peak_mb()
    finally:
        shutil.rmtree(location, ignore_errors=True)
    return {
        **record,
        "triples": report.triples,
        "requests": report.batches,
        "counted": counted,
        "server_peak_mb": server_mb,
    }


def stage_endpoint(ctx: Context) -> dict[str, Any]:
    try:
        from endpoint_load import measure as load
    except ImportError as exc:
        return {"not_run": f"benchmarks/endpoint_load.py cannot be imported ({exc})"}
    result = load(ctx.data, clients=50, total=ctx.config["endpoint_total"], slow_client=True)
    return {"runs_s": [], "median_s": None, "peak_mb": None, "endpoint": result}


def run_stage(ctx: Context, stage_id: str) -> dict[str, Any]:
    kind, _, name = stage_id.partition(":")
    fixed: dict[str, Callable[[], dict[str, Any]]] = {
        "read": lambda: stage_read(ctx),
        "peers:yaml": lambda: stage_yaml_peers(ctx),
        "graph": lambda: stage_graph(ctx),
        "check": lambda: stage_check(ctx, house=False),
        "check-house": lambda: stage_check(ctx, house=True),
        "html": lambda: stage_html(ctx),
        "pyvis": lambda: stage_pyvis(ctx),
        "rdf-triples": lambda: stage_triples(ctx),
        "rdf-load": lambda: stage_load(ctx),
        "store-load": lambda: stage_store_load(ctx),
        "endpoint": lambda: stage_endpoint(ctx),
        "publish": lambda: stage_publish(ctx),
        "vet:deep": lambda: stage_vet_deep(ctx),
    }
    by_kind: dict[str, Callable[[str], dict[str, Any]]] = {
        "draw": lambda view: stage_draw(ctx, view),
        "export": lambda fmt: stage_export(ctx, fmt),
        "query": lambda q: stage_query(ctx, q),
        "rdflib": lambda q: stage_rdflib(ctx, q),
        "results": lambda f: stage_results(ctx, f),
    }
    if stage_id in fixed:
        return fixed[stage_id]()
    if kind in by_kind and name:
        return by_kind[kind](name)
    return {"not_run": f"no stage is called {stage_id!r}"}


#: What the context holds, and the stages that use it: let go of once none of them is left.
_USES = {
    "dataset": ("rdf-load", "rdflib:"),
    "store": ("query:", "results:"),
    "disk": ("query:",),
    "memory_store": ("rdflib:",),
    "page": ("draw:",),
}


def release(ctx: Context, left: list[str]) -> None:
    """Drop what no stage in ``left`` needs; anything dropped is built again if asked for."""
    for name, users in _USES.items():
        if name in ctx.__dict__ and not any(s.startswith(users) for s in left):
            del ctx.__dict__[name]


def main() -> None:
    config = json.loads(sys.argv[1])
    os.environ["MCUGRAPH_CACHE_DIR"] = str(Path(config["workdir"]) / "cache")
    ctx = Context(config)
    stages = list(config["stages"])
    for i, stage_id in enumerate(stages):
        release(ctx, stages[i:])
        emit(event="start", stage=stage_id)
        try:
            record = run_stage(ctx, stage_id)
        except Restart as exc:
            emit(event="done", stage=stage_id, not_run=str(exc))
            os._exit(EXIT_RESTART)
        except Exception as exc:
            traceback.print_exc()
            record = {"not_run": f"failed: {type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"}
        emit(event="done", stage=stage_id, **record)


if __name__ == "__main__":
    main()
