"""An index of the universe's records, kept beside an on-disk store, that query parameters are checked against.

A query parameter names a record the way people do (id, ``kind:id``, IRI, name or
alias) and a date parameter takes a point of the story (a work, an event). Checking
them needs the records, and a store opened without reading the universe has none in
memory: :func:`write_records` writes what the check needs into one SQLite file while
the store is built, and :class:`RecordIndex` answers :class:`~mcugraph.sparql.params.Records`
from it, reading only the rows a value asks about. At 1,000,000 entities the file is
about 150 MB on disk and a lookup is a fraction of a millisecond.

Names are matched as :func:`mcugraph.resolve.find` matches them (case and accents
ignored), and the same records are found; the nearest names a message suggests for an
unknown one are taken only among the names that share its first letters, where the
model's own check looks at all of them.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from mcugraph.errors import MCUGraphError, NotFoundError
from mcugraph.hints import suggest
from mcugraph.model import ENTITY_KINDS, WORK_KINDS, Universe
from mcugraph.resolve import _BY_ID_ONLY, _names, fold, pick

if TYPE_CHECKING:
    from mcugraph.continuity.timeline import Timeline

__all__ = ["write_records", "RecordIndex"]

_SCHEMA = """
CREATE TABLE facts (key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;
CREATE TABLE records (kind TEXT, id TEXT, label TEXT, what TEXT, PRIMARY KEY (kind, id)) WITHOUT ROWID;
CREATE TABLE names (key TEXT, kind TEXT, id TEXT, shown TEXT, by_name INTEGER);
CREATE TABLE days (kind TEXT, id TEXT, day TEXT, problem TEXT, PRIMARY KEY (kind, id)) WITHOUT ROWID;
"""
#: how many names near an unknown one are compared with it for a suggestion
_NEAR = 2_000


def write_records(universe: Universe, path: Path, *, timeline: Timeline | None = None) -> int:
    """Write the index of ``universe``'s records to a new SQLite file at ``path``; return the records written.

    ``timeline`` is the universe's solved timeline (solved here when not given): each
    work's and event's day in story time is written, or why it has none.
    """
    from mcugraph.continuity.questions import day_of
    from mcugraph.continuity.timeline import resolve_timeline

    story = timeline or resolve_timeline(universe)
    db = sqlite3.connect(path)
    try:
        db.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;" + _SCHEMA)
        firsts: dict[str, str] = {}
        records, names = [], []
        for kind, record in universe.entities():
            ident = record.id
            firsts.setdefault(kind, ident)
            what = str(universe.works[ident].kind) if kind == "work" else kind
            records.append((kind, ident, universe.label(kind, ident), what))
            names.append((fold(ident), kind, ident, f"{kind}:{ident}", 0))
            if kind not in _BY_ID_ONLY:
                names.extend((fold(n), kind, ident, n, 1) for n in _names(record))
        db.executemany("INSERT INTO records VALUES (?, ?, ?, ?)", records)
        db.executemany("INSERT INTO names VALUES (?, ?, ?, ?, ?)", names)
        db.execute("CREATE INDEX names_by_key ON names (key)")
        days: list[tuple[str, str, str | None, str | None]] = []
        for kind in ("work", "event"):
            for ident in universe.table(kind):
                try:
                    days.append((kind, ident, day_of(universe, f"{kind}:{ident}", timeline=story).isoformat(), None))
                except MCUGraphError as exc:
                    days.append((kind, ident, None, str(exc)))
        db.executemany("INSERT INTO days VALUES (?, ?, ?, ?)", days)
        work_kinds = [k for k in WORK_KINDS if any(w.kind == k for w in universe.works.values())]
        facts = {"base_iri": universe.info.base_iri, "work_kinds": ",".join(work_kinds)}
        facts.update({f"first:{k}": v for k, v in firsts.items()})
        db.executemany("INSERT INTO facts VALUES (?, ?)", facts.items())
        db.commit()
    finally:
        db.close()
    return len(records)


class RecordIndex:
    """:class:`~mcugraph.sparql.params.Records` read from the file :func:`write_records` wrote.

    Safe to share between threads (one connection, used under a lock); the file is opened
    read-only.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False)
        self._lock = threading.Lock()
        facts: dict[str, str] = {k: v for k, v in self._rows("SELECT key, value FROM facts")}
        self.base_iri: str = facts["base_iri"]
        self._work_kinds = [k for k in facts["work_kinds"].split(",") if k]
        self._firsts = {k[len("first:") :]: v for k, v in facts.items() if k.startswith("first:")}

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def _rows(self, sql: str, *args: object) -> list[tuple[str, ...]]:
        with self._lock:
            return list(self._db.execute(sql, args))

    # -- Records ------------------------------------------------------------------------------

    def has(self, kind: str, ident: str) -> bool:
        return bool(self._rows("SELECT 1 FROM records WHERE kind = ? AND id = ?", kind, ident))

    def first(self, kind: str) -> str | None:
        return self._firsts.get(kind)

    def work_kinds(self) -> list[str]:
        return list(self._work_kinds)

    def label(self, kind: str, ident: str) -> str:
        found = self._rows("SELECT label FROM records WHERE kind = ? AND id = ?", kind, ident)
        return found[0][0] if found else ident

    def _what(self, kind: str, ident: str) -> str:
        found = self._rows("SELECT what FROM records WHERE kind = ? AND id = ?", kind, ident)
        return found[0][0] if found else kind

    def find(self, text: str) -> list[tuple[str, str]]:
        """Every ``(kind, id)`` that ``text`` names exactly, as :func:`mcugraph.resolve.find` gives them."""
        kind, sep, ident = text.partition(":")
        if sep and kind in ENTITY_KINDS:
            return [(kind, ident)] if self.has(kind, ident) else []
        by_id = [(k, i) for k, i in self._rows("SELECT kind, id FROM records WHERE id = ?", text)]
        by_id.sort(key=lambda item: list(ENTITY_KINDS).index(item[0]))
        by_name = [(k, i) for k, i in self._rows("SELECT kind, id FROM names WHERE key = ? AND by_name", fold(text))]
        out: list[tuple[str, str]] = []
        for item in by_id + by_name:
            if item not in out:
                out.append(item)
        return out

    def resolve(self, text: str, kinds: tuple[str, ...]) -> str:
        return self._one(text, kinds)[1]

    def _one(self, text: str, kinds: tuple[str, ...]) -> tuple[str, str]:
        """The one ``(kind, id)`` of ``kinds`` that ``text`` names, with the model's messages when there is not one."""
        return pick(text, kinds, find=self.find, label=self.label, what=self._what, nearest=self._nearest)

    def _nearest(self, text: str, kinds: tuple[str, ...] | None) -> str:
        """The hint for an unknown name, from the names that begin as it does."""
        key = fold(text)
        if not key:
            return ""
        start = key[:2]
        rows = self._rows(
            "SELECT key, kind, shown FROM names WHERE key >= ? AND key < ? LIMIT ?", start, start + "\U0010ffff", _NEAR
        )
        pool = {near: shown for near, kind, shown in rows if kinds is None or kind in kinds}
        return suggest(key, pool, shown=pool, quote=repr, last=", ")

    def named_elsewhere(self, text: str) -> bool:
        return bool(self.find(text))

    def day_of(self, text: str) -> dt.date:
        from mcugraph.continuity.questions import day_of

        try:
            return day_of(None, text)  # type: ignore[arg-type]  # a date, written as one: no records needed
        except MCUGraphError:
            if text[:1].isdigit():
                raise
        try:
            kind, ident = self._one(text, ("work", "event"))
        except NotFoundError as exc:
            raise NotFoundError(f"{exc} (a point of the story is a date YYYY[-MM[-DD]], a work or an event)") from None
        found = self._rows("SELECT day, problem FROM days WHERE kind = ? AND id = ?", kind, ident)
        day, problem = (
            found[0] if found else (None, f"{self.label(kind, ident)} ({ident}) cannot be placed in story time")
        )
        if day is None:
            raise MCUGraphError(problem)
        return dt.date.fromisoformat(day)
