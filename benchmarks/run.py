"""The benchmark suite: every stage, at every size, with its peers and budgets.

Run: make bench  (or .venv/bin/python benchmarks/run.py [--quick] [--sizes shipped,10x] [--runs N])

Times every stage (read and validate, graph, RDF, exports, each curated query, check,
HTML, the explorer's first draw in headless Chromium) on the shipped data and on
synthetic universes of 5,000 nodes and 10x, 100x and 1000x the shipped entities, each
size in a fresh process; runs the peers side by side (PyYAML, rdflib's memory store,
pyvis) and the endpoint under load; judges every budget; writes
``build/bench/results.json`` and, on a full run, regenerates the marked part of
``docs/performance.md`` and ``docs/img/performance.png``. Progress goes to stderr.
"""

from __future__ import annotations

import argparse
import fnmatch
import hashlib
import json
import os
import shutil
import subprocess
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

from _common import DATA, MCUGRAPH, OUT, PY, ROOT, fmt_mb, fmt_time, load_average, machine, progress, time_commands
from budgets import evaluate
from report import plot, render, replace_region
from stages import LEFT_OUT, ON_DISK, SIZES, Size, plan, query_names, runs_for
from supervise import Limits, available_mb, describe, run_stages

from mcugraph._io import atomic_write

__all__ = ["main", "parse_args", "estimate_skips", "left_out", "universe_for"]

SIZES_BY_NAME = {size.name: size for size in SIZES}

DOC = ROOT / "docs" / "performance.md"
PLOT = ROOT / "docs" / "img" / "performance.png"
MEMORY_PLOT = ROOT / "docs" / "img" / "performance-memory.png"
RESULTS = OUT / "results.json"


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    names = [s.name for s in SIZES]
    parser = argparse.ArgumentParser(
        prog="benchmarks/run.py",
        description=__doc__.split("\n\n")[2].replace("\n", " ") if __doc__ else None,
    )
    parser.add_argument("--sizes", help=f"comma-separated sizes to run, of {', '.join(names)} (default: all)")
    parser.add_argument("--quick", action="store_true", help="shipped and 10x only, 3 runs, no pyvis, a short load")
    parser.add_argument("--runs", type=int, help="runs per stage up to 10x (default 7 shipped, 5 up to 10x; 3 quick)")
    parser.add_argument(
        "--only", help="comma-separated stage patterns, e.g. 'read,query:*'; 'cli' for whole processes (default: all)"
    )
    parser.add_argument("--no-browser", action="store_true", help="skip the draws in Chromium and pyvis")
    parser.add_argument("--no-pyvis", action="store_true", help="skip the pyvis peer (about 80 s a run)")
    parser.add_argument(
        "--stage-timeout", type=float, default=300, help="seconds each run of a stage may take (default 300)"
    )
    parser.add_argument(
        "--memory-limit", type=float, help="GB a size's process may use (default: 60%% of the memory free at the start)"
    )
    parser.add_argument("--rdflib-timeout", type=float, default=30, help="seconds per query on rdflib (default 30)")
    parser.add_argument("--pyvis-timeout", type=float, default=300, help="seconds for pyvis to settle (default 300)")
    parser.add_argument("--doc", action="store_true", help="write docs/performance.md even on a partial run")
    parser.add_argument("--no-doc", action="store_true", help="leave docs/performance.md and the plot alone")
    parser.add_argument("--render", action="store_true", help="only redo the doc and plot from results.json")
    args = parser.parse_args(argv)
    args.size_names = args.sizes.split(",") if args.sizes else (["shipped", "10x"] if args.quick else names)
    unknown = [n for n in args.size_names if n not in names]
    if unknown:
        parser.error(f"unknown size {unknown[0]!r}; use one of {', '.join(names)}")
    if args.runs is not None and args.runs < 1:
        parser.error("--runs must be 1 or more")
    return args


# -- preparing -------------------------------------------------------------------------------


def universe_for(size: Size) -> Path:
    """The root file of ``size``'s universe; synthetic ones are written once per generator version."""
    if size.scale is None:
        return DATA
    from mcugraph import synthetic

    version = hashlib.sha256(Path(synthetic.__file__).read_bytes()).hexdigest()[:10]
    folder = OUT / "data" / f"scale-{size.scale}-{version}"
    if not (folder / "universe.yaml").exists():
        progress(f"{size.name}: writing the synthetic universe (scale {size.scale})")
        for stale in folder.parent.glob(f"scale-{size.scale}-*"):
            shutil.rmtree(stale)
        folder.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".scale-{size.scale}-", dir=folder.parent))
        synthetic.write_universe(tmp, size.scale)
        tmp.rename(folder)
    return folder / "universe.yaml"


def entities_of(size: Size, done: dict[str, Any]) -> int | None:
    if size.scale is None:
        return done.get(size.name, {}).get("facts", {}).get("entities")
    from mcugraph.synthetic import entity_count

    return entity_count(size.scale)


def scaled(stage_id: str, size: Size, done: dict[str, Any]) -> tuple[dict[str, Any], Size, float] | None:
    """The stage's record at the largest size measured before ``size``, and the entity ratio.

    A query measured on the store in memory says nothing of the same query on the on-disk
    store (``ON_DISK`` sizes): its memory there is the store's cache, not the data.
    """
    entities = entities_of(size, done)
    if not entities:
        return None
    for earlier in reversed([s for s in SIZES if s.name in done and s.name != size.name]):
        if stage_id.startswith("query:") and (size.name in ON_DISK) != (earlier.name in ON_DISK):
            continue
        record = done[earlier.name]["stages"].get(stage_id)
        before = done[earlier.name].get("facts", {}).get("entities")
        if record is None or not before or before >= entities:
            continue
        return record, earlier, entities / before
    return None


def estimate_skips(stage_ids: list[str], size: Size, runs: int, done: dict[str, Any], limits: Limits) -> dict[str, str]:
    """Stages not worth starting: what they took at the largest size before, scaled, is over a limit."""
    skips: dict[str, str] = {}
    for stage_id in stage_ids:
        found = scaled(stage_id, size, done)
        if found is None:
            continue
        record, earlier, scale = found
        if "ran past" in record.get("not_run", ""):
            skips[stage_id] = f"ran past the time limit already at {earlier.name}"
        elif record.get("median_s"):
            # the limit is per run, but for the stages timed by another program, per stage
            count = runs if stage_id in limits.longer else 1
            seconds = record["median_s"] * scale * count
            peak = (record.get("peak_mb") or 0) * scale
            if seconds > limits.seconds(stage_id):
                what = f"{count} runs" if count > 1 else "a run"
                skips[stage_id] = (
                    f"{what} estimated at {fmt_time(seconds)} ({fmt_time(record['median_s'])} at "
                    f"{earlier.name}, x{scale:.0f}), over the {limits.seconds(stage_id):g} s limit"
                )
            elif peak > limits.memory_mb:
                skips[stage_id] = (
                    f"estimated peak {fmt_mb(peak)} ({fmt_mb(record['peak_mb'])} at {earlier.name}, "
                    f"x{scale:.0f}), over the {fmt_mb(limits.memory_mb)} memory limit"
                )
    return skips


def left_out(stage_id: str, size: Size, done: dict[str, Any]) -> str:
    """Why a full run leaves ``stage_id`` out at ``size``, with what it would take, scaled from before."""
    why = f"left out at {size.name} to keep a full run near an hour (`--only` runs it)"
    found = scaled(stage_id, size, done)
    if found is None or not found[0].get("median_s"):
        return why
    record, earlier, scale = found
    estimate = f"an estimated {fmt_time(record['median_s'] * scale)}"
    if record.get("peak_mb"):
        estimate += f" and {fmt_mb(record['peak_mb'] * scale)} peak"
    return f"{why}: {estimate} ({fmt_time(record['median_s'])} at {earlier.name}, x{scale:.0f})"


# -- measuring ----------------------------------------------------------------------------------


def whole_processes(runs: int) -> dict[str, Any]:
    """``mcugraph`` commands as a user runs them, on the shipped data, bytecode compiled."""
    progress(f"shipped: whole processes, {runs} runs each, interleaved")
    with tempfile.TemporaryDirectory(prefix="bench-cli-") as tmp:
        env = {**os.environ, "MCUGRAPH_CACHE_DIR": str(Path(tmp) / "cache")}
        # a first check vets the house rules, as on any machine after its first run
        subprocess.run([MCUGRAPH, "check"], cwd=ROOT, env=env, capture_output=True)
        commands = {
            "help": [MCUGRAPH, "--help"],
            "validate": [MCUGRAPH, "validate"],
            "check": [MCUGRAPH, "check"],
            "export": [MCUGRAPH, "export", "-o", str(Path(tmp) / "x.ttl")],
        }
        found = time_commands(commands, runs, env=env)
    found["export"]["command"] = [MCUGRAPH, "export", "-o", "x.ttl"]
    for record in found.values():
        progress(f"shipped: `mcugraph {' '.join(record['command'][1:])}`: {fmt_time(record.get('median_s'))}")
    return found


def whole_check(size: Size, runs: int) -> dict[str, Any]:
    """``mcugraph check`` with the shipped house rules on a synthetic universe, as a user runs it.

    The synthetic universes hold planted mistakes, so the check fails (exit 1) by design.
    """
    rules = ROOT / "queries" / "rules"
    argv = [MCUGRAPH, "check", "--data", str(universe_for(size)), "--rules", str(rules), "--format", "json"]
    found = time_commands({"check": argv}, runs, timeout_s=600, exits=(0, 1))["check"]
    found["command"] = [MCUGRAPH, "check", "--data", f"<{size.name} universe>", "--rules", "queries/rules"]
    found["size"] = size.name
    progress(f"{size.name}: `mcugraph check`, whole process: {fmt_time(found.get('median_s'))}")
    return found


def side_by_side(small: Size, large: Size, timeout_s: float) -> dict[str, Any]:
    """Read and check on both sizes, alternating in one process (``benchmarks/growth.py``)."""
    progress(f"growth: read and check, {small.name} and {large.name} side by side")
    argv = [PY, str(ROOT / "benchmarks" / "growth.py"), str(universe_for(small)), str(universe_for(large))]
    try:
        done = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, timeout=4 * timeout_s)
    except subprocess.TimeoutExpired:
        return {"error": f"ran past {4 * timeout_s:g} s"}
    if done.returncode != 0:
        return {"error": f"exit {done.returncode}: {done.stderr.strip()[-300:]}"}
    found: dict[str, Any] = json.loads(done.stdout)
    found["sizes"] = [small.name, large.name]
    for stage, record in found.items():
        if isinstance(record, dict) and "ratio" in record:
            progress(f"growth: {stage}: {record['ratio']:.1f}x")
    return found


#: How long the explorer's draws may wait for the page to settle, each run.
DRAW_TIMEOUT_S = 60.0


def longer_limits(stage_timeout_s: float, runs: int, pyvis_timeout_s: float) -> dict[str, float]:
    """The stages held to a limit of their own for the whole stage, not ``stage_timeout_s`` a run."""
    four = 4 * stage_timeout_s
    return {
        # timed by another program, every run in one step
        "draw:opening": DRAW_TIMEOUT_S * runs + 60,
        "draw:all": DRAW_TIMEOUT_S * runs + 60,
        "pyvis": pyvis_timeout_s + 120,
        "endpoint": four,  # four loads
        # the on-disk store is built once and then serves every query stage: at 1000x that
        # is about five to ten minutes (docs/performance.md), and the queries are the point
        "store-load": four,
        # publishing waits on the server's disk: 7.5 to 13 minutes at 1000x
        "publish": four,
    }


def measure_size(size: Size, args: argparse.Namespace, limits: Limits, done: dict[str, Any]) -> dict[str, Any]:
    runs = runs_for(size, args.runs, quick=args.quick)
    stage_ids = plan(size, queries=query_names(), browser=not args.no_browser, pyvis=True)
    if args.only:
        patterns = args.only.split(",")
        stage_ids = [s for s in stage_ids if any(fnmatch.fnmatchcase(s, p) for p in patterns)]
    limits = replace(limits, longer=longer_limits(limits.stage_timeout_s, runs, args.pyvis_timeout))
    skipped: dict[str, str] = {}
    if "pyvis" in stage_ids and (args.quick or args.no_pyvis or args.no_browser):
        skipped["pyvis"] = "skipped in this run (--quick or --no-pyvis; it takes about 80 s a run)"
    if not args.only:
        for stage_id in LEFT_OUT.get(size.name, ()):
            skipped[stage_id] = left_out(stage_id, size, done)
    skipped.update(estimate_skips([s for s in stage_ids if s not in skipped], size, runs, done, limits))
    data = universe_for(size)
    workdir = OUT / "work" / size.name
    shutil.rmtree(workdir, ignore_errors=True)
    workdir.mkdir(parents=True)
    config = {
        "data": str(data),
        "size": size.name,
        "synthetic": size.synthetic,
        "runs": runs,
        "workdir": str(workdir),
        "query_timeout_s": args.stage_timeout,
        "peer_runs": max(1, runs // 3),
        "rdflib_timeout_s": args.rdflib_timeout,
        "draw_timeout_s": DRAW_TIMEOUT_S,
        "pyvis_runs": 1,
        "pyvis_timeout_s": args.pyvis_timeout,
        "endpoint_total": 500 if args.quick else 5000,
    }
    progress(f"{size.name}: {len(stage_ids)} stages, {runs} runs each ({size.about})")
    started = time.monotonic()

    def report(stage_id: str, record: dict[str, Any]) -> None:
        progress(f"{size.name}: {describe(stage_id, record)}")

    records, facts = run_stages(
        config, stage_ids, limits, skipped=skipped, log=OUT / "logs" / f"{size.name}.log", report=report
    )
    if not facts.get("entities"):
        facts.setdefault("entities", entities_of(size, done))
    return {
        "scale": size.scale,
        "about": size.about,
        "runs": runs,
        "entities": facts.get("entities"),
        "facts": facts,
        "stages": records,
        "seconds": round(time.monotonic() - started, 1),
    }


def write_outputs(results: dict[str, Any], *, doc: bool) -> None:
    results["budgets"] = evaluate(results)
    atomic_write(RESULTS, json.dumps(results, indent=1) + "\n")
    if doc:
        drawn = [p for p, m in ((PLOT, "time"), (MEMORY_PLOT, "memory")) if plot(results, p, measure=m)]
        atomic_write(DOC, replace_region(DOC.read_text(encoding="utf-8"), render(results)))
        progress(f"wrote {DOC.relative_to(ROOT)}" + "".join(f" and {p.relative_to(ROOT)}" for p in drawn))
    progress(f"wrote {RESULTS.relative_to(ROOT)}")


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    if args.render:
        write_outputs(json.loads(RESULTS.read_text(encoding="utf-8")), doc=True)
        return
    full = not (args.quick or args.sizes or args.only or args.runs or args.no_browser or args.no_pyvis)
    memory = args.memory_limit * 1000 if args.memory_limit else (available_mb() or 8000) * 0.6
    limits = Limits(stage_timeout_s=args.stage_timeout, memory_mb=memory)
    started = time.monotonic()
    results: dict[str, Any] = {
        "machine": machine(),
        "settings": {
            "mode": "full" if full else ("quick" if args.quick else "partial"),
            "sizes": args.size_names,
            "stage_timeout_s": limits.stage_timeout_s,
            "memory_limit_mb": limits.memory_mb,
            "rdflib_timeout_s": args.rdflib_timeout,
            "pyvis_timeout_s": args.pyvis_timeout,
        },
        "whole_process": {},
        "sizes": {},
    }
    progress(f"benchmarks: {results['settings']['mode']} run, sizes {', '.join(args.size_names)}")
    subprocess.run([PY, "-m", "compileall", "-q", str(ROOT / "src" / "mcugraph")], check=True)
    if "shipped" in args.size_names and (not args.only or "cli" in args.only.split(",")):
        results["whole_process"] = whole_processes(runs_for(SIZES[0], args.runs, quick=args.quick))
    for size in SIZES:
        if size.name in args.size_names:
            results["sizes"][size.name] = measure_size(size, args, limits, results["sizes"])
            if size.name == "100x" and (not args.only or "cli" in args.only.split(",")):
                runs = 2 if args.quick else 3
                results["whole_process"]["check-100x"] = whole_check(size, runs)
            if size.name == "100x" and "10x" in args.size_names and (not args.only or "growth" in args.only.split(",")):
                results["growth"] = side_by_side(SIZES_BY_NAME["10x"], size, args.stage_timeout)
            atomic_write(RESULTS, json.dumps(results, indent=1) + "\n")  # kept if a later size fails
    results["machine"]["load_end"] = load_average()
    results["seconds"] = round(time.monotonic() - started, 1)
    write_outputs(results, doc=(full or args.doc) and not args.no_doc)
    for row in results["budgets"]:
        met = {True: "met", False: "NOT MET", None: "not measured"}[row["met"]]
        verdict = f"not measured: {row['note']}" if row["met"] is None else f"{row['measured']}: {met}"
        progress(f"budget {row['what']} ({row['size']}, {row['limit']}): {verdict}")
    progress(f"done in {fmt_time(results['seconds'])}")


if __name__ == "__main__":
    main()
