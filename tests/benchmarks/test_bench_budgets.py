"""Budgets are judged from the numbers of a run, never stated by hand."""

from __future__ import annotations

from budgets import BUDGETS, evaluate, suite_ratio


def _size(entities: int, **medians: float) -> dict:
    stages = {name.replace("_", "-"): {"median_s": m, "peak_mb": 100.0, "runs_s": [m]} for name, m in medians.items()}
    return {"entities": entities, "facts": {"entities": entities}, "stages": stages}


def _row(rows: list[dict], what: str, size: str) -> dict:
    return next(r for r in rows if r["what"] == what and r["size"] == size)


def test_every_budget_is_not_measured_on_an_empty_run() -> None:
    rows = evaluate({"sizes": {}, "whole_process": {}, "settings": {}})
    assert len(rows) == len(BUDGETS)
    assert {r["met"] for r in rows} == {None}
    assert all(r["note"] for r in rows)


def test_read_budgets_at_100x() -> None:
    results = {"sizes": {"10x": _size(10_000, read=1.0), "100x": _size(100_000, read=9.0)}}
    rows = evaluate(results)
    assert _row(rows, "read and validate, time", "100x")["met"] is True
    assert _row(rows, "read and validate, peak memory", "100x")["met"] is True
    growth = _row(rows, "read and validate, growth", "10x → 100x")
    assert growth["met"] is True
    assert growth["measured"] == "9.0x the time for 10.0x the entities"
    results["sizes"]["100x"]["stages"]["read"]["median_s"] = 12.5
    rows = evaluate(results)
    assert _row(rows, "read and validate, time", "100x")["met"] is False
    assert _row(rows, "read and validate, growth", "10x → 100x")["met"] is False


def test_a_stage_that_did_not_run_is_not_measured_with_its_reason() -> None:
    results = {"sizes": {"100x": {"entities": 1, "stages": {"read": {"not_run": "ran past the 300 s limit"}}}}}
    row = _row(evaluate(results), "read and validate, time", "100x")
    assert (row["met"], row["note"]) == (None, "not run: ran past the 300 s limit")


def test_a_query_that_did_not_run_fails_the_query_budget() -> None:
    size = _size(1000, **{"query:a": 0.01, "query:b": 0.02})
    size["stages"]["query:c"] = {"not_run": "ran past the 300 s limit"}
    row = _row(evaluate({"sizes": {"shipped": size}}), "every curated query (median)", "shipped")
    assert row["met"] is False
    assert row["measured"] == "slowest 20.0 ms (b)"
    assert row["note"] == "1 did not run: c"


def test_rdflib_ratio_leaves_out_failures_and_bounds_timeouts() -> None:
    size = _size(1000, **{"query:a": 0.01, "query:b": 0.01, "query:c": 0.01, "rdflib:a": 0.5})
    size["stages"]["rdflib:b"] = {"not_run": "failed: QueryError: unbound"}
    size["stages"]["rdflib:c"] = {"not_run": "timed out after 60 s"}
    results = {"sizes": {"shipped": size}, "settings": {"rdflib_timeout_s": 60}}
    assert suite_ratio(results, "shipped") == (60.5 / 0.02, 2, 1, True)
    row = _row(evaluate(results), "query suite, Oxigraph vs rdflib's memory store", "shipped")
    assert row["met"] is True
    assert row["measured"].startswith("at least ")


def test_endpoint_budget_needs_the_full_load() -> None:
    load = {"setup": {"clients": 50, "total": 500}, "normal": {"errors": 0}, "with_slow": {"errors": 0}}
    results = {"sizes": {"shipped": {"stages": {"endpoint": {"endpoint": load}}}}}
    row = _row(evaluate(results), "endpoint, 50 clients, 5,000 queries", "shipped")
    assert row["met"] is None
    load["setup"]["total"] = 5000
    load["with_slow"]["errors"] = 2
    row = _row(evaluate(results), "endpoint, 50 clients, 5,000 queries", "shipped")
    assert (row["met"], row["measured"]) == (False, "normal: 0 errors; with slow: 2 errors")


def test_growth_is_judged_side_by_side_when_the_run_has_it() -> None:
    results = {
        "sizes": {"10x": _size(10_000, check=0.1), "100x": _size(100_000, check=1.5)},
        "growth": {"sizes": ["10x", "100x"], "check": {"ratio": 11.0}},
    }
    row = _row(evaluate(results), "check growth, built-in rules", "10x → 100x")
    assert row["met"] is True  # the medians timed apart say 15x; side by side it is 11x
    assert row["measured"] == "11x the time for 10.0x the entities, side by side"
    assert "15x" in row["note"]
    results["growth"]["check"]["ratio"] = 12.5
    assert _row(evaluate(results), "check growth, built-in rules", "10x → 100x")["met"] is False
    results["growth"] = {"error": "exit 1: boom"}  # no side-by-side numbers: the medians decide
    assert _row(evaluate(results), "check growth, built-in rules", "10x → 100x")["met"] is False


def test_growth_ratios_from_interleaved_runs() -> None:
    import growth

    measured = {"small": {"runs_s": [1.0, 2.0, 3.0], "median_s": 2.0}, "large": {"runs_s": [20.0], "median_s": 25.0}}
    assert growth._with_ratio(measured)["ratio"] == 12.5


def test_the_queries_over_their_budget_are_named() -> None:
    stages = {f"query:{name}": {"median_s": s} for name, s in (("a", 1.0), ("b", 6.0), ("c", 9.5))}
    rows = evaluate({"sizes": {"1000x": {"stages": stages}}})
    row = _row(rows, "every curated query, on the on-disk store", "1000x")
    assert (row["met"], row["note"]) == (False, "2 of 3 over: b, c")
    stages["query:b"]["median_s"] = stages["query:c"]["median_s"] = 4.9
    assert (
        _row(evaluate({"sizes": {"1000x": {"stages": stages}}}), "every curated query, on the on-disk store", "1000x")[
            "met"
        ]
        is True
    )
