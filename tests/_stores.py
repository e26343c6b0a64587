"""Stores for the publishing tests: a real Oxigraph server, and a small fake one that fails on cue.

The Oxigraph server is ready when it says so on standard error ("Listening for requests
at ..."); the fake one is ready when its socket is bound, before its thread starts.
"""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from _procs import stop_process

__all__ = ["OXIGRAPH", "free_port", "start_oxigraph", "stop_oxigraph", "FakeStore"]

OXIGRAPH = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which("oxigraph")
READY = "Listening for requests at "


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_oxigraph(
    location: Path, *, read_only: bool = False, wait_s: float = 60
) -> tuple[subprocess.Popen[bytes], str]:
    """Start ``oxigraph serve`` on a free port of 127.0.0.1; return it once it listens."""
    assert OXIGRAPH is not None
    port = free_port()
    command = [OXIGRAPH, "serve-read-only" if read_only else "serve", "--location", str(location)]
    process = subprocess.Popen(
        [*command, "--bind", f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    ready = threading.Event()
    said: list[str] = []

    def read() -> None:  # reads to the end, so a chatty server never blocks on a full pipe
        assert process.stderr is not None
        for raw in process.stderr:
            line = raw.decode("utf-8", "replace")
            said.append(line)
            if line.startswith(READY):
                ready.set()
        ready.set()  # the server ended

    threading.Thread(target=read, daemon=True).start()
    if not ready.wait(wait_s) or process.poll() is not None:
        stop_process(process, timeout=10)
        raise RuntimeError(f"the oxigraph server did not start: {''.join(said)[-2000:]}")
    return process, f"http://127.0.0.1:{port}"


def stop_oxigraph(process: subprocess.Popen[bytes]) -> None:
    stop_process(process, timeout=10)


class FakeStore:
    """A Graph Store Protocol endpoint at ``/store`` and a count-only SPARQL one at ``/query``,
    holding each graph as a set of N-Triples lines.

    ``faults`` maps ``(method, n)`` (the n-th PUT or POST, from 1) to what that request
    gets instead: an HTTP status (``500``, ``400``, ``302``), ``"close"`` (the connection
    is dropped unanswered) or ``"hang"`` (no answer until the store stops). ``count``,
    when set, is what ``/query`` answers instead of the truth.
    """

    def __init__(self) -> None:
        self.graphs: dict[str, set[bytes]] = {}
        self.faults: dict[tuple[str, int], int | str] = {}
        self.requests: list[tuple[str, str]] = []
        self.count: int | None = None
        self._seen: dict[str, int] = {}
        self._release = threading.Event()
        self._lock = threading.Lock()
        store = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def _graph(self) -> str:
                query = urllib.parse.urlsplit(self.path).query
                return urllib.parse.parse_qs(query).get("graph", [""])[0] if query != "default" else ""

            def _answer(self, status: int, body: bytes = b"", headers: dict[str, str] | None = None) -> None:
                self.send_response(status)
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_HEAD(self) -> None:
                self._answer(200 if self._graph() in store.graphs else 404)

            def do_PUT(self) -> None:
                self._write("PUT")

            def do_POST(self) -> None:
                if self.path.startswith("/query"):
                    return self._count()
                self._write("POST")

            def _write(self, method: str) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                graph = self._graph()
                with store._lock:
                    store._seen[method] = n = store._seen.get(method, 0) + 1
                    store.requests.append((method, graph))
                fault = store.faults.get((method, n))
                if fault == "hang":
                    store._release.wait(60)
                    return
                if fault == "close":
                    self.close_connection = True
                    self.connection.shutdown(socket.SHUT_RDWR)
                    return
                if isinstance(fault, int):
                    headers = {"Location": "http://127.0.0.1:1/elsewhere"} if 300 <= fault < 400 else {}
                    return self._answer(fault, b"the fake store says no", headers)
                lines = set(body.splitlines(keepends=True))
                with store._lock:
                    if method == "PUT":
                        store.graphs[graph] = lines
                    else:
                        store.graphs.setdefault(graph, set()).update(lines)
                self._answer(204 if method == "POST" else 201)

            def _count(self) -> None:
                form = urllib.parse.parse_qs(self.rfile.read(int(self.headers.get("Content-Length", 0))).decode())
                query = form["query"][0]
                graph = query.split("GRAPH <", 1)[1].split(">", 1)[0] if "GRAPH <" in query else ""
                n = store.count if store.count is not None else len(store.graphs.get(graph, ()))
                answer = {
                    "head": {"vars": ["n"]},
                    "results": {"bindings": [{"n": {"type": "literal", "value": str(n)}}]},
                }
                self._answer(200, json.dumps(answer).encode(), {"Content-Type": "application/sparql-results+json"})

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.base = f"http://127.0.0.1:{self._server.server_address[1]}"
        self.url = f"{self.base}/store"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def data_requests(self) -> list[str]:
        return [method for method, _ in self.requests]

    def __enter__(self) -> FakeStore:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._release.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(10)
