"""Running one size's worker process under limits: time per stage, memory, restarts.

The worker reports each stage as it starts and ends (``worker.py``). Here each step is
held to a time limit and the worker's resident memory to a ceiling; a worker that runs
past either, crashes or asks to be replaced is ended (its whole process group, browsers
included), its current stage is reported as not run with the reason, and a fresh worker
carries on with the stages left. Stages that need one that did not run are not run either.
"""

from __future__ import annotations

import contextlib
import json
import os
import selectors
import signal
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from _common import EXIT_RESTART, PY, ROOT, fmt_mb, fmt_time
from stages import label, needs

__all__ = ["Limits", "run_stages", "available_mb", "describe"]

WORKER = Path(__file__).with_name("worker.py")
#: Stop a worker when the machine has less memory than this left, whatever its own limit.
RESERVE_MB = 1000.0


@dataclass(frozen=True)
class Limits:
    """How long one step may take (``longer`` names stages allowed more) and the memory ceiling."""

    stage_timeout_s: float
    memory_mb: float
    longer: dict[str, float] = field(default_factory=dict)

    def seconds(self, stage_id: str | None) -> float:
        return self.longer.get(stage_id or "", self.stage_timeout_s)


@dataclass
class _Run:
    """The stage one worker process is in, if any."""

    current: str | None = None


def available_mb() -> float | None:
    return _meminfo("MemAvailable")


def _meminfo(key: str) -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1]) * 1024 / 1e6
    except OSError:
        pass
    return None


def _rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024 / 1e6
    except OSError:
        pass
    return 0.0


def _end(process: subprocess.Popen[bytes]) -> None:
    """End the worker and everything it started (a browser, a server)."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()


def _watch(process: subprocess.Popen[bytes], limits: Limits, on_line: Callable[[dict[str, Any]], None]) -> str | None:
    """Feed the worker's lines to ``on_line`` until it exits; why it was ended, if it was."""
    assert process.stdout is not None
    selector = selectors.DefaultSelector()
    selector.register(process.stdout, selectors.EVENT_READ)
    buffer = b""
    step_started = time.monotonic()
    step, limit = "starting", limits.stage_timeout_s
    while True:
        for _ in selector.select(timeout=0.5):
            chunk = os.read(process.stdout.fileno(), 65536)
            if not chunk:
                selector.close()
                process.wait()
                return None
            buffer += chunk
            *lines, buffer = buffer.split(b"\n")
            for raw in lines:
                line = json.loads(raw)
                if line["event"] == "start":
                    step, limit = "the stage", limits.seconds(line["stage"])
                elif line["event"] == "run":
                    step = "a run"
                elif line["event"] == "setup":
                    step = f"setting up {line['what']}"
                if line["event"] in ("start", "run", "setup"):
                    step_started = time.monotonic()
                on_line(line)
        elapsed = time.monotonic() - step_started
        if elapsed > limit:
            _end(process)
            return f"{step} ran past the {limit:g} s limit"
        rss = _rss_mb(process.pid)
        if rss > limits.memory_mb:
            _end(process)
            return f"stopped at {fmt_mb(rss)}, over the {fmt_mb(limits.memory_mb)} memory limit"
        left = available_mb()
        if left is not None and left < RESERVE_MB:
            _end(process)
            return f"stopped at {fmt_mb(rss)}: the machine had only {fmt_mb(left)} of memory left"


def run_stages(
    config: dict[str, Any],
    stage_ids: list[str],
    limits: Limits,
    *,
    skipped: dict[str, str],
    log: Path,
    report: Callable[[str, dict[str, Any]], None],
) -> tuple[dict[str, dict[str, Any]], dict[str, Any]]:
    """Run ``stage_ids`` in as many workers as it takes; return every stage's record and the facts.

    ``skipped`` maps stages decided against beforehand to the reason; ``report`` is told
    each record as it arrives (for progress).
    """
    records: dict[str, dict[str, Any]] = {}
    facts: dict[str, Any] = {}

    def settle(stage_id: str, record: dict[str, Any]) -> None:
        records[stage_id] = record
        report(stage_id, record)

    def pending() -> list[str]:
        left = []
        for stage_id in stage_ids:
            if stage_id in records:
                continue
            if stage_id in skipped:
                settle(stage_id, {"not_run": skipped[stage_id]})
                continue
            missing = [n for n in needs(stage_id, config.get("size")) if n in records and "not_run" in records[n]]
            if missing:
                settle(stage_id, {"not_run": f"needs {label(missing[0])}, which did not run"})
                continue
            left.append(stage_id)
        return left

    log.parent.mkdir(parents=True, exist_ok=True)
    log.write_bytes(b"")  # this run's workers only, so a crash is explained by its own last words
    while todo := pending():
        run = _Run()

        def on_line(line: dict[str, Any], run: _Run = run) -> None:
            if line["event"] == "start":
                run.current = line["stage"]
            elif line["event"] == "done":
                stage_id = line.pop("stage")
                del line["event"]
                settle(stage_id, line)
                run.current = None
            elif line["event"] == "facts":
                del line["event"]
                facts.update(line)

        with open(log, "ab") as stderr:
            process = subprocess.Popen(
                [PY, str(WORKER), json.dumps({**config, "stages": todo})],
                cwd=ROOT,
                stdout=subprocess.PIPE,
                stderr=stderr,
                start_new_session=True,
            )
            ended = _watch(process, limits, on_line)
        if run.current is not None:
            reason = ended or _crash(process.returncode, log)
            settle(run.current, {"not_run": reason})
        elif process.returncode not in (0, EXIT_RESTART) and todo[0] not in records:
            reason = ended or _crash(process.returncode, log)
            for stage_id in todo:
                settle(stage_id, {"not_run": f"the worker did not start: {reason}"})
    return records, facts


def _crash(code: int | None, log: Path) -> str:
    if code is not None and code < 0:
        name = signal.Signals(-code).name
        hint = " (out of memory?)" if name == "SIGKILL" else ""
        return f"the process was killed by {name}{hint}"
    tail = log.read_text(errors="replace").strip().splitlines()[-1:] if log.exists() else []
    return f"the process exited with {code}" + (f": {tail[0]}" if tail else "")


def describe(stage_id: str, record: dict[str, Any]) -> str:
    """One line of progress for a finished stage."""
    if "not_run" in record:
        return f"{label(stage_id)}: not run: {record['not_run']}"
    median = record.get("median_s")
    peak = record.get("peak_mb")
    parts = [f"{label(stage_id)}: {fmt_time(median)}" if median is not None else label(stage_id)]
    if record.get("runs_s"):
        parts.append(f"median of {len(record['runs_s'])}")
    if peak:
        parts.append(f"peak {fmt_mb(peak)}")
    return ", ".join(parts)
