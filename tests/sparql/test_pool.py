"""The query worker pool on its own: time limits, long queries and who gets a worker.

The tests wait for what the pool tells its ``on_event`` callback, never for a fixed time,
and they decide what is expensive with a CPU meter of their own where that matters: on a
busy machine a real query's CPU share is anyone's guess. A worker paused with SIGSTOP
holds a cheap query past its long mark for as long as a test needs.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import os
import re
import select
import signal
import time
from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from mcugraph.model import Universe
from mcugraph.rdf import RdfDataset
from mcugraph.sparql.pool import (
    EVENTS,
    EndpointBusy,
    QueryTimedOut,
    TooManyLongQueries,
    WorkerLost,
    WorkerPool,
    long_mark,
    set_niceness,
)

#: every triple against every triple, three times over: far past any limit used here
HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
ASK = "ASK { ?s ?p ?o }"
#: seconds after which a test that waits for the pool gives up: a hung pool fails the
#: test instead of hanging the suite. It bounds nothing the pool is asked to do.
GUARD = 120.0


class Heard:
    """What a pool has told its ``on_event`` callback, with a way to wait for more."""

    def __init__(self) -> None:
        self.events: list[tuple[str, int]] = []
        self._news = asyncio.Event()

    def __call__(self, event: str, pid: int) -> None:
        assert event in EVENTS
        self.events.append((event, pid))
        self._news.set()

    def count(self, event: str) -> int:
        return sum(1 for name, _ in self.events if name == event)

    async def until(self, event: str, times: int = 1, *, unless: asyncio.Task[Any] | None = None) -> None:
        """Wait for the ``times``-th ``event``; fail if ``unless`` (a query) ends first, saying how it ended."""

        async def wait() -> None:
            while self.count(event) < times:
                self._news.clear()
                await self._news.wait()

        waiting = asyncio.ensure_future(wait())
        done, _ = await asyncio.wait(
            [waiting, *([unless] if unless else [])], timeout=GUARD, return_when="FIRST_COMPLETED"
        )
        if waiting in done:
            return
        waiting.cancel()
        ended = ""
        if unless is not None and unless in done:
            outcome = unless.exception() or unless.result()
            ended = f"the query ended first ({outcome!r}); "
        raise AssertionError(f"no {event!r} #{times} within {GUARD:g} s; {ended}the pool said {self.events}")

    async def settled(self, pool: WorkerPool, first: int) -> None:
        """Until every worker started to replace another (``pool.replaced``) has joined."""
        await self.until("joined", first + pool.replaced)


def expensive() -> Callable[[int], float]:
    """A CPU meter by which every query has kept a CPU busy the whole time."""
    readings = itertools.count(0, 10)
    return lambda pid: float(next(readings))


@pytest.fixture(scope="module")
def dump(rich_universe: Universe, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, dict[str, str]]:
    dataset = RdfDataset(rich_universe)
    path = tmp_path_factory.mktemp("pool") / "harbor.nt"
    path.write_text(dataset.ntriples, encoding="utf-8")
    return str(path), dataset.prefixes


def run(dump: tuple[str, dict[str, str]], body: Callable[[WorkerPool, Heard], Awaitable[Any]], **options: Any) -> Any:
    """Start a pool over the dump, run ``body`` with it and what it says, and always close it."""

    async def main() -> Any:
        heard = Heard()
        pool = WorkerPool(dump[0], dump[1], limit=100, on_event=heard, **options)
        try:
            await pool.start()
            return await body(pool, heard)
        finally:
            await pool.close()

    return asyncio.run(main())


def gone(pids: list[int] | set[int]) -> bool:
    """Whether each process has ended, waiting for its end (Linux tells a process's end through a pidfd)."""
    for pid in pids:
        try:
            handle = os.pidfd_open(pid)
        except ProcessLookupError:
            continue  # ended and reaped already
        try:
            readable, _, _ = select.select([handle], [], [], GUARD)
        finally:
            os.close(handle)
        if not readable:
            return False
    return True


def state(pid: int) -> str:
    """The process's state letter in /proc (``T`` stopped, ``S`` sleeping, ``R`` running, …)."""
    with open(f"/proc/{pid}/stat") as stat:
        return stat.read().rsplit(")", 1)[1].split()[0]


async def stopped(pids: list[int]) -> None:
    """Pause the processes, and wait until the kernel has stopped each of them."""
    for pid in pids:
        os.kill(pid, signal.SIGSTOP)
    loop = asyncio.get_running_loop()
    give_up = loop.time() + GUARD
    while any(state(pid) != "T" for pid in pids):
        assert loop.time() < give_up, "a worker did not stop"
        await asyncio.sleep(0)  # a stop takes effect the next time the process is scheduled


def resume(pids: list[int]) -> None:
    for pid in pids:
        os.kill(pid, signal.SIGCONT)


async def cancelled(task: asyncio.Task[Any]) -> None:
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task


def test_the_long_mark() -> None:
    assert long_mark(10) == 1.0
    assert long_mark(2) == 0.5
    assert long_mark(0.4) == 0.1


def test_an_answer_comes_from_a_worker(dump: tuple[str, dict[str, str]]) -> None:
    async def body(pool: WorkerPool, heard: Heard) -> Any:
        return await pool.ask(ASK, {}, None, timeout=GUARD), pool.pids(), heard.count("joined")

    reply, pids, joined = run(dump, body, size=2)
    assert reply.status == 200 and json.loads(reply.body)["boolean"] is True  # pyoxigraph's JSON writer
    assert len(pids) == 3 and joined == 3  # two to run queries on, one spare


def test_a_query_past_its_limit_is_stopped_and_its_worker_replaced(dump: tuple[str, dict[str, str]]) -> None:
    async def body(pool: WorkerPool, heard: Heard) -> Any:
        before = set(pool.pids())
        started = time.monotonic()
        with pytest.raises(QueryTimedOut) as caught:
            await pool.ask(HEAVY, {}, None, timeout=1)
        took = time.monotonic() - started
        reply = await pool.ask(ASK, {}, None, timeout=GUARD)
        await heard.settled(pool, len(before))
        return before, took, caught.value, reply, pool.replaced, pool.long_running, pool.pids()

    before, took, error, reply, replaced, long_running, pids = run(dump, body, size=1, spares=0)
    assert str(error).startswith("the query ran past its time limit of 1 s and was stopped; make it cheaper")
    assert error.retry_after is None
    assert took >= 1  # not stopped before its limit
    assert reply.status == 200
    assert replaced == 1 and long_running == 0
    assert len(pids) == 1 and not set(pids) & before
    assert gone(before)


def test_a_long_query_gives_its_place_up_and_runs_at_low_priority(dump: tuple[str, dict[str, str]]) -> None:
    """With one worker, a short query is answered while a long one is still running."""

    async def body(pool: WorkerPool, heard: Heard) -> Any:
        first = pool.pids()
        slow = asyncio.create_task(pool.ask(HEAVY, {}, None, timeout=GUARD))  # long after 1 s
        await asyncio.sleep(0)  # the slow query runs on the only worker now; the other is spare
        with pytest.raises(EndpointBusy):
            await pool.ask(ASK, {}, None, timeout=0.5)  # the spare does not run queries
        await heard.until("long")
        niceness = sorted(os.getpriority(os.PRIO_PROCESS, pid) for pid in first)
        long_running = pool.long_running
        reply = await pool.ask(ASK, {}, None, timeout=GUARD)  # on the spare, now the pool's worker
        answered = slow.done()
        await cancelled(slow)
        await heard.settled(pool, len(first))
        return reply, answered, niceness, long_running, pool.pids(), first

    reply, answered, niceness, long_running, pids, first = run(dump, body, size=1, cpu_seconds=expensive())
    assert reply.status == 200 and not answered
    assert niceness == [0, 10] and long_running == 1
    assert len(pids) == 2 and len(set(pids) & set(first)) == 1  # the long one is gone, a new spare came


def test_a_query_slowed_down_by_a_busy_machine_keeps_its_priority_and_worker(dump: tuple[str, dict[str, str]]) -> None:
    """A query past the mark that used little CPU (so says the meter) keeps its worker at full priority."""

    async def body(pool: WorkerPool, heard: Heard) -> Any:
        first = pool.pids()
        query = asyncio.create_task(pool.ask(HEAVY, {}, None, timeout=GUARD))
        await heard.until("kept", unless=query)  # past its mark (1 s), with no CPU used
        seen = pool.long_running, [os.getpriority(os.PRIO_PROCESS, pid) for pid in first], pool.pids(), pool.replaced
        await cancelled(query)
        return seen, first

    (long_running, niceness, pids, replaced), first = run(dump, body, size=1, cpu_seconds=lambda pid: 0.0)
    assert long_running == 0
    assert niceness == [0, 0]
    assert pids == first and replaced == 0  # no spare was spent on it


@pytest.mark.parametrize("privileged", [True, False])
def test_a_long_query_that_ends_in_time_gives_its_worker_back_if_it_can(
    dump: tuple[str, dict[str, str]], privileged: bool
) -> None:
    """Its priority must be raised back for that, which only a privileged user may do."""

    def renice(pid: int, niceness: int) -> bool:
        return (niceness > 0 or privileged) and set_niceness(pid, niceness)

    async def body(pool: WorkerPool, heard: Heard) -> Any:
        first = pool.pids()
        await stopped(first)
        query = asyncio.create_task(pool.ask(ASK, {}, None, timeout=GUARD))
        await heard.until("long", unless=query)  # past its mark, and expensive by the meter
        long_running = pool.long_running
        resume(first)
        reply = await query
        await heard.settled(pool, len(first))
        return long_running, reply, pool.pids(), first, pool.replaced, heard.count("back")

    long_running, reply, pids, first, replaced, back = run(dump, body, size=1, cpu_seconds=expensive(), renice=renice)
    assert long_running == 1 and reply.status == 200
    if privileged:
        assert pids == first and replaced == 0 and back == 1
    else:
        assert len(pids) == 2 and len(set(pids) & set(first)) == 1 and replaced == 1 and back == 0


def test_waiting_for_a_worker_is_limited_too(dump: tuple[str, dict[str, str]]) -> None:
    async def body(pool: WorkerPool, heard: Heard) -> Any:
        slow = asyncio.create_task(pool.ask(HEAVY, {}, None, timeout=GUARD))  # long only after 1 s
        await asyncio.sleep(0)
        started = time.monotonic()
        with pytest.raises(EndpointBusy) as caught:
            await pool.ask(ASK, {}, None, timeout=0.3)
        took = time.monotonic() - started
        await cancelled(slow)
        return caught.value, took

    error, took = run(dump, body, size=1)
    assert str(error) == (
        "no query worker came free within 0.3 s, so the query was not run: the endpoint is busy; try again in a moment"
    )
    assert error.retry_after == 1
    assert took >= 0.3  # it did wait that long


def test_long_queries_beyond_the_most_allowed_are_stopped_at_the_mark(dump: tuple[str, dict[str, str]]) -> None:
    async def body(pool: WorkerPool, heard: Heard) -> Any:
        first = pool.pids()
        outcomes = await asyncio.gather(
            pool.ask(HEAVY, {}, None, timeout=4), pool.ask(HEAVY, {}, None, timeout=4), return_exceptions=True
        )
        reply = await pool.ask(ASK, {}, None, timeout=GUARD)
        await heard.settled(pool, len(first))
        return outcomes, reply, pool.long_running, len(pool.pids())

    outcomes, reply, long_running, workers = run(dump, body, size=2, spares=0, max_long=1, cpu_seconds=expensive())
    kinds = sorted(type(o).__name__ for o in outcomes)
    assert kinds == ["QueryTimedOut", "TooManyLongQueries"]
    refused = next(o for o in outcomes if isinstance(o, TooManyLongQueries))
    found = re.fullmatch(
        r"the query was stopped after (\d+\.\d) s: the endpoint already runs as many long queries as it allows at "
        r"once \(1\); try again in 4 s or make it cheaper",
        str(refused),
    )
    assert found, str(refused)
    assert float(found.group(1)) >= 1.0  # at its mark, not before
    assert refused.retry_after == 4
    assert reply.status == 200
    assert long_running == 0 and workers == 2


def test_workers_are_handed_out_in_arrival_order(dump: tuple[str, dict[str, str]]) -> None:
    async def body(pool: WorkerPool, heard: Heard) -> Any:
        order: list[int] = []

        async def one(i: int) -> None:
            await pool.ask(ASK, {}, None, timeout=GUARD)
            order.append(i)

        tasks = []
        for i in range(8):
            tasks.append(asyncio.create_task(one(i)))
            await asyncio.sleep(0)  # each request arrives before the next
        await asyncio.gather(*tasks)
        return order

    assert run(dump, body, size=1) == list(range(8))


def test_closing_stops_every_worker(dump: tuple[str, dict[str, str]]) -> None:
    async def body(pool: WorkerPool, heard: Heard) -> Any:
        slow = asyncio.create_task(pool.ask(HEAVY, {}, None, timeout=GUARD))
        await heard.until("long")  # past the mark: it has left the pool, the spare took its place
        pids = pool.pids()
        await pool.close()
        with pytest.raises(WorkerLost):
            await slow
        return pids

    pids = run(dump, body, size=1, cpu_seconds=expensive())
    assert len(pids) == 2  # the long one, and the spare that took its place
    assert gone(pids)


def test_the_pool_is_refilled_after_a_lost_worker(dump: tuple[str, dict[str, str]]) -> None:
    async def body(pool: WorkerPool, heard: Heard) -> Any:
        (pid,) = pool.pids()
        slow = asyncio.create_task(pool.ask(HEAVY, {}, None, timeout=GUARD))
        await asyncio.sleep(0)  # the query is on the worker's pipe
        os.kill(pid, signal.SIGKILL)
        outcome = await asyncio.gather(slow, return_exceptions=True)
        reply = await pool.ask(ASK, {}, None, timeout=GUARD)
        return outcome[0], reply, heard.count("retired")

    error, reply, retired = run(dump, body, size=1, spares=0)
    assert isinstance(error, WorkerLost) and str(error) == "the query worker stopped unexpectedly"
    assert reply.status == 200 and retired == 1


def test_a_worker_hands_freed_memory_back_after_each_answer(rich_graph: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """After sending each reply, the worker loop trims itself if it is over TRIM_ABOVE."""
    import multiprocessing
    import threading

    from mcugraph import _perf
    from mcugraph.sparql import pool

    limits: list[int] = []
    monkeypatch.setattr(_perf, "trim_if_over", lambda limit: limits.append(limit) or False)
    ours, theirs = multiprocessing.Pipe()
    worker = threading.Thread(target=pool._serve, args=(theirs, rich_graph, 100))
    worker.start()
    try:
        for text in (ASK, "SELECT ?s WHERE { ?s ?p ?o } LIMIT 3", "not SPARQL"):
            ours.send((text, {}, "application/sparql-results+json"))
            reply = ours.recv()
            assert reply.status in (200, 400)
    finally:
        ours.close()
        worker.join(GUARD)
    assert not worker.is_alive()
    assert limits == [pool.TRIM_ABOVE] * 3
