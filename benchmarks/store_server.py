"""An Oxigraph server for the ``publish`` stage: started in the work folder, stopped by its id.

The server is ready when it says so on standard error ("Listening for requests at ...");
its own peak memory is read from ``/proc`` before it stops, beside the client's.
"""

from __future__ import annotations

import shutil
import signal
import socket
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

__all__ = ["OxigraphServer", "oxigraph_binary"]

READY = "Listening for requests at "


def oxigraph_binary() -> str | None:
    """The ``oxigraph`` command of this Python's environment (the PyPI package), else on PATH."""
    return shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which("oxigraph")


class OxigraphServer:
    """``with OxigraphServer(folder) as server:`` serves a store kept in ``folder`` at ``server.base``."""

    def __init__(self, location: Path, *, wait_s: float = 60) -> None:
        self.location = location
        self.wait_s = wait_s
        self.process: subprocess.Popen[bytes] | None = None
        self.base = ""

    def __enter__(self) -> OxigraphServer:
        binary = oxigraph_binary()
        if binary is None:
            raise RuntimeError("the oxigraph server is not installed (pip install oxigraph)")
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = int(s.getsockname()[1])
        command = [binary, "serve", "--location", str(self.location), "--bind", f"127.0.0.1:{port}"]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        ready = threading.Event()
        said: list[str] = []

        def read() -> None:
            assert self.process is not None and self.process.stderr is not None
            for raw in self.process.stderr:
                said.append(raw.decode("utf-8", "replace"))
                if said[-1].startswith(READY):
                    ready.set()
            ready.set()

        threading.Thread(target=read, daemon=True).start()
        if not ready.wait(self.wait_s) or self.process.poll() is not None:
            self.__exit__()
            raise RuntimeError(f"the oxigraph server did not start: {''.join(said)[-500:]}")
        self.base = f"http://127.0.0.1:{port}"
        return self

    def peak_mb(self) -> float | None:
        """The server's resident high-water mark so far, in MB (Linux ``VmHWM``)."""
        if self.process is None:
            return None
        try:
            status = Path(f"/proc/{self.process.pid}/status").read_text()
        except OSError:
            return None
        for line in status.splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024 / 1e6
        return None

    def __exit__(self, *exc: Any) -> None:
        if self.process is None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)
        self.process = None
