"""What an on-disk store was built from, and whether that has changed since.

A store is trusted only while every YAML file it was built from (the root file and each
file it includes, as the reader records them in ``Universe.files``) is as it was. Each
file is recorded by its absolute path, size, modification time and SHA-256 of its
bytes. A check compares sizes and times first (``stat``: a third of a millisecond for
the 141 files of the 1000x universe) and hashes only a file whose size or time differ
(0.36 s for all of them): a file touched but not changed keeps the store.

A file modified while the store was being built may have been read before or after the
change, so its hash says nothing: it is recorded without one (:data:`UNSURE`), and the
next check finds the store stale. Modification times come from a coarse clock, so
"while" starts a little before the build did (:data:`MARGIN_NS`).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Mapping
from typing import Any

__all__ = ["MARGIN_NS", "UNSURE", "record_files", "changed_file", "hash_file"]

#: how long before the build started a modification still counts as during it: file
#: times are taken from a clock that may lag the one the build reads by a few ticks
MARGIN_NS = 50_000_000
#: the hash recorded for a file that changed while the store was built
UNSURE = None


def hash_file(path: str) -> str:
    """The SHA-256 of the file's bytes, in hex."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def record_files(paths: Iterable[str], *, since_ns: int) -> list[dict[str, Any]]:
    """The record of each file, for a store whose reading of them began at ``since_ns`` (``time.time_ns()``).

    Raises ``OSError`` if a file cannot be read.
    """
    out: list[dict[str, Any]] = []
    for path in paths:
        full = os.path.abspath(path)
        before = os.stat(full)
        digest = hash_file(full)
        after = os.stat(full)
        unchanged = (before.st_size, before.st_mtime_ns) == (after.st_size, after.st_mtime_ns)
        sure = unchanged and after.st_mtime_ns < since_ns - MARGIN_NS
        out.append(
            {
                "path": full,
                "size": after.st_size,
                "mtime_ns": after.st_mtime_ns,
                "sha256": digest if sure else UNSURE,
            }
        )
    return out


def changed_file(files: Iterable[Mapping[str, Any]]) -> str | None:
    """Why the recorded files no longer hold (the first that changed, in words), or None if they all do."""
    for entry in files:
        path = str(entry["path"])
        try:
            info = os.stat(path)
        except FileNotFoundError:
            return f"{path} is gone"
        except OSError as exc:
            return f"{path} cannot be read ({exc.strerror or exc})"
        if entry.get("sha256") is UNSURE:
            return f"{path} changed while the store was being built"
        if (info.st_size, info.st_mtime_ns) == (entry.get("size"), entry.get("mtime_ns")):
            continue
        try:
            same = info.st_size == entry.get("size") and hash_file(path) == entry["sha256"]
        except OSError as exc:
            return f"{path} cannot be read ({exc.strerror or exc})"
        if not same:
            return f"{path} has changed"
    return None
