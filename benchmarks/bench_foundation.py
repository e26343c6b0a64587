"""Foundation benchmark: CLI start-up, validation of the shipped data, reading at scale,
and the strict reader beside plain PyYAML on the same text.

Run: .venv/bin/python benchmarks/bench_foundation.py [--quick]
Prints a Markdown table (medians of several runs; each size in a fresh process so peak
memory is that size's own).
"""

from __future__ import annotations

import json
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
import json, resource, sys, time
import mcugraph
path = sys.argv[1]
t0 = time.perf_counter()
u = mcugraph.load(path)
t1 = time.perf_counter()
print(json.dumps({"seconds": t1 - t0, "entities": sum(1 for _ in u.entities()),
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def wall(cmd: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        done = subprocess.run(cmd, capture_output=True, cwd=ROOT, text=True)
        times.append(time.perf_counter() - t0)
        if done.returncode != 0:
            sys.exit(f"{' '.join(cmd)} failed:\n{done.stderr[-2000:]}")
    return statistics.median(times)


def load_in_process(path: Path, runs: int) -> dict[str, float]:
    rows = []
    for _ in range(runs):
        out = subprocess.run([PY, "-c", WORKER, str(path)], check=True, capture_output=True, text=True)
        rows.append(json.loads(out.stdout))
    return {
        "seconds": statistics.median(r["seconds"] for r in rows),
        "entities": rows[0]["entities"],
        "peak_mb": max(r["peak_mb"] for r in rows),
    }


def reader_vs_pyyaml(text: str, runs: int) -> dict[str, float]:
    import yaml

    from mcugraph.source import parse_text

    def median(fn) -> float:  # type: ignore[no-untyped-def]
        times = []
        for _ in range(runs):
            t0 = time.perf_counter()
            fn()
            times.append(time.perf_counter() - t0)
        return statistics.median(times)

    # interleaved in one run, so machine noise hits all three alike
    strict = median(lambda: parse_text(text))
    safe = median(lambda: yaml.safe_load(text))
    csafe = median(lambda: yaml.load(text, Loader=yaml.CSafeLoader))
    return {"strict": strict, "safe_load": safe, "csafe": csafe}


def main() -> None:
    from mcugraph.synthetic import generate_text, write_universe

    quick = "--quick" in sys.argv
    runs = 3 if quick else 5
    print(f"# foundation benchmark ({'quick' if quick else 'full'}), python {sys.version.split()[0]}\n")
    help_s = wall([MCUGRAPH, "--help"], 7)
    validate_s = wall([MCUGRAPH, "validate"], runs)
    print("| measure | median | budget |")
    print("| --- | ---: | ---: |")
    print(f"| `mcugraph --help` (whole process) | {help_s * 1000:.0f} ms | 150 ms |")
    print(f"| `mcugraph validate` on the shipped data (whole process) | {validate_s * 1000:.0f} ms | 300 ms |")
    print()
    scales = (1, 10, 100) if quick else (1, 10, 100, 700)
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        for scale in scales:
            path = write_universe(Path(tmp) / f"u{scale}", scale)
            results[scale] = load_in_process(path, runs if scale < 700 else 3)
            results[scale]["bytes"] = sum(f.stat().st_size for f in path.parent.iterdir())
    print("| synthetic scale | entities | file | read + validate (median) | peak memory | time / entity |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: |")
    for scale, r in results.items():
        print(
            f"| {scale} | {r['entities']:,} | {r['bytes'] / 1e6:.1f} MB | {r['seconds']:.2f} s | {r['peak_mb']:.0f} MB "
            f"| {r['seconds'] / r['entities'] * 1e6:.0f} µs |"
        )
    big = [s for s in scales if s >= 10]
    for lo, hi in zip(big, big[1:], strict=False):
        ratio_e = results[hi]["entities"] / results[lo]["entities"]
        ratio_t = results[hi]["seconds"] / results[lo]["seconds"]
        print(f"\n{ratio_e:.1f}x the entities ({lo} → {hi}) cost {ratio_t:.1f}x the time (budget: 12x for 10x).")
    text = generate_text(10)
    peers = reader_vs_pyyaml(text, 7)
    print(f"\nSame {len(text) / 1e3:.0f} kB file, read side by side (median of 7):\n")
    print("| reader | median | ratio to strict |")
    print("| --- | ---: | ---: |")
    for name, key in (
        ("mcugraph strict reader", "strict"),
        ("`yaml.safe_load` (pure Python)", "safe_load"),
        ("`yaml.load(CSafeLoader)` (no checks, no positions)", "csafe"),
    ):
        print(f"| {name} | {peers[key] * 1000:.0f} ms | {peers[key] / peers['strict']:.2f}x |")


if __name__ == "__main__":
    main()
