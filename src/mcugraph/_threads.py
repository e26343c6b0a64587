"""Threads with a stack deep enough for Oxigraph's recursive query parser."""

from __future__ import annotations

import threading

__all__ = ["STACK_SIZE", "start_thread"]

#: the stack of a thread that runs a query: Oxigraph's parser and evaluator recurse on
#: nesting, and a thread's usual 8 MiB overflows (a crash, not an error) at about 3,000
#: nested groups; this is reserved address space, used only as deep as a query goes
STACK_SIZE = 128 * 1024 * 1024


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
    try:
        thread.start()
    except RuntimeError:  # no room for such a stack: the thread starts as it always did
        threading.stack_size(previous)
        thread.start()
    finally:
        threading.stack_size(previous)
