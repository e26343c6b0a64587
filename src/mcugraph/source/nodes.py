"""The node tree the strict reader builds: scalars, mappings and sequences with marks.

Every node remembers where it was written (its ``mark``, a 1-based
:class:`~mcugraph.errors.Mark`), so later stages can point a diagnostic at the exact
value at fault. Scalars keep both
the resolved value and the text as written, so a validator can tell ``No`` (a YAML 1.1
boolean) from ``"No"`` (a string) and suggest quoting.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any, NamedTuple, TypeAlias

from mcugraph.errors import Mark

__all__ = [
    "ScalarValue",
    "Scalar",
    "Mapping",
    "Sequence",
    "Node",
    "Document",
    "to_python",
]

ScalarValue: TypeAlias = str | int | float | bool | None | datetime.date | datetime.datetime
"""What a scalar resolves to under YAML 1.1 core-schema rules (PyYAML's SafeLoader)."""

_YAML_TAG = "tag:yaml.org,2002:"

# Scalar, Mapping and Sequence are named tuples: immutable and hashable like frozen
# dataclasses, and several times cheaper to create, which matters for a reader that
# makes millions of them (see docs/performance.md). Each holds its position as three
# fields (path, line, column) and makes its ``mark`` when asked: a tree holds no Mark
# objects, only the few marks that validation keeps are made, and the tree of a
# million-entity universe is read a fifth faster.


def _mark_of(node: tuple[Any, ...]) -> Mark:
    """The Mark of a node whose last three fields are path, line and column."""
    return tuple.__new__(Mark, node[-3:])  # a ready tuple: no keyword handling


def _short_tag(tag: str) -> str:
    return "!!" + tag[len(_YAML_TAG) :] if tag.startswith(_YAML_TAG) else tag


class _ScalarFields(NamedTuple):
    value: ScalarValue
    text: str
    tag: str
    plain: bool
    path: str
    line: int
    column: int


class Scalar(_ScalarFields):
    """A single value: its resolved ``value``, the ``text`` as written, and its ``tag``.

    ``plain`` is true for an unquoted, non-block scalar: only those are subject to YAML's
    implicit typing, which is what makes ``No`` a boolean and ``1:20`` the integer 80.
    Made as ``Scalar(value, text, tag, plain, mark)``.

    >>> from mcugraph.source import parse_text
    >>> parse_text("answer: No").get("answer")
    Scalar(False, text='No', tag='!!bool', plain, at <string>:1:9)
    """

    __slots__ = ()

    def __new__(cls, value: ScalarValue, text: str, tag: str, plain: bool, mark: Mark) -> Scalar:
        return tuple.__new__(cls, (value, text, tag, plain, *mark))

    def __getnewargs__(self) -> tuple[Any, ...]:  # what pickle and copy call __new__ with
        return (self.value, self.text, self.tag, self.plain, self.mark)

    @property
    def mark(self) -> Mark:
        """Where the value starts (its file, line and column)."""
        return _mark_of(self)

    def __repr__(self) -> str:
        style = "plain" if self.plain else "quoted"
        return f"Scalar({self.value!r}, text={self.text!r}, tag={_short_tag(self.tag)!r}, {style}, at {self.mark})"


class _CollectionFields(NamedTuple):
    items: tuple[Any, ...]
    path: str
    line: int
    column: int


class Mapping(_CollectionFields):
    """A mapping whose keys are scalars, in the order written (duplicates are refused).

    Made as ``Mapping(items, mark)``, ``items`` being (key, value) pairs.

    >>> from mcugraph.source import parse_text
    >>> m = parse_text("name: Jessica\\nyear: 2015")
    >>> m.keys(), m.get("year").value
    (['name', 'year'], 2015)
    """

    __slots__ = ()
    items: tuple[tuple[Scalar, Node], ...]

    def __new__(cls, items: tuple[tuple[Scalar, Node], ...], mark: Mark) -> Mapping:
        return tuple.__new__(cls, (items, *mark))

    def __getnewargs__(self) -> tuple[Any, ...]:
        return (self.items, self.mark)

    @property
    def mark(self) -> Mark:
        """Where the mapping starts (its first key, or its ``{``)."""
        return _mark_of(self)

    def get(self, key: str) -> Node | None:
        """Return the value of the key written as ``key``, or None if there is none."""
        for k, v in self.items:
            if k.text == key:
                return v
        return None

    def keys(self) -> list[str]:
        """Return the keys as written, in order."""
        return [k.text for k, _ in self.items]

    def __repr__(self) -> str:
        return f"Mapping(keys={self.keys()!r}, at {self.mark})"


class Sequence(_CollectionFields):
    """A list of nodes, in the order written. Made as ``Sequence(items, mark)``."""

    __slots__ = ()
    items: tuple[Node, ...]

    def __new__(cls, items: tuple[Node, ...], mark: Mark) -> Sequence:
        return tuple.__new__(cls, (items, *mark))

    def __getnewargs__(self) -> tuple[Any, ...]:
        return (self.items, self.mark)

    @property
    def mark(self) -> Mark:
        """Where the sequence starts (its first ``-``, or its ``[``)."""
        return _mark_of(self)

    def __repr__(self) -> str:
        return f"Sequence({len(self.items)} items, at {self.mark})"


Node: TypeAlias = Scalar | Mapping | Sequence


@dataclass(frozen=True, slots=True)
class Document:
    """One data file: its display path, its top-level mapping and the include that named it.

    ``included_from`` is None for the root file and otherwise the mark of the
    ``include:`` item that pulled this file in.
    """

    path: str
    root: Mapping
    included_from: Mark | None

    def __repr__(self) -> str:
        origin = f", included_from={self.included_from}" if self.included_from else ""
        return f"Document({self.path!r}, keys={self.root.keys()!r}{origin})"


def to_python(node: Node) -> Any:
    """Turn a node tree into plain dicts, lists and values (for tests and tools).

    Mapping keys become their resolved values. Works without recursion, so any depth
    the reader accepted converts.

    >>> from mcugraph.source import parse_text
    >>> to_python(parse_text("a: [1, {b: null}]"))
    {'a': [1, {'b': None}]}
    """
    if isinstance(node, Scalar):
        return node.value
    result: dict[Any, Any] | list[Any] = {} if isinstance(node, Mapping) else []
    # Each entry: a node still to convert and where to put the converted value.
    pending: list[tuple[Node, dict[Any, Any] | list[Any], Any]] = []

    def expand(src: Mapping | Sequence, dst: dict[Any, Any] | list[Any]) -> None:
        if isinstance(src, Mapping):
            assert isinstance(dst, dict)
            for key, value in src.items:
                dst[key.value] = None
                pending.append((value, dst, key.value))
        else:
            assert isinstance(dst, list)
            dst.extend([None] * len(src.items))
            pending.extend((value, dst, i) for i, value in enumerate(src.items))

    expand(node, result)
    while pending:
        child, container, slot = pending.pop()
        if isinstance(child, Scalar):
            container[slot] = child.value
        else:
            converted: dict[Any, Any] | list[Any] = {} if isinstance(child, Mapping) else []
            container[slot] = converted
            expand(child, converted)
    return result
