"""The store's folder: what it holds, who may use it, and when it is built again.

A store folder holds:

- ``mcugraph-store.lock``: made first, so the folder is known to be a store's even
  before its first build ends; every process using the store holds a lock on it
  (shared to read, exclusive to build), and the builder writes its process id in it;
- ``gen-N/``: the generation the manifest names (see :mod:`.build` for what is in it);
- ``mcugraph-store.json``: the manifest, written last, atomically, naming the generation
  and recording what it was built from (:mod:`.fingerprint`), the mcugraph version and
  the options that change the triples.

A build goes into a new ``.building-*`` folder, which is renamed ``gen-N`` once it is
complete; replacing the manifest then swaps it in, in one rename. A crash at any point
leaves either the old manifest (the store is found stale and built again) or the new
one, never a manifest naming a half-filled generation. Older generations and the
leftovers of a crashed build are removed by the next build, which holds the folder
alone. A folder that holds other files and no lock or manifest is not a store's: it is
refused and never written to.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import re
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from mcugraph import __version__
from mcugraph._io import atomic_write
from mcugraph.errors import StoreError

if TYPE_CHECKING:
    from mcugraph.disk.records import RecordIndex
    from mcugraph.sparql.run import QueryStore

__all__ = ["MANIFEST", "LOCK", "FORMAT", "DiskStore", "NotAStore", "StoreBusy", "open_store", "read_manifest"]

MANIFEST = "mcugraph-store.json"
LOCK = "mcugraph-store.lock"
#: the layout of a store folder; a store of another layout is built again
FORMAT = 1
_GENERATION = re.compile(r"^gen-([0-9]{1,9})$")
_FILE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,200}$")


class NotAStore(StoreError):
    """The path is not a store's folder (a file, or a folder of other things), so it is left alone."""


class StoreBusy(StoreError):
    """Another process is building the store, or is reading it while this one would build it."""


@dataclass(eq=False)
class DiskStore:
    """An opened store folder: its manifest, and the lock that keeps it from being rebuilt while in use.

    ``built`` says whether this opening built it. Close it (or use it as a context
    manager) to let other processes rebuild it.
    """

    folder: Path
    manifest: dict[str, Any]
    built: bool = False
    _lock: IO[str] | None = field(default=None, repr=False)

    @property
    def generation(self) -> Path:
        return self.folder / str(self.manifest["generation"])

    @property
    def oxigraph_path(self) -> Path:
        return self.generation / "oxigraph"

    @property
    def base_iri(self) -> str:
        return str(self.manifest["universe"]["base_iri"])

    @property
    def ontology_iri(self) -> str:
        return str(self.manifest["universe"]["ontology_iri"])

    @property
    def name(self) -> str:
        """The universe's name."""
        return str(self.manifest["universe"]["name"])

    @property
    def prefixes(self) -> dict[str, str]:
        return dict(self.manifest["prefixes"])

    @property
    def triples(self) -> int:
        return int(self.manifest["triples"])

    @property
    def entities(self) -> int:
        return int(self.manifest["entities"])

    def query_store(self) -> QueryStore:
        """The store opened read-only, with the prefixes, base IRI and graph queries need (as in memory)."""
        import pyoxigraph as ox

        from mcugraph.sparql.run import QueryStore

        try:
            store = ox.Store.read_only(str(self.oxigraph_path))
        except (OSError, RuntimeError) as exc:  # RocksDB's own errors come as RuntimeError
            raise StoreError(
                f"cannot open the store in {self.folder}: {exc}; delete the folder to have it built again"
            ) from None
        return QueryStore(store, self.prefixes, self.base_iri, self.base_iri, named=True)

    @cached_property
    def records(self) -> RecordIndex:
        """The index query parameters are checked against."""
        import sqlite3

        from mcugraph.disk.records import RecordIndex

        try:
            return RecordIndex(self.generation / "records.sqlite")
        except (sqlite3.Error, KeyError) as exc:
            raise StoreError(
                f"cannot read the record index in {self.folder}: {exc}; delete the folder to have it built again"
            ) from None

    def data_files(self) -> dict[str, tuple[str, Path]]:
        """What /data/ serves: file name -> (media type, path)."""
        folder = self.generation / "data"
        return {f["name"]: (f["media_type"], folder / f["name"]) for f in self.manifest["data_files"]}

    @property
    def explorer(self) -> Path | None:
        name = self.manifest.get("explorer")
        return self.generation / name if name else None

    @property
    def explorer_note(self) -> str | None:
        note = self.manifest.get("explorer_note")
        return str(note) if note else None

    @property
    def left_out(self) -> dict[str, str]:
        """The dumps not made (the universe is too large for them): name -> why."""
        why = str(self.manifest.get("left_out_note") or "")
        return {str(name): why for name in self.manifest.get("left_out") or ()}

    def close(self) -> None:
        if "records" in self.__dict__:
            self.records.close()
            del self.__dict__["records"]
        if self._lock is not None:
            with contextlib.suppress(OSError):
                self._lock.close()  # closing the file lets the lock go
            self._lock = None

    def __enter__(self) -> DiskStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


# -- the manifest ---------------------------------------------------------------------------------


def read_manifest(folder: Path) -> dict[str, Any] | None:
    """The folder's manifest, checked for shape; None when there is none. ``ValueError`` says what is wrong."""
    try:
        text = (folder / MANIFEST).read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        raise ValueError(str(getattr(exc, "strerror", None) or exc)) from None
    try:
        manifest = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(f"not JSON: {exc}") from None
    _check_shape(manifest)
    return manifest


def _check_shape(manifest: Any) -> None:
    """Refuse a manifest that is not one this module wrote: every name it gives is used as a path."""

    def need(ok: bool, what: str) -> None:
        if not ok:
            raise ValueError(what)

    need(isinstance(manifest, dict), "not a JSON object")
    need(manifest.get("format") == FORMAT, f"not a store of layout {FORMAT}")
    need(
        isinstance(manifest.get("generation"), str) and bool(_GENERATION.match(manifest["generation"])), "no generation"
    )
    universe = manifest.get("universe")
    need(isinstance(universe, dict), "no universe")
    for key in ("id", "name", "base_iri", "ontology_iri"):
        need(isinstance(universe.get(key), str), f"no universe {key}")
    prefixes = manifest.get("prefixes")
    need(isinstance(prefixes, dict) and all(isinstance(v, str) for v in prefixes.values()), "no prefixes")
    for key in ("triples", "entities"):
        need(isinstance(manifest.get(key), int), f"no {key}")
    sources = manifest.get("sources")
    need(isinstance(sources, list) and bool(sources), "no sources")
    for entry in sources:
        need(
            isinstance(entry, dict)
            and isinstance(entry.get("path"), str)
            and isinstance(entry.get("size"), int)
            and isinstance(entry.get("mtime_ns"), int)
            and (entry.get("sha256") is None or isinstance(entry.get("sha256"), str)),
            "a source file recorded wrongly",
        )
    files = manifest.get("data_files")
    need(isinstance(files, list), "no data files")
    for entry in files:
        need(
            isinstance(entry, dict)
            and isinstance(entry.get("name"), str)
            and bool(_FILE_NAME.match(entry["name"]))
            and isinstance(entry.get("media_type"), str),
            "a data file recorded wrongly",
        )
    explorer = manifest.get("explorer")
    need(explorer is None or explorer == "explorer.html", "an explorer page recorded wrongly")


def _stale(manifest: dict[str, Any] | None, folder: Path, data: str) -> str | None:
    """Why the store must be built (again), or None when it holds the data as it is now."""
    if manifest is None:
        started = any(folder.glob("gen-*")) or any(folder.glob(".building-*"))
        return "its last build did not finish" if started else "it is new"
    if manifest.get("mcugraph") != __version__:
        return f"it was built by mcugraph {manifest.get('mcugraph')}, this is {__version__}"
    if manifest.get("positions") is not False:
        return "it was built with other options"
    root = os.path.abspath(data)
    if manifest.get("data") != root:
        return f"it was built from {manifest.get('data')}, not {root}"
    if not (folder / manifest["generation"] / "oxigraph").is_dir():
        return f"its {manifest['generation']} folder is missing"
    from mcugraph.disk.fingerprint import changed_file

    return changed_file(manifest["sources"])


# -- the folder and its lock ------------------------------------------------------------------------


def _claim(folder: Path) -> None:
    """Make sure ``folder`` is, or can become, a store's folder; make it if missing."""
    if folder.exists() and not folder.is_dir():
        raise NotAStore(f"{folder} is a file, not a folder: give the path of a folder for the store (made if missing)")
    if folder.is_dir():
        try:
            entries = set(os.listdir(folder))
        except OSError as exc:
            raise StoreError(f"cannot read the store folder {folder}: {exc.strerror or exc}") from None
        if entries and not entries & {LOCK, MANIFEST}:
            shown = ", ".join(sorted(entries)[:3]) + (", …" if len(entries) > 3 else "")
            raise NotAStore(
                f"{folder} is not a mcugraph store (it holds {shown} and no {MANIFEST}); "
                "give a new or empty folder for the store: nothing in this one was changed"
            )
        return
    try:
        folder.mkdir(parents=True)
    except FileExistsError:
        pass
    except OSError as exc:
        raise StoreError(f"cannot make the store folder {folder}: {exc.strerror or exc}") from None


def _open_lock(folder: Path) -> tuple[IO[str], bool]:
    """The lock file, open; and whether the folder may be written (a store made by someone else may not)."""
    path = folder / LOCK
    try:
        return open(path, "a+", encoding="utf-8"), True
    except PermissionError:
        pass
    except OSError as exc:
        if exc.errno != 30:  # EROFS: a read-only file system
            raise StoreError(f"cannot use the store folder {folder}: {exc.strerror or exc}") from None
    try:
        return open(path, encoding="utf-8"), False
    except OSError as exc:
        raise StoreError(f"cannot use the store folder {folder}: {exc.strerror or exc}") from None


def _holder(lock: IO[str]) -> str:
    with contextlib.suppress(OSError):
        lock.seek(0)
        text = lock.read(200).strip()
        if text:
            return f" ({text})"
    return ""


def _take(lock: IO[str], mode: int) -> bool:
    try:
        fcntl.flock(lock.fileno(), mode | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _say(lock: IO[str], text: str) -> None:
    with contextlib.suppress(OSError):
        lock.seek(0)
        lock.truncate()
        lock.write(text)
        lock.flush()


def open_store(
    folder: str | os.PathLike[str],
    data: str,
    *,
    log: Callable[[str], None] | None = None,
    full_limit: int | None = None,
    build: Callable[[str, Path], dict[str, Any]] | None = None,
) -> DiskStore:
    """The store in ``folder`` for the universe whose root file is ``data``, built first if it is new or stale.

    A store whose manifest matches the data is opened as it is, without reading the
    universe. Else it is built (``log`` hears that it is, and why, and when it is done)
    by ``build(data, new_folder)``, by default
    :func:`~mcugraph.disk.build.build_in_child` with ``full_limit``. The store stays
    locked against rebuilding until the returned :class:`DiskStore` is closed.

    Raises :class:`NotAStore` for a path that is not a store's folder, :class:`StoreBusy`
    when another process holds the store, :class:`~mcugraph.errors.StoreError` when it
    cannot be built or written, and the reader's errors when the data has problems.
    """
    path = Path(folder)
    _claim(path)
    lock, writable = _open_lock(path)
    try:
        if not _take(lock, fcntl.LOCK_SH):
            raise StoreBusy(
                f"the store in {path} is being built by another process{_holder(lock)}; "
                "wait for it to finish, or give another folder"
            )
        try:
            manifest = read_manifest(path)
            reason = _stale(manifest, path, data)
        except ValueError as exc:
            manifest, reason = None, f"its manifest {MANIFEST} is unreadable ({exc})"
        if reason is None:
            assert manifest is not None
            return DiskStore(path, manifest, _lock=lock)
        if not writable:
            raise StoreError(f"the store in {path} is out of date ({reason}) and its folder cannot be written")
        if not _take(lock, fcntl.LOCK_EX):
            raise StoreBusy(
                f"the store in {path} is out of date ({reason}), and another process is using it: "
                "stop that process to have it built again, or give another folder"
            )
        _say(lock, f"process {os.getpid()}, since {time.strftime('%Y-%m-%d %H:%M:%S')}")
        try:
            manifest = _build(path, data, reason, manifest, log=log, full_limit=full_limit, build=build)
        finally:
            _say(lock, "")
            fcntl.flock(lock.fileno(), fcntl.LOCK_SH)  # others may read it now, none rebuild it
        return DiskStore(path, manifest, built=True, _lock=lock)
    except BaseException:
        lock.close()
        raise


def _build(
    folder: Path,
    data: str,
    reason: str,
    old: dict[str, Any] | None,
    *,
    log: Callable[[str], None] | None,
    full_limit: int | None,
    build: Callable[[str, Path], dict[str, Any]] | None,
) -> dict[str, Any]:
    """Build into a new generation and swap it in; the caller holds the folder alone."""
    if log is not None:
        log(f"building the on-disk store in {folder} ({reason}); this reads the whole universe")
    _remove_leftovers(folder, keep=None)
    started = time.perf_counter()
    try:
        fresh = Path(tempfile.mkdtemp(prefix=".building-", dir=folder))
    except OSError as exc:
        raise StoreError(f"cannot write in the store folder {folder}: {exc.strerror or exc}") from None
    try:
        if build is None:
            from mcugraph.disk.build import FULL_LIMIT, build_in_child

            content = build_in_child(data, fresh, full_limit=FULL_LIMIT if full_limit is None else full_limit)
        else:
            content = build(data, fresh)
        number = int(_GENERATION.match(old["generation"]).group(1)) + 1 if old else 1  # type: ignore[union-attr]
        generation = f"gen-{number}"
        shutil.rmtree(folder / generation, ignore_errors=True)
        os.rename(fresh, folder / generation)
    except BaseException:
        shutil.rmtree(fresh, ignore_errors=True)
        raise
    manifest = {
        "format": FORMAT,
        "mcugraph": __version__,
        "positions": False,
        "data": os.path.abspath(data),
        "generation": generation,
        "built": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        **content,
    }
    manifest["seconds"] = {**content.get("seconds", {}), "total": round(time.perf_counter() - started, 3)}
    atomic_write(folder / MANIFEST, json.dumps(manifest, indent=1, sort_keys=True) + "\n")
    _remove_leftovers(folder, keep=generation)
    if log is not None:
        log(
            f"built the on-disk store in {folder}: {manifest['triples']:,} triples of "
            f"{manifest['entities']:,} entities in {manifest['seconds']['total']:.1f} s"
        )
    return manifest


def _remove_leftovers(folder: Path, *, keep: str | None) -> None:
    """Remove the generations the manifest does not name and crashed builds' folders (ours by their names)."""
    for entry in folder.iterdir():
        ours = entry.name.startswith(".building-") or _GENERATION.match(entry.name)
        if ours and entry.name != keep and entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry, ignore_errors=True)
