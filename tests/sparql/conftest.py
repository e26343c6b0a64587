"""Fixtures for the SPARQL tests: graphs of a small invented universe and of the shipped data."""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

import mcugraph
from _procs import stop_process
from mcugraph.model import Universe
from mcugraph.rdf import RdfDataset
from mcugraph.sparql.run import QueryStore

RICH_YAML = (Path(__file__).resolve().parents[1] / "rdf" / "harbor.yaml").read_text(encoding="utf-8")

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def rich_universe() -> Universe:
    return mcugraph.loads(RICH_YAML)


@pytest.fixture(scope="session")
def rich_graph(rich_universe: Universe) -> QueryStore:
    """The invented universe in a store, ready to query (as ``mcugraph query`` has it)."""
    return RdfDataset(rich_universe).query_store()


@pytest.fixture(scope="session")
def shipped() -> Universe:
    return mcugraph.load(ROOT / "data" / "universe.yaml")


@pytest.fixture(scope="session")
def shipped_graph(shipped: Universe) -> QueryStore:
    return RdfDataset(shipped).query_store()


class Listener:
    """A TCP listener on 127.0.0.1 that counts every connection made to it.

    :meth:`made_before_now` tells without waiting a fixed time whether anything
    connected: it connects itself and counts the connections accepted before its own
    (the kernel hands queued connections over in the order they came).
    """

    def __init__(self) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.2)  # how often the accepting thread looks whether to stop
        self.port = self.sock.getsockname()[1]
        self.peers: list[tuple[str, int]] = []
        self._changed = threading.Condition()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/sparql"

    @property
    def connections(self) -> int:
        with self._changed:
            return len(self.peers)

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                conn, peer = self.sock.accept()
            except OSError:
                continue
            conn.close()
            with self._changed:
                self.peers.append(peer)
                self._changed.notify_all()

    def wait_for(self, count: int, within: float = 60) -> bool:
        """Whether ``count`` connections have come, waiting for them at most ``within`` seconds."""
        with self._changed:
            return self._changed.wait_for(lambda: len(self.peers) >= count, within)

    def made_before_now(self) -> int:
        """How many connections were made to the listener before this call."""
        with socket.create_connection(("127.0.0.1", self.port), timeout=60) as probe:
            mine = probe.getsockname()
            with self._changed:
                assert self._changed.wait_for(lambda: mine in self.peers, 60), "the listener stopped accepting"
                return self.peers.index(mine)

    def close(self) -> None:
        self._stop.set()
        self._thread.join(2)
        self.sock.close()


@pytest.fixture
def listener() -> Iterator[Listener]:
    probe = Listener()
    yield probe
    probe.close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    base: str

    @property
    def sparql(self) -> str:
        return self.base + "/sparql"

    def get(self, path: str, **headers: str) -> tuple[int, Any, bytes]:
        request = urllib.request.Request(self.base + path, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, response.headers, response.read()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.headers, exc.read()

    def post(self, body: bytes, content_type: str, **headers: str) -> tuple[int, Any, bytes]:
        request = urllib.request.Request(
            self.sparql, data=body, method="POST", headers={"Content-Type": content_type, **headers}
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, response.headers, response.read()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.headers, exc.read()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    data = tmp_path_factory.mktemp("endpoint") / "universe.yaml"
    data.write_text(RICH_YAML, encoding="utf-8")
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "mcugraph",
        "serve",
        "--data",
        str(data),
        "--port",
        str(port),
        "--timeout",
        "1",
        "--workers",
        "2",
        "--limit",
        "500",
    ]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(base + "/sparql", timeout=2):
                break
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise RuntimeError(
                    f"the server did not start: {process.stderr.read().decode() if process.stderr else ''}"
                ) from None
            time.sleep(0.2)
    yield Server(process, base)
    stop_process(process)
