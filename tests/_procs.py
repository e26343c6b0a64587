"""Stopping a server a test started, by its process: politely first, then for sure."""

from __future__ import annotations

import signal
import subprocess

__all__ = ["stop_process"]


def stop_process(process: subprocess.Popen[bytes], *, timeout: float = 15) -> None:
    """SIGTERM, wait up to ``timeout`` seconds, then SIGKILL; the process is reaped either way."""
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=5)
