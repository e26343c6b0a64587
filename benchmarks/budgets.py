"""The performance budgets the issues set, each judged on the numbers of one run.

A budget names the size it holds at, its limit and how to read the measured value out of
``results.json``; :func:`evaluate` returns one row per budget with the measured value,
whether it is met (``True``, ``False``, or ``None`` when it was not measured) and why not.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from _common import fmt_mb, fmt_ratio, fmt_time

__all__ = ["Budget", "BUDGETS", "Verdict", "evaluate", "stage", "suite_ratio"]

#: "10x the entities cost at most 12x the time": the growth allowed, relative to linear.
GROWTH = 1.2


@dataclass(frozen=True)
class Verdict:
    measured: str
    met: bool | None
    note: str = ""


@dataclass(frozen=True)
class Budget:
    what: str
    size: str
    limit: str
    judge: Callable[[dict[str, Any]], Verdict]


class _Missing(Exception):
    """The number a budget needs was not measured; the message says why."""


def stage(results: dict[str, Any], size: str, stage_id: str) -> dict[str, Any]:
    """The record of ``stage_id`` at ``size``; :class:`_Missing` when it has no numbers."""
    found = results.get("sizes", {}).get(size)
    if found is None:
        raise _Missing(f"the {size} size was not run")
    record = found.get("stages", {}).get(stage_id)
    if record is None:
        raise _Missing(f"not measured at {size}")
    if "not_run" in record:
        raise _Missing(f"not run: {record['not_run']}")
    return dict(record)


def _median(results: dict[str, Any], size: str, stage_id: str) -> float:
    value = stage(results, size, stage_id).get("median_s")
    if value is None:
        raise _Missing(f"no time for {stage_id} at {size}")
    return float(value)


def _whole(results: dict[str, Any], name: str) -> float:
    record = results.get("whole_process", {}).get(name)
    if record is None:
        raise _Missing("whole-process timings were not run")
    if "error" in record:
        raise _Missing(f"failed: {record['error']}")
    return float(record["median_s"])


def _under(value: float, limit: float, text: str) -> Verdict:
    return Verdict(text, value < limit)


def _time_under(get: Callable[[dict[str, Any]], float], limit: float) -> Callable[[dict[str, Any]], Verdict]:
    return lambda results: _under(get(results), limit, fmt_time(get(results)))


def _growth(stage_id: str, small: str = "10x", large: str = "100x") -> Callable[[dict[str, Any]], Verdict]:
    """Judged on the side-by-side ratio (``benchmarks/growth.py``) when the run has it, else on the stage medians."""

    def judge(results: dict[str, Any]) -> Verdict:
        t_small = _median(results, small, stage_id)
        t_large = _median(results, large, stage_id)
        entities = results["sizes"][large]["entities"] / results["sizes"][small]["entities"]
        side = results.get("growth", {}).get(stage_id)
        if side is not None and results["growth"].get("sizes") == [small, large]:
            ratio = side["ratio"]
            text = f"{fmt_ratio(ratio)} the time for {entities:.1f}x the entities, side by side"
            note = f"the stage medians, timed apart, give {fmt_ratio(t_large / t_small)}"
            return Verdict(text, ratio <= GROWTH * entities, note)
        ratio = t_large / t_small
        text = f"{fmt_ratio(ratio)} the time for {entities:.1f}x the entities"
        return Verdict(text, ratio <= GROWTH * entities)

    return judge


def _slowest_query(size: str, limit: float) -> Callable[[dict[str, Any]], Verdict]:
    def judge(results: dict[str, Any]) -> Verdict:
        stages = results.get("sizes", {}).get(size, {}).get("stages", {})
        queries = {k: v for k, v in stages.items() if k.startswith("query:")}
        if not queries:
            raise _Missing(f"no query was measured at {size}")
        failed = sorted(k.partition(":")[2] for k, v in queries.items() if "not_run" in v)
        timed = {k.partition(":")[2]: v["median_s"] for k, v in queries.items() if "not_run" not in v}
        if not timed:
            return Verdict("no query ran", False, queries[next(iter(queries))]["not_run"])
        name, worst = max(timed.items(), key=lambda item: item[1])
        text = f"slowest {fmt_time(worst)} ({name})"
        if failed:
            return Verdict(text, False, f"{len(failed)} did not run: {', '.join(failed)}")
        over = sorted(n for n, seconds in timed.items() if seconds >= limit)
        return Verdict(text, not over, f"{len(over)} of {len(timed)} over: {', '.join(over)}" if over else "")

    return judge


def suite_ratio(results: dict[str, Any], size: str) -> tuple[float, int, int, bool] | None:
    """rdflib's suite time over Oxigraph's at ``size``: (ratio, queries compared, left out, lower bound).

    A query rdflib failed on is left out of both sums; one it ran past its limit on counts
    at the limit, which makes the ratio a lower bound.
    """
    stages = results.get("sizes", {}).get(size, {}).get("stages", {})
    ours = theirs = 0.0
    compared = left_out = 0
    bound = False
    for key, record in stages.items():
        if not key.startswith("rdflib:"):
            continue
        mine = stages.get("query:" + key.partition(":")[2], {})
        if "not_run" in mine or "median_s" not in mine:
            left_out += 1
            continue
        if "not_run" in record:
            if "timed out" not in record["not_run"]:
                left_out += 1
                continue
            theirs += results["settings"]["rdflib_timeout_s"]
            bound = True
        else:
            theirs += record["median_s"]
        ours += mine["median_s"]
        compared += 1
    if not compared or ours == 0:
        return None
    return theirs / ours, compared, left_out, bound


def _rdflib(size: str) -> Callable[[dict[str, Any]], Verdict]:
    def judge(results: dict[str, Any]) -> Verdict:
        found = suite_ratio(results, size)
        if found is None:
            raise _Missing(f"rdflib's store was not measured at {size}")
        ratio, compared, left_out, bound = found
        text = f"{'at least ' if bound else ''}{fmt_ratio(ratio)} on {compared} queries"
        note = f"{left_out} failed on rdflib, left out" if left_out else ""
        return Verdict(text, ratio >= 5, note)

    return judge


def _endpoint(results: dict[str, Any]) -> Verdict:
    load = stage(results, "shipped", "endpoint")["endpoint"]
    setup = load.get("setup", {})
    if setup.get("clients") != 50 or setup.get("total") != 5000:
        raise _Missing(f"run with {setup.get('clients')} clients and {setup.get('total')} queries (a quick run)")
    runs = {name: load[name] for name in ("normal", "with_slow") if name in load}
    errors = sum(r["errors"] for r in runs.values())
    text = "; ".join(f"{name.replace('_', ' ')}: {r['errors']} errors" for name, r in runs.items())
    return Verdict(text, errors == 0)


def _memory(size: str, stage_id: str, limit_mb: float) -> Callable[[dict[str, Any]], Verdict]:
    def judge(results: dict[str, Any]) -> Verdict:
        peak = stage(results, size, stage_id).get("peak_mb")
        if peak is None:
            raise _Missing("no memory measure")
        return Verdict(fmt_mb(peak), peak < limit_mb)

    return judge


def _html_size(results: dict[str, Any]) -> Verdict:
    size = stage(results, "shipped", "html")["bytes"]
    return Verdict(f"{size / 1e6:.2f} MB", size < 3e6)


BUDGETS: tuple[Budget, ...] = (
    Budget("`mcugraph --help`, whole process", "shipped", "150 ms", _time_under(lambda r: _whole(r, "help"), 0.15)),
    Budget(
        "`mcugraph validate`, whole process", "shipped", "300 ms", _time_under(lambda r: _whole(r, "validate"), 0.3)
    ),
    Budget("read and validate, time", "100x", "10 s", _time_under(lambda r: _median(r, "100x", "read"), 10)),
    Budget("read and validate, peak memory", "100x", "2 GB", _memory("100x", "read", 2000)),
    Budget("read and validate, growth", "10x → 100x", "12x the time for 10x the entities", _growth("read")),
    Budget("read and validate, time", "1000x", "45 s", _time_under(lambda r: _median(r, "1000x", "read"), 45)),
    Budget("read and validate, peak memory (with the helper)", "1000x", "4 GB", _memory("1000x", "read", 4000)),
    Budget(
        "`mcugraph export -o x.ttl`, whole process", "shipped", "1 s", _time_under(lambda r: _whole(r, "export"), 1)
    ),
    Budget("every curated query (median)", "shipped", "50 ms each", _slowest_query("shipped", 0.05)),
    Budget("every curated query (median)", "100x", "2 s each", _slowest_query("100x", 2)),
    Budget("every curated query, on the on-disk store", "1000x", "5 s each", _slowest_query("1000x", 5)),
    Budget("query suite, Oxigraph vs rdflib's memory store", "shipped", "5x faster", _rdflib("shipped")),
    Budget(
        "vetting a query nested 1,000 levels deep (groups, then parentheses)",
        "shipped",
        "100 ms",
        _time_under(lambda r: _median(r, "shipped", "vet:deep"), 0.1),
    ),
    Budget("endpoint, 50 clients, 5,000 queries", "shipped", "zero errors", _endpoint),
    Budget("`mcugraph check`, whole process", "shipped", "500 ms", _time_under(lambda r: _whole(r, "check"), 0.5)),
    Budget(
        "load + check, built-in rules",
        "100x",
        "15 s",
        _time_under(lambda r: _median(r, "100x", "read") + _median(r, "100x", "check"), 15),
    ),
    Budget(
        "load + check with the house rules",
        "100x",
        "15 s",
        _time_under(lambda r: _median(r, "100x", "read") + _median(r, "100x", "check-house"), 15),
    ),
    Budget(
        "`mcugraph check` with the house rules, whole process",
        "100x",
        "15 s",
        _time_under(lambda r: _whole(r, "check-100x"), 15),
    ),
    Budget("check growth, built-in rules", "10x → 100x", "close to linear (at most 12x)", _growth("check")),
    Budget("check growth, with the house rules", "10x → 100x", "close to linear (at most 12x)", _growth("check-house")),
    Budget(
        "explorer first draw, opening view",
        "shipped",
        "1 s",
        _time_under(lambda r: _median(r, "shipped", "draw:opening"), 1),
    ),
    Budget(
        "explorer first draw, opening view", "5k", "2 s", _time_under(lambda r: _median(r, "5k", "draw:opening"), 2)
    ),
    Budget("explorer HTML file", "shipped", "3 MB", _html_size),
)


def evaluate(results: dict[str, Any], budgets: tuple[Budget, ...] = BUDGETS) -> list[dict[str, Any]]:
    """Every budget judged on ``results``: what, size, limit, measured, met, note."""
    rows = []
    for budget in budgets:
        try:
            verdict = budget.judge(results)
        except _Missing as missing:
            verdict = Verdict("not measured", None, str(missing))
        except (KeyError, TypeError, ZeroDivisionError) as exc:  # a record without the numbers it needs
            verdict = Verdict("not measured", None, f"incomplete results ({type(exc).__name__}: {exc})")
        rows.append(
            {
                "what": budget.what,
                "size": budget.size,
                "limit": budget.limit,
                "measured": verdict.measured,
                "met": verdict.met,
                "note": verdict.note,
            }
        )
    return rows
