"""Records: frozen, slotted dataclasses, declared with ``@record``.

``@record`` is ``dataclasses.dataclass(frozen=True, slots=True)`` and two checks: a
record takes plain, immutable defaults (no ``default_factory``: a record is a value, and
a mutable default would make it unhashable), and :class:`Record`, the base every record
shares, gives it ``__replace__`` (``copy.replace`` on Python 3.13+).

The records of :mod:`mcugraph.model` were once made by generated, ahead-of-time code; it
saved about 25 ms of import per process and nothing measurable on a budgeted stage, so the
records are plain dataclasses again (docs/data-model.md gives the measurement).

:func:`replace` is :func:`dataclasses.replace` with a message naming the unknown field;
:func:`fields` gives a record's field names in declaration order.
"""

from __future__ import annotations

import dataclasses
import operator
from collections.abc import Callable
from typing import Any, TypeVar, dataclass_transform, overload

__all__ = ["record", "replace", "fields", "Record"]

_C = TypeVar("_C", bound=type)
_R = TypeVar("_R", bound="Record")


class Record:
    """What every record shares: ``__replace__``. Subclasses are made by :func:`record`."""

    __slots__ = ()

    def __replace__(self: _R, **changes: Any) -> _R:
        return replace(self, **changes)

    def __reduce__(self) -> tuple[Callable[..., Any], tuple[type, tuple[Any, ...]]]:
        """Pickle as the class and the values of the fields.

        A frozen, slotted dataclass is otherwise rebuilt by ``dataclasses``'s
        ``__setstate__``, which lists the fields again for every record: when a large
        universe is read with a helper process (mcugraph.source.ahead), every record it
        reads is pickled there and rebuilt here, and rebuilding them this way takes about
        a third less time (docs/performance.md, "Reading at scale").
        """
        cls = type(self)
        values, _ = _LAYOUTS.get(cls) or _layout(cls)
        return _rebuild, (cls, values(self))


#: record class -> (its field values as a tuple, the setters of its slots in that order)
_LAYOUTS: dict[type, tuple[Callable[[Any], tuple[Any, ...]], list[Callable[[Any, Any], None]]]] = {}


def _layout(cls: type) -> tuple[Callable[[Any], tuple[Any, ...]], list[Callable[[Any, Any], None]]]:
    names = fields(cls)
    get = operator.attrgetter(*names)
    values = get if len(names) > 1 else (lambda obj: (get(obj),))
    # a slot's descriptor sets it on a frozen record, as the generated __init__ does
    _LAYOUTS[cls] = values, setters = (values, [getattr(cls, name).__set__ for name in names])
    return values, setters


def _rebuild(cls: type[_R], values: tuple[Any, ...]) -> _R:
    """The record of class ``cls`` with these field values (what ``__reduce__`` gives)."""
    obj = object.__new__(cls)
    for put, value in zip((_LAYOUTS.get(cls) or _layout(cls))[1], values, strict=True):
        put(obj, value)
    return obj


def replace(obj: _R, /, **changes: Any) -> _R:
    """Return a copy of the record ``obj`` with the given fields changed."""
    names = fields(obj)
    unknown = set(changes).difference(names)
    if unknown:
        raise TypeError(f"{type(obj).__name__} has no field {sorted(unknown)[0]!r}")
    return dataclasses.replace(obj, **changes)  # type: ignore[type-var]


def fields(obj: object) -> tuple[str, ...]:
    """The field names of a record (or record class), in declaration order."""
    return tuple(f.name for f in dataclasses.fields(obj))  # type: ignore[arg-type]


@dataclass_transform(frozen_default=True, field_specifiers=(dataclasses.field,))
@overload
def record(cls: _C, /) -> _C: ...
@dataclass_transform(frozen_default=True, field_specifiers=(dataclasses.field,))
@overload
def record(*, order: bool = False) -> Callable[[_C], _C]: ...
@dataclass_transform(frozen_default=True, field_specifiers=(dataclasses.field,))
def record(cls: Any = None, /, *, order: bool = False) -> Any:
    """Make ``cls`` a frozen, slotted dataclass deriving from :class:`Record`."""
    if cls is None:
        return lambda c: _make(c, order)
    return _make(cls, order)


def _make(cls: type, order: bool) -> type:
    _check(cls)
    if Record not in cls.__mro__:
        # the dataclass made with slots=True is a new class anyway: give it the base here
        namespace = {k: v for k, v in cls.__dict__.items() if k not in ("__dict__", "__weakref__")}
        bases = (Record, *(b for b in cls.__bases__ if b is not object))
        made = type(cls)(cls.__name__, bases, namespace)
        made.__qualname__ = cls.__qualname__
        cls = made
    return dataclasses.dataclass(frozen=True, slots=True, order=order)(cls)


def _check(cls: type) -> None:
    """Refuse what a dataclass allows but a record should not have, with the field named."""
    own = cls.__dict__
    seen_default = False
    for name in own.get("__annotations__", {}):
        value = own.get(name, dataclasses.MISSING)
        if isinstance(value, dataclasses.Field):
            if value.default_factory is not dataclasses.MISSING:
                raise TypeError(f"{cls.__name__}.{name}: records take plain defaults, not default_factory")
            value = value.default
        if value is dataclasses.MISSING:
            if seen_default:
                raise TypeError(f"{cls.__name__}: field {name!r} without a default follows one with a default")
        else:
            seen_default = True
