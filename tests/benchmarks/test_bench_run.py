"""The suite's command line and its planning, without timing anything."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import run
from stages import LEFT_OUT, SIZES, plan, query_names
from supervise import Limits

RUN = Path(__file__).resolve().parents[2] / "benchmarks" / "run.py"


def test_help_runs_and_names_the_options() -> None:
    done = subprocess.run([sys.executable, str(RUN), "--help"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    for option in ("--sizes", "--quick", "--runs", "--only", "--stage-timeout", "--memory-limit"):
        assert option in done.stdout


def test_an_unknown_size_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        run.parse_args(["--sizes", "shipped,huge"])
    assert exit_.value.code == 2
    assert "unknown size 'huge'; use one of shipped, 5k, 10x, 100x, 1000x" in capsys.readouterr().err


def test_quick_means_shipped_and_10x() -> None:
    assert run.parse_args(["--quick"]).size_names == ["shipped", "10x"]


def test_every_size_times_every_query_and_the_peers_where_they_belong() -> None:
    queries = query_names()
    assert "deaths" in queries
    by_name = {s.name: plan(s, queries=queries) for s in SIZES}
    for stages in by_name.values():
        assert stages[0] == "read"
        assert {f"query:{q}" for q in queries} <= set(stages)
    assert "rdflib:deaths" in by_name["shipped"] and "rdflib:deaths" in by_name["10x"]
    assert "rdflib:deaths" not in by_name["100x"]
    assert "pyvis" in by_name["shipped"] and "pyvis" not in by_name["5k"]
    assert "draw:opening" not in plan(SIZES[0], queries=queries, browser=False)


def test_a_stage_too_slow_at_the_size_before_is_not_started() -> None:
    done = {
        "100x": {
            "facts": {"entities": 102_205},
            "stages": {
                "read": {"median_s": 10.0, "peak_mb": 600.0},
                "html": {"median_s": 40.0, "peak_mb": 900.0, "first_s": 50.0},
                "rdf-load": {"median_s": 10.0, "peak_mb": 1900.0},
                "draw:all": {"not_run": "first draw, whole map ran past the 300 s limit"},
            },
        }
    }
    size = next(s for s in SIZES if s.name == "1000x")
    skips = run.estimate_skips(["read", "html", "rdf-load", "draw:all"], size, 1, done, Limits(300, 12_000))
    assert "read" not in skips
    assert skips["html"].startswith("a run estimated at 400 s (40.00 s at 100x, x10)")
    assert skips["html"].endswith("over the 300 s limit")
    assert "memory limit" in skips["rdf-load"]
    assert skips["draw:all"] == "ran past the time limit already at 100x"


def test_queries_on_the_on_disk_store_are_not_judged_by_the_store_in_memory() -> None:
    """At 1000x the queries run on the on-disk store: 100x's in-memory peak does not scale to it."""
    done = {
        "100x": {
            "facts": {"entities": 102_205},
            "stages": {
                "query:deaths": {"median_s": 0.5, "peak_mb": 1600.0},
                "store-load": {"median_s": 36.6, "peak_mb": 900.0},
            },
        }
    }
    size = next(s for s in SIZES if s.name == "1000x")
    limits = Limits(300, 12_000, longer={"store-load": 1200})
    assert run.estimate_skips(["query:deaths", "store-load"], size, 1, done, limits) == {}
    # in memory, at a size that is not on disk, the same record still counts
    ten = next(s for s in SIZES if s.name == "100x")
    small = {"10x": {"facts": {"entities": 10_225}, "stages": {"query:deaths": {"median_s": 0.05, "peak_mb": 1600.0}}}}
    assert "memory limit" in run.estimate_skips(["query:deaths"], ten, 1, small, limits)["query:deaths"]


def test_a_stage_left_out_says_what_it_would_take() -> None:
    done = {
        "100x": {"facts": {"entities": 102_205}, "stages": {"export:graphml": {"median_s": 20.0, "peak_mb": 1700.0}}}
    }
    size = next(s for s in SIZES if s.name == "1000x")
    why = run.left_out("export:graphml", size, done)
    assert why.startswith("left out at 1000x to keep a full run near an hour (`--only` runs it): an estimated 200 s")
    assert why.endswith("peak (20.00 s at 100x, x10)")
    assert run.left_out("export:graphml", size, {}).endswith("(`--only` runs it)")


def test_whole_process_timings_accept_only_the_exits_they_are_told() -> None:
    from _common import time_commands

    fails = {"fails": [sys.executable, "-c", "import sys; sys.exit(1)"]}
    refused = time_commands(fails, 1)["fails"]
    assert "median_s" not in refused and refused["error"].startswith("exit 1")
    accepted = time_commands(fails, 2, exits=(0, 1))["fails"]
    assert "error" not in accepted and len(accepted["runs_s"]) == 2 and accepted["median_s"] > 0


def test_the_whole_process_table_names_the_size() -> None:
    from report import _whole_process

    record = {"runs_s": [1.0], "median_s": 1.0, "peak_mb": 10.0}
    results = {
        "whole_process": {
            "check": {**record, "command": ["x", "check"]},
            "check-100x": {**record, "command": ["x", "check", "--data", "<100x universe>"], "size": "100x"},
        }
    }
    text = _whole_process(results)
    assert "| `mcugraph check` | shipped |" in text
    assert "| `mcugraph check --data <100x universe>` | 100x |" in text


def test_the_memory_plot_draws_peaks_and_leaves_out_stages_without_one(tmp_path: Path) -> None:
    from report import plot

    def size(entities: int, read_mb: float) -> dict[str, object]:
        stages = {"read": {"median_s": entities / 1e4, "peak_mb": read_mb}, "draw:opening": {"median_s": 0.5}}
        return {"facts": {"entities": entities}, "stages": stages}

    results = {"sizes": {"shipped": size(2_000, 70.0), "10x": size(10_000, 120.0)}}
    assert plot(results, tmp_path / "memory.png", measure="memory")
    assert (tmp_path / "memory.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    no_peaks = {
        "sizes": {name: {**s, "stages": {"draw:opening": {"median_s": 0.5}}} for name, s in results["sizes"].items()}
    }
    assert not plot(no_peaks, tmp_path / "none.png", measure="memory")
    assert not (tmp_path / "none.png").exists()


def test_the_largest_size_queries_the_on_disk_store() -> None:
    from stages import ON_DISK, needs

    assert ON_DISK == ("1000x",)
    for size in SIZES:
        assert "store-load" in plan(size, queries=["deaths"])
    assert needs("query:deaths", "1000x") == ("store-load",)
    assert needs("query:deaths", "100x") == needs("query:deaths") == ("rdf-load",)


def test_a_full_run_publishes_at_1000x_within_a_limit_of_its_own() -> None:
    size = next(s for s in SIZES if s.name == "1000x")
    assert "publish" in plan(size, queries=["deaths"])
    assert "publish" not in LEFT_OUT.get("1000x", ())
    # publishing 100x took 104 s: scaled tenfold it passes the 300 s a run, not the stage's own limit
    done = {"100x": {"facts": {"entities": 102_205}, "stages": {"publish": {"median_s": 104.0, "peak_mb": 860.0}}}}
    longer = run.longer_limits(300, 1, 300)
    assert longer["publish"] == longer["store-load"] == 1200
    assert run.estimate_skips(["publish"], size, 1, done, Limits(300, 12_000, longer=longer)) == {}
    assert "estimated at" in run.estimate_skips(["publish"], size, 1, done, Limits(300, 12_000))["publish"]
