"""Frozen, slotted record classes whose methods are compiled ahead of time.

The records of :mod:`mcugraph.model` used to be ``@dataclass(frozen=True, slots=True)``
classes. ``dataclasses`` writes each class's ``__init__``, ``__eq__``, ``__hash__``,
``__repr__``, ``__setattr__`` and ``__delattr__`` as source text and compiles it when the
module is imported: about 140 small compilations, a third of ``mcugraph validate``'s
import time (docs/performance.md). ``@record`` gives the same classes, declared the same
way, but:

* the methods that depend on a class's fields (``__init__``, ``__eq__``, ``__hash__``
  and, with ``order=True``, the comparisons) are written once, by
  ``python -m mcugraph.model``, into :mod:`mcugraph.model._compiled`, which
  Python caches as bytecode like any module;
* the others (``__repr__``, freezing, pickling, ``__replace__``) are shared by all records
  through :class:`Record`.

A class whose fields no longer match the compiled module (someone edited a record and did
not regenerate it) still works: its methods are compiled at import, as ``dataclasses``
would, and ``tests/test_schema_and_docs.py`` fails until the module is regenerated.

Records behave as the frozen dataclasses did: keyword or positional construction with
defaults, equality and hashing over the fields not marked ``compare=False``, assignment
refused with :class:`dataclasses.FrozenInstanceError`. Use :func:`replace` (or
``copy.replace`` on Python 3.13+) for a changed copy and :func:`fields` for the field
names; ``dataclasses.replace`` and ``dataclasses.fields`` do not apply.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any, TypeVar, dataclass_transform, overload

__all__ = ["record", "replace", "fields", "Record", "render", "REGISTRY"]

_C = TypeVar("_C", bound=type)
_R = TypeVar("_R", bound="Record")

#: every class made by @record, in definition order (the generator writes these)
REGISTRY: list[type[Record]] = []


class Record:
    """What every record shares: immutability, ``repr``, pickling and ``__replace__``."""

    __slots__ = ()
    #: the field names in declaration order, and those that take part in == and hash()
    _fields: tuple[str, ...] = ()
    _compared: tuple[str, ...] = ()

    def __setattr__(self, name: str, value: Any) -> None:
        raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")

    def __repr__(self) -> str:
        inner = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._fields)
        return f"{type(self).__qualname__}({inner})"

    def __getstate__(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in self._fields)

    def __setstate__(self, state: tuple[Any, ...]) -> None:
        for name, value in zip(self._fields, state, strict=True):
            object.__setattr__(self, name, value)

    def __replace__(self: _R, **changes: Any) -> _R:
        return replace(self, **changes)


def replace(obj: _R, /, **changes: Any) -> _R:
    """Return a copy of the record ``obj`` with the given fields changed."""
    unknown = set(changes).difference(obj._fields)
    if unknown:
        raise TypeError(f"{type(obj).__name__} has no field {sorted(unknown)[0]!r}")
    values = {name: getattr(obj, name) for name in obj._fields}
    values.update(changes)
    return type(obj)(**values)


def fields(obj: Record | type[Record]) -> tuple[str, ...]:
    """The field names of a record (or record class), in declaration order."""
    return obj._fields


@dataclass_transform(frozen_default=True, field_specifiers=(dataclasses.field,))
@overload
def record(cls: _C, /) -> _C: ...
@dataclass_transform(frozen_default=True, field_specifiers=(dataclasses.field,))
@overload
def record(*, order: bool = False) -> Callable[[_C], _C]: ...
@dataclass_transform(frozen_default=True, field_specifiers=(dataclasses.field,))
def record(cls: Any = None, /, *, order: bool = False) -> Any:
    """Make ``cls`` a frozen, slotted record (see the module docstring)."""
    if cls is None:
        return lambda c: _make(c, order)
    return _make(cls, order)


def _make(cls: type, order: bool) -> type:
    own = cls.__dict__
    names: list[str] = []
    compared: list[str] = []
    defaults: list[Any] = []
    for name in own.get("__annotations__", {}):
        value = own.get(name, dataclasses.MISSING)
        compare = True
        if isinstance(value, dataclasses.Field):
            if value.default_factory is not dataclasses.MISSING:
                raise TypeError(f"{cls.__name__}.{name}: records take plain defaults, not default_factory")
            compare, value = value.compare, value.default
        if value is dataclasses.MISSING:
            if defaults:
                raise TypeError(f"{cls.__name__}: field {name!r} without a default follows one with a default")
        else:
            defaults.append(value)
        names.append(name)
        if compare:
            compared.append(name)
    namespace = {
        key: value for key, value in own.items() if key not in names and key not in ("__dict__", "__weakref__")
    }
    namespace["__slots__"] = tuple(names)
    namespace["__match_args__"] = tuple(names)
    namespace["_fields"] = tuple(names)
    namespace["_compared"] = tuple(compared)
    methods = _methods(f"{cls.__module__}.{cls.__qualname__}", tuple(names), tuple(compared), order)
    for method_name, method in methods.items():
        method.__qualname__ = f"{cls.__qualname__}.{method_name}"
    namespace.update(methods)
    bases = cls.__bases__ if Record in cls.__mro__ else (Record, *(b for b in cls.__bases__ if b is not object))
    made: type = type(cls)(cls.__name__, bases, namespace)
    made.__qualname__ = cls.__qualname__
    made.__init__.__defaults__ = tuple(defaults) or None  # type: ignore[misc]
    REGISTRY.append(made)
    return made


def _shape(names: tuple[str, ...], compared: tuple[str, ...], order: bool) -> tuple[Any, ...]:
    return (names, compared, order)


def _methods(key: str, names: tuple[str, ...], compared: tuple[str, ...], order: bool) -> dict[str, Any]:
    """The compiled methods for a class of this shape, from the ahead-of-time module if it
    has them, else compiled now from the same source the generator writes."""
    try:
        from mcugraph.model import _compiled
    except ImportError:  # pragma: no cover - only while the module is being regenerated
        _compiled = None  # type: ignore[assignment]
    entry = getattr(_compiled, "SHAPES", {}).get(key) if _compiled is not None else None
    if entry is not None and entry[0] == _shape(names, compared, order):
        return dict(entry[1])  # each class gets its own __init__ (its defaults are set on it)
    namespace: dict[str, Any] = {}
    exec(_source(names, compared, order), {"_set": object.__setattr__}, namespace)  # noqa: S102
    return namespace


def _source(names: tuple[str, ...], compared: tuple[str, ...], order: bool, indent: str = "") -> str:
    """The methods of one record class, as Python source."""
    lines = [f"def __init__(self, {', '.join(names)}):" if names else "def __init__(self):"]
    lines += [f"    _set(self, {name!r}, {name})" for name in names] or ["    pass"]

    def pack(owner: str) -> str:
        items = [f"{owner}.{name}" for name in compared]
        return "(" + ", ".join(items) + ("," if len(items) == 1 else "") + ")"

    mine, theirs = pack("self"), pack("other")
    operators = [("__eq__", "==")]
    if order:
        operators += [("__lt__", "<"), ("__le__", "<="), ("__gt__", ">"), ("__ge__", ">=")]
    for method, op in operators:
        lines += [
            f"def {method}(self, other):",
            "    if other.__class__ is self.__class__:",
            f"        return {mine} {op} {theirs}",
            "    return NotImplemented",
        ]
    lines += ["def __hash__(self):", f"    return hash({mine})"]
    return "".join(f"{indent}{line}\n" for line in lines)


def render() -> str:
    """The source of :mod:`mcugraph.model._compiled` for every registered record class."""
    out = [
        '"""Compiled methods of the record classes. Generated: do not edit.',
        "",
        "Regenerate with ``make records`` (``python -m mcugraph.model``) after changing",
        "the fields of a record; see :mod:`mcugraph.model._record`.",
        '"""',
        "",
        "# ruff: noqa: E501",
        "",
        "_set = object.__setattr__",
        "SHAPES = {}",
    ]
    for cls in REGISTRY:
        names, compared = cls._fields, cls._compared
        order = "__lt__" in cls.__dict__
        key = f"{cls.__module__}.{cls.__qualname__}"
        out += ["", "", f"def _{cls.__name__}():", _source(names, compared, order, indent="    ").rstrip("\n")]
        methods = ["__init__", "__eq__", "__hash__"] + (["__lt__", "__le__", "__gt__", "__ge__"] if order else [])
        out += [
            f"    return {{{', '.join(f'{m!r}: {m}' for m in methods)}}}",
            "",
            "",
            f"SHAPES[{key!r}] = ({_shape(names, compared, order)!r}, _{cls.__name__}())",
        ]
    return "\n".join(out) + "\n"
