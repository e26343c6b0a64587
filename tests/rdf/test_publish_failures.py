"""Publishing when things go wrong: a store that refuses, breaks off or hangs midway, bad
URLs and options, and resuming a publish that stopped. A small fake store stands in."""

from __future__ import annotations

import math
import os
import pty
import re
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

import mcugraph
from _stores import FakeStore, free_port
from mcugraph.cli import main
from mcugraph.errors import OutputError
from mcugraph.rdf.publish import PublishIncomplete, publish
from mcugraph.rdf.stream import ntriples_lines

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data" / "universe.yaml"
GRAPH = "https://w3id.org/mcugraph/mcu/"
BATCH = 5_000


@pytest.fixture(scope="module")
def export() -> list[str]:
    return list(ntriples_lines(mcugraph.load(DATA)))


@pytest.fixture
def store() -> Iterator[FakeStore]:
    with FakeStore() as fake:
        yield fake


def run(store_url: str, *extra: str, data: Path = DATA) -> Result:
    return CliRunner().invoke(main, ["publish", "--data", str(data), "--store", store_url, *extra])


def batched(store: FakeStore, *extra: str) -> Result:
    return run(store.url, "--batch-size", str(BATCH), *extra)


def as_set(export: list[str]) -> set[bytes]:
    return {line.encode() for line in export}


def failed_cleanly(result: Result) -> str:
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit)  # a message, not a traceback
    assert result.stdout == ""  # no summary of a publish that did not finish
    assert result.stderr.startswith("Error: ")
    return result.stderr


def test_a_failed_post_midway_says_the_graph_is_incomplete_and_resuming_completes_it(
    store: FakeStore, export: list[str]
) -> None:
    store.faults[("POST", 3)] = 500
    error = failed_cleanly(batched(store))
    assert error == (
        f"Error: the store at {store.url} refused batch 4 (POST of triples 15,001 to 20,000): HTTP 500 "
        f"Internal Server Error: the fake store says no. The graph <{GRAPH}> there is INCOMPLETE: the first "
        f"15,000 of {len(export):,} triples are there (3 requests in this run). Run again with --resume-from "
        "15000 to send the rest, or without it to redo the graph from the start.\n"
    )
    assert store.data_requests() == ["PUT", "POST", "POST", "POST"]
    assert store.graphs[GRAPH] == as_set(export[:15_000])
    store.faults.clear()
    resumed = batched(store, "--resume-from", "15000", "--sparql", f"{store.base}/query")
    assert resumed.exit_code == 0, resumed.output
    assert resumed.stdout == (
        f"published {len(export):,} triples to graph <{GRAPH}> at {store.url} in "
        f"{math.ceil((len(export) - 15_000) / BATCH)} requests, resuming after the first 15,000; "
        f"the store counts {len(export):,}\n"
    )
    assert store.data_requests()[4:] == ["POST"] * math.ceil((len(export) - 15_000) / BATCH)  # no PUT: kept
    assert store.graphs[GRAPH] == as_set(export)


def test_a_failure_on_the_last_post(store: FakeStore, export: list[str]) -> None:
    last = math.ceil(len(export) / BATCH)
    store.faults[("POST", last - 1)] = 503
    error = failed_cleanly(batched(store))
    done = (last - 1) * BATCH
    assert f"refused batch {last} (POST of triples {done + 1:,} to {len(export):,}): HTTP 503" in error
    assert f"INCOMPLETE: the first {done:,} of {len(export):,} triples are there" in error
    assert f"--resume-from {done} to send the rest" in error
    store.faults.clear()
    assert batched(store, "--resume-from", str(done)).exit_code == 0
    assert store.graphs[GRAPH] == as_set(export)


def test_resuming_after_a_failed_resume_counts_both_runs(store: FakeStore, export: list[str]) -> None:
    store.graphs[GRAPH] = as_set(export[:10_000])
    store.faults[("POST", 2)] = 500
    error = failed_cleanly(batched(store, "--resume-from", "10000"))
    assert "the first 15,000 of" in error and "(1 request in this run, after the 10,000 of an earlier run)" in error
    assert "--resume-from 15000" in error


def test_a_refused_put_changes_nothing(store: FakeStore) -> None:
    store.faults[("PUT", 1)] = 400
    error = failed_cleanly(batched(store))
    assert error == (
        f"Error: the store at {store.url} refused the data: HTTP 400 Bad Request: the fake store says no; "
        "nothing was published\n"
    )
    assert store.graphs == {} and store.data_requests() == ["PUT"]


def test_a_redirect_is_not_followed(store: FakeStore) -> None:
    store.faults[("PUT", 1)] = 302
    error = failed_cleanly(batched(store))
    assert "HTTP 302 Found: the store redirected to http://127.0.0.1:1/elsewhere; give that URL instead" in error
    assert "nothing was published" in error
    store.faults = {("POST", 1): 307}
    error = failed_cleanly(batched(store))
    assert "refused batch 2" in error and "INCOMPLETE: the first 5,000" in error


def test_a_store_that_goes_away_midway(store: FakeStore) -> None:
    store.faults[("POST", 2)] = "close"
    error = failed_cleanly(batched(store))
    assert re.match(
        rf"Error: the store at {re.escape(store.url)} did not take batch 3 \(POST of triples 10,001 to 15,000\): "
        r"the connection broke \(.+\)\. The graph <.+> there is INCOMPLETE: the first 10,000 of [\d,]+ triples",
        error,
    ), error
    assert "--resume-from 10000" in error


def test_a_store_that_stops_answering(store: FakeStore) -> None:
    store.faults[("POST", 1)] = "hang"
    error = failed_cleanly(batched(store, "--timeout", "1"))
    assert "did not take batch 2 (POST of triples 5,001 to 10,000): no answer within 1 s." in error
    assert "INCOMPLETE: the first 5,000 triples are there" in error  # the total is not known yet


def test_a_put_cut_off_may_have_changed_the_graph(store: FakeStore) -> None:
    store.faults[("PUT", 1)] = "close"
    error = failed_cleanly(batched(store))
    assert "did not take batch 1 (PUT of triples 1 to 5,000)" in error
    assert "INCOMPLETE: it may be the old graph still, or hold part of the first batch" in error
    assert error.endswith("Run again to publish it from the start.\n")


def test_a_store_that_is_not_running_is_told_before_the_data_is_read(tmp_path: Path) -> None:
    port = free_port()
    result = run(f"http://127.0.0.1:{port}/store", data=tmp_path / "none.yaml")
    assert result.exit_code == 1
    assert (
        result.stderr
        == f"Error: cannot reach the store at http://127.0.0.1:{port}/store: Connection refused; is it running?\n"
    )


@pytest.mark.parametrize(
    ("store_url", "words"),
    [
        ("ftp://h/store", "'ftp://h/store' is not an http(s) URL of a Graph Store Protocol endpoint"),
        ("localhost:7878/store", "'localhost:7878/store' is not an http(s) URL"),
        ("http://", "'http://' is not an http(s) URL"),
        (
            "http://h:port/store",
            "'http://h:port/store' is not an http(s) URL of a Graph Store Protocol endpoint: its port",
        ),
    ],
)
def test_bad_store_urls(tmp_path: Path, store_url: str, words: str) -> None:
    result = run(store_url, data=tmp_path / "none.yaml")  # the URL is checked before the data is read
    assert result.exit_code == 1 and result.stderr == f"Error: {words}" + result.stderr[len(words) + 7 :]
    assert "Traceback" not in result.output


def test_a_bad_sparql_url(store: FakeStore) -> None:
    result = run(store.url, "--sparql", "sparql")
    assert result.exit_code == 1 and "'sparql' is not an http(s) URL" in result.stderr
    assert store.requests == []


@pytest.mark.parametrize("size", ["0", "-5", "many", "1.5"])
def test_bad_batch_sizes(store: FakeStore, size: str) -> None:
    result = run(store.url, "--batch-size", size)
    assert result.exit_code == 2 and "Invalid value for '--batch-size'" in result.stderr
    assert store.requests == []


def test_bad_batch_sizes_in_the_library(tiny) -> None:
    with pytest.raises(OutputError, match="^a batch must hold at least one triple, not 0$"):
        publish(tiny, "http://127.0.0.1:1/store", batch_triples=0)
    with pytest.raises(OutputError, match="^a batch must hold at least one byte, not 0$"):
        publish(tiny, "http://127.0.0.1:1/store", batch_bytes=0)
    with pytest.raises(OutputError, match="^cannot resume after -1 triples: a count is 0 or more$"):
        publish(tiny, "http://127.0.0.1:1/store", resume_from=-1)


def test_a_batch_is_cut_at_its_byte_limit(store: FakeStore, tiny) -> None:
    lines = list(ntriples_lines(tiny))
    widest = max(len(line.encode()) for line in lines)
    report = publish(tiny, store.url, batch_bytes=widest)  # every line alone, or nearly
    assert len(lines) / 2 < report.batches <= len(lines)
    assert store.graphs[tiny.info.base_iri] == {line.encode() for line in lines}


def test_resuming_past_the_end(store: FakeStore, export: list[str]) -> None:
    store.graphs[GRAPH] = as_set(export)
    result = batched(store, "--resume-from", str(len(export) + 1))
    assert failed_cleanly(result) == (
        f"Error: cannot resume after the first {len(export) + 1:,} triples: the export has only {len(export):,}; "
        "nothing was sent (--resume-from)\n"
    )
    assert store.data_requests() == []
    at_end = batched(store, "--resume-from", str(len(export)))
    assert at_end.exit_code == 0
    assert at_end.stdout.startswith(f"nothing left to send: all {len(export):,} triples were sent to graph <{GRAPH}>")
    assert store.data_requests() == []


def test_resuming_a_graph_the_store_does_not_have(store: FakeStore) -> None:
    error = failed_cleanly(batched(store, "--resume-from", "10000"))
    assert error == (
        f"Error: cannot resume: the store at {store.url} has no graph <{GRAPH}>, so none of the first 10,000 "
        "triples is there; publish from the start (--resume-from)\n"
    )
    assert store.data_requests() == []


def test_a_count_that_does_not_match_is_not_reported_as_done(store: FakeStore, export: list[str]) -> None:
    store.count = len(export) - 1
    error = failed_cleanly(batched(store, "--sparql", f"{store.base}/query"))
    assert f"counts {len(export) - 1:,} triples in the graph <{GRAPH}>, fewer than were sent ({len(export):,})" in error
    assert "is INCOMPLETE or mixed" in error and error.endswith("Run again to publish it from the start.\n")
    store.count = len(export) + 5
    assert "more than were sent: something else writes to it" in failed_cleanly(
        batched(store, "--sparql", f"{store.base}/query")
    )


def test_the_library_error_carries_the_count(store: FakeStore, tiny) -> None:
    store.faults[("POST", 1)] = 500
    with pytest.raises(PublishIncomplete) as caught:
        publish(tiny, store.url, batch_triples=2)
    assert caught.value.triples == 2 and caught.value.progress.batches == 1
    assert str(caught.value).endswith(
        "Publish again skipping the first 2 triples (resume_from) to send the rest, or from the start to redo it."
    )
    assert "--" not in str(caught.value)  # the library names no option


def test_no_progress_line_when_standard_error_is_not_a_terminal(store: FakeStore, export: list[str]) -> None:
    result = batched(store)
    assert result.exit_code == 0 and result.stderr == ""
    assert result.stdout.count("\n") == 1


def test_a_progress_line_on_a_terminal(store: FakeStore, export: list[str]) -> None:
    leader, follower = pty.openpty()
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    command = [
        sys.executable,
        "-c",
        "from mcugraph.cli import main; main(prog_name='mcugraph')",
        "publish",
        "--data",
        str(DATA),
        "--store",
        store.url,
    ]
    process = subprocess.Popen([*command, "--batch-size", str(BATCH)], stdout=subprocess.PIPE, stderr=follower, env=env)
    os.close(follower)
    seen = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal closed: the process is done with it
            break
        if not chunk:
            break
        seen += chunk
    os.close(leader)
    out, _ = process.communicate(timeout=120)
    assert process.returncode == 0
    shown = seen.decode()
    assert "\rpublishing: 5,000 triples sent, 1 request" in shown  # the total is not known yet
    assert f"\rpublishing: 15,000 of {len(export):,} triples sent (" in shown
    assert shown.endswith("\r")  # the line is wiped before the summary
    assert out.decode().startswith(f"published {len(export):,} triples")


@pytest.mark.parametrize("graph", ["https://example.org/g> } INSERT DATA { <a> <b> <c>", "has space", ""])
def test_a_graph_name_that_is_not_an_iri(store: FakeStore, graph: str) -> None:
    error = failed_cleanly(run(store.url, "--graph", graph))
    assert error == f"Error: the graph name {graph!r} is not an IRI (--graph)\n"
    assert store.data_requests() == []


def test_ctrl_c_midway_says_where_to_resume(store: FakeStore) -> None:
    store.faults[("POST", 1)] = "hang"  # the second batch gets no answer: the client waits in it
    leader, follower = pty.openpty()
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    command = [sys.executable, "-c", "from mcugraph.cli import main; main(prog_name='mcugraph')", "publish"]
    process = subprocess.Popen(
        [*command, "--data", str(DATA), "--store", store.url, "--batch-size", str(BATCH)],
        stdout=subprocess.PIPE,
        stderr=follower,
        env=env,
    )
    os.close(follower)
    seen = b""
    while b"5,000 triples sent" not in seen:  # the first batch is acknowledged
        chunk = os.read(leader, 65536)
        assert chunk, seen
        seen += chunk
    process.send_signal(signal.SIGINT)
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
    os.close(leader)
    out, _ = process.communicate(timeout=60)
    assert process.returncode == 1 and out == b""
    shown = seen.decode()
    assert "Traceback" not in shown
    assert (
        f"Error: interrupted after the first 5,000 triples were sent. The graph <{GRAPH}> at {store.url} is "
        "INCOMPLETE. Run again with --resume-from 5000 to send the rest, or without it to redo the graph from the start."
    ) in shown.replace("\r\n", "\n").replace("\n", " ")
