"""Reading ahead in a helper process (mcugraph.source.ahead): it really reads files there,
the files still come in their order, and a helper that fails or dies changes nothing
but the speed. That the universe and its errors are the same is in
tests/validate/test_file_by_file.py.

Run by tests/source/test_ahead.py in a fresh interpreter: after the rest of the suite
has run queries, the test process holds pyoxigraph's native threads, and no helper is
forked from a process with threads (which is what one test here checks)."""

from __future__ import annotations

import dataclasses
import multiprocessing
import os
import threading
import time
from pathlib import Path

import pytest

from mcugraph.source import Document, iter_converted, iter_documents
from mcugraph.source import ahead as ahead_module
from mcugraph.synthetic import write_universe
from mcugraph.validate import read_universe

HERE = os.getpid()
#: set by a conversion in the helper: the tests make this process wait for it, so the
#: helper surely does some work (on files this small this process would otherwise read
#: them all before the helper has started)
began = multiprocessing.get_context("fork").Event() if "fork" in multiprocessing.get_all_start_methods() else None


#: seconds to wait for a joined thread to leave the system's list: a bound on a wait for
#: a condition, not a pause (it ends as soon as the thread is gone)
GONE_WITHIN = 30.0


def alone() -> bool:
    """Wait until this process is single-threaded again, as the system counts threads.

    A thread that Python has joined (the previous case's own, or a pool's) may stay in
    /proc/self/task a moment longer; a case that began then found this process unable
    to fork (in one CI run)."""
    deadline = time.monotonic() + GONE_WITHIN
    while ahead_module._threads() > 1:
        if time.monotonic() > deadline:
            return False
        time.sleep(0.001)
    return True


@pytest.fixture(autouse=True)
def fresh_event() -> None:
    assert alone(), f"{ahead_module._threads()} threads still listed after {GONE_WITHIN:g} s"
    assert ahead_module.can_fork(), "this process cannot fork a helper"
    assert began is not None
    began.clear()


def wait_for_the_helper(doc: Document) -> None:
    """In the helper, say it has begun; here, on the first file after the root, wait for that."""
    assert began is not None
    if os.getpid() != HERE:
        began.set()
    elif doc.included_from is not None:
        assert began.wait(timeout=120), "the helper never began"


def where(doc: Document) -> tuple[str, int]:
    """A conversion that says which process did it."""
    return os.path.basename(doc.path), os.getpid()


def where_with_helper(doc: Document) -> tuple[str, int]:
    """:func:`where`, once the helper has begun."""
    wait_for_the_helper(doc)
    return where(doc)


@pytest.fixture(scope="module")
def many_files(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("many")
    root = write_universe(folder, 6, series_per_file=1)
    assert len(list(folder.glob("*.yaml"))) >= 8
    return root


def names(root: Path) -> list[str]:
    return [os.path.basename(doc.path) for doc in iter_documents(root)]


def test_files_are_read_in_the_helper_and_come_in_their_order(many_files: Path) -> None:
    got = list(iter_converted(many_files, where_with_helper, ahead=True))
    assert [name for name, _ in got] == names(many_files)
    elsewhere = [name for name, pid in got if pid != HERE]
    assert elsewhere, "the helper read no file"
    assert got[0][1] == HERE  # the root is always read here: it says what the other files are
    # the helper goes up from the bottom of the list: what it did is the end of it
    assert elsewhere == [name for name, _ in got[-len(elsewhere) :]]


def test_no_helper_for_a_small_universe_unless_asked(many_files: Path) -> None:
    assert sum(f.stat().st_size for f in many_files.parent.glob("*.yaml")) < ahead_module.MIN_BYTES
    assert {pid for _, pid in iter_converted(many_files, where)} == {HERE}
    assert {pid for _, pid in iter_converted(many_files, where, ahead=False)} == {HERE}


def test_no_helper_while_another_thread_runs(many_files: Path) -> None:
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert not ahead_module.can_fork()
        assert {pid for _, pid in iter_converted(many_files, where, ahead=True)} == {HERE}
    finally:
        stop.set()
        thread.join()


def die_in_the_helper(doc: Document) -> tuple[str, int]:
    wait_for_the_helper(doc)
    if os.getpid() != HERE:
        os._exit(3)  # as if the helper were killed (out of memory, a signal)
    return where(doc)


def test_a_helper_that_dies_leaves_the_work_to_this_process(many_files: Path) -> None:
    got = list(iter_converted(many_files, die_in_the_helper, ahead=True))
    assert got == [(name, HERE) for name in names(many_files)]
    assert multiprocessing.active_children() == []


class Refused(Exception):
    pass


def fail_on_last(doc: Document) -> str:
    """Refuse the last file, which the helper reads first."""
    wait_for_the_helper(doc)
    name = os.path.basename(doc.path)
    if name == LAST:
        assert os.getpid() != HERE
        raise Refused(f"cannot convert {name}")
    return name


LAST = ""


def test_an_error_in_the_helper_is_raised_here_when_its_file_comes(many_files: Path) -> None:
    global LAST
    LAST = names(many_files)[-1]
    seen = []
    with pytest.raises(Refused, match=f"cannot convert {LAST}"):
        for name in iter_converted(many_files, fail_on_last, ahead=True):
            seen.append(name)
    assert seen == names(many_files)[:-1]  # every file before it, in order
    assert multiprocessing.active_children() == []


def test_stopping_early_stops_the_helper(many_files: Path) -> None:
    walk = iter_converted(many_files, where_with_helper, ahead=True)
    assert next(walk)[0] == "universe.yaml"
    next(walk)
    assert multiprocessing.active_children()  # it was started and is at work
    walk.close()
    assert multiprocessing.active_children() == []


def test_a_universe_over_the_threshold_gets_a_helper_by_itself(
    many_files: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    size = sum(f.stat().st_size for f in many_files.parent.glob("*.yaml"))
    monkeypatch.setattr(ahead_module, "MIN_BYTES", size // 2)
    assert {pid for _, pid in iter_converted(many_files, where_with_helper)} - {HERE}  # ahead=None
    here = dataclasses.astuple(read_universe(many_files, ahead=False))
    assert dataclasses.astuple(read_universe(many_files)) == here
