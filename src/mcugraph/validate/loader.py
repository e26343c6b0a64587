"""Read the source files and build a validated :class:`~mcugraph.model.Universe`.

All problems of a run are collected and raised together as one
:class:`~mcugraph.errors.ValidationError`, each pointing at a file, line and column.
"""

from __future__ import annotations

import os
from collections import defaultdict
from typing import Any

from mcugraph._perf import paused_gc
from mcugraph.errors import Mark, ValidationError
from mcugraph.hints import suggest
from mcugraph.model import replace
from mcugraph.model.records import Work
from mcugraph.model.universe import Universe
from mcugraph.source import Document, Mapping, Sequence, parse_text, read_documents
from mcugraph.validate.convert import Converter
from mcugraph.validate.spec import OBJECTS, SECTIONS
from mcugraph.validate.structure import check_structure

__all__ = ["read_universe", "parse_universe", "build_universe", "TOP_LEVEL_KEYS"]

TOP_LEVEL_KEYS = ("universe", "include", *SECTIONS)
_SINGULAR = {name: spec.kind or name for name, spec in SECTIONS.items()}
_ID_SECTIONS = {name for name, spec in SECTIONS.items() if spec.kind is not None}


def read_universe(path: str | os.PathLike[str]) -> Universe:
    """Read ``path`` (and the files it includes) and return the validated universe.

    Raises :class:`~mcugraph.errors.SourceError` (or its subclass ``ValidationError``)
    carrying every problem found.
    """
    with paused_gc():
        return build_universe(read_documents(path))


def parse_universe(text: str, *, path: str = "<string>") -> Universe:
    """Validate a universe written in one YAML string (no includes)."""
    with paused_gc():
        root = parse_text(text, path=path)
        return build_universe([Document(path=path, root=root, included_from=None)])


def build_universe(documents: list[Document]) -> Universe:
    """Validate read documents into a Universe (the collector is paused: see mcugraph._perf)."""
    with paused_gc():
        return _build(documents)


def _build(documents: list[Document]) -> Universe:
    conv = Converter()
    collected: dict[str, list[tuple[Any, Mark]]] = defaultdict(list)
    info = None
    for index, doc in enumerate(documents):
        for key_node, value in doc.root.items:
            key = key_node.text
            if key == "include":
                continue
            if key == "universe":
                if index != 0:
                    conv.error(key_node.mark, "'universe' belongs in the root file only")
                    continue
                info = conv.build(value, OBJECTS["universe"], where="universe")
                if info is not None and not info.base_iri.endswith(("/", "#")):
                    conv.error(value.mark, f"base_iri '{info.base_iri}' must end in '/' or '#'")
                continue
            spec = SECTIONS.get(key)
            if spec is None:
                conv.error(
                    key_node.mark,
                    f"unknown section '{key}'{suggest(key, TOP_LEVEL_KEYS)}"
                    + ("" if suggest(key, TOP_LEVEL_KEYS) else f" (sections: {', '.join(TOP_LEVEL_KEYS)})"),
                )
                continue
            if not isinstance(value, Sequence):
                if isinstance(value, Mapping) or value.value is not None:  # an empty section is fine
                    conv.error(value.mark, f"section '{key}' must be a list of records")
                continue
            for item in value.items:
                record = conv.build(item, spec, where=f"an entry of '{key}'")
                if record is not None:
                    collected[key].append((record, item.mark))
    if documents and info is None and not any(d.message.startswith("'universe'") for d in conv.diagnostics):
        first = documents[0]
        conv.error(first.root.mark, "the root file has no 'universe' section (id, name, base_iri, license)")

    tables: dict[str, dict[str, Any]] = {}
    for section in _ID_SECTIONS:
        table: dict[str, Any] = {}
        for record, mark in collected.get(section, ()):
            if record.id in table:
                conv.error(mark, f"duplicate id '{record.id}' in {section} (first at {table[record.id].mark})")
            else:
                table[record.id] = record
        tables[section] = table

    _check_references(conv, tables)
    if conv.diagnostics:
        raise ValidationError(sorted(conv.diagnostics, key=lambda d: d.mark))

    works = _complete_works(tables["works"])
    universe = Universe(
        info=info,  # type: ignore[arg-type]
        sources=tables["sources"],
        works=works,
        people=tables["people"],
        characters=tables["characters"],
        portrayals=[r for r, _ in collected.get("portrayals", ())],
        appearances=[r for r, _ in collected.get("appearances", ())],
        events=tables["events"],
        organizations=tables["organizations"],
        locations=tables["locations"],
        relationships=[r for r, _ in collected.get("relationships", ())],
        orders=tables["orders"],
        acknowledged=[r for r, _ in collected.get("acknowledged", ())],
        secrets=tables["secrets"],
        knowledge=[r for r, _ in collected.get("knowledge", ())],
        files=tuple(d.path for d in documents),
    )
    problems = check_structure(universe)
    if problems:
        raise ValidationError(sorted(problems, key=lambda d: d.mark))
    return universe


def _check_references(conv: Converter, tables: dict[str, dict[str, Any]]) -> None:
    targets: dict[str, list[dict[str, Any]]] = {}  # "characters|organizations" -> their tables
    to_dropped: dict[str, list[tuple[Mark, str]]] = defaultdict(list)  # references to records not kept
    for sections, ident, mark, key in conv.refs:
        pools = targets.get(sections)
        if pools is None:
            pools = targets[sections] = [tables[name] for name in sections.split("|")]
        if ident in pools[0] or len(pools) > 1 and any(ident in pool for pool in pools):
            continue
        if ident in conv.dropped:
            to_dropped[ident].append((mark, key))
            continue
        names = sections.split("|")
        pool = [i for name in names for i in tables[name]]
        what = " or ".join(_SINGULAR[n] for n in names)
        conv.error(mark, f"'{key}' refers to unknown {what} '{ident}'{suggest(ident, pool)}")
    for ident, uses in to_dropped.items():  # one line each: the fix is at the record's own error
        (mark, key), more = uses[0], len(uses) - 1
        rest = f" (and {more} more reference{'s' if more > 1 else ''} to it)" if more else ""
        conv.error(
            mark, f"'{key}' refers to '{ident}', which was left out for the error at {conv.dropped[ident]}{rest}"
        )
    for ident, mark, key in conv.anchors:
        if ident in tables["events"] and ident in tables["works"]:
            conv.error(
                mark,
                f"'{key}: {ident}' could be the event or the work of that id:"
                f" write '{key}: event:{ident}' or '{key}: work:{ident}'",
            )
    clash = set(tables["characters"]) & set(tables["organizations"])
    for ident in sorted(clash):
        conv.error(
            tables["organizations"][ident].mark,
            f"organization id '{ident}' is also a character id (first at {tables['characters'][ident].mark});"
            " relationships could not tell them apart: rename one",
        )


def _complete_works(works: dict[str, Work]) -> dict[str, Work]:
    """Give seasons their display title ("Daredevil season 2")."""
    out = dict(works)
    for wid, work in works.items():
        if work.kind == "season" and not work.title:
            series = works.get(work.series or "")
            base = series.title if series is not None else "Season"
            out[wid] = replace(work, title=f"{base} season {work.number}")
    return out
