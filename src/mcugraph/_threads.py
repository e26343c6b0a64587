"""Threads with a stack deep enough for Oxigraph's recursive query parser."""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable
from typing import Any, TypeVar

__all__ = ["STACK_SIZE", "Abandoned", "run_within", "start_thread", "on_deep_stack", "run_deep"]

_T = TypeVar("_T")

#: the stack of a thread that runs a query: Oxigraph's parser and evaluator recurse on
#: nesting, and a thread's usual 8 MiB overflows (a crash, not an error) at about 3,000
#: nested groups; this is reserved address space, used only as deep as a query goes
STACK_SIZE = 128 * 1024 * 1024
_DEEP: weakref.WeakSet[threading.Thread] = weakref.WeakSet()


def start_thread(thread: threading.Thread) -> None:
    """Start ``thread`` with a stack of :data:`STACK_SIZE` (the usual one where it cannot be had).

    Oxigraph parses and evaluates queries recursively: a deeply nested or very long
    expression overflows the usual 8 MiB thread stack and kills the process.
    """
    try:
        previous = threading.stack_size(STACK_SIZE)
    except (ValueError, RuntimeError):  # a platform without settable stacks
        thread.start()
        return
    _DEEP.add(thread)  # before it runs: it may ask at once
    try:
        thread.start()
    except RuntimeError:  # no room for such a stack: the thread starts as it always did
        _DEEP.discard(thread)
        threading.stack_size(previous)
        thread.start()
    finally:
        threading.stack_size(previous)


def on_deep_stack() -> bool:
    """Whether this thread was started by :func:`start_thread` with the deep stack."""
    return threading.current_thread() in _DEEP


def run_deep(work: Callable[[], _T], *, name: str) -> _T:
    """``work()`` on a thread with the deep stack: this one if it has it, else a new one, waited for."""
    if on_deep_stack():
        return work()
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome["value"] = work()
        except BaseException as exc:  # handed to the waiting caller
            outcome["error"] = exc

    thread = threading.Thread(target=run, name=name, daemon=True)
    start_thread(thread)
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    value: _T = outcome["value"]
    return value


class Abandoned(Exception):
    """The work ran past its time limit; its thread was left to finish on its own."""


def run_within(timeout: float, work: Callable[[], _T], *, name: str) -> _T:
    """``work()`` on a daemon thread started by :func:`start_thread`; its value or its error.

    Raises :class:`Abandoned` after ``timeout`` seconds. Oxigraph releases the interpreter
    while it evaluates, so the wait ends on time; the abandoned thread is a daemon and
    ends with the process.
    """
    outcome: dict[str, Any] = {}
    done = threading.Event()

    def run() -> None:
        try:
            outcome["value"] = work()
        except BaseException as exc:  # handed to the waiting caller
            outcome["error"] = exc
        finally:
            done.set()

    start_thread(threading.Thread(target=run, name=name, daemon=True))
    if not done.wait(timeout):
        raise Abandoned(f"{name} ran past {timeout:g} s")
    if "error" in outcome:
        raise outcome["error"]
    value: _T = outcome["value"]
    return value
