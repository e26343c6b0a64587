"""Worker processes that answer queries, with a time limit that is fair to everyone waiting.

The SPARQL engine cannot be interrupted from Python, so the endpoint does not run queries
in its own process: each worker process has the dataset in an Oxigraph store and
answers one request at a time over a pipe. A template process (started from a clean
forkserver) loads the data once, and every worker is forked from it: a fresh worker is
ready in milliseconds, whatever the size of the data, and shares the data's memory with
the others.

How the time is shared:

- Requests get a free worker in arrival order (first come, first served), waiting at
  most a time of their own (``wait``; the endpoint's ``--queue-timeout``). One that gets
  no worker in that time is answered :class:`EndpointBusy` and never runs; one that gets
  a worker may then run for its whole time limit. (Counting the wait against the limit
  was tried: under load, queries that had waited most of it were stopped a moment after
  starting, each stop cost a worker, and the pool collapsed.)
- At most ``size`` queries run at once, and a spare worker is kept loaded and idle.
- A query still running after :func:`long_mark` seconds (a quarter of its limit, at most
  one second) that has also spent half of that on the CPU (:data:`EXPENSIVE`) is *long*:
  expensive, not just slowed down by a busy machine. Its worker leaves the pool at a lower CPU priority and
  the spare takes its place at once, so everyone else's short queries keep ``size``
  workers and a long query only gets the CPU they leave. At most ``max_long`` queries may
  be long at once; one more is stopped (:class:`TooManyLongQueries`).
- A long query that ends in time hands its worker back to be the spare, if its priority
  can be raised again (that takes privileges); else a new spare is started. At its limit
  a query is stopped (its worker is killed) and :class:`QueryTimedOut` is raised; a new
  spare is started. Neither leaves a gap.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import math
import multiprocessing
import os
import signal
import threading
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing import reduction
from multiprocessing.connection import Connection
from typing import Any

from mcugraph.errors import MCUGraphError
from mcugraph.sparql.protocol import Reply

__all__ = [
    "WorkerPool",
    "QueryStopped",
    "QueryTimedOut",
    "EndpointBusy",
    "TooManyLongQueries",
    "WorkerLost",
    "default_size",
    "long_mark",
    "process_cpu_seconds",
    "set_niceness",
    "EVENTS",
    "serve_requests",
]

#: What a pool tells its ``on_event`` callback, with the worker's process id:
#: ``"joined"`` a new worker is ready; ``"kept"`` a query passed its long mark without
#: being expensive and keeps its place; ``"long"`` a query went long and left the pool;
#: ``"back"`` a long query's worker rejoined the pool; ``"retired"`` a worker was stopped.
EVENTS = ("joined", "kept", "long", "back", "retired")

#: The niceness (0 to 19, higher yields more) an expensive long query's worker is given.
#: Linux gives a process at 10 about a tenth as much CPU as one at 0 when they compete,
#: and the whole CPU when nothing else wants it.
LONG_NICENESS = 10
#: The share of the long mark a query must also have spent on the CPU to count as long:
#: it has kept a CPU busy at least half the time. A cheap query slowed down by a busy
#: machine stays below that, and so does the parsing of a query text a worker has not
#: seen before (up to about 0.1 s), which a freshly forked worker does for every text.
EXPENSIVE = 0.5


class QueryStopped(MCUGraphError):
    """The query was not answered: it was stopped, or never started. ``retry_after`` is a hint in seconds."""

    def __init__(self, message: str, *, retry_after: int | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class QueryTimedOut(QueryStopped):
    """The query ran past its time limit; its worker was stopped."""


class EndpointBusy(QueryStopped):
    """No worker came free within the time the request may wait, so the query never ran."""


class TooManyLongQueries(QueryStopped):
    """The query became long while the most long queries allowed were already running."""


class WorkerLost(MCUGraphError):
    """A worker process died while answering."""


def long_mark(timeout: float) -> float:
    """Seconds of running after which a query counts as long: a quarter of its limit, at most 1 s.

    >>> long_mark(10), long_mark(2)
    (1.0, 0.5)
    """
    return min(1.0, timeout / 4)


def _template_main(
    control: Connection,
    dump_path: str,
    prefixes: dict[str, str],
    limit: int,
    base_iri: str | None = None,
    on_disk: bool = False,
) -> None:
    """The template process: load the dump once, then fork a ready worker for each request on ``control``.

    A request is the message ``"fork"`` followed by the worker's end of a socket pair (sent
    as a file descriptor); the answer is the new worker's process id. Forking a process
    that has the data loaded takes milliseconds and shares the data's memory until
    written, where starting a process that loads the data itself takes as long as the
    loading.

    With ``on_disk``, ``dump_path`` is an on-disk store: the template holds no data, and
    each worker opens the store read-only once forked (RocksDB starts threads of its own,
    which a fork would not carry over, so the template must not open it).
    """
    import pyoxigraph as ox

    from mcugraph.sparql.protocol import answer
    from mcugraph.sparql.run import QueryStore

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the server's to handle
    graph: QueryStore | None = None
    if on_disk:
        warm = QueryStore(ox.Store(), prefixes, base_iri, base_iri, named=base_iri is not None)
    else:
        with open(dump_path, "rb") as handle:
            graph = QueryStore.from_ntriples(handle.read(), prefixes=prefixes, base_iri=base_iri, name=base_iri)
        warm = graph
    answer(warm, "ASK { ?s ?p ?o }", params={}, accept=None, limit=1)  # import what answering needs, once
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # the kernel reaps the workers
    # fork copies only the calling thread: this process must not start any (loading and
    # answering run on this one), or a worker could inherit a lock held by a lost thread
    control.send("ready")
    while True:
        try:
            control.recv()
            fd = reduction.recv_handle(control)
        except (EOFError, OSError):
            return
        pid = os.fork()
        if pid == 0:
            code = 1
            try:
                control.close()
                signal.signal(signal.SIGCHLD, signal.SIG_DFL)
                if graph is None:  # on disk: each worker reads the one store
                    store = ox.Store.read_only(dump_path)
                    graph = QueryStore(store, prefixes, base_iri, base_iri, named=base_iri is not None)
                serve_requests(Connection(fd), graph, limit)
                code = 0
            finally:
                os._exit(code)
        os.close(fd)
        control.send(pid)


def serve_requests(conn: Connection, graph: Any, limit: int) -> None:
    """A worker's loop (:func:`_serve`), on a thread with a deep stack: Oxigraph recurses on nesting, and on a
    process's main thread a 20,000-term expression would crash the worker
    (:mod:`mcugraph._threads`). A forked worker holds no other thread, so it may start one."""
    from mcugraph._threads import start_thread

    thread = threading.Thread(target=_serve, args=(conn, graph, limit), name="mcugraph-worker")
    start_thread(thread)
    thread.join()


#: A worker over this many bytes hands the memory it freed back after each answer
#: (:func:`mcugraph._perf.trim_if_over`): one large answer would otherwise stay with it.
TRIM_ABOVE = 256 * 1024 * 1024


def _serve(conn: Connection, graph: Any, limit: int) -> None:
    """A worker: answer requests until the pipe closes."""
    from mcugraph._perf import trim_if_over
    from mcugraph.sparql.protocol import answer

    while True:
        try:
            text, params, accept, *dataset = conn.recv()
        except (EOFError, OSError):
            return
        default_graphs, named_graphs = dataset[0] if dataset else ((), ())
        try:
            reply = answer(
                graph,
                text,
                params=params,
                accept=accept,
                limit=limit,
                default_graph_uris=default_graphs,
                named_graph_uris=named_graphs,
            )
        except Exception as exc:  # a bug must not take the worker down silently
            reply = Reply(500, "text/plain; charset=utf-8", f"internal error: {type(exc).__name__}: {exc}\n".encode())
        conn.send(reply)
        del reply
        trim_if_over(TRIM_ABOVE)


_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def process_cpu_seconds(pid: int) -> float | None:
    """CPU time used so far by process ``pid`` (Linux), or None where that cannot be read."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as stat:
            fields = stat.read().rsplit(b")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / _TICKS
    except (OSError, IndexError, ValueError):
        return None


def set_niceness(pid: int, niceness: int) -> bool:
    """Set the niceness of every thread of ``pid`` (Linux sets it per thread); False if refused.

    Anyone may lower a process's priority; raising it back takes privileges (root, or
    ``CAP_SYS_NICE``), so the way back is refused for most users.
    """
    try:
        threads = [int(t) for t in os.listdir(f"/proc/{pid}/task")]
    except (OSError, ValueError):
        threads = [pid]
    try:
        for tid in threads:
            os.setpriority(os.PRIO_PROCESS, tid, niceness)
    except (OSError, AttributeError):
        return False
    return True


@dataclass(eq=False)
class _Worker:
    pid: int
    conn: Connection
    long: bool = False  # moved out of the pool at a lower priority
    # the process itself, where Linux can name it: the template reaps its workers at once,
    # so a plain kill() of a worker that has died could reach another process given its id
    pidfd: int | None = None

    @classmethod
    def forked(cls, pid: int, conn: Connection) -> _Worker:
        pidfd = None
        with contextlib.suppress(AttributeError, OSError):
            pidfd = os.pidfd_open(pid)
        return cls(pid, conn, pidfd=pidfd)

    def kill(self) -> None:
        with contextlib.suppress(OSError):
            if self.pidfd is not None:
                signal.pidfd_send_signal(self.pidfd, signal.SIGKILL)
            else:
                os.kill(self.pid, signal.SIGKILL)

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.conn.close()
        if self.pidfd is not None:
            with contextlib.suppress(OSError):
                os.close(self.pidfd)
            self.pidfd = None


class WorkerPool:
    """Worker processes over one N-Triples dump (or, with ``on_disk``, one on-disk Oxigraph store, which
    each worker opens read-only); :meth:`ask` is awaited by requests.

    At most ``size`` queries run at once on the pool's workers, and ``spares`` more workers
    are kept idle, so that one that goes long, is stopped or dies is replaced at once,
    without waiting for a fork (which a busy machine can delay). ``max_long`` (default
    ``size``) is how many queries may run past their :func:`long_mark` at once, each on a
    worker that has left the pool, so there are at most ``size + spares + max_long``
    processes.

    ``cpu_seconds`` and ``renice`` are how the pool reads a worker's CPU time and sets its
    priority (:func:`process_cpu_seconds`, :func:`set_niceness`); ``on_event(event, pid)``
    hears of workers coming and going (:data:`EVENTS`), for logs, metrics and tests.
    """

    def __init__(
        self,
        dump_path: str,
        prefixes: dict[str, str],
        *,
        size: int,
        limit: int,
        base_iri: str | None = None,
        on_disk: bool = False,
        spares: int = 1,
        max_long: int | None = None,
        long_niceness: int = LONG_NICENESS,
        cpu_seconds: Callable[[int], float | None] = process_cpu_seconds,
        renice: Callable[[int, int], bool] = set_niceness,
        on_event: Callable[[str, int], None] | None = None,
    ) -> None:
        self._args = (dump_path, prefixes, limit, base_iri, on_disk)
        self.size = size
        self.spares = spares
        self.max_long = size if max_long is None else max_long
        self.long_niceness = long_niceness
        self._cpu_seconds = cpu_seconds
        self._renice = renice
        self._on_event = on_event
        self._context = multiprocessing.get_context("forkserver")
        self._context.set_forkserver_preload(["mcugraph.sparql.protocol", "mcugraph.sparql.run", "pyoxigraph"])
        self._template: tuple[Any, Connection] | None = None
        self._forking = asyncio.Lock()
        self._idle: collections.deque[_Worker] = collections.deque()
        self._waiters: collections.deque[asyncio.Future[_Worker]] = collections.deque()
        self._all: set[_Worker] = set()
        self._busy: set[_Worker] = set()
        self._tasks: set[asyncio.Task[None]] = set()
        self._closed = False
        self._started = False
        self._running = 0  # queries running on the pool's workers (long ones have left it)
        self._members = 0  # the pool's workers: idle, running a query, or starting
        #: queries past their long mark right now
        self.long_running = 0
        #: workers started after the first ones, to replace stopped, lost and long ones
        self.replaced = 0

    # -- workers coming and going ------------------------------------------------------------

    async def start(self) -> None:
        await self._start_template()
        count = self.size + self.spares
        self._members = count
        for _ in range(count):
            worker = await self._spawn()
            self._tell("joined", worker)
            self._idle.append(worker)
        self._started = True

    async def _start_template(self) -> None:
        parent, child = self._context.Pipe()
        process = self._context.Process(target=_template_main, args=(child, *self._args), daemon=True)
        await asyncio.to_thread(process.start)
        child.close()
        loop = asyncio.get_running_loop()
        try:
            ready = await self._receive(parent, until=loop.time() + 600.0)
        except (TimeoutError, WorkerLost):
            ready = None
        if ready != "ready":
            with contextlib.suppress(Exception):
                process.kill()
            parent.close()
            raise WorkerLost(f"the query workers' template process failed to start: {ready!r}")
        self._template = (process, parent)

    async def _stop_template(self) -> None:
        if self._template is None:
            return
        process, control = self._template
        self._template = None
        control.close()  # it ends when its pipe does
        await asyncio.to_thread(process.join, 5)
        with contextlib.suppress(Exception):
            process.kill()

    async def _spawn(self) -> _Worker:
        """A new worker, forked from the template (started again if it has died)."""
        async with self._forking:
            if self._closed:
                raise WorkerLost("the pool is closed")
            if self._template is None or not self._template[0].is_alive():
                await self._stop_template()
                await self._start_template()
            assert self._template is not None
            process, control = self._template
            parent, child = self._context.Pipe()

            def fork() -> int:
                control.send("fork")
                reduction.send_handle(control, child.fileno(), process.pid)
                pid = control.recv()
                assert isinstance(pid, int)
                return pid

            try:
                pid = await asyncio.to_thread(fork)
            except (OSError, EOFError) as exc:
                parent.close()
                await self._stop_template()
                raise WorkerLost(f"the query workers' template process stopped: {exc}") from None
            finally:
                child.close()
        worker = _Worker.forked(pid, parent)
        self._all.add(worker)
        if self._closed:
            self._retire(worker)
            raise WorkerLost("the pool is closed")
        return worker

    def _tell(self, event: str, worker: _Worker) -> None:
        if self._on_event is not None:
            self._on_event(event, worker.pid)

    def _background(self, coroutine: Any) -> None:
        task = asyncio.get_running_loop().create_task(coroutine)
        self._tasks.add(task)  # a task nobody refers to may be garbage-collected mid-run
        task.add_done_callback(self._tasks.discard)

    def _refill(self, least: int) -> None:
        """Start workers until the pool has at least ``least`` (counting those starting)."""
        while self._members < least and not self._closed:
            self._members += 1
            self.replaced += 1
            self._background(self._grow())

    async def _grow(self) -> None:
        delay = 0.5
        while not self._closed:
            try:
                worker = await self._spawn()
            except WorkerLost:
                await asyncio.sleep(delay)  # try again: the requests waiting need this worker
                delay = min(delay * 2, 10.0)
                continue
            self._tell("joined", worker)
            self._put(worker)
            return

    def _retire(self, worker: _Worker) -> None:
        """Stop a worker for good (it may be mid-query); the template process reaps it."""
        worker.kill()
        worker.close()
        self._all.discard(worker)
        self._tell("retired", worker)

    # -- handing workers to requests, in arrival order -----------------------------------------

    def _put(self, worker: _Worker) -> None:
        """A ready worker of the pool (new, or done with a query) joins the idle ones."""
        if self._closed:
            self._retire(worker)
            return
        self._idle.append(worker)
        self._dispatch()

    def _dispatch(self) -> None:
        """Hand idle workers to the oldest waiting requests while fewer than ``size`` queries run."""
        while self._waiters and self._idle and self._running < self.size:
            waiter = self._waiters.popleft()
            if not waiter.done():
                self._running += 1
                waiter.set_result(self._idle.popleft())

    async def _acquire(self, deadline: float) -> _Worker | None:
        """A worker to run a query on, or None if none comes free before ``deadline``."""
        if self._idle and self._running < self.size:  # then nobody is waiting: _dispatch saw to that
            self._running += 1
            return self._idle.popleft()
        loop = asyncio.get_running_loop()
        waiter: asyncio.Future[_Worker] = loop.create_future()
        self._waiters.append(waiter)
        try:
            return await asyncio.wait_for(waiter, deadline - loop.time())
        except TimeoutError:
            return None  # wait_for returns the worker instead if it came just in time
        except asyncio.CancelledError:
            if waiter.done() and not waiter.cancelled():  # handed over as the request was cancelled
                self._running -= 1
                self._idle.appendleft(waiter.result())
                self._dispatch()
            raise

    # -- answering ------------------------------------------------------------------------------

    async def _receive(self, conn: Connection, *, until: float, in_thread: bool = False) -> Any:
        """The next message on ``conn``; TimeoutError if none has begun by the loop time ``until``."""
        loop = asyncio.get_running_loop()
        try:
            waiting = not conn.poll()
        except (EOFError, OSError):
            raise WorkerLost("a query worker stopped unexpectedly") from None
        if waiting:
            readable: asyncio.Future[None] = loop.create_future()
            fd = conn.fileno()

            def wake() -> None:
                if not readable.done():
                    readable.set_result(None)

            loop.add_reader(fd, wake)
            try:
                await asyncio.wait_for(readable, until - loop.time())
            finally:
                loop.remove_reader(fd)
        try:
            if in_thread:
                # a worker at low priority may write its answer slowly: read it off the event loop
                return await asyncio.to_thread(conn.recv)
            return conn.recv()
        except (EOFError, OSError):
            raise WorkerLost("a query worker stopped unexpectedly") from None

    async def ask(
        self,
        text: str,
        params: dict[str, str],
        accept: str | None,
        *,
        timeout: float,
        wait: float | None = None,
        dataset: tuple[tuple[str, ...], tuple[str, ...]] = ((), ()),
    ) -> Reply:
        """Answer one query that runs at most ``timeout`` seconds, after waiting at most ``wait`` for a worker.

        ``wait`` defaults to ``timeout``; ``dataset`` is the request's default-graph-uri and
        named-graph-uri values.

        Raises :class:`EndpointBusy`, :class:`TooManyLongQueries` or :class:`QueryTimedOut`
        (all :class:`QueryStopped`) when it cannot, :class:`WorkerLost` if its worker died.
        """
        assert self._started, "start() the pool first"
        loop = asyncio.get_running_loop()
        wait = timeout if wait is None else wait
        worker = await self._acquire(loop.time() + wait)
        if worker is None:
            raise EndpointBusy(
                f"no query worker came free within {wait:g} s, so the query was not run: "
                "the endpoint is busy; try again in a moment",
                retry_after=1,
            )
        started = loop.time()
        cpu_before = self._cpu_seconds(worker.pid)
        answered = False
        self._busy.add(worker)
        try:
            worker.conn.send((text, params, accept, dataset))
            reply = await self._answer(worker, started=started, timeout=timeout, cpu_before=cpu_before)
            answered = True
        except TimeoutError:
            raise QueryTimedOut(
                f"the query ran past its time limit of {timeout:g} s and was stopped; "
                "make it cheaper (a LIMIT, fewer unbound patterns) or run it on a server with a longer time limit"
            ) from None
        except (OSError, EOFError, WorkerLost):
            raise WorkerLost("the query worker stopped unexpectedly") from None
        finally:
            self._busy.discard(worker)
            if worker.long:
                self.long_running -= 1
                self._come_back(worker, answered=answered)
            elif answered:
                self._running -= 1
                self._put(worker)
            else:  # lost, stopped at the mark, or the request was cancelled mid-query
                self._running -= 1
                self._members -= 1
                self._retire(worker)
                self._refill(self.size + self.spares)
                self._dispatch()
        assert isinstance(reply, Reply)
        return reply

    async def _answer(self, worker: _Worker, *, started: float, timeout: float, cpu_before: float | None) -> Any:
        """Wait for the worker's answer until the time limit, moving the query aside if it is long.

        Long means past the mark on the clock *and* having spent :data:`EXPENSIVE` of it on
        the CPU: on a machine busy with other work a cheap query can take long without being
        expensive, and moving it aside at a lower priority would only starve it.
        """
        loop = asyncio.get_running_loop()
        deadline = started + timeout
        mark = long_mark(timeout)
        until = started + mark
        kept = False
        while True:
            try:
                return await self._receive(worker.conn, until=until, in_thread=worker.long)
            except TimeoutError:
                if until >= deadline:
                    raise
            if not worker.long:
                used = self._cpu_seconds(worker.pid)
                if used is None or cpu_before is None or used - cpu_before >= mark * EXPENSIVE:
                    self._go_long(worker, after=loop.time() - started, timeout=timeout)
                elif not kept:
                    kept = True
                    self._tell("kept", worker)
            until = deadline if worker.long else min(deadline, loop.time() + 0.1)

    def _go_long(self, worker: _Worker, *, after: float, timeout: float) -> None:
        """Move a long query out of the pool at a lower priority; the spare (or a new worker) takes its place."""
        if self.long_running >= self.max_long:
            raise TooManyLongQueries(
                f"the query was stopped after {after:.1f} s: the endpoint already runs as many long queries as it "
                f"allows at once ({self.max_long}); try again in {math.ceil(timeout)} s or make it cheaper",
                retry_after=math.ceil(timeout),
            )
        worker.long = True
        self.long_running += 1
        self._running -= 1
        self._members -= 1
        self._renice(worker.pid, self.long_niceness)
        self._tell("long", worker)
        # a new spare is started only once this worker is known not to come back
        self._refill(self.size)
        self._dispatch()

    def _come_back(self, worker: _Worker, *, answered: bool) -> None:
        """A long query has ended: its worker becomes the spare again if it can, else a new one starts.

        It can if it answered and its priority can be raised back, which takes privileges.
        """
        target = self.size + self.spares
        if answered and self._members < target and self._renice(worker.pid, 0):
            worker.long = False
            self._members += 1
            self._tell("back", worker)
            self._put(worker)
        else:
            self._retire(worker)
            self._refill(target)

    def pids(self) -> list[int]:
        return sorted(w.pid for w in self._all)

    async def close(self) -> None:
        self._closed = True
        for waiter in self._waiters:
            waiter.cancel()
        # killed, not closed: a query waiting on a worker's pipe sees it end, gives up and
        # retires the worker; spawns in flight see the pool closed (or their worker gone)
        for worker in list(self._all):
            worker.kill()
        loop = asyncio.get_running_loop()
        give_up = loop.time() + 10
        while self._busy and loop.time() < give_up:
            await asyncio.sleep(0.02)
        if self._tasks:  # spawns in flight see the pool closed and end
            await asyncio.wait(list(self._tasks), timeout=10)
        for worker in list(self._all):
            worker.close()
        self._all.clear()
        self._idle.clear()
        await self._stop_template()


def default_size() -> int:
    return max(2, os.cpu_count() or 2)
