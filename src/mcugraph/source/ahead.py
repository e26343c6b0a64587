"""Read the files at the end of a large universe in a second process.

Reading is one Python loop per YAML event, so a large universe keeps one core busy and
leaves the other idle. Files are independent once they are listed: each is read, its
includes found and its tree converted on its own (``reader.load_file``), and only the
converted records leave that work. So while this process goes down the list of files
from the top, one helper process goes up it from the bottom; they meet where the work
is done, however busy the machine is, and the files are still taken in their order.
A file the helper has not started when its turn comes is read here instead.

What a file gives is pickled back, which costs about a sixth of reading it (measured in
docs/performance.md, "Reading at scale"): on a machine with one free core it is a loss,
and it is only worth it for a large universe. The helper is a fork of this process,
made only where that is safe (a POSIX fork, one thread, native ones counted, not a daemon)
and only once :data:`MIN_BYTES` of files are waiting. If it dies, the files it had are
read here and it is not replaced: the result is the same, only slower.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor

# multiprocessing and concurrent.futures are imported only when a helper is made: every
# command reads a universe, and most are too small to need one

__all__ = ["MIN_BYTES", "ReadAhead", "can_fork"]

#: the size of the files waiting, after the root file, from which a helper is worth its cost
MIN_BYTES = 8 * 1024 * 1024
#: files handed to the helper and not yet finished: one it reads, one waiting for it
_QUEUED = 2

#: how long closing waits for the pool's threads to leave the system's list
_THREADS_GONE_S = 1.0

#: the helper's own copy of the work to do, set when it is forked
_job: Callable[..., Any] | None = None


def _install(load: Callable[..., Any]) -> None:
    global _job
    _job = load


def _run(display: str, included_from: Any) -> Any:
    assert _job is not None
    return _job(display, included_from)


def can_fork() -> bool:
    """Whether a helper may be forked here: fork exists, there is a second core, and the
    process has one thread (a fork copies locks other threads may hold) and may have children."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    if not hasattr(os, "fork") or cores < 2 or _threads() > 1:
        return False
    import multiprocessing

    return "fork" in multiprocessing.get_all_start_methods() and not multiprocessing.current_process().daemon


class ReadAhead:
    """Hands the files at the bottom of the reader's stack to a helper process.

    ``load(display, included_from)`` does one file's work; ``when`` is True to use a helper
    whenever :func:`can_fork` allows, None to use one only for :data:`MIN_BYTES` or more.
    """

    def __init__(self, load: Callable[..., Any], when: bool | None) -> None:
        self._load = load
        self._when = when
        self._decided = False
        self._pool: ProcessPoolExecutor | None = None
        #: id of a stack entry -> (the entry, kept so its id stays its own; its future)
        self._given: dict[int, tuple[Any, Future[Any]]] = {}
        #: files whose work came back from the helper (for tests and measurements)
        self.done_there = 0

    def top_up(self, pending: list[Any]) -> None:
        """Give the helper files from the bottom of ``pending`` (the top one is read here next)."""
        later = pending[:-1]
        if not later or not self._start(later):
            return
        running = sum(1 for _, future in self._given.values() if not future.done())
        for entry in later:
            if running >= _QUEUED:
                break
            if id(entry) not in self._given:
                try:
                    future = self._pool.submit(_run, entry.display, entry.mark)  # type: ignore[union-attr]
                except _broken():
                    self._stop()
                    return
                self._given[id(entry)] = (entry, future)
                running += 1

    def take(self, entry: Any) -> Any | None:
        """The helper's work on ``entry``, waiting for it if it has begun; None if this
        process must read the file (never given, not begun, or the helper is gone)."""
        given = self._given.pop(id(entry), None)
        if given is None:
            return None
        future = given[1]
        if future.cancel():
            return None
        try:
            loaded = future.result()
        except _broken():
            self._stop()
            return None
        self.done_there += 1
        return loaded

    def close(self) -> None:
        """Stop the helper, dropping the work not yet taken (a file given but never reached)."""
        self._stop()

    def _start(self, later: list[Any]) -> bool:
        if self._decided:
            return self._pool is not None
        self._decided = True
        if self._when is None and sum(_size(entry.display) for entry in later) < MIN_BYTES:
            return False
        if not can_fork():
            return False
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        self._pool = ProcessPoolExecutor(
            max_workers=1,
            mp_context=multiprocessing.get_context("fork"),
            initializer=_install,
            initargs=(self._load,),
        )
        return True

    def _stop(self) -> None:
        pool, self._pool = self._pool, None
        self._given.clear()
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
            # the pool's threads have ended for Python, but the system may list them a
            # moment longer; the next read in this process would then find it threaded
            # and read alone (a benchmark reads the same universe several times)
            deadline = time.monotonic() + _THREADS_GONE_S
            while _threads() > 1 and time.monotonic() < deadline:
                time.sleep(0.001)


def _threads() -> int:
    """The threads of this process, the engine's native ones too (pyoxigraph's, after a
    query or a bulk load): a fork made while one of them holds the allocator's lock
    hangs in the child. Python's own count where the system does not list them."""
    try:
        return len(os.listdir("/proc/self/task"))
    except OSError:
        return threading.active_count()


def _broken() -> type[Exception]:
    from concurrent.futures.process import BrokenProcessPool

    return BrokenProcessPool


def _size(path: str) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return 0  # reading it will say what is wrong
