"""The helper process's cases (tests/source/ahead_cases.py), in a fresh interpreter.

A helper is never forked from a process with other threads, and by this point of a
test run the process holds the native threads of pyoxigraph. So the cases run in a
Python of their own, with nothing loaded but what they import.
"""

from __future__ import annotations

import _thread
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from mcugraph.source import ahead

CASES = Path(__file__).with_name("ahead_cases.py")
ROOT = Path(__file__).resolve().parents[2]


def test_the_helper_process_cases_pass_in_a_fresh_interpreter(tmp_path: Path) -> None:
    if not hasattr(os, "fork") or len(os.sched_getaffinity(0)) < 2:
        pytest.skip("no fork or a single core here: no helper is ever used")
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--basetemp", str(tmp_path), str(CASES)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert "7 passed" in done.stdout.splitlines()[-1], done.stdout[-500:]


def test_threads_python_does_not_know_of_are_counted_too() -> None:
    """A thread started outside ``threading`` stands for an engine's native one."""
    if not os.path.isdir("/proc/self/task"):
        pytest.skip("the system does not list a process's threads")
    started, release, ended = _thread.allocate_lock(), _thread.allocate_lock(), _thread.allocate_lock()
    for lock in (started, release, ended):
        lock.acquire()

    def hold() -> None:
        started.release()
        release.acquire()
        ended.release()

    _thread.start_new_thread(hold, ())
    started.acquire()
    try:
        # threading does not see it (the suite may have left threads of its own running)
        assert threading.active_count() < len(os.listdir("/proc/self/task"))
        assert not ahead.can_fork()
    finally:
        release.release()
        ended.acquire()
