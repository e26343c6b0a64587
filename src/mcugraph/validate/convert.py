"""Turn YAML nodes into typed records, collecting every type error with its position."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from typing import Any

from mcugraph.errors import Diagnostic, Mark
from mcugraph.model.time import Interval, PartialDate, Relative, TimeValue, parse_gap, parse_partial_date
from mcugraph.source.nodes import Mapping, Node, Scalar, Sequence
from mcugraph.validate.spec import ID_PATTERN, OBJECTS, QID_PATTERN, FieldSpec, ObjectSpec

__all__ = ["Converter", "suggest"]

_ID_RE = re.compile(ID_PATTERN)
_QID_RE = re.compile(QID_PATTERN)
_ID_MATCH = _ID_RE.match
_STR_TAG = "tag:yaml.org,2002:str"
_KIND_WORDS = {
    "tag:yaml.org,2002:bool": "a boolean",
    "tag:yaml.org,2002:int": "a number",
    "tag:yaml.org,2002:float": "a number",
    "tag:yaml.org,2002:null": "null",
    "tag:yaml.org,2002:timestamp": "a date",
}


def suggest(word: str, candidates: Any, *, n: int = 3) -> str:
    """Return ``; did you mean 'x'?`` for the nearest candidates, or an empty string."""
    matches = difflib.get_close_matches(word, list(candidates), n=n, cutoff=0.6)
    if not matches:
        return ""
    if len(matches) == 1:
        return f"; did you mean '{matches[0]}'?"
    return "; did you mean " + ", ".join(f"'{m}'" for m in matches[:-1]) + f" or '{matches[-1]}'?"


def _describe(node: Node) -> str:
    if isinstance(node, Mapping):
        return "a mapping"
    if isinstance(node, Sequence):
        return "a list"
    return _KIND_WORDS.get(node.tag, "text") + f" `{node.text}`"


class Converter:
    """Converts the nodes of one universe, appending problems to ``diagnostics``."""

    def __init__(self) -> None:
        self.diagnostics: list[Diagnostic] = []
        #: every reference met, checked once all files are read: (sections, id, mark, key)
        self.refs: list[tuple[str, str, Mark, str]] = []

    def error(self, mark: Mark, message: str) -> None:
        self.diagnostics.append(Diagnostic(mark, message))

    # -- records ---------------------------------------------------------------

    def record(self, node: Node, spec: ObjectSpec, *, where: str) -> dict[str, Any] | None:
        """Return the keyword arguments for ``spec.record``, or None if unusable.

        This runs once per record, hundreds of thousands of times in a large universe,
        so everything that depends only on the spec (required keys, defaults, which
        lists keep their items' positions) is read from the spec, worked out once.
        """
        if node.__class__ is not Mapping:
            self.error(node.mark, f"{where}: expected a mapping of fields, found {_describe(node)}")
            return None
        values: dict[str, Any] = {"mark": node.mark}
        ok = True
        by_key = spec.by_key
        single = self.single
        refs = self.refs
        owner = spec.name
        for key_node, value in node.items:
            field = by_key.get(key_node.text)
            if field is None:
                self._unknown_field(key_node, spec)
                ok = False
                continue
            kind = field.type
            if not field.many:
                # the common cases inline: well-formed text, ids and references;
                # ``single`` handles every case, and says what is wrong
                if value.__class__ is Scalar and value.tag == _STR_TAG:
                    text = value.text
                    if kind == "text" and text.strip() or kind == "id" and _ID_MATCH(text):
                        values[field.name] = text
                        continue
                    if kind == "ref" and _ID_MATCH(text):
                        refs.append((field.ref, text, value.mark, field.key))  # type: ignore[arg-type]
                        values[field.name] = text
                        continue
                converted = values[field.name] = single(value, field, owner=owner)
                if converted is _BAD:  # kept, so that the key does not count as missing
                    ok = False
                continue
            if value.__class__ is not Sequence:
                self.error(value.mark, f"'{field.key}' must be a list, found {_describe(value)}")
                values[field.name] = _BAD
                ok = False
                continue
            items = []
            for item in value.items:
                if kind == "ref" and item.__class__ is Scalar and item.tag == _STR_TAG and _ID_MATCH(item.text):
                    refs.append((field.ref, item.text, item.mark, field.key))  # type: ignore[arg-type]
                    items.append(item.text)
                    continue
                converted = single(item, field, owner=owner)
                if converted is _BAD:
                    ok = False
                items.append(converted)
            values[field.name] = tuple(items)
            marks_attr = spec.item_marks.get(field.name)
            if marks_attr is not None:
                values[marks_attr] = tuple(item.mark for item in value.items)
        for field in spec.required:
            if field.name not in values:
                self.error(node.mark, f"{spec.name} is missing the required field '{field.key}'")
                ok = False
        for name, default in spec.defaults:
            if name not in values:
                values[name] = default
        return values if ok else None

    def _unknown_field(self, key_node: Scalar, spec: ObjectSpec) -> None:
        key = key_node.text
        keys = list(spec.by_key)
        hint = suggest(key, keys)
        self.error(
            key_node.mark,
            f"unknown field '{key}' in {spec.name}{hint}" + ("" if hint else f" (fields: {', '.join(keys)})"),
        )

    def build(self, node: Node, spec: ObjectSpec, *, where: str) -> Any:
        values = self.record(node, spec, where=where)
        if values is None:
            return None
        return spec.record(**values)

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
                self.refs.append((field.ref, text, node.mark, field.key))
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
        if isinstance(node, Scalar):
            if isinstance(node.value, dt.datetime):
                self.error(node.mark, f"'{field.key}': write a date without a time, found `{node.text}`")
                return _BAD
            try:
                return parse_partial_date(node.text)
            except ValueError as exc:
                self.error(node.mark, f"'{field.key}': {exc}")
                return _BAD
        if isinstance(node, Sequence):
            self.error(node.mark, f"'{field.key}' must be a date or a mapping such as {{after: EVENT}}, found a list")
            return _BAD
        keys = node.keys()
        relation = [k for k in keys if k in ("after", "before", "during")]
        allowed = ("from", "to") if not relation else (relation[0], "gap")
        for key_node, _ in node.items:
            if key_node.text not in allowed:
                choices = ("from", "to", "after", "before", "during", "gap")
                self.error(
                    key_node.mark,
                    f"'{key_node.text}' does not belong in a time value here{suggest(key_node.text, choices)}"
                    " (write {from: …, to: …}, or one of after/before/during with an optional gap)",
                )
                return _BAD
        if relation:
            if len(relation) > 1:
                self.error(node.mark, "a time value takes one of after, before or during, not several")
                return _BAD
            target = node.get(relation[0])
            assert target is not None
            event = self.single(target, FieldSpec(relation[0], "ref", "", ref="events"), owner="time")
            if event is _BAD:
                return _BAD
            gap = None
            gap_node = node.get("gap")
            if gap_node is not None:
                if relation[0] == "during":
                    self.error(gap_node.mark, "'gap' goes with after or before, not during")
                    return _BAD
                gap = self.single(gap_node, FieldSpec("gap", "gap", ""), owner="time")
                if gap is _BAD:
                    return _BAD
            return Relative(relation[0], event, gap)  # type: ignore[arg-type]
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
        if bounds == [None, None]:
            self.error(node.mark, "an interval needs 'from', 'to' or both")
            return _BAD
        start, end = bounds
        if start is not None and end is not None and end.latest < start.earliest:
            self.error(node.mark, f"the interval ends ({end}) before it starts ({start})")
            return _BAD
        return Interval(start, end)


class _Bad:
    def __repr__(self) -> str:
        return "<bad>"


_BAD: Any = _Bad()
