"""Turn YAML nodes into typed records, collecting every type error with its position."""

from __future__ import annotations

import datetime as dt
import re
from array import array
from collections.abc import Iterator
from typing import Any

from mcugraph._text import unsafe_character
from mcugraph.errors import Diagnostic, Mark
from mcugraph.hints import suggest  # re-exported: callers import it from here
from mcugraph.model.time import (
    BASES,
    Bound,
    Combined,
    Interval,
    PartialDate,
    Relative,
    TimeValue,
    parse_gap,
    parse_partial_date,
)
from mcugraph.source.nodes import Mapping, Node, Scalar, Sequence
from mcugraph.validate.spec import ID_PATTERN, OBJECTS, QID_PATTERN, FieldSpec, ObjectSpec

__all__ = ["Converter", "References", "suggest"]

_ID_RE = re.compile(ID_PATTERN)
_QID_RE = re.compile(QID_PATTERN)
_ID_MATCH = _ID_RE.match
_STR_TAG = "tag:yaml.org,2002:str"
_INT_TAG = "tag:yaml.org,2002:int"
#: text that may run over several lines (and hold tabs); names, titles and the rest are one line
_MULTILINE = frozenset({"note", "description", "reason", "how", "message"})
#: one-line text with nothing unsafe in it (the fast path; anything else goes the careful way)
_PLAIN = re.compile("[^\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]*").fullmatch
_TIME_KEYS = ("in", "from", "to", "after", "before", "during", "gap", "basis", "sources", "note")
_KIND_WORDS = {
    "tag:yaml.org,2002:bool": "a boolean",
    "tag:yaml.org,2002:int": "a number",
    "tag:yaml.org,2002:float": "a number",
    "tag:yaml.org,2002:null": "null",
    "tag:yaml.org,2002:timestamp": "a date",
}


def _describe(node: Node) -> str:
    if isinstance(node, Mapping):
        return "a mapping"
    if isinstance(node, Sequence):
        return "a list"
    return _KIND_WORDS.get(node.tag, "text") + f" `{node.text}`"


class References:
    """The references met while converting, kept until every file is read, then checked.

    Held as columns (the id, and the position as file, line and column) rather than as
    a tuple and a :class:`Mark` each: a million-entity universe makes millions of them.
    As small objects that all die at the end of the read, they were interleaved with the
    records that live on, and left about 600 MB of holes behind in the memory the records
    keep (docs/performance.md, "Reading at scale"). The columns are a few large blocks,
    handed back whole; a Mark is made only for a reference that is reported.
    """

    __slots__ = ("_kinds", "_kind", "_ident", "_path", "_line", "_column")

    def __init__(self) -> None:
        self._kinds: dict[tuple[str, str], int] = {}  # (sections, key) -> its number
        self._kind = array("I")
        self._ident: list[str] = []
        self._path: list[str] = []  # the nodes' own path strings: one per file, shared
        self._line = array("I")
        self._column = array("I")

    def add(self, sections: str, ident: str, node: Node, key: str) -> None:
        """Note that ``node`` (under ``key``) refers to ``ident`` in one of ``sections`` ("a|b")."""
        kinds = self._kinds
        kind = kinds.setdefault((sections, key), len(kinds))
        self._kind.append(kind)
        self._ident.append(ident)
        self._path.append(node[-3])  # every node ends with its path, line and column
        self._line.append(node[-2])
        self._column.append(node[-1])

    def __len__(self) -> int:
        return len(self._ident)

    def extend(self, other: References) -> None:
        """Append the references ``other`` met (one file's), after these."""
        kinds = self._kinds
        renumber = [kinds.setdefault(kind, len(kinds)) for kind in other._kinds]
        if renumber == list(range(len(renumber))):
            self._kind.extend(other._kind)
        else:
            self._kind.extend(array("I", map(renumber.__getitem__, other._kind)))
        self._ident.extend(other._ident)
        self._path.extend(other._path)
        self._line.extend(other._line)
        self._column.extend(other._column)

    def __iter__(self) -> Iterator[tuple[str, str, str, int]]:
        """(sections, id, key, index) in the order they were met; ``mark(index)`` is where."""
        kinds = list(self._kinds)
        for index, (kind, ident) in enumerate(zip(self._kind, self._ident, strict=True)):
            sections, key = kinds[kind]
            yield sections, ident, key, index

    def mark(self, index: int) -> Mark:
        return Mark(self._path[index], self._line[index], self._column[index])


class Converter:
    """Converts the nodes of one universe, appending problems to ``diagnostics``."""

    def __init__(self, *, shared: dict[str, str] | None = None) -> None:
        self.diagnostics: list[Diagnostic] = []
        #: every reference met, checked once all files are read
        self.refs = References()
        #: placements written with a bare id (an event's or a work's), sections left empty
        self.anchors = References()
        #: one string object per distinct id, reference and choice: the parser makes a new
        #: one for every scalar, and at a million entities the copies of the same few
        #: (a source cited by every record, a record's id in each reference to it) took
        #: a quarter of the model's memory
        self.shared: dict[str, str] = {} if shared is None else shared

    def error(self, mark: Mark, message: str) -> None:
        self.diagnostics.append(Diagnostic(mark, message))

    # -- records ---------------------------------------------------------------

    def record(self, node: Node, spec: ObjectSpec, *, where: str) -> dict[str, Any] | Mark:
        """Return the keyword arguments for ``spec.record``, or the position of the error
        that leaves the record unusable.

        One bad field costs that field only: an unknown key, or an optional field with a bad
        value (or a bad item of a list), is reported and left out, as if it were not written,
        and the record is kept. Only a node that is not a mapping, or a required field that
        is missing or wrong, loses the record; then what refers to it is told why (see the
        loader), rather than that the id is unknown.

        This runs once per record, hundreds of thousands of times in a large universe,
        so everything that depends only on the spec (required keys, defaults, which
        lists keep their items' positions) is read from the spec, worked out once.
        """
        if node.__class__ is not Mapping:
            self.error(node.mark, f"{where}: expected a mapping of fields, found {_describe(node)}")
            return node.mark
        values: dict[str, Any] = {"mark": node.mark}
        broken: Mark | None = None  # the first required field that is wrong
        by_key = spec.by_key
        single = self.single
        add_ref = self.refs.add
        share = self.shared.setdefault
        owner = spec.name
        for key_node, value in node.items:
            field = by_key.get(key_node.text)
            if field is None:
                self._unknown_field(key_node, spec)
                continue
            kind = field.type
            if not field.many:
                # the common cases inline: well-formed text, ids, choices, references and
                # counts; ``single`` handles every case, and says what is wrong
                if value.__class__ is Scalar:
                    if value.tag == _STR_TAG:
                        text = value.text
                        if kind == "text" and text.strip() and _PLAIN(text):
                            values[field.name] = text
                            continue
                        if (kind == "id" and _ID_MATCH(text)) or (kind == "enum" and text in field.choices):
                            values[field.name] = share(text, text)
                            continue
                        if kind == "ref" and _ID_MATCH(text):
                            text = share(text, text)
                            add_ref(field.ref, text, value, field.key)  # type: ignore[arg-type]
                            values[field.name] = text
                            continue
                    elif kind == "int" and value.tag == _INT_TAG and value.plain and value.value.__class__ is int:
                        number = value.value
                        if number >= 1:  # every count is fine from 1 on (see ``single``)
                            values[field.name] = number
                            continue
                converted = single(value, field, owner=owner)
                if converted is not _BAD:
                    values[field.name] = converted
                elif field.required:
                    values[field.name] = _BAD  # so that the key does not also count as missing
                    broken = broken or value.mark
                continue
            if value.__class__ is not Sequence:
                self.error(value.mark, f"'{field.key}' must be a list, found {_describe(value)}")
                if field.required:
                    values[field.name] = _BAD
                    broken = broken or value.mark
                continue
            items = []
            skipped: list[Node] = []  # bad items, left out of the list
            for item in value.items:
                if item.__class__ is Scalar and item.tag == _STR_TAG:
                    text = item.text
                    if kind == "ref" and _ID_MATCH(text):
                        text = share(text, text)
                        add_ref(field.ref, text, item, field.key)  # type: ignore[arg-type]
                        items.append(text)
                        continue
                    if kind == "enum" and text in field.choices:
                        items.append(share(text, text))
                        continue
                    if kind == "text" and text.strip() and _PLAIN(text):
                        items.append(text)
                        continue
                converted = single(item, field, owner=owner)
                if converted is _BAD:
                    skipped.append(item)
                else:
                    items.append(converted)
            values[field.name] = tuple(items)
            marks_attr = spec.item_marks.get(field.name)
            if marks_attr is not None:
                if skipped:
                    bad = {id(item) for item in skipped}
                    values[marks_attr] = tuple(item.mark for item in value.items if id(item) not in bad)
                else:
                    values[marks_attr] = tuple([item.mark for item in value.items])
        for field in spec.required:
            if field.name not in values:
                self.error(node.mark, f"{spec.name} is missing the required field '{field.key}'")
                broken = broken or node.mark
        if broken is not None:
            return broken
        for name, default in spec.defaults:
            if name not in values:
                values[name] = default
        return values

    def _unknown_field(self, key_node: Scalar, spec: ObjectSpec) -> None:
        key = key_node.text
        keys = list(spec.by_key)
        hint = suggest(key, keys)
        self.error(
            key_node.mark,
            f"unknown field '{key}' in {spec.name}{hint}" + ("" if hint else f" (fields: {', '.join(keys)})"),
        )

    def build(self, node: Node, spec: ObjectSpec, *, where: str) -> Any:
        """The record ``node`` describes, or None if it cannot be kept (see :meth:`record`)."""
        return self.entry(node, spec, where=where)[0]

    def entry(self, node: Node, spec: ObjectSpec, *, where: str) -> tuple[Any, Mark | None]:
        """``(record, None)``, or ``(None, position of the error)`` for a record not kept."""
        values = self.record(node, spec, where=where)
        if isinstance(values, dict):
            return spec.record(**values), None
        return None, values

    # -- values ----------------------------------------------------------------

    def value(self, node: Node, field: FieldSpec, *, owner: str) -> Any:
        if field.many:
            if not isinstance(node, Sequence):
                self.error(node.mark, f"'{field.key}' must be a list, found {_describe(node)}")
                return _BAD
            items = [self.single(item, field, owner=owner) for item in node.items]
            if any(item is _BAD for item in items):
                return _BAD
            return tuple(items)
        return self.single(node, field, owner=owner)

    def single(self, node: Node, field: FieldSpec, *, owner: str) -> Any:
        kind = field.type
        if kind == "object":
            assert field.obj is not None
            built = self.build(node, OBJECTS[field.obj], where=f"'{field.key}' entry")
            return _BAD if built is None else built
        if kind == "time":
            return self.time(node, field)
        if not isinstance(node, Scalar):
            self.error(node.mark, f"'{field.key}' must be a single value, found {_describe(node)}")
            return _BAD
        if kind == "bool":
            if node.tag != "tag:yaml.org,2002:bool":
                self.error(node.mark, f"'{field.key}' must be true or false, found {_describe(node)}")
                return _BAD
            return node.value
        if kind == "int":
            if node.tag != "tag:yaml.org,2002:int" or isinstance(node.value, bool) or not node.plain:
                self.error(node.mark, f"'{field.key}' must be a whole number, found {_describe(node)}")
                return _BAD
            number = node.value
            assert isinstance(number, int)
            if number < 1 and field.key in ("number", "phase") or number < 0:
                self.error(
                    node.mark, f"'{field.key}' must be {'0' if field.key == 'age' else '1'} or more, found {number}"
                )
                return _BAD
            return number
        if kind == "date":
            return self.date(node, field)
        if kind == "gap":
            try:
                return parse_gap(node.text)
            except ValueError as exc:
                self.error(node.mark, str(exc))
                return _BAD
        text = self.text(node, field)
        if text is None:
            return _BAD
        if kind in ("id", "ref"):
            if not _ID_RE.match(text):
                self.error(node.mark, f"'{text}' is not a valid id: use lower-case words joined by '-' (kebab-case)")
                return _BAD
            if kind == "ref":
                assert field.ref is not None
                self.refs.add(field.ref, text, node, field.key)
        elif kind == "qid":
            if not _QID_RE.match(text):
                self.error(node.mark, f"'{text}' is not a Wikidata QID: write Q followed by digits, e.g. Q42")
                return _BAD
        elif kind == "iri":
            if not re.match(r"^https?://[^\s<>\"{}|\\^`]+$", text):
                self.error(node.mark, f"'{text}' is not an http(s) IRI")
                return _BAD
        elif kind == "enum" and text not in field.choices:
            self.error(
                node.mark,
                f"'{text}' is not a valid {field.key}{suggest(text, field.choices)} (one of: {', '.join(field.choices)})",
            )
            return _BAD
        return text

    def text(self, node: Scalar, field: FieldSpec) -> str | None:
        if node.tag == _STR_TAG:
            if not node.text.strip():
                self.error(node.mark, f"'{field.key}' must not be empty")
                return None
            bad = unsafe_character(node.text, multiline=field.key in _MULTILINE)
            if bad is not None:
                at, what = bad
                self.error(
                    node.mark,
                    f"'{field.key}' holds {what} at character {at + 1}: remove it"
                    + (
                        " (control characters and direction overrides could rewrite a terminal or reverse text)"
                        if not what.endswith(("TAB", "LINE FEED"))
                        else f" ('{field.key}' is one line)"
                    ),
                )
                return None
            return node.text
        hint = ""
        if node.plain:
            hint = f"; YAML 1.1 reads {node.text} as {node.value!r}: quote it ('{node.text}') if text is meant"
        self.error(node.mark, f"'{field.key}' must be text, found {_describe(node)}{hint}")
        return None

    def date(self, node: Scalar, field: FieldSpec) -> Any:
        if isinstance(node.value, dt.datetime):
            self.error(node.mark, f"'{field.key}' must be a date (YYYY-MM-DD) without a time, found `{node.text}`")
            return _BAD
        if isinstance(node.value, dt.date):
            return node.value
        try:
            return dt.date.fromisoformat(node.text)
        except ValueError:
            try:
                parse_partial_date(node.text)
            except ValueError as exc:
                self.error(node.mark, f"'{field.key}': {exc}")
                return _BAD
            self.error(node.mark, f"'{field.key}' must be a full date YYYY-MM-DD, found `{node.text}`")
            return _BAD

    def time(self, node: Node, field: FieldSpec) -> TimeValue | object:
        """A time value: a date, an interval, a placement, a combination, or a list of them."""
        if isinstance(node, Sequence):
            if not node.items:
                self.error(node.mark, f"'{field.key}' is an empty list: write at least one placement")
                return _BAD
            parts: list[Bound | Combined] = []
            for item in node.items:
                if isinstance(item, Sequence):
                    self.error(item.mark, f"'{field.key}': a list of placements cannot hold another list")
                    return _BAD
                value = self.time(item, field)
                if value is _BAD:
                    return _BAD
                parts.append(value)  # type: ignore[arg-type]  # each keeps its own basis and sources
            return Combined(tuple(parts))
        if isinstance(node, Scalar):
            if isinstance(node.value, dt.datetime):
                self.error(node.mark, f"'{field.key}': write a date without a time, found `{node.text}`")
                return _BAD
            try:
                return parse_partial_date(node.text)
            except ValueError as exc:
                self.error(node.mark, f"'{field.key}': {exc}")
                return _BAD
        return self._placement(node, field)

    def _placement(self, node: Mapping, field: FieldSpec) -> TimeValue | object:
        keys = node.keys()
        for key_node, _ in node.items:
            if key_node.text not in _TIME_KEYS:
                self.error(
                    key_node.mark,
                    f"'{key_node.text}' does not belong in a time value{suggest(key_node.text, _TIME_KEYS)}"
                    " (write {from: …, to: …}, after/before/during with an optional gap, in: DATE,"
                    " and basis/sources/note)",
                )
                return _BAD
        relations = [k for k in keys if k in ("after", "before", "during")]
        parts: list[Bound] = []
        if "in" in keys:
            if "from" in keys or "to" in keys:
                self.error(node.mark, "write either 'in' or 'from'/'to' in one time value, not both")
                return _BAD
            sub = node.get("in")
            assert sub is not None
            if isinstance(sub, Mapping) and not set(sub.keys()) <= {"from", "to"}:
                self.error(sub.mark, "'in' takes a date (YYYY, YYYY-MM, YYYY-MM-DD) or {from: …, to: …}")
                return _BAD
            value = self.time(sub, FieldSpec("in", "time", ""))
            if value is _BAD:
                return _BAD
            if not isinstance(value, (PartialDate, Interval)):
                self.error(sub.mark, "'in' takes a date (YYYY, YYYY-MM, YYYY-MM-DD) or {from: …, to: …}")
                return _BAD
            parts.append(value)
        elif "from" in keys or "to" in keys:
            interval = self._interval(node)
            if not isinstance(interval, Interval):
                return _BAD
            parts.append(interval)
        gap = None
        gap_node = node.get("gap")
        if gap_node is not None:
            sided = [r for r in relations if r != "during"]
            if len(sided) != 1:
                self.error(
                    gap_node.mark,
                    "'gap' goes with exactly one 'after' or 'before' in the same mapping"
                    " (for two gaps, write a list: [{after: X, gap: …}, {before: Y, gap: …}])",
                )
                return _BAD
            gap = self.single(gap_node, FieldSpec("gap", "gap", ""), owner="time")
            if gap is _BAD:
                return _BAD
        for relation in relations:
            target_node = node.get(relation)
            assert target_node is not None
            anchor = self._anchor(target_node, relation)
            if not isinstance(anchor, tuple):
                return _BAD
            kind, target = anchor
            parts.append(
                Relative(relation, target, gap if relation != "during" else None, kind)  # type: ignore[arg-type]
            )
        if not parts:
            self.error(node.mark, "a time value needs a date, an interval, or one of after/before/during")
            return _BAD
        basis = None
        basis_node = node.get("basis")
        if basis_node is not None:
            basis = self.single(basis_node, FieldSpec("basis", "enum", "", choices=BASES), owner="time")
            if basis is _BAD:
                return _BAD
        sources: tuple[str, ...] = ()
        sources_node = node.get("sources")
        if sources_node is not None:
            sources = self.value(sources_node, FieldSpec("sources", "ref", "", many=True, ref="sources"), owner="time")
            if sources is _BAD:
                return _BAD
        note = None
        note_node = node.get("note")
        if note_node is not None:
            note = self.single(note_node, FieldSpec("note", "text", ""), owner="time")
            if note is _BAD:
                return _BAD
        if len(parts) == 1 and basis is None and not sources and note is None:
            return parts[0]
        return Combined(tuple(parts), basis, sources, note)

    def _anchor(self, node: Node, relation: str) -> tuple[str | None, str] | None:
        """``ID``, ``event:ID`` or ``work:ID``: what a placement is relative to."""
        if not isinstance(node, Scalar):
            self.error(node.mark, f"'{relation}' takes the id of an event or a work, found {_describe(node)}")
            return None
        text = self.text(node, FieldSpec(relation, "text", ""))
        if text is None:
            return None
        kind, sep, ident = text.partition(":")
        if not sep:
            kind, ident = "", text
        elif kind not in ("event", "work"):
            self.error(node.mark, f"'{relation}: {text}': write ID, event:ID or work:ID")
            return None
        if not _ID_RE.match(ident):
            self.error(node.mark, f"'{ident}' is not a valid id: use lower-case words joined by '-' (kebab-case)")
            return None
        pools = {"event": "events", "work": "works", "": "events|works"}[kind]
        ident = self.shared.setdefault(ident, ident)
        self.refs.add(pools, ident, node, relation)
        if not kind:
            self.anchors.add("", ident, node, relation)
        return (kind or None), ident

    def _interval(self, node: Mapping) -> Interval | object:
        bounds: list[PartialDate | None] = []
        for key in ("from", "to"):
            sub = node.get(key)
            if sub is None:
                bounds.append(None)
                continue
            value = self.time(sub, FieldSpec(key, "time", ""))
            if value is _BAD:
                return _BAD
            if not isinstance(value, PartialDate):
                self.error(sub.mark, f"'{key}' of an interval must be a date (YYYY, YYYY-MM or YYYY-MM-DD)")
                return _BAD
            bounds.append(value)
        start, end = bounds
        if start is not None and end is not None and end.latest < start.earliest:
            self.error(node.mark, f"the interval ends ({end}) before it starts ({start})")
            return _BAD
        return Interval(start, end)


class _Bad:
    def __repr__(self) -> str:
        return "<bad>"


_BAD: Any = _Bad()
