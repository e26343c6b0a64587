"""What every part of the benchmark suite shares: paths, timing, peak memory, formatting.

A measure is a plain dict (it crosses process boundaries as JSON): ``runs_s`` (every
run's wall time), ``median_s`` and ``peak_mb`` (the process's resident high-water mark
while the measure ran, in MB of 10^6 bytes).
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable
from importlib import metadata
from pathlib import Path
from typing import Any

from mcugraph._perf import release_freed_memory

__all__ = [
    "ROOT",
    "DATA",
    "QUERIES",
    "RULES",
    "OUT",
    "PY",
    "MCUGRAPH",
    "EXIT_RESTART",
    "measure",
    "measure_interleaved",
    "time_commands",
    "reset_peak",
    "peak_mb",
    "machine",
    "load_average",
    "fmt_time",
    "fmt_mb",
    "fmt_ratio",
    "progress",
]

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data" / "universe.yaml"
QUERIES = ROOT / "queries"
RULES = QUERIES / "rules"
OUT = ROOT / "build" / "bench"
PY = sys.executable
MCUGRAPH = str(Path(PY).with_name("mcugraph"))
#: A worker's exit status for "my stage is done, but start a fresh process for the rest".
EXIT_RESTART = 75


# -- memory -------------------------------------------------------------------------------


def reset_peak() -> bool:
    """Reset this process's resident high-water mark, so the next peak is one stage's own.

    Memory freed by earlier stages is handed back to the system first (glibc keeps it
    otherwise, and it would count). Linux only (``/proc/self/clear_refs``); where it is
    refused, peaks stay cumulative and ``False`` says so.
    """
    release_freed_memory()
    try:
        with open("/proc/self/clear_refs", "w") as handle:
            handle.write("5")
        return True
    except OSError:
        return False


def peak_mb() -> float:
    """The resident high-water mark since the last reset (or start), in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 / 1e6


# -- timing ---------------------------------------------------------------------------------


def measure(
    func: Callable[[], Any], runs: int, *, before_run: Callable[[], None] | None = None
) -> tuple[dict[str, Any], Any]:
    """Run ``func`` ``runs`` times; return the measure and the last run's result.

    The previous result is dropped before each run, so two large results never live at once.
    ``before_run`` is called before each run, off the clock.
    """
    reset_peak()
    times = []
    result: Any = None
    for _ in range(max(1, runs)):
        result = None
        if before_run is not None:
            before_run()
        t0 = time.perf_counter()
        result = func()
        times.append(time.perf_counter() - t0)
    return {"runs_s": times, "median_s": statistics.median(times), "peak_mb": peak_mb()}, result


def measure_interleaved(
    funcs: dict[str, Callable[[], Any]], runs: int, *, before_run: Callable[[], None] | None = None
) -> dict[str, dict[str, Any]]:
    """Time several functions run by run, so the machine's drift hits them all alike."""
    times: dict[str, list[float]] = {name: [] for name in funcs}
    for _ in range(max(1, runs)):
        for name, func in funcs.items():
            if before_run is not None:
                before_run()
            t0 = time.perf_counter()
            func()
            times[name].append(time.perf_counter() - t0)
    return {name: {"runs_s": ts, "median_s": statistics.median(ts), "peak_mb": None} for name, ts in times.items()}


def time_commands(
    commands: dict[str, list[str]],
    runs: int,
    *,
    env: dict[str, str] | None = None,
    timeout_s: float = 120,
    exits: tuple[int, ...] = (0,),
) -> dict[str, dict[str, Any]]:
    """Whole-process wall times (interleaved, so drift hits all alike) and each child's peak memory.

    A command that exits with a status not in ``exits``, or runs past ``timeout_s``, gets an
    ``error`` instead of numbers.
    """
    times: dict[str, list[float]] = {name: [] for name in commands}
    peaks: dict[str, float] = dict.fromkeys(commands, 0.0)
    errors: dict[str, str] = {}
    for _ in range(max(1, runs)):
        for name, argv in commands.items():
            if name in errors:
                continue
            try:
                elapsed, peak = _run_child(argv, env=env, timeout_s=timeout_s, exits=exits)
            except RuntimeError as exc:
                errors[name] = str(exc)
                continue
            times[name].append(elapsed)
            peaks[name] = max(peaks[name], peak)
    out: dict[str, dict[str, Any]] = {}
    for name, argv in commands.items():
        if name in errors:
            out[name] = {"command": argv, "error": errors[name]}
        else:
            median = statistics.median(times[name])
            out[name] = {"command": argv, "runs_s": times[name], "median_s": median, "peak_mb": peaks[name]}
    return out


def _run_child(
    argv: list[str], *, env: dict[str, str] | None, timeout_s: float, exits: tuple[int, ...] = (0,)
) -> tuple[float, float]:
    """Wall time and peak memory of one child process, reaped with ``wait4`` for its own rusage."""
    with tempfile.TemporaryFile() as stderr:
        t0 = time.perf_counter()
        child = subprocess.Popen(argv, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=stderr)
        done: dict[str, Any] = {}

        def reap() -> None:
            _, status, usage = os.wait4(child.pid, 0)
            done.update(elapsed=time.perf_counter() - t0, status=status, usage=usage)

        waiter = threading.Thread(target=reap, daemon=True)
        waiter.start()
        waiter.join(timeout_s)
        if waiter.is_alive():
            child.kill()
            waiter.join()
        child.returncode = os.waitstatus_to_exitcode(done["status"])  # reaped here, not by Popen
        if "elapsed" not in done or done["elapsed"] > timeout_s:
            raise RuntimeError(f"ran past {timeout_s:g} s")
        if child.returncode not in exits:
            stderr.seek(0)
            tail = stderr.read().decode(errors="replace").strip()[-300:]
            raise RuntimeError(f"exit {child.returncode}: {tail}")
        return done["elapsed"], done["usage"].ru_maxrss * 1024 / 1e6


# -- the machine ------------------------------------------------------------------------------


def load_average() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _memory_gb() -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return round(int(line.split()[1]) * 1024 / 1e9, 1)
    except OSError:
        pass
    return None


def _versions(names: Iterable[str]) -> dict[str, str]:
    out = {}
    for name in names:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "not installed"
    return out


def _commit() -> str:
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
        return head.stdout.strip() or "unknown"
    except OSError:
        return "unknown"


def machine() -> dict[str, Any]:
    """What the numbers were measured on; the load average is taken again at the end."""
    return {
        "cpu": _cpu_model(),
        "cores": os.cpu_count(),
        "memory_gb": _memory_gb(),
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "versions": _versions(
            ["mcugraph", "PyYAML", "networkx", "rdflib", "pyoxigraph", "pyvis", "playwright", "matplotlib"]
        ),
        "commit": _commit(),
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "load_start": load_average(),
    }


# -- words ------------------------------------------------------------------------------------


def fmt_time(seconds: float | None) -> str:
    """``0.42 ms``, ``12.3 ms``, ``412 ms``, ``3.21 s``, ``74 s``."""
    if seconds is None:
        return "–"
    if seconds < 0.01:
        return f"{seconds * 1000:.2f} ms"
    if seconds < 0.1:
        return f"{seconds * 1000:.1f} ms"
    if seconds < 1:
        return f"{seconds * 1000:.0f} ms"
    if seconds < 60:
        return f"{seconds:.2f} s"
    return f"{seconds:.0f} s"


def fmt_mb(mb: float | None) -> str:
    if mb is None:
        return "–"
    return f"{mb / 1000:.2f} GB" if mb >= 1000 else f"{mb:.0f} MB"


def fmt_ratio(ratio: float | None) -> str:
    if ratio is None:
        return "–"
    return f"{ratio:.0f}x" if ratio >= 10 else f"{ratio:.1f}x"


def progress(message: str) -> None:
    """One line of progress on stderr, with the time of day."""
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)
