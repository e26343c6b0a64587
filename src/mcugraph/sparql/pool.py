"""Worker processes that answer queries and can be stopped when a query overruns.

The SPARQL engine cannot be interrupted from Python, so the endpoint does not run queries
in its own process: each worker process loads the dataset into its own Oxigraph store
and answers one request at a time over a pipe. When a query passes its time limit the
worker is killed (SIGKILL) and a fresh one takes its place, while the other workers keep
serving. Workers are forked from a clean forkserver that has the libraries imported, so
a replacement is ready in a fraction of a second.
"""

from __future__ import annotations

import asyncio
import contextlib
import multiprocessing
import os
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

from mcugraph.sparql.protocol import Reply

__all__ = ["WorkerPool", "QueryTimedOut", "WorkerLost"]


class QueryTimedOut(Exception):
    """The query passed its time limit; its worker was stopped."""


class WorkerLost(Exception):
    """A worker process died while answering."""


def _worker_main(conn: Connection, dump_path: str, prefixes: dict[str, str], limit: int) -> None:
    """A worker: load the dump, say ready, then answer requests until the pipe closes."""
    from mcugraph.rdf.dataset import graph_from_ntriples
    from mcugraph.sparql.protocol import answer

    with open(dump_path, "rb") as handle:
        graph = graph_from_ntriples(handle.read(), prefixes)
    conn.send("ready")
    while True:
        try:
            request = conn.recv()
        except (EOFError, OSError):
            return
        text, params, accept = request
        try:
            reply = answer(graph, text, params=params, accept=accept, limit=limit)
        except Exception as exc:  # a bug must not take the worker down silently
            reply = Reply(500, "text/plain; charset=utf-8", f"internal error: {type(exc).__name__}: {exc}\n".encode())
        conn.send(reply)


@dataclass(eq=False)
class _Worker:
    process: Any
    conn: Connection

    def kill(self) -> None:
        with contextlib.suppress(Exception):
            self.process.kill()
        with contextlib.suppress(Exception):
            self.conn.close()


class WorkerPool:
    """``size`` worker processes over one N-Triples dump; :meth:`ask` is awaited by requests."""

    def __init__(self, dump_path: str, prefixes: dict[str, str], *, size: int, limit: int) -> None:
        self._args = (dump_path, prefixes, limit)
        self.size = size
        self._context = multiprocessing.get_context("forkserver")
        self._context.set_forkserver_preload(["mcugraph.sparql.protocol", "mcugraph.rdf.dataset", "rdflib", "oxrdflib"])
        self._idle: asyncio.Queue[_Worker] | None = None
        self._all: set[_Worker] = set()
        self._closed = False
        self.replaced = 0

    async def start(self) -> None:
        self._idle = asyncio.Queue()
        workers = await asyncio.gather(*(self._spawn() for _ in range(self.size)))
        for worker in workers:
            self._idle.put_nowait(worker)

    async def _spawn(self) -> _Worker:
        parent, child = self._context.Pipe()
        process = self._context.Process(target=_worker_main, args=(child, *self._args), daemon=True)
        await asyncio.to_thread(process.start)
        child.close()
        worker = _Worker(process, parent)
        self._all.add(worker)
        ready = await self._receive(worker, timeout=120.0)
        if ready != "ready":
            worker.kill()
            raise WorkerLost(f"a query worker failed to start: {ready!r}")
        return worker

    async def _receive(self, worker: _Worker, *, timeout: float) -> Any:
        loop = asyncio.get_running_loop()
        readable: asyncio.Future[None] = loop.create_future()
        fd = worker.conn.fileno()

        def wake() -> None:
            if not readable.done():
                readable.set_result(None)

        loop.add_reader(fd, wake)
        try:
            await asyncio.wait_for(readable, timeout)
        finally:
            loop.remove_reader(fd)
        try:
            return worker.conn.recv()
        except (EOFError, OSError):
            raise WorkerLost("a query worker stopped unexpectedly") from None

    async def _replace(self, worker: _Worker) -> None:
        worker.kill()
        self._all.discard(worker)
        await asyncio.to_thread(worker.process.join, 5)
        if self._closed:
            return
        self.replaced += 1
        fresh = await self._spawn()
        assert self._idle is not None
        self._idle.put_nowait(fresh)

    async def ask(self, text: str, params: dict[str, str], accept: str | None, *, timeout: float) -> Reply:
        """Answer one query on the next idle worker; :class:`QueryTimedOut` past ``timeout``."""
        assert self._idle is not None, "start() the pool first"
        worker = await self._idle.get()
        try:
            worker.conn.send((text, params, accept))
            reply = await self._receive(worker, timeout=timeout)
        except TimeoutError:
            asyncio.get_running_loop().create_task(self._replace(worker))
            raise QueryTimedOut(f"the query ran past its time limit of {timeout:g} s and was stopped") from None
        except (WorkerLost, OSError, EOFError):
            asyncio.get_running_loop().create_task(self._replace(worker))
            raise WorkerLost("the query worker stopped unexpectedly") from None
        self._idle.put_nowait(worker)
        assert isinstance(reply, Reply)
        return reply

    def pids(self) -> list[int]:
        return sorted(w.process.pid for w in self._all if w.process.pid is not None)

    async def close(self) -> None:
        self._closed = True
        for worker in list(self._all):
            worker.kill()
        for worker in list(self._all):
            await asyncio.to_thread(worker.process.join, 5)
        self._all.clear()


def default_size() -> int:
    return max(2, os.cpu_count() or 2)
