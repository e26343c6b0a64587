"""Continuity benchmark: ``mcugraph check`` on the shipped data and on synthetic universes.

Run: .venv/bin/python benchmarks/bench_check.py [--quick]

The peer is reading and validating the same universe (``mcugraph validate`` for whole
processes, ``mcugraph.load`` in process), measured side by side in the same run, so the
ratios say what the continuity engine adds on top of loading. Each synthetic size runs in
a fresh process; every number is a median of several runs.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable
MCUGRAPH = str(Path(PY).with_name("mcugraph"))

WORKER = r"""
import json, sys, time
import mcugraph
from mcugraph.continuity import check, resolve_timeline, to_sarif
path = sys.argv[1]
t0 = time.perf_counter()
u = mcugraph.load(path)
t1 = time.perf_counter()
tl = resolve_timeline(u)
t2 = time.perf_counter()
report = check(u, timeline=tl)
t3 = time.perf_counter()
to_sarif(report)
t4 = time.perf_counter()
print(json.dumps({"load": t1 - t0, "timeline": t2 - t1, "rules": t3 - t2, "sarif": t4 - t3,
                  "entities": sum(1 for _ in u.entities()), "findings": len(report.findings)}))
"""


def whole_process(runs: int) -> dict[str, float]:
    """``check`` and ``validate`` on the shipped data, interleaved so noise hits both alike.

    House rules run warm (rdflib's vetting verdict remembered from an earlier run) and
    cold (an empty cache folder every time, so rdflib parses the rule, as on a first run).
    """
    with tempfile.TemporaryDirectory() as tmp:
        warm, cold = Path(tmp, "warm"), Path(tmp, "cold")
        commands = {
            "check": (["check"], warm),
            "cold": (["check"], cold),
            "builtin": (["check", "--no-house-rules"], warm),
            "validate": (["validate"], warm),
        }
        subprocess.run(
            [MCUGRAPH, "check"], capture_output=True, cwd=ROOT, env={**os.environ, "MCUGRAPH_CACHE_DIR": str(warm)}
        )
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(runs):
            for name, (args, cache) in commands.items():
                if name == "cold":
                    shutil.rmtree(cold, ignore_errors=True)
                env = {**os.environ, "MCUGRAPH_CACHE_DIR": str(cache)}
                t0 = time.perf_counter()
                done = subprocess.run([MCUGRAPH, *args], capture_output=True, cwd=ROOT, text=True, env=env)
                times[name].append(time.perf_counter() - t0)
                if done.returncode != 0:
                    sys.exit(f"mcugraph {' '.join(args)} failed:\n{done.stderr[-2000:]}")
    return {name: statistics.median(values) for name, values in times.items()}


def in_process(path: Path, runs: int) -> dict[str, float]:
    rows = []
    for _ in range(runs):
        out = subprocess.run([PY, "-c", WORKER, str(path)], check=True, capture_output=True, text=True, cwd=ROOT)
        rows.append(json.loads(out.stdout))
    keys = ("load", "timeline", "rules", "sarif")
    result = {k: statistics.median(r[k] for r in rows) for k in keys}
    result["check"] = statistics.median(r["timeline"] + r["rules"] for r in rows)
    result["entities"] = rows[0]["entities"]
    result["findings"] = rows[0]["findings"]
    return result


def main() -> None:
    from mcugraph.synthetic import write_universe

    quick = "--quick" in sys.argv
    runs = 3 if quick else 5
    print(f"# continuity benchmark ({'quick' if quick else 'full'}), python {sys.version.split()[0]}\n")
    shipped = whole_process(7)
    inside = in_process(ROOT / "data" / "universe.yaml", runs)
    print("| measure (shipped data) | median | peer: validate | ratio | budget |")
    print("| --- | ---: | ---: | ---: | ---: |")
    print(
        f"| `mcugraph check --no-house-rules`, whole process | {shipped['builtin'] * 1000:.0f} ms "
        f"| {shipped['validate'] * 1000:.0f} ms | {shipped['builtin'] / shipped['validate']:.2f}x | 500 ms |"
    )
    print(
        f"| `mcugraph check` (with the house rules of `queries/rules/`), whole process "
        f"| {shipped['check'] * 1000:.0f} ms | {shipped['validate'] * 1000:.0f} ms "
        f"| {shipped['check'] / shipped['validate']:.2f}x | 500 ms |"
    )
    print(
        f"| the same, cold (first run of a rule text: rdflib vets it) "
        f"| {shipped['cold'] * 1000:.0f} ms | {shipped['validate'] * 1000:.0f} ms "
        f"| {shipped['cold'] / shipped['validate']:.2f}x | |"
    )
    print(
        f"| timeline + rules, in process | {inside['check'] * 1000:.1f} ms | {inside['load'] * 1000:.0f} ms (load) "
        f"| {inside['check'] / inside['load']:.2f}x | |"
    )
    print()
    scales = (1, 10, 100) if quick else (1, 10, 100, 700)
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        for scale in scales:
            path = write_universe(Path(tmp) / f"u{scale}", scale)
            results[scale] = in_process(path, runs if scale < 700 else 3)
    print(
        "| synthetic scale | entities | findings | load (peer) | timeline | rules | check | check / load "
        "| load + check | SARIF |"
    )
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for scale, r in results.items():
        print(
            f"| {scale} | {r['entities']:,} | {r['findings']:,} | {r['load']:.2f} s | {r['timeline']:.3f} s "
            f"| {r['rules']:.3f} s | {r['check']:.3f} s | {r['check'] / r['load']:.2f}x "
            f"| {r['load'] + r['check']:.2f} s | {r['sarif'] * 1000:.0f} ms |"
        )
    big = [s for s in scales if s >= 10]
    print()
    for lo, hi in zip(big, big[1:], strict=False):
        ratio_e = results[hi]["entities"] / results[lo]["entities"]
        ratio_t = results[hi]["check"] / results[lo]["check"]
        print(f"{ratio_e:.1f}x the entities ({lo} → {hi}) cost {ratio_t:.1f}x the check time.")
    if 700 in results:
        total = results[700]["load"] + results[700]["check"]
        print(f"\n100,000-entity universe: load + check {total:.1f} s (budget 15 s).")


if __name__ == "__main__":
    main()
