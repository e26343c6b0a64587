"""The endpoint under load, with and without a client whose query runs past the time limit.

Run: .venv/bin/python benchmarks/endpoint_load.py [--data PATH] [--clients N] [--total N] [--no-slow] [--no-peer]

``mcugraph serve`` is started on a free local port with a short query time limit
(:data:`TIME_LIMIT_S`). Keep-alive clients (asyncio, one process) then send the curated
queries of ``queries/`` with their default parameters, as ``param.NAME`` form fields,
round-robin until ``total`` queries are answered. The same load runs twice: alone, then
beside one extra client that keeps sending :data:`SLOW_QUERY`, a cross product of every
triple with itself that no engine finishes in seconds. The endpoint should answer that
client with a clean error at the limit while everyone else carries on.

When the ``oxigraph`` command (the ``oxigraph`` PyPI package) is installed, its server is
loaded with the same dump, given the same time limit and sent the same load as a peer,
with the parameters written into the query text as ``VALUES`` blocks.

:func:`measure` returns JSON-able numbers for the unified suite (``benchmarks/run.py``).
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import contextlib
import json
import math
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from _common import DATA, QUERIES, ROOT

__all__ = [
    "measure",
    "Request",
    "query_mix",
    "peer_text",
    "percentile",
    "summarize",
    "SLOW_QUERY",
    "TIME_LIMIT_S",
]


#: The endpoint's query time limit during the benchmark (``mcugraph serve --timeout``).
TIME_LIMIT_S = 2.0
#: Queries sent to each server before the timed runs, to wake up the workers.
WARM_UP = 200
#: JSON results for SELECT and ASK, Turtle for CONSTRUCT, as YASGUI asks.
ACCEPT = "application/sparql-results+json,text/turtle;q=0.9"

#: Every triple against every triple (about 228 million pairs on the shipped data), with a
#: filter no pair passes, so the engine has to look at them all; minutes of work.
SLOW_QUERY = """\
SELECT (COUNT(*) AS ?pairs)
WHERE {
  ?s1 ?p1 ?o1 .
  ?s2 ?p2 ?o2 .
  FILTER (STRLEN(STR(?o1)) + STRLEN(STR(?o2)) < 0)
}
"""


class LoadError(RuntimeError):
    """A server would not start, or the load could not be run."""


# -- the query mix -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Request:
    """One request of the mix: a curated query and the parameter values sent with it."""

    name: str
    text: str
    params: tuple[tuple[str, str], ...] = ()

    def form(self) -> bytes:
        """The POST body: ``query=…`` and a ``param.NAME=VALUE`` field for each parameter."""
        fields = [("query", self.text)] + [(f"param.{name}", value) for name, value in self.params]
        return urllib.parse.urlencode(fields).encode("ascii")


def query_mix(catalog: dict[str, Any]) -> list[Request]:
    """One request per curated query, in catalog order, with every parameter at its default.

    ``catalog`` maps names to :class:`~mcugraph.sparql.catalog.CuratedQuery` (as
    ``read_catalog`` gives it). A query with a parameter that has no default cannot be sent
    without inventing a value, so it is left out.
    """
    mix = []
    for name, curated in catalog.items():
        params = curated.header.params
        if any(p.default is None for p in params):
            continue
        mix.append(Request(name, curated.text, tuple((p.name, p.default) for p in params)))
    return mix


def peer_text(request: Request, header: Any, prefixes: dict[str, str]) -> str:
    """The query with its parameters written in as ``VALUES`` blocks, for a store that takes no bindings."""
    from mcugraph.sparql.run import bind_params
    from mcugraph.sparql.values import bind_as_values

    bound = bind_params(header, dict(request.params), prefixes)
    return bind_as_values(request.text, {name: str(term) for name, term in bound.items()})  # N-Triples form


# -- statistics ----------------------------------------------------------------------------


def percentile(values: Sequence[float], fraction: float) -> float:
    """The nearest-rank percentile: the smallest value with at least ``fraction`` of them at or below it.

    >>> percentile([5, 1, 4, 2, 3], 0.5)
    3
    >>> percentile(range(1, 101), 0.99)
    99
    """
    if not values:
        raise ValueError("no values")
    if not 0 < fraction <= 1:
        raise ValueError(f"fraction must be in (0, 1], not {fraction}")
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def summarize(latencies: Sequence[float], errors: Sequence[str], elapsed: float) -> dict[str, Any]:
    """The JSON-able numbers of one run; latencies and ``elapsed`` in seconds."""
    return {
        "queries": len(latencies),
        "errors": len(errors),
        "first_error": errors[0] if errors else None,
        "median_ms": round(percentile(latencies, 0.5) * 1000, 2) if latencies else None,
        "p99_ms": round(percentile(latencies, 0.99) * 1000, 2) if latencies else None,
        "max_ms": round(max(latencies) * 1000, 2) if latencies else None,
        "qps": round(len(latencies) / elapsed, 1) if elapsed > 0 else None,
        "elapsed_s": round(elapsed, 3),
    }


def _slow_summary(runs: Sequence[tuple[int | None, float, str]]) -> dict[str, Any]:
    """What the slow client saw: the usual status and time, and every status counted."""
    statuses = collections.Counter("no answer" if s is None else str(s) for s, _, _ in runs)
    usual = statuses.most_common(1)[0][0] if runs else None
    seconds = [t for _, t, _ in runs]
    return {
        "slow_queries": len(runs),
        "slow_status": int(usual) if usual is not None and usual.isdigit() else usual,
        "slow_statuses": dict(statuses),
        "slow_seconds": round(percentile(seconds, 0.5), 3) if seconds else None,
        "slow_max_seconds": round(max(seconds), 3) if seconds else None,
        "slow_message": runs[0][2] if runs else None,
    }


# -- an HTTP client light enough to share the machine with the server -----------------------


class _Connection:
    """A minimal HTTP/1.1 keep-alive client on asyncio streams.

    httpx spent more CPU than the server under test (client and server share the
    machine); this one reads only what these answers use: a status line, headers, then a
    body by Content-Length or chunked transfer encoding.
    """

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None

    async def post(self, path: str, body: bytes) -> tuple[int, bytes]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        assert self.reader is not None
        head = (
            f"POST {path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\nAccept: {ACCEPT}\r\n"
            f"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {len(body)}\r\n\r\n"
        )
        self.writer.write(head.encode("ascii") + body)
        status_line = await self.reader.readline()
        if not status_line:
            raise ConnectionError("the server closed the connection")
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
            self.close()
        return status, data


_FAILURES = (OSError, asyncio.IncompleteReadError, ValueError, IndexError)


async def _load(
    url: str, bodies: Sequence[bytes], *, clients: int, total: int, slow_body: bytes | None = None
) -> dict[str, Any]:
    """``clients`` clients share ``total`` requests; with ``slow_body``, one more sends it meanwhile."""
    parts = urllib.parse.urlsplit(url)
    host, port, path = parts.hostname or "127.0.0.1", parts.port or 80, parts.path
    latencies: list[float] = []
    errors: list[str] = []
    turns = iter(range(total))  # shared: whoever is free takes the next request

    async def client() -> None:
        connection = _Connection(host, port)
        for turn in turns:
            started = time.perf_counter()
            try:
                status, data = await connection.post(path, bodies[turn % len(bodies)])
                if status != 200:
                    errors.append(f"{status}: {data[:200].decode('utf-8', 'replace').strip()}")
            except _FAILURES as exc:
                errors.append(repr(exc))
                connection.close()
                connection = _Connection(host, port)
            latencies.append(time.perf_counter() - started)
        connection.close()

    finished = asyncio.Event()
    slow_runs: list[tuple[int | None, float, str]] = []
    in_flight: list[float] = []

    async def slow_client() -> None:
        assert slow_body is not None
        connection = _Connection(host, port)
        try:
            while not finished.is_set():
                started = time.perf_counter()
                in_flight[:] = [started]
                try:
                    status, data = await connection.post(path, slow_body)
                    message = data[:200].decode("utf-8", "replace").strip()
                except _FAILURES as exc:
                    status, message = None, repr(exc)
                    connection.close()
                    connection = _Connection(host, port)
                in_flight.clear()
                slow_runs.append((status, time.perf_counter() - started, message))
        finally:
            connection.close()

    slow = asyncio.create_task(slow_client()) if slow_body is not None else None
    started = time.perf_counter()
    cpu = time.process_time()
    await asyncio.gather(*(client() for _ in range(clients)))
    elapsed = time.perf_counter() - started
    result = summarize(latencies, errors, elapsed)
    result["client_cpu_s"] = round(time.process_time() - cpu, 2)
    if slow is not None:
        finished.set()
        # the slow query in flight is let finish, but not for ever: an endpoint that does
        # not stop it at the limit would otherwise hold the benchmark too
        grace = TIME_LIMIT_S * 10 + 30
        try:
            await asyncio.wait_for(slow, grace)
        except TimeoutError:
            waited = time.perf_counter() - in_flight[0] if in_flight else grace
            slow_runs.append((None, waited, f"no answer after {waited:.1f} s; the benchmark gave up"))
        result.update(_slow_summary(slow_runs))
    return result


# -- servers -------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _die_with_parent() -> None:
    """In the child, before exec: ask Linux for SIGTERM when the process that started it dies.

    A benchmark process that is killed outright (a supervisor's SIGKILL on a stage that
    ran too long) gets no chance to stop its server; this way the server still goes.
    """
    if sys.platform == "linux":
        import ctypes

        pr_set_pdeathsig = 1
        ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGTERM)


@contextlib.contextmanager
def _server(command: list[str], probe: str, *, name: str, up_within: float = 180) -> Iterator[Path]:
    """Run ``command`` until the block ends; yields the file its stderr goes to.

    It is ready when ``probe`` answers. It is stopped by its process id (SIGTERM, then
    SIGKILL), whatever happens in the block; it stays in the caller's process group and
    is sent SIGTERM if the caller dies, so it never outlives the benchmark.
    """
    with tempfile.TemporaryDirectory(prefix="endpoint-load-") as folder:
        log = Path(folder) / "stderr.txt"
        with open(log, "wb") as err:
            process = subprocess.Popen(
                command, stdout=subprocess.DEVNULL, stderr=err, cwd=ROOT, preexec_fn=_die_with_parent
            )
        try:
            deadline = time.monotonic() + up_within
            while True:
                if process.poll() is not None:
                    raise LoadError(f"{name} exited with status {process.returncode}: {log.read_text()[-2000:]}")
                try:
                    urllib.request.urlopen(probe, timeout=2).close()
                    break
                except OSError:
                    if time.monotonic() > deadline:
                        raise LoadError(f"{name} did not answer {probe} within {up_within:.0f} s") from None
                    time.sleep(0.2)
            yield log
        finally:
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait(timeout=30)


def _oxigraph() -> str | None:
    beside = Path(sys.executable).with_name("oxigraph")
    return str(beside) if beside.exists() else shutil.which("oxigraph")


def _run_both(url: str, bodies: list[bytes], slow_body: bytes | None, clients: int, total: int) -> dict[str, Any]:
    asyncio.run(_load(url, bodies, clients=clients, total=min(WARM_UP, total)))
    results = {"normal": asyncio.run(_load(url, bodies, clients=clients, total=total))}
    if slow_body is not None:
        results["with_slow"] = asyncio.run(_load(url, bodies, clients=clients, total=total, slow_body=slow_body))
    return results


def measure(
    data: Path, *, clients: int = 50, total: int = 5000, slow_client: bool = True, peer: bool = True
) -> dict[str, Any]:
    """Load ``mcugraph serve`` over ``data`` (a universe's root YAML file) and return the numbers.

    ``{"normal": run, "with_slow": run, "peer": {"normal": run, "with_slow": run}, "setup": {…}}``,
    where each run has ``queries``, ``errors``, ``median_ms``, ``p99_ms``, ``max_ms``,
    ``qps`` (and ``first_error``, ``elapsed_s``, ``client_cpu_s``); a ``with_slow`` run also
    has ``slow_queries`` (over-long queries sent), ``slow_status`` (the HTTP status they
    usually got; ``"no answer"`` if none came), ``slow_statuses`` (each status counted),
    ``slow_seconds`` (their median time to the answer), ``slow_max_seconds`` and
    ``slow_message`` (the start of the first answer). ``with_slow`` is left out when
    ``slow_client`` is false, ``peer`` when ``peer`` is false or Oxigraph's server is not
    installed.
    """
    import mcugraph
    from mcugraph.rdf import RdfDataset
    from mcugraph.sparql.catalog import read_catalog

    data = Path(data).resolve()
    catalog = read_catalog(QUERIES)
    mix = query_mix(catalog)
    if not mix:
        raise LoadError(f"no curated query in {QUERIES} can be sent with default parameters")
    bodies = [request.form() for request in mix]
    slow_body = Request("slow", SLOW_QUERY).form() if slow_client else None

    port = _free_port()
    command = [sys.executable, "-m", "mcugraph", "serve", "--data", str(data), "--port", str(port)]
    command += ["--timeout", f"{TIME_LIMIT_S:g}"]
    url = f"http://127.0.0.1:{port}/sparql"
    with _server(command, url, name="mcugraph serve") as log:
        results: dict[str, Any] = _run_both(url, bodies, slow_body, clients, total)
        workers = re.search(r"\((\d+) query workers", log.read_text(errors="replace"))
    results["setup"] = {
        "clients": clients,
        "total": total,
        "mix": [r.name for r in mix],
        "time_limit_s": TIME_LIMIT_S,
        "workers": int(workers.group(1)) if workers else None,
    }

    oxigraph = _oxigraph() if peer else None
    if oxigraph is not None:
        dataset = RdfDataset(mcugraph.load(data))
        peer_bodies = [Request(r.name, peer_text(r, catalog[r.name].header, dataset.prefixes)).form() for r in mix]
        with tempfile.TemporaryDirectory(prefix="endpoint-load-oxigraph-") as folder:
            dump = Path(folder) / "universe.nt"
            dump.write_text(dataset.ntriples, encoding="utf-8")
            store = str(Path(folder) / "store")
            subprocess.run(
                [oxigraph, "load", "--location", store, "--file", str(dump)], check=True, capture_output=True
            )
            peer_port = _free_port()
            serve = [oxigraph, "serve-read-only", "--location", store, "--bind", f"127.0.0.1:{peer_port}"]
            serve += ["--timeout-s", f"{math.ceil(TIME_LIMIT_S)}"]
            peer_url = f"http://127.0.0.1:{peer_port}/query"
            probe = f"{peer_url}?query={urllib.parse.quote('ASK {}')}"
            with _server(serve, probe, name="oxigraph serve-read-only"):
                results["peer"] = _run_both(peer_url, peer_bodies, slow_body, clients, total)
    return results


# -- running it alone -----------------------------------------------------------------------


def _cell(value: Any, unit: str = "") -> str:
    return "" if value is None else f"{value:,}{unit}" if isinstance(value, int | float) else str(value)


def _table(results: dict[str, Any]) -> str:
    setup = results["setup"]
    rows = [
        f"{setup['clients']} clients, {setup['total']:,} queries cycling through {len(setup['mix'])} curated "
        f"queries; time limit {setup['time_limit_s']:g} s; {setup['workers']} query workers.",
        "",
        "| server | run | errors | median | p99 | max | throughput | over-long query |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    servers = [("mcugraph serve", results)]
    if "peer" in results:
        servers.append(("peer: oxigraph serve-read-only", results["peer"]))
    for server, runs in servers:
        for run in ("normal", "with_slow"):
            if run not in runs:
                continue
            r = runs[run]
            slow = ""
            if run == "with_slow":
                slow = (
                    f"{r['slow_queries']} sent, status {r['slow_status']} after {_cell(r['slow_seconds'], ' s')} "
                    f"(median; max {_cell(r['slow_max_seconds'], ' s')})"
                )
            rows.append(
                f"| {server} | {run.replace('_', ' ')} | {r['errors']} | {_cell(r['median_ms'], ' ms')} "
                f"| {_cell(r['p99_ms'], ' ms')} | {_cell(r['max_ms'], ' ms')} | {_cell(r['qps'], ' queries/s')} "
                f"| {slow} |"
            )
    for server, runs in servers:
        for run, r in runs.items():
            if isinstance(r, dict) and r.get("first_error"):
                rows.append(f"\nFirst error from {server} ({run}): {r['first_error']}")
            if isinstance(r, dict) and r.get("slow_message"):
                rows.append(f"\n{server} answered the over-long query with: {r['slow_message']!r}")
    return "\n".join(rows)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DATA, help="the universe's root YAML file")
    parser.add_argument("--clients", type=int, default=50, help="concurrent clients")
    parser.add_argument("--total", type=int, default=5000, help="queries per run")
    parser.add_argument("--no-slow", action="store_true", help="skip the run with an over-long query beside")
    parser.add_argument("--no-peer", action="store_true", help="skip the Oxigraph server")
    parser.add_argument("--json", action="store_true", help="print the numbers as JSON instead of a table")
    args = parser.parse_args(argv)
    if args.clients < 1 or args.total < 1:
        parser.error("--clients and --total must be at least 1")
    results = measure(
        args.data, clients=args.clients, total=args.total, slow_client=not args.no_slow, peer=not args.no_peer
    )
    print(json.dumps(results, indent=2) if args.json else _table(results))


if __name__ == "__main__":
    main()
