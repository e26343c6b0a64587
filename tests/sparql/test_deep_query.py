"""A very long or deeply nested query ends with an answer or a message, never a crashed process.

Oxigraph parses and evaluates expressions recursively: on a thread with the usual 8 MiB
stack a sum of 10,000 terms overflows it and the process dies (SIGSEGV). Queries run on a
thread with a deep stack (:mod:`mcugraph._threads`): in ``mcugraph query`` and house rules
through :func:`~mcugraph.sparql.run.run_query`, in the endpoint's worker processes through
``pool.serve_requests``. Each check runs in a new process, since a failure is a crash.

Vetting reads such a text as tokens, without recursion, in a few milliseconds; Oxigraph's
own parser then takes a few seconds on it (its time counts against the query's time
limit: last test).
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time
from pathlib import Path

TERMS = 12_000  # 10,000 already crashes a thread with an 8 MiB stack
DEEP = "SELECT (" + "+".join(["1"] * TERMS) + " AS ?x) WHERE {}"

PRELUDE = f"""
from mcugraph.sparql.run import QueryStore

DEEP = {DEEP!r}
graph = QueryStore.from_ntriples(b"", prefixes={{}}, base_iri=None)
"""


def run_script(body: str) -> subprocess.CompletedProcess[str]:
    script = PRELUDE + textwrap.dedent(body)
    return subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)


def test_the_bare_engine_crashes_on_the_main_thread() -> None:
    """The premise: without the deep stack, this text kills the process."""
    done = subprocess.run(
        [sys.executable, "-c", f"import pyoxigraph as ox\nlist(ox.Store().query({DEEP!r}))"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode < 0  # killed by a signal


def test_run_query_answers_a_12000_term_sum() -> None:
    done = run_script(
        """
        from mcugraph.sparql.run import run_query
        print(run_query(graph, DEEP, timeout=60).rows[0][0].value)
        """
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == str(TERMS)


def test_an_endpoint_worker_answers_a_12000_term_sum() -> None:
    done = run_script(
        """
        import threading
        from multiprocessing import Pipe
        from mcugraph.sparql import pool

        ours, theirs = Pipe()

        def client():
            ours.send((DEEP, {}, "application/sparql-results+json"))
            reply = ours.recv()
            print(reply.status, reply.body.decode())
            ours.close()

        threading.Thread(target=client, daemon=True).start()
        pool.serve_requests(theirs, graph, 10)  # as a forked worker runs it, on the main thread
        """
    )
    assert done.returncode == 0, done.stderr
    status, body = done.stdout.split(" ", 1)
    assert status == "200" and f'"{TERMS}"' in body


def test_vetting_counts_against_the_time_limit(tmp_path: Path) -> None:
    query = tmp_path / "long.rq"
    query.write_text("SELECT (" + "+".join(["1"] * 20000) + " AS ?x) WHERE {}\n", encoding="utf-8")
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "mcugraph", "query", str(query), "--timeout", "2"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert time.monotonic() - started < 30  # parsing alone takes longer than that
    assert done.returncode == 1, done.stderr
    assert "ran past its time limit of 2 s" in done.stderr
    assert "Traceback" not in done.stderr
