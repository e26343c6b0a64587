"""Filling a new generation of an on-disk store from the universe, in a process of its own.

:func:`fill` writes one generation folder:

- ``oxigraph/``: a RocksDB-backed Oxigraph store holding the export (data and
  description) in the graph named by the base IRI, as :meth:`RdfDataset.query_store`
  holds it in memory. It is filled by Oxigraph's bulk loader reading the export's
  N-Triples lines (:func:`mcugraph.rdf.stream.ntriples_lines`) through a file-like
  reader that hands them over :data:`LINES` at a time: the text is never all in memory.
- ``data/``: what the endpoint serves under /data/. The N-Triples dump is written from
  the same lines on their way to the store (the bytes ``mcugraph export`` writes);
  ``void.ttl`` from the description's lines; the ontology, shapes and JSON-LD context as
  shipped. Up to :data:`FULL_LIMIT` entities the other dumps (Turtle, JSON-LD, GraphML,
  JSON) are made too; past it they are left out, as each would take minutes and gigabytes.
- ``records.sqlite``: the index query parameters are checked against (:mod:`.records`).
- ``explorer.html``, up to :data:`FULL_LIMIT` entities (the page is for a few thousand
  nodes; at 100,000 entities making it takes 38 s and 3 GB).

:func:`build_in_child` runs :func:`fill` in a fresh process, so that the process that
will query or serve the store never holds the universe: at 1000x, reading it takes a
minute and 6.7 GB, which the build's process gives back when it ends.
"""

from __future__ import annotations

import contextlib
import gc
import io
import json
import os
import signal
import subprocess
import sys
import time
import traceback
from collections.abc import Iterator
from itertools import islice
from pathlib import Path
from typing import IO, Any

from mcugraph.errors import Diagnostic, Mark, MCUGraphError, Severity, SourceError, StoreError, ValidationError
from mcugraph.model import Universe

__all__ = ["FULL_LIMIT", "LINES", "fill", "build_in_child"]

#: the most entities for which every dump and the explorer page are made
FULL_LIMIT = 25_000
#: N-Triples lines handed to the bulk loader at a time (about 3 MB of text)
LINES = 20_000


class _Lines(io.RawIOBase):
    """The export's lines as a binary stream, each batch also written to ``tee`` and the
    description's lines (those starting with ``keep``) kept aside."""

    def __init__(self, lines: Iterator[str], tee: IO[bytes], keep: tuple[str, ...]) -> None:
        super().__init__()
        self._lines = lines
        self._tee = tee
        self._keep = keep
        self._buffer = bytearray()
        self._start = 0
        self._done = False
        self.kept: list[str] = []
        self.count = 0
        #: an error raised while the lines were made: the loader only sees the stream end
        self.failed: BaseException | None = None

    def readable(self) -> bool:
        return True

    def _fill(self) -> None:
        try:
            batch = list(islice(self._lines, LINES))
        except BaseException as exc:  # raised again by fill() once the loader returns
            self.failed = exc
            batch = []
        if not batch:
            self._done = True
            return
        self.count += len(batch)
        self.kept.extend(line for line in batch if line.startswith(self._keep))
        data = "".join(batch).encode("utf-8")
        self._tee.write(data)
        del self._buffer[: self._start]
        self._start = 0
        self._buffer += data

    def readinto(self, target: Any) -> int:
        view = memoryview(target).cast("B")
        while len(self._buffer) - self._start < len(view) and not self._done:
            self._fill()
        size = min(len(view), len(self._buffer) - self._start)
        view[:size] = self._buffer[self._start : self._start + size]
        self._start += size
        return size


def fill(universe: Universe, folder: Path, *, full_limit: int = FULL_LIMIT) -> dict[str, Any]:
    """Write the store, dumps, index and page of ``universe`` into the empty ``folder``; return what the
    manifest records of them (counts, the files under ``data/``, the explorer page or why there is none)."""
    import pyoxigraph as ox

    from mcugraph.disk.records import write_records
    from mcugraph.rdf.describe import dataset_iri, dump_names
    from mcugraph.rdf.stream import ntriples_lines
    from mcugraph.rdf.vocab import prefixes_for

    info = universe.info
    prefixes = prefixes_for(info.base_iri, info.ontology_iri)
    entities = sum(1 for _ in universe.entities())
    full = entities <= full_limit
    data = folder / "data"
    data.mkdir()
    seconds: dict[str, float] = {}
    started = time.perf_counter()
    nt_name = dump_names(universe)["ntriples"]
    described = dataset_iri(universe)
    with open(data / nt_name, "wb") as tee:
        lines = _Lines(ntriples_lines(universe), tee, (f"<{described}>", f"<{described}/"))
        store = ox.Store(str(folder / "oxigraph"))
        # lenient: the lines are our own canonical export; re-validating every IRI costs a third of the load
        store.bulk_load(
            io.BufferedReader(lines, 1 << 20),
            format=ox.RdfFormat.N_TRIPLES,
            to_graph=ox.NamedNode(info.base_iri),
            lenient=True,
        )
        if lines.failed is not None:
            raise lines.failed
        store.optimize()
        store.flush()
        del store
        gc.collect()  # the store's files are closed only when the object goes
    seconds["load"] = time.perf_counter() - started
    made = _data_files(universe, data, lines.kept, prefixes, full=full)
    started = time.perf_counter()
    write_records(universe, folder / "records.sqlite")
    seconds["records"] = time.perf_counter() - started
    explorer, note = _explorer(universe, folder, entities, full_limit, seconds)
    return {
        "universe": {
            "id": info.id,
            "name": info.name,
            "base_iri": info.base_iri,
            "ontology_iri": info.ontology_iri,
        },
        "prefixes": prefixes,
        "triples": lines.count,
        "entities": entities,
        "data_files": made,
        "left_out": [] if full else _left_out(universe, nt_name),
        "left_out_note": None
        if full
        else (
            f"the dumps other than N-Triples are made for universes of up to {full_limit:,} entities, and "
            f"{info.name} has {entities:,}; {nt_name} holds the same data"
        ),
        "explorer": explorer,
        "explorer_note": note,
        "seconds": {k: round(v, 3) for k, v in seconds.items()},
    }


def _left_out(universe: Universe, nt_name: str) -> list[str]:
    from mcugraph.rdf.describe import dump_names

    return [name for name in dump_names(universe).values() if name != nt_name]


def _data_files(
    universe: Universe, data: Path, kept: list[str], prefixes: dict[str, str], *, full: bool
) -> list[dict[str, Any]]:
    """Write what /data/ serves besides the N-Triples dump; return every file's name, media type and size."""
    import pyoxigraph as ox

    from mcugraph.rdf.deref import from_oxigraph
    from mcugraph.rdf.describe import DUMPS, dump_names
    from mcugraph.rdf.shapes import packaged_text
    from mcugraph.rdf.terms import sort_key
    from mcugraph.rdf.turtle import to_turtle

    names = dump_names(universe)
    media = {names[d.format]: d.media_type for d in DUMPS}
    files: dict[str, tuple[str, bytes | None]] = {}
    if full:
        from mcugraph.rdf.dataset import RdfDataset
        from mcugraph.rdf.dumps import dump_files

        files.update(dump_files(universe, RdfDataset(universe)))
        files[names["ntriples"]] = (files[names["ntriples"]][0], None)  # written on the way to the store
    else:
        description = [from_oxigraph(t) for t in ox.parse("".join(kept), ox.RdfFormat.N_TRIPLES)]
        void = to_turtle(sorted(description, key=sort_key), prefixes)
        files[names["ntriples"]] = (media[names["ntriples"]], None)
        files["void.ttl"] = ("text/turtle; charset=utf-8", void.encode("utf-8"))
        for name, kind in (
            ("ontology.ttl", "text/turtle"),
            ("shapes.ttl", "text/turtle"),
            ("context.jsonld", "application/ld+json"),
        ):
            files[name] = (kind + "; charset=utf-8", packaged_text(name, universe.info.ontology_iri).encode("utf-8"))
    out = []
    for name, (media_type, body) in sorted(files.items()):
        if body is not None:
            (data / name).write_bytes(body)
        out.append({"name": name, "media_type": media_type, "bytes": (data / name).stat().st_size})
    return out


def _explorer(
    universe: Universe, folder: Path, entities: int, full_limit: int, seconds: dict[str, float]
) -> tuple[str | None, str | None]:
    """The explorer page written to ``folder`` (its file name), or None and why not."""
    if entities > full_limit:
        return None, (
            f"the explorer page is made for universes of up to {full_limit:,} entities, and "
            f"{universe.info.name} has {entities:,}"
        )
    try:
        from mcugraph.explorer import to_html
    except ImportError:
        return None, "the explorer is not installed"
    started = time.perf_counter()
    (folder / "explorer.html").write_text(to_html(universe), encoding="utf-8")
    seconds["explorer"] = time.perf_counter() - started
    return "explorer.html", None


# -- the build's own process --------------------------------------------------------------------


def _die_with_parent() -> None:
    """Linux: end this process if the one that started it dies (a killed server must not leave a build running)."""
    with contextlib.suppress(Exception):
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


def _child(data: str, folder: str, full_limit: int, result: str) -> int:
    """The build's process: read, fill, and write what happened to the JSON file ``result``."""
    _die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle: it stops this process
    outcome: dict[str, Any]
    try:
        import mcugraph
        from mcugraph.disk.fingerprint import record_files

        since = time.time_ns()
        started = time.perf_counter()
        universe = mcugraph.load(data)
        read = time.perf_counter() - started
        sources = record_files(universe.files, since_ns=since)
        content = fill(universe, Path(folder), full_limit=full_limit)
        content["sources"] = sources
        content["seconds"]["read"] = round(read, 3)
        outcome = {"ok": content}
    except SourceError as exc:
        diagnostics = [[list(d.mark), d.message, str(d.severity)] for d in exc.diagnostics]
        outcome = {"source": diagnostics, "validation": isinstance(exc, ValidationError)}
    except MCUGraphError as exc:
        outcome = {"error": str(exc), "about": exc.about}
    except OSError as exc:
        outcome = {"error": f"cannot write the store: {exc.strerror or exc}", "about": None}
    except BaseException as exc:  # a bug: its traceback goes to standard error
        traceback.print_exc(file=sys.stderr)
        outcome = {"error": f"building the store failed: {type(exc).__name__}: {exc}", "about": None}
    with open(result, "w", encoding="utf-8") as out:
        json.dump(outcome, out)
    return 0


def build_in_child(data: str, folder: Path, *, full_limit: int = FULL_LIMIT) -> dict[str, Any]:
    """Read the universe at ``data`` and :func:`fill` ``folder`` with it, in a new process; return what
    :func:`fill` returns, with ``sources``: the record of each file read
    (:func:`mcugraph.disk.fingerprint.record_files`).

    The process is a fresh interpreter running this module (not a fork: the caller may
    hold threads and locks), importing mcugraph from where the caller did. The data's own
    problems are raised here as the reader raised them (a
    :class:`~mcugraph.errors.SourceError` with every diagnostic); anything else that
    stops the build as a :class:`~mcugraph.errors.StoreError`.
    """
    import mcugraph

    home = str(Path(mcugraph.__file__).resolve().parents[1])
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in (home, os.environ.get("PYTHONPATH")) if p)}
    result = folder / ".outcome.json"
    command = [sys.executable, "-m", "mcugraph.disk.build", data, str(folder), str(full_limit), str(result)]
    process = subprocess.Popen(command, env=env, stdin=subprocess.DEVNULL)
    try:
        code = process.wait()
    except BaseException:  # interrupted: the build stops with this process
        process.kill()
        process.wait()
        raise
    try:
        outcome = json.loads(result.read_text(encoding="utf-8"))
        result.unlink()
    except (OSError, ValueError):
        raise StoreError(f"building the store stopped: its process ended with exit code {code}") from None
    if "ok" in outcome:
        content: dict[str, Any] = outcome["ok"]
        return content
    if "source" in outcome:
        diagnostics = [
            Diagnostic(Mark(*mark), message, Severity(severity)) for mark, message, severity in outcome["source"]
        ]
        raise (ValidationError if outcome["validation"] else SourceError)(diagnostics)
    raise StoreError(outcome["error"], about=outcome["about"])


if __name__ == "__main__":
    sys.exit(_child(sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]))
