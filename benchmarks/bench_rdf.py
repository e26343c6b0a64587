"""RDF, SPARQL and endpoint benchmark.

Run: .venv/bin/python benchmarks/bench_rdf.py [--quick] [--skip-scale] [--skip-endpoint]

1. Export of the shipped data, each format, beside rdflib's own Turtle serializer.
2. Every curated query on the shipped data: the first run (it includes vetting, the
   rdflib parse that is then cached) and the median of the next runs, on the Oxigraph
   store and on rdflib's memory store side by side, with the ratio.
3. The same queries on the 100,000-entity synthetic universe (Oxigraph store).
4. The endpoint under 50 concurrent clients sending 5,000 queries, beside the Oxigraph
   server loaded with the same dump and sent the same queries.

Prints Markdown; numbers are medians of several runs.
"""

from __future__ import annotations

import argparse
import asyncio
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import mcugraph  # noqa: E402
from mcugraph.rdf import RdfDataset, export_text  # noqa: E402
from mcugraph.sparql.catalog import CuratedQuery, read_catalog  # noqa: E402
from mcugraph.sparql.run import bind_params, run_query  # noqa: E402
from mcugraph.sparql.values import bind_as_values  # noqa: E402
from mcugraph.sparql.vet import _check  # noqa: E402

DATA = ROOT / "data" / "universe.yaml"
QUERIES = ROOT / "queries"


def median_time(func: Callable[[], Any], runs: int) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        func()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"


# -- 1. export --------------------------------------------------------------------------


def bench_export(universe: Any, runs: int) -> None:
    from rdflib import Graph

    print("\n### Export of the shipped data\n")
    print("| step | median |")
    print("| --- | --- |")
    print(
        f"| triples (universe to {len(RdfDataset(universe).triples):,} sorted triples) | "
        f"{ms(median_time(lambda: RdfDataset(universe).triples, runs))} |"
    )
    total = 0.0
    for fmt in ("turtle", "ntriples", "jsonld", "graphml", "json"):
        seconds = median_time(lambda fmt=fmt: export_text(universe, format=fmt), runs)
        total += seconds if fmt in ("turtle",) else 0
        print(f"| `mcugraph export --format {fmt}` (from the model) | {ms(seconds)} |")
    dataset = RdfDataset(universe)
    memory = Graph()
    memory.parse(data=dataset.ntriples, format="nt")
    ours = median_time(lambda: export_text(universe, format="turtle"), runs)
    theirs = median_time(lambda: memory.serialize(format="turtle"), max(3, runs // 2))
    print(f"| peer: rdflib's Turtle serializer on the same graph (already built) | {ms(theirs)} |")
    print(
        f"\nOur Turtle export, model to text, is {theirs / ours:.1f}x faster than rdflib serializing an "
        "already built graph."
    )
    with tempfile.TemporaryDirectory() as folder:
        command = [
            str(Path(sys.executable).with_name("mcugraph")),
            "export",
            "--data",
            str(DATA),
            "-o",
            f"{folder}/mcu.ttl",
        ]
        wall = median_time(lambda: subprocess.run(command, check=True, capture_output=True, cwd=ROOT), runs)
    print(
        f"`mcugraph export -o mcu.ttl` end to end (a new process: start-up, reading and validating the YAML, "
        f"the triples, Turtle, the atomic write): {ms(wall)} (budget: 1 s)."
    )
    load = median_time(lambda: dataset.graph(), runs)
    print(f"Loading the dump into the Oxigraph store (`to_rdf` after the triples exist): {ms(load)}.")


# -- 2. queries on the shipped data ---------------------------------------------------------


def bench_queries(universe: Any, runs: int) -> list[tuple[str, float]]:
    from rdflib import Graph

    dataset = RdfDataset(universe)
    oxi = dataset.graph()
    memory = Graph(bind_namespaces="none")
    for prefix, namespace in dataset.prefixes.items():
        memory.bind(prefix, namespace)
    memory.parse(data=dataset.ntriples, format="nt")
    catalog = read_catalog(QUERIES)
    print("\n### Curated queries on the shipped data\n")
    print(
        f"{len(dataset.triples):,} triples. *first* is a cold run, including the vetting parse; *median* is of "
        f"{runs} runs after it (the parse is cached by query text). The rdflib memory store runs the same "
        "text with the same bindings.\n"
    )
    print("| query | rows | first | median (Oxigraph) | median (rdflib memory) | ratio |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    totals = [0.0, 0.0]
    medians = []
    for name, curated in catalog.items():
        _check.cache_clear()
        t0 = time.perf_counter()
        result = run_query(oxi, curated.text)
        first = time.perf_counter() - t0
        ox_median = median_time(lambda c=curated: run_query(oxi, c.text), runs)
        try:
            mem_median = median_time(lambda c=curated: run_query(memory, c.text, timeout=120), max(3, runs // 3))
            ratio = f"{mem_median / ox_median:.0f}x"
            mem_text = ms(mem_median)
            totals[1] += mem_median
        except Exception as exc:  # rdflib's engine fails on some property paths
            mem_text, ratio = f"error: {type(exc).__name__}", "n/a"
        totals[0] += ox_median
        medians.append((name, ox_median))
        print(f"| {name} | {len(result)} | {ms(first)} | {ms(ox_median)} | {mem_text} | {ratio} |")
    print(f"| **suite** | | | **{ms(totals[0])}** | **{ms(totals[1])}** | **{totals[1] / totals[0]:.0f}x** |")
    slowest = max(medians, key=lambda m: m[1])
    print(f"\nSlowest median on the Oxigraph store: {slowest[0]} at {ms(slowest[1])} (budget: 50 ms).")
    return medians


# -- 3. queries at scale ------------------------------------------------------------------


def synthetic_params(universe: Any, curated: CuratedQuery) -> dict[str, str]:
    """Parameters that exist in the synthetic universe (the defaults name MCU records)."""

    def most_seen() -> str:
        return max(universe.appearances_of, key=lambda c: len(universe.appearances_of[c]))

    series = [w.id for w in universe.works.values() if w.kind == "series"]
    seasons = [w.id for w in universe.works.values() if w.kind == "season"]
    pick = {
        "work": seasons[0],
        "character": most_seen(),
        "person": next(iter(universe.people)),
        "event": max(universe.events.values(), key=lambda e: len(e.participants)).id,
        "organization": next(iter(universe.organizations), "none"),
        "location": next((loc.id for loc in universe.locations.values() if loc.within is None), "none"),
        "order": next(iter(universe.orders), "none"),
        "iri": f"character:{most_seen()}",
    }
    out = {}
    for param in curated.header.params:
        if param.type in pick:
            out[param.name] = pick[param.type]
    if curated.name == "shared-characters":
        out = {"a": series[0], "b": series[1]}
    return out


def bench_scale(scale: int, runs: int) -> None:
    from mcugraph.synthetic import generate_text

    t0 = time.perf_counter()
    universe = mcugraph.loads(generate_text(scale))
    loaded = time.perf_counter() - t0
    t0 = time.perf_counter()
    dataset = RdfDataset(universe)
    triples = len(dataset.triples)
    built = time.perf_counter() - t0
    t0 = time.perf_counter()
    graph = dataset.graph()
    stored = time.perf_counter() - t0
    entities = sum(1 for _ in universe.entities())
    print(f"\n### Curated queries on the synthetic universe (scale {scale})\n")
    print(
        f"{entities:,} entities, {triples:,} triples. Reading and validating the YAML took {ms(loaded)}, "
        f"building the triples {ms(built)}, loading the Oxigraph store {ms(stored)}. Parameters name records "
        f"of the synthetic universe (a season, the most seen character, the largest event, …).\n"
    )
    print("| query | rows | median |")
    print("| --- | ---: | ---: |")
    worst = ("", 0.0)
    for name, curated in read_catalog(QUERIES).items():
        params = synthetic_params(universe, curated)
        result = run_query(graph, curated.text, params=params, timeout=600, limit=100_000)
        seconds = median_time(
            lambda c=curated, p=params: run_query(graph, c.text, params=p, timeout=600, limit=100_000), runs
        )
        worst = max(worst, (name, seconds), key=lambda w: w[1])
        print(f"| {name} | {len(result):,}{'+' if result.truncated else ''} | {ms(seconds)} |")
    print(f"\nSlowest: {worst[0]} at {ms(worst[1])} (budget: 2 s).")


# -- 4. the endpoint ------------------------------------------------------------------------


#: JSON results for SELECT and ASK, Turtle for CONSTRUCT, as YASGUI asks
ACCEPT = "application/sparql-results+json,text/turtle;q=0.9"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for(url: str, process: subprocess.Popen[bytes], seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"server exited: {process.stderr.read().decode() if process.stderr else ''}")
        try:
            urllib.request.urlopen(url, timeout=2).close()
            return
        except OSError:
            time.sleep(0.2)
    sys.exit(f"{url} did not come up")


class _Connection:
    """A minimal HTTP/1.1 keep-alive client on asyncio streams.

    httpx spent more CPU than the server under test (the client shares the machine);
    this one parses only what these answers use: a status line, headers, then a body by
    Content-Length or chunked transfer encoding.
    """

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def post(self, path: str, body: bytes) -> tuple[int, bytes]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        assert self.reader is not None
        head = (
            f"POST {path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\nAccept: {ACCEPT}\r\n"
            f"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {len(body)}\r\n\r\n"
        )
        self.writer.write(head.encode() + body)
        status_line = await self.reader.readline()
        if not status_line:
            raise ConnectionError("connection closed")
        status = int(status_line.split()[1])
        length, chunked, closing = 0, False, False
        while True:
            line = await self.reader.readline()
            if line in (b"\r\n", b""):
                break
            name, _, value = line.decode("latin-1").partition(":")
            name, value = name.strip().lower(), value.strip().lower()
            if name == "content-length":
                length = int(value)
            elif name == "transfer-encoding" and "chunked" in value:
                chunked = True
            elif name == "connection" and value == "close":
                closing = True
        if chunked:
            parts = []
            while True:
                size = int((await self.reader.readline()).split(b";")[0], 16)
                if size == 0:
                    await self.reader.readline()
                    break
                parts.append(await self.reader.readexactly(size))
                await self.reader.readline()
            data = b"".join(parts)
        else:
            data = await self.reader.readexactly(length)
        if closing:
            self.writer.close()
            self.writer = None
        return status, data


async def load(url: str, queries: list[str], *, clients: int, total: int) -> dict[str, Any]:
    parts = urllib.parse.urlsplit(url)
    bodies = [urllib.parse.urlencode({"query": q}).encode() for q in queries]
    latencies: list[float] = []
    errors: list[str] = []
    counter = iter(range(total))

    async def client() -> None:
        connection = _Connection(parts.hostname or "127.0.0.1", parts.port or 80)
        for i in counter:
            t0 = time.perf_counter()
            try:
                status, data = await connection.post(parts.path, bodies[i % len(bodies)])
                if status != 200:
                    errors.append(f"{status}: {data[:100]!r}")
            except (OSError, asyncio.IncompleteReadError, ValueError) as exc:
                errors.append(repr(exc))
                connection = _Connection(parts.hostname or "127.0.0.1", parts.port or 80)
            latencies.append(time.perf_counter() - t0)
        if connection.writer is not None:
            connection.writer.close()

    started = time.perf_counter()
    cpu = time.process_time()
    await asyncio.gather(*(client() for _ in range(clients)))
    elapsed = time.perf_counter() - started
    latencies.sort()
    return {
        "errors": len(errors),
        "first_error": errors[0] if errors else "",
        "median": statistics.median(latencies),
        "p99": latencies[int(len(latencies) * 0.99) - 1],
        "throughput": total / elapsed,
        "elapsed": elapsed,
        "client_cpu": time.process_time() - cpu,
    }


def bench_endpoint(clients: int, total: int) -> None:
    universe = mcugraph.load(DATA)
    dataset = RdfDataset(universe)
    catalog = read_catalog(QUERIES)
    ours = [q.text for q in catalog.values()]
    theirs = []
    for curated in catalog.values():
        bound = bind_params(curated.header, {}, dataset.prefixes)
        theirs.append(bind_as_values(curated.text, {n: t.n3() for n, t in bound.items()}))

    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "mcugraph", "serve", "--data", str(DATA), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        cwd=ROOT,
        start_new_session=True,
    )
    oxigraph_bin = Path(sys.executable).with_name("oxigraph")
    peer_port = free_port()
    with tempfile.TemporaryDirectory() as folder:
        dump = Path(folder) / "mcu.nt"
        dump.write_text(dataset.ntriples, encoding="utf-8")
        subprocess.run(
            [str(oxigraph_bin), "load", "--location", f"{folder}/db", "--file", str(dump)],
            check=True,
            capture_output=True,
        )
        peer = subprocess.Popen(
            [str(oxigraph_bin), "serve-read-only", "--location", f"{folder}/db", "--bind", f"127.0.0.1:{peer_port}"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        try:
            wait_for(f"http://127.0.0.1:{port}/sparql", server)
            wait_for(f"http://127.0.0.1:{peer_port}/query?query=" + urllib.parse.quote("ASK {}"), peer)
            asyncio.run(load(f"http://127.0.0.1:{port}/sparql", ours, clients=clients, total=200))  # warm up
            mine = asyncio.run(load(f"http://127.0.0.1:{port}/sparql", ours, clients=clients, total=total))
            other = asyncio.run(load(f"http://127.0.0.1:{peer_port}/query", theirs, clients=clients, total=total))
        finally:
            server.send_signal(signal.SIGTERM)
            peer.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
            peer.wait(timeout=30)
    print("\n### The endpoint under load\n")
    print(
        f"{clients} concurrent keep-alive clients (asyncio, one process) send {total:,} queries, cycling through "
        f"the {len(ours)} curated queries (POST form; JSON results, Turtle for CONSTRUCT), to `mcugraph serve` (default workers) "
        "and, side by side, to the Oxigraph server (`oxigraph serve-read-only`, Rust, same dump, the same "
        "queries with their parameters written in). Client and servers share the machine.\n"
    )
    print("| server | errors | median latency | p99 latency | throughput | client CPU |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for name, r in (("mcugraph serve", mine), ("peer: oxigraph serve-read-only", other)):
        print(
            f"| {name} | {r['errors']} | {ms(r['median'])} | {ms(r['p99'])} | {r['throughput']:.0f} queries/s "
            f"| {r['client_cpu']:.1f} s |"
        )
    for name, r in (("mcugraph serve", mine), ("the peer", other)):
        if r["errors"]:
            print(f"\nFirst error from {name}: {r['first_error']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs, scale 70 instead of 700")
    parser.add_argument("--skip-scale", action="store_true", help="skip the 100,000-entity universe")
    parser.add_argument("--skip-endpoint", action="store_true", help="skip the load test")
    args = parser.parse_args()
    runs = 3 if args.quick else 9
    universe = mcugraph.load(DATA)
    print("## RDF, SPARQL and the endpoint (benchmarks/bench_rdf.py)")
    bench_export(universe, runs)
    bench_queries(universe, runs)
    if not args.skip_scale:
        bench_scale(70 if args.quick else 700, 3)
    if not args.skip_endpoint:
        bench_endpoint(50, 500 if args.quick else 5000)


if __name__ == "__main__":
    main()
