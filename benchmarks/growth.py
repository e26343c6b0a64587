"""Growth, measured side by side: the same stage on two sizes, run by run in one process.

The stage tables time each size in its own process, minutes apart; on a shared machine
whose speed drifts by 1.5x within the hour, the ratio of two such medians says as much
about the drift as about the code. Here both universes are loaded in one process and the
stage alternates between them (small, large, small, large, ...), so drift hits both
alike, and the growth budgets are judged on the ratio of these medians.

Run alone: ``python benchmarks/growth.py SMALL_YAML LARGE_YAML [--runs N]``; prints JSON.
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from _common import RULES, measure_interleaved

__all__ = ["growth", "main"]

#: the stages measured, by their ids in the stage tables
STAGES = ("read", "check", "check-house")


def growth(small: Path, large: Path, runs: int, *, read_runs: int | None = None) -> dict[str, Any]:
    """Per stage: each size's runs and median, and ``ratio`` (large median over small)."""
    import mcugraph
    from mcugraph.continuity import check

    read_runs = read_runs or runs
    out: dict[str, Any] = {}
    reads = measure_interleaved(
        {"small": lambda: mcugraph.load(small), "large": lambda: mcugraph.load(large)}, read_runs
    )
    out["read"] = _with_ratio(reads)
    universes = {"small": mcugraph.load(small), "large": mcugraph.load(large)}
    gc.collect()
    for stage, rules in (("check", None), ("check-house", RULES)):
        funcs: dict[str, Callable[[], Any]] = {
            name: (lambda u=u, r=rules: check(u, rules_dir=r)) for name, u in universes.items()
        }
        for func in funcs.values():  # the first run imports what the rules need
            func()
        out[stage] = _with_ratio(measure_interleaved(funcs, runs))
    return out


def _with_ratio(measured: dict[str, dict[str, Any]]) -> dict[str, Any]:
    small, large = measured["small"], measured["large"]
    return {
        "small": {"runs_s": small["runs_s"], "median_s": small["median_s"]},
        "large": {"runs_s": large["runs_s"], "median_s": large["median_s"]},
        "ratio": large["median_s"] / small["median_s"],
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("small", type=Path)
    parser.add_argument("large", type=Path)
    parser.add_argument("--runs", type=int, default=5, help="runs of each check (default 5)")
    parser.add_argument("--read-runs", type=int, default=3, help="runs of each read (default 3)")
    args = parser.parse_args(argv)
    json.dump(growth(args.small, args.large, args.runs, read_runs=args.read_runs), sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main()
