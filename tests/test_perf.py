"""Handing freed memory back: a process that freed a lot is smaller after it, and one under
its limit is left alone.

The allocation runs in a fresh interpreter, so what the test process already holds (or
has freed) cannot decide the outcome.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest

from mcugraph import _perf

GLIBC = _perf.release_freed_memory()

#: 48 KB blocks (under glibc's mmap threshold, so they come from the heap), every tenth
#: followed by a 1 KB block that stays (over pymalloc's 512 bytes, so it comes from the
#: heap too, and the last block of all): the freed blocks are holes of 480 KB between
#: kept ones, which the heap cannot shrink past by itself
_HOLES = textwrap.dedent(
    """
    import json
    from mcugraph import _perf

    base = _perf.resident_bytes()
    big, pins = [], []
    for i in range(5000):
        big.append(bytearray(b"x") * 48_000)  # written, so resident (calloc'd pages might not be)
        if i % 10 == 9:
            pins.append(bytearray(b"x") * 1_000)
    del big
    before = _perf.resident_bytes()
    ran = _perf.trim_if_over({limit})
    print(json.dumps({{"base": base, "before": before, "after": _perf.resident_bytes(), "ran": ran}}))
    """
)


def _run(limit: int) -> dict[str, int]:
    done = subprocess.run(
        [sys.executable, "-c", _HOLES.format(limit=limit)], capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout)


def test_the_resident_size_is_read() -> None:
    resident = _perf.resident_bytes()
    assert resident is not None and resident > 1_000_000


@pytest.mark.skipif(not GLIBC, reason="the C library has no malloc_trim")
def test_a_process_over_its_limit_gives_the_freed_memory_back() -> None:
    seen = _run(limit=0)
    assert seen["ran"] is True
    # 240 MB were freed in holes and still held; all but the pages of the 500 kept blocks go back
    assert seen["before"] - seen["base"] > 200_000_000, seen
    assert seen["after"] - seen["base"] < 30_000_000, seen


@pytest.mark.skipif(not GLIBC, reason="the C library has no malloc_trim")
def test_a_process_under_its_limit_keeps_what_it_holds() -> None:
    seen = _run(limit=1 << 50)
    assert seen["ran"] is False
    assert seen["before"] - seen["base"] > 200_000_000, seen
    assert abs(seen["before"] - seen["after"]) < 20_000_000, seen


def test_without_a_size_nothing_is_trimmed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_perf, "resident_bytes", lambda: None)
    assert _perf.trim_if_over(0) is False
