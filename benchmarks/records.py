"""Two versions of the package side by side: model import, and read + validate.

Written to decide whether the records' ahead-of-time compiled methods earned their keep
against plain dataclasses (docs/data-model.md). Each run is a fresh process with one
source tree first on ``sys.path``; the trees alternate run by run, and take turns to go
first, so the machine's drift hits both alike; each figure is the median of the runs.

Run: ``python benchmarks/records.py NAME=SRC_DIR NAME=SRC_DIR [--runs N] [--scale 700]``
(``SRC_DIR`` holds the ``mcugraph`` package). Prints a table of wall-clock times and,
for reading, the process's CPU time (less moved by other jobs on a shared machine);
writes nothing but the synthetic universe, in a temporary folder.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

__all__ = ["main"]

HERE = Path(__file__).resolve().parent
SHIPPED = HERE.parent / "data" / "universe.yaml"

# one measurement, in the child: import the model, then read and validate one universe
_CHILD = """
import json, sys, time
t0, c0 = time.perf_counter(), time.process_time()
import mcugraph.model
t1, c1 = time.perf_counter(), time.process_time()
import mcugraph
universe = mcugraph.load(sys.argv[1])
t2, c2 = time.perf_counter(), time.process_time()
print(json.dumps({"import": t1 - t0, "read": t2 - t1, "read_cpu": c2 - c1, "file": mcugraph.__file__}))
"""


LABELS = {
    "import": "import mcugraph.model",
    "read": "read + validate",
    "read_cpu": "read + validate, CPU time of the process",
}


def _run(src: Path, data: str) -> dict[str, Any]:
    env = {**os.environ, "PYTHONPATH": str(src), "PYTHONDONTWRITEBYTECODE": "1"}
    out = subprocess.run([sys.executable, "-c", _CHILD, data], env=env, capture_output=True, text=True)
    if out.returncode != 0:
        raise SystemExit(f"{src} could not read {data}:\n{out.stderr}")
    result = json.loads(out.stdout)
    if not result["file"].startswith(str(src)):
        raise SystemExit(f"{src}: the child imported {result['file']} instead")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("trees", nargs=2, metavar="NAME=SRC_DIR")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--scale", type=int, default=700, help="synthetic scale (700 is the 100x universe)")
    args = parser.parse_args()
    trees = {name: Path(path).resolve() for name, _, path in (t.partition("=") for t in args.trees)}
    for src in trees.values():  # compiled bytecode, as an installed package has it
        subprocess.run([sys.executable, "-m", "compileall", "-q", str(src / "mcugraph")], check=True)
    with tempfile.TemporaryDirectory() as tmp:
        sys.path.insert(0, str(next(iter(trees.values()))))
        from mcugraph.synthetic import write_universe

        large = write_universe(tmp, args.scale)
        cases = {"shipped": str(SHIPPED), f"synthetic x{args.scale}": str(large)}
        rows: dict[tuple[str, str], dict[str, list[float]]] = {}
        for case, data in cases.items():
            for run in range(args.runs):
                # each round alternates which tree goes first, so neither always follows the other
                for name, src in list(trees.items())[:: 1 if run % 2 == 0 else -1]:
                    got = _run(src, data)
                    cell = rows.setdefault((case, name), {"import": [], "read": [], "read_cpu": []})
                    for measure in cell:
                        cell[measure].append(got[measure])
    names = list(trees)
    print(f"medians of {args.runs} fresh processes each, trees alternating run by run")
    print(f"| data | measure | {' | '.join(names)} | {names[1]} / {names[0]} |")
    print("| --- | --- | " + " | ".join("---:" for _ in names) + " | ---: |")
    for case in cases:
        for measure, label in LABELS.items():
            medians = [statistics.median(rows[(case, n)][measure]) for n in names]
            cells = " | ".join(f"{m * 1000:.1f} ms" for m in medians)
            print(f"| {case} | {label} | {cells} | {medians[1] / medians[0]:.3f} |")


if __name__ == "__main__":
    main()
