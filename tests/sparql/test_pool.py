"""The query worker pool on its own: time limits, long queries and who gets a worker."""

from __future__ import annotations

import asyncio
import os
import re
import signal
import time
from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from mcugraph.model import Universe
from mcugraph.rdf import RdfDataset
from mcugraph.sparql import pool as pool_module
from mcugraph.sparql.pool import EndpointBusy, QueryTimedOut, TooManyLongQueries, WorkerLost, WorkerPool, long_mark

#: every triple against every triple, three times over: far past any limit used here
HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
ASK = "ASK { ?s ?p ?o }"


@pytest.fixture(scope="module")
def dump(rich_universe: Universe, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, dict[str, str]]:
    dataset = RdfDataset(rich_universe)
    path = tmp_path_factory.mktemp("pool") / "harbor.nt"
    path.write_text(dataset.ntriples, encoding="utf-8")
    return str(path), dataset.prefixes


def run(dump: tuple[str, dict[str, str]], body: Callable[[WorkerPool], Awaitable[Any]], **options: Any) -> Any:
    """Start a pool over the dump, run ``body`` with it, and always close it."""

    async def main() -> Any:
        pool = WorkerPool(dump[0], dump[1], limit=100, **options)
        try:
            await pool.start()
            return await body(pool)
        finally:
            await pool.close()

    return asyncio.run(main())


def alive(pid: int) -> bool:
    """Whether ``pid`` is running (a stopped worker may take a moment to be reaped)."""
    if not os.path.exists("/proc/self/stat"):  # not Linux: ask the kernel, zombies included
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        return True
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def gone(pids: list[int] | set[int], within: float = 10) -> bool:
    deadline = time.monotonic() + within
    while any(alive(pid) for pid in pids):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True


async def paused_past_the_mark(pool: WorkerPool, *, expect_long: bool) -> tuple[list[int], int, Any]:
    """A cheap query whose workers are paused until it is past the long mark (1 s of 4).

    Returns the workers there were, the count of long queries while paused, and the reply.
    A query expected to go long is given until 3 s to do so (a busy machine delays the
    pool's look at the clock); one that should not is looked at after 1.5 s.
    """
    first = pool.pids()
    for pid in first:
        os.kill(pid, signal.SIGSTOP)
    query = asyncio.create_task(pool.ask(ASK, {}, None, timeout=4))
    await asyncio.sleep(1.5)
    started = time.monotonic()
    while expect_long and not pool.long_running and time.monotonic() - started < 1.5:
        await asyncio.sleep(0.05)
    long_running = pool.long_running
    for pid in first:
        os.kill(pid, signal.SIGCONT)
    return first, long_running, await query


def test_the_long_mark() -> None:
    assert long_mark(10) == 1.0
    assert long_mark(2) == 0.5
    assert long_mark(0.4) == 0.1


def test_an_answer_comes_from_a_worker(dump: tuple[str, dict[str, str]]) -> None:
    async def body(pool: WorkerPool) -> Any:
        return await pool.ask(ASK, {}, None, timeout=30), pool.pids()

    reply, pids = run(dump, body, size=2)
    assert reply.status == 200 and b'"boolean": true' in reply.body
    assert len(pids) == 3  # two to run queries on, one spare


def test_a_query_past_its_limit_is_stopped_and_its_worker_replaced(dump: tuple[str, dict[str, str]]) -> None:
    async def body(pool: WorkerPool) -> Any:
        before = set(pool.pids())
        started = time.monotonic()
        with pytest.raises(QueryTimedOut) as caught:
            await pool.ask(HEAVY, {}, None, timeout=1)
        took = time.monotonic() - started
        reply = await pool.ask(ASK, {}, None, timeout=30)
        return before, took, caught.value, reply, pool.replaced, pool.long_running

    before, took, error, reply, replaced, long_running = run(dump, body, size=1, spares=0)
    assert str(error).startswith("the query ran past its time limit of 1 s and was stopped; make it cheaper")
    assert error.retry_after is None
    assert 1 <= took < 3
    assert reply.status == 200
    assert replaced == 1 and long_running == 0
    assert gone(before)


def test_a_long_query_gives_its_place_up_and_runs_at_low_priority(dump: tuple[str, dict[str, str]]) -> None:
    """With one worker, a short query is answered while a long one is still running."""

    async def body(pool: WorkerPool) -> Any:
        first = pool.pids()
        slow = asyncio.create_task(pool.ask(HEAVY, {}, None, timeout=6))  # long after 1 s
        await asyncio.sleep(0.1)  # the slow query runs on the only worker now; the other is spare
        with pytest.raises(EndpointBusy):
            await pool.ask(ASK, {}, None, timeout=0.5)  # the spare does not run queries
        reply = await pool.ask(ASK, {}, None, timeout=5)
        answered = slow.done()
        long_running = pool.long_running
        niceness: list[int] = []
        while not slow.done():  # lowered once it has used 1 s of CPU too
            niceness = sorted(os.getpriority(os.PRIO_PROCESS, pid) for pid in first)
            if niceness == [0, 10]:
                break
            await asyncio.sleep(0.05)
        with pytest.raises(QueryTimedOut):
            await slow
        for _ in range(200):  # a new spare is starting
            if len(pool.pids()) == 2:
                break
            await asyncio.sleep(0.05)
        return reply, answered, niceness, long_running, pool.pids(), first

    reply, answered, niceness, long_running, pids, first = run(dump, body, size=1)
    assert reply.status == 200 and not answered
    assert niceness == [0, 10] and long_running == 1
    assert len(pids) == 2 and len(set(pids) & set(first)) == 1  # the stopped one is gone, a new spare came


def test_a_query_slowed_down_by_a_busy_machine_keeps_its_priority_and_worker(dump: tuple[str, dict[str, str]]) -> None:
    """A query past the mark that used little CPU (here its worker was paused) comes back as the spare."""

    async def body(pool: WorkerPool) -> Any:
        first, long_running, reply = await paused_past_the_mark(pool, expect_long=False)
        niceness = [os.getpriority(os.PRIO_PROCESS, pid) for pid in first]
        return long_running, reply, niceness, pool.pids(), first, pool.replaced

    long_running, reply, niceness, pids, first, replaced = run(dump, body, size=1)
    assert long_running == 0 and reply.status == 200  # past the mark, but it used no CPU
    assert niceness == [0, 0]
    assert pids == first and replaced == 0


@pytest.mark.parametrize("privileged", [True, False])
def test_a_long_query_that_ends_in_time_gives_its_worker_back_if_it_can(
    dump: tuple[str, dict[str, str]], monkeypatch: pytest.MonkeyPatch, privileged: bool
) -> None:
    """Its priority must be raised back for that, which only a privileged user may do."""
    clock = iter(range(0, 10_000, 10))
    monkeypatch.setattr(pool_module, "_cpu_seconds", lambda pid: float(next(clock)))  # always expensive
    set_niceness = pool_module._set_niceness
    monkeypatch.setattr(pool_module, "_set_niceness", lambda pid, n: (n > 0 or privileged) and set_niceness(pid, n))

    async def body(pool: WorkerPool) -> Any:
        first, long_running, reply = await paused_past_the_mark(pool, expect_long=True)
        for _ in range(200):  # a new spare may be starting
            if len(pool.pids()) == 2:
                break
            await asyncio.sleep(0.05)
        return long_running, reply, pool.pids(), first, pool.replaced

    long_running, reply, pids, first, replaced = run(dump, body, size=1)
    assert long_running == 1 and reply.status == 200
    if privileged:
        assert pids == first and replaced == 0
    else:
        assert len(pids) == 2 and len(set(pids) & set(first)) == 1 and replaced == 1


def test_waiting_for_a_worker_is_limited_too(dump: tuple[str, dict[str, str]]) -> None:
    async def body(pool: WorkerPool) -> Any:
        slow = asyncio.create_task(pool.ask(HEAVY, {}, None, timeout=8))  # long only after 1 s
        await asyncio.sleep(0.1)
        started = time.monotonic()
        with pytest.raises(EndpointBusy) as caught:
            await pool.ask(ASK, {}, None, timeout=0.3)
        took = time.monotonic() - started
        slow.cancel()
        return caught.value, took

    error, took = run(dump, body, size=1)
    assert str(error) == (
        "no query worker came free within 0.3 s, so the query was not run: the endpoint is busy; try again in a moment"
    )
    assert error.retry_after == 1
    assert 0.2 < took < 0.9


def test_long_queries_beyond_the_most_allowed_are_stopped_at_the_mark(dump: tuple[str, dict[str, str]]) -> None:
    async def body(pool: WorkerPool) -> Any:
        outcomes = await asyncio.gather(
            pool.ask(HEAVY, {}, None, timeout=4), pool.ask(HEAVY, {}, None, timeout=4), return_exceptions=True
        )
        reply = await pool.ask(ASK, {}, None, timeout=30)
        return outcomes, reply, pool.long_running, len(pool.pids())

    outcomes, reply, long_running, workers = run(dump, body, size=2, spares=0, max_long=1)
    kinds = sorted(type(o).__name__ for o in outcomes)
    assert kinds == ["QueryTimedOut", "TooManyLongQueries"]
    refused = next(o for o in outcomes if isinstance(o, TooManyLongQueries))
    assert re.fullmatch(
        r"the query was stopped after 1\.\d s: the endpoint already runs as many long queries as it allows at once "
        r"\(1\); try again in 4 s or make it cheaper",
        str(refused),
    ), str(refused)
    assert refused.retry_after == 4
    assert reply.status == 200
    assert long_running == 0 and workers == 2


def test_workers_are_handed_out_in_arrival_order(dump: tuple[str, dict[str, str]]) -> None:
    async def body(pool: WorkerPool) -> Any:
        order: list[int] = []

        async def one(i: int) -> None:
            await pool.ask(ASK, {}, None, timeout=30)
            order.append(i)

        tasks = []
        for i in range(8):
            tasks.append(asyncio.create_task(one(i)))
            await asyncio.sleep(0)  # each request arrives before the next
        await asyncio.gather(*tasks)
        return order

    assert run(dump, body, size=1) == list(range(8))


def test_closing_stops_every_worker(dump: tuple[str, dict[str, str]]) -> None:
    async def body(pool: WorkerPool) -> Any:
        slow = asyncio.create_task(pool.ask(HEAVY, {}, None, timeout=30))
        await asyncio.sleep(1.5)  # past the mark: a replacement has started
        pids = pool.pids()
        await pool.close()
        with pytest.raises(WorkerLost):
            await slow
        return pids

    pids = run(dump, body, size=1)
    assert len(pids) == 2  # the long one, and the spare that took its place
    assert gone(pids)


def test_the_pool_is_refilled_after_a_lost_worker(dump: tuple[str, dict[str, str]]) -> None:
    async def body(pool: WorkerPool) -> Any:
        (pid,) = pool.pids()
        slow = asyncio.create_task(pool.ask(HEAVY, {}, None, timeout=30))
        await asyncio.sleep(0.2)
        os.kill(pid, 9)
        outcome = await asyncio.gather(slow, return_exceptions=True)
        reply = await pool.ask(ASK, {}, None, timeout=30)
        return outcome[0], reply

    error, reply = run(dump, body, size=1, spares=0)
    assert isinstance(error, WorkerLost) and str(error) == "the query worker stopped unexpectedly"
    assert reply.status == 200
