"""Read the source files and build a validated :class:`~mcugraph.model.Universe`.

All problems of a run are collected and raised together as one
:class:`~mcugraph.errors.ValidationError`, each pointing at a file, line and column.
"""

from __future__ import annotations

import os
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from mcugraph._perf import paused_gc
from mcugraph.errors import Diagnostic, Mark, ValidationError
from mcugraph.hints import suggest
from mcugraph.model import replace
from mcugraph.model.records import UniverseInfo, Work
from mcugraph.model.universe import Universe
from mcugraph.source import Document, Mapping, Node, Scalar, Sequence, iter_converted, parse_text
from mcugraph.validate.convert import Converter, References
from mcugraph.validate.spec import ID_PATTERN, OBJECTS, SECTIONS
from mcugraph.validate.structure import check_structure

__all__ = ["read_universe", "parse_universe", "build_universe", "TOP_LEVEL_KEYS"]

TOP_LEVEL_KEYS = ("universe", "include", *SECTIONS)
_SINGULAR = {name: spec.kind or name for name, spec in SECTIONS.items()}
_ID_SECTIONS = {name for name, spec in SECTIONS.items() if spec.kind is not None}
_ID_MATCH = re.compile(ID_PATTERN).match
_SEPARATORS = re.compile(r"[\s_]+")


def read_universe(path: str | os.PathLike[str], *, ahead: bool | None = None) -> Universe:
    """Read ``path`` (and the files it includes) and return the validated universe.

    Raises :class:`~mcugraph.errors.SourceError` (or its subclass ``ValidationError``)
    carrying every problem found. ``ahead`` says whether the last files of a large
    universe may be read in a second process (:func:`mcugraph.source.iter_converted`);
    the universe and the problems are the same either way.
    """
    with paused_gc():
        # file by file: each node tree is converted and let go before the next is read
        return _build(iter_converted(path, _FileConverter(), ahead=ahead))


def parse_universe(text: str, *, path: str = "<string>") -> Universe:
    """Validate a universe written in one YAML string (no includes)."""
    with paused_gc():
        root = parse_text(text, path=path)
        return build_universe([Document(path=path, root=root, included_from=None)])


def build_universe(documents: Iterable[Document]) -> Universe:
    """Validate read documents into a Universe (the collector is paused: see mcugraph._perf).

    The documents are converted in turn and none is kept, so an iterator such as
    :func:`~mcugraph.source.iter_documents` holds one file's node tree at a time.
    """
    with paused_gc():
        convert = _FileConverter()
        return _build(convert(doc) for doc in documents)


@dataclass(frozen=True)
class _Converted:
    """What converting one file gives: its records by section, the ids of the records it
    could not keep (with where the error is), and what its converter found. Each file is
    converted on its own, so that it can be done in another process and sent back."""

    path: str
    root_mark: Mark  # where the file's top-level mapping starts
    written: bool  # whether it writes a `universe` section
    info: UniverseInfo | None  # the universe record (the root file only)
    collected: dict[str, list[Any]]
    unkept: dict[str, dict[str, Mark]]
    diagnostics: list[Diagnostic]
    refs: References
    anchors: References


class _FileConverter:
    """Converts one document; the converters of one universe share their strings."""

    def __init__(self) -> None:
        self.shared: dict[str, str] = {}

    def __call__(self, doc: Document) -> _Converted:
        conv = Converter(shared=self.shared)
        collected: dict[str, list[Any]] = defaultdict(list)
        unkept: dict[str, dict[str, Mark]] = defaultdict(dict)
        root = doc.included_from is None
        written, info = _convert_document(conv, doc, root=root, collected=collected, unkept=unkept)
        return _Converted(
            doc.path,
            doc.root.mark,
            written,
            info,
            dict(collected),
            dict(unkept),
            conv.diagnostics,
            conv.refs,
            conv.anchors,
        )


def _build(parts: Iterable[_Converted]) -> Universe:
    conv = Converter()  # the whole universe's: gathers what each file found, then checks across files
    collected: dict[str, list[Any]] = defaultdict(list)  # section -> its kept records
    #: section -> id of a record that could not be kept -> the position of the error that lost it
    unkept: dict[str, dict[str, Mark]] = defaultdict(dict)
    info = None
    universe_written = False
    files: list[str] = []
    root_mark: Mark | None = None  # where the root file's mapping starts
    for part in parts:
        if not files:
            root_mark = part.root_mark
        conv.diagnostics.extend(part.diagnostics)
        conv.refs.extend(part.refs)
        conv.anchors.extend(part.anchors)
        for section, records in part.collected.items():
            collected[section].extend(records)
        for section, lost in part.unkept.items():
            first = unkept[section]
            for ident, mark in lost.items():
                first.setdefault(ident, mark)
        universe_written = universe_written or part.written
        if part.info is not None:
            info = part.info
        files.append(part.path)
        del part  # so that no file's result is held twice
    if root_mark is not None and not universe_written:
        conv.error(root_mark, "the root file has no 'universe' section (id, name, base_iri, license)")

    tables: dict[str, dict[str, Any]] = {}
    for section in _ID_SECTIONS:
        table: dict[str, Any] = {}
        for record in collected.get(section, ()):
            if record.id in table:
                conv.error(record.mark, f"duplicate id '{record.id}' in {section} (first at {table[record.id].mark})")
            else:
                table[record.id] = record
        tables[section] = table

    follow_ons = _check_references(conv, tables, unkept)
    if conv.diagnostics:
        raise ValidationError(_in_order(conv.diagnostics, follow_ons))

    works = _complete_works(tables["works"])
    universe = Universe(
        info=info,  # type: ignore[arg-type]
        sources=tables["sources"],
        works=works,
        people=tables["people"],
        characters=tables["characters"],
        portrayals=collected.get("portrayals", []),
        appearances=collected.get("appearances", []),
        crew=collected.get("crew", []),
        events=tables["events"],
        organizations=tables["organizations"],
        locations=tables["locations"],
        relationships=collected.get("relationships", []),
        orders=tables["orders"],
        acknowledged=collected.get("acknowledged", []),
        secrets=tables["secrets"],
        knowledge=collected.get("knowledge", []),
        files=tuple(files),
    )
    problems = check_structure(universe)
    if problems:
        raise ValidationError(sorted(problems, key=lambda d: d.mark))
    return universe


def _convert_document(
    conv: Converter,
    doc: Document,
    *,
    root: bool,
    collected: dict[str, list[Any]],
    unkept: dict[str, dict[str, Mark]],
) -> tuple[bool, UniverseInfo | None]:
    """Convert the sections of one file into ``collected`` (and ``unkept``); return whether
    it writes a ``universe`` section, and the universe record it builds (the root only)."""
    universe_written = False
    info: UniverseInfo | None = None
    for key_node, value in doc.root.items:
        key = key_node.text
        if key == "include":
            continue
        if key == "universe":
            universe_written = True  # if it is broken or misplaced, that error says so
            if not root:
                conv.error(key_node.mark, "'universe' belongs in the root file only")
                continue
            info = conv.build(value, OBJECTS["universe"], where="universe")
            if info is not None and not info.base_iri.endswith(("/", "#")):
                conv.error(value.mark, f"base_iri '{info.base_iri}' must end in '/' or '#'")
            if info is not None and not info.ontology_iri.endswith(("/", "#")):
                conv.error(value.mark, f"ontology_iri '{info.ontology_iri}' must end in '/' or '#'")
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
            record, broken = conv.entry(item, spec, where=f"an entry of '{key}'")
            if broken is None:
                collected[key].append(record)
            elif key in _ID_SECTIONS:
                ident = _meant_id(item)
                if ident is not None:
                    unkept[key].setdefault(ident, broken)
    return universe_written, info


def _meant_id(node: Node) -> str | None:
    """The id a record that was not kept was meant to have: its id as written, or, when
    that id is itself the error, its nearest kebab-case form ('Karen_Page' -> 'karen-page')."""
    id_node = node.get("id") if isinstance(node, Mapping) else None
    if not isinstance(id_node, Scalar):
        return None
    text = _SEPARATORS.sub("-", id_node.text.strip().lower())
    return text if _ID_MATCH(text) else None


def _check_references(
    conv: Converter, tables: dict[str, dict[str, Any]], unkept: dict[str, dict[str, Mark]]
) -> dict[int, Mark]:
    """Report every reference to an id no record has.

    The references to a record that was written but not kept are folded into one line, at
    the first of them, that points at the error which lost the record: the id is not
    unknown, and a "did you mean" would point at a wrong fix. Returns, for each such line
    (by ``id``), the position of that error, which it is sorted after.
    """
    targets: dict[str, list[dict[str, Any]]] = {}  # "characters|organizations" -> their tables
    lost: dict[tuple[str, str], list[tuple[Mark, str]]] = {}  # (section, id) -> its references
    refs = conv.refs
    for sections, ident, key, at in refs:
        pools = targets.get(sections)
        if pools is None:
            pools = targets[sections] = [tables[name] for name in sections.split("|")]
        if ident in pools[0] or len(pools) > 1 and any(ident in pool for pool in pools):
            continue
        names = sections.split("|")
        section = next((name for name in names if ident in unkept.get(name, ())), None)
        if section is not None:
            lost.setdefault((section, ident), []).append((refs.mark(at), key))
            continue
        pool = [i for name in names for i in tables[name]]
        what = " or ".join(_SINGULAR[n] for n in names)
        conv.error(refs.mark(at), f"'{key}' refers to unknown {what} '{ident}'{suggest(ident, pool)}")
    follow_ons: dict[int, Mark] = {}
    for (section, ident), uses in lost.items():
        mark, key = min(uses)
        cause = unkept[section][ident]
        more = len(uses) - 1
        line = Diagnostic(
            mark,
            f"'{key}' refers to {_SINGULAR[section]} '{ident}', which was not kept because of the error at {cause}"
            + (f" (and {more} more reference{'s' if more > 1 else ''} to it)" if more else ""),
        )
        conv.diagnostics.append(line)
        follow_ons[id(line)] = cause
    for _, ident, key, at in conv.anchors:
        if ident in tables["events"] and ident in tables["works"]:
            conv.error(
                conv.anchors.mark(at),
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
    return follow_ons


def _in_order(diagnostics: list[Diagnostic], follow_ons: dict[int, Mark]) -> list[Diagnostic]:
    """By position, except that a line caused by another error comes right after it."""

    def key(d: Diagnostic) -> tuple[Mark, int, Mark]:
        cause = follow_ons.get(id(d))
        return (d.mark, 0, d.mark) if cause is None else (cause, 1, d.mark)

    return sorted(diagnostics, key=key)


def _complete_works(works: dict[str, Work]) -> dict[str, Work]:
    """Give seasons their display title ("Daredevil season 2")."""
    out = dict(works)
    for wid, work in works.items():
        if work.kind == "season" and not work.title:
            series = works.get(work.series or "")
            base = series.title if series is not None else "Season"
            out[wid] = replace(work, title=f"{base} season {work.number}")
    return out
