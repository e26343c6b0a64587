"""A query's parameters checked against the universe at hand, before the query runs.

A query file is written once and run on any universe, but a default such as
``jessica-jones-s1`` names a record of one universe only: bound as it is in another, the
query would answer with an empty table and no word of why. :func:`check_params` looks at
every value a call gives and every default it would use. A record parameter (``work``,
``character``, … or an ``iri`` that points into the universe) must name a record of this
universe: a given value that names none is refused with the nearest names, and a default
that names none makes the parameter one the call must give here. Records may be named the
way other commands name them (id, ``kind:id``, IRI, name or alias), and a date parameter
takes a point of the story (a year, a month, a work, an event) as well as a day.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Protocol

from mcugraph.errors import AmbiguousError, MCUGraphError, NotFoundError, ParamError
from mcugraph.model import ENTITY_KINDS, WORK_KINDS, Universe
from mcugraph.resolve import find, resolve
from mcugraph.sparql.catalog import Header, Param, check_names

if TYPE_CHECKING:
    from mcugraph.continuity.timeline import Timeline

__all__ = ["check_params", "what_it_takes", "Records"]

#: gives the universe's solved timeline (a server solves it once, not per request)
Story = Callable[[], "Timeline"]

_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class Records(Protocol):
    """What checking a parameter asks of the records: a :class:`Universe` answers it, and
    so does an index of one kept beside an on-disk store (:mod:`mcugraph.disk.records`)."""

    @property
    def base_iri(self) -> str: ...

    def has(self, kind: str, ident: str) -> bool:
        """Whether a record of ``kind`` has the id ``ident``."""
        ...

    def first(self, kind: str) -> str | None:
        """The id of the first record of ``kind`` in the data, or None when there is none."""
        ...

    def work_kinds(self) -> list[str]:
        """The kinds of work the data has, in the order of ``WORK_KINDS``."""
        ...

    def resolve(self, text: str, kinds: tuple[str, ...]) -> str:
        """The id of the one record of ``kinds`` that ``text`` names (as :func:`mcugraph.resolve.resolve`)."""
        ...

    def named_elsewhere(self, text: str) -> bool:
        """Whether ``text`` names any record at all (id, ``kind:id``, name or alias)."""
        ...

    def day_of(self, text: str) -> dt.date:
        """The day a date parameter given as ``text`` means (as :func:`mcugraph.continuity.questions.day_of`)."""
        ...


class _InUniverse:
    """:class:`Records` answered by the validated model itself."""

    def __init__(self, universe: Universe, timeline: Story | None) -> None:
        self.universe = universe
        self.timeline = timeline
        self.base_iri = universe.info.base_iri

    def has(self, kind: str, ident: str) -> bool:
        return self.universe.get(kind, ident) is not None

    def first(self, kind: str) -> str | None:
        return next(iter(self.universe.table(kind)), None)

    def work_kinds(self) -> list[str]:
        works = self.universe.works.values()
        return [k for k in WORK_KINDS if any(w.kind == k for w in works)]

    def resolve(self, text: str, kinds: tuple[str, ...]) -> str:
        return resolve(self.universe, text, kinds=kinds)[1]

    def named_elsewhere(self, text: str) -> bool:
        return bool(find(self.universe, text))

    def day_of(self, text: str) -> dt.date:
        from mcugraph.continuity.questions import day_of  # a year, a month, a work: a point of the story

        return day_of(self.universe, text, timeline=self.timeline() if self.timeline else None)


def _records(universe: Universe | Records, timeline: Story | None = None) -> Records:
    return _InUniverse(universe, timeline) if isinstance(universe, Universe) else universe


def _a(word: str) -> str:
    return f"{'an' if word[:1] in 'aeiou' else 'a'} {word}"


def _listed(words: list[str], last: str = " or ") -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + last + words[-1]


def what_it_takes(universe: Universe | Records, param: Param) -> str:
    """What a parameter takes, in this universe's terms: 'a film, series or episode of this
    universe, e.g. harbor-watch' (a work is named by the kinds of work the universe has)."""
    records = _records(universe)
    kind = param.type
    if kind == "integer":
        return "a whole number"
    if kind == "string":
        return "a text"
    if kind == "work":
        present = records.work_kinds()
        what = _a(_listed(present)) if present else "a work"
    elif kind in ENTITY_KINDS:
        what = _a(kind)
    elif kind == "iri":
        what = "a record"
    else:  # a date
        what = "a day YYYY-MM-DD, or a work or an event"
    example = _example(records, param)
    written = " as kind:id or an IRI" if kind == "iri" else ""
    return f"{what} of this universe{written}" + (f", e.g. {example}" if example else "")


def _example(records: Records, param: Param) -> str | None:
    """A real id of the kind the parameter takes, the first the data gives."""
    if param.type in ENTITY_KINDS:
        return records.first(param.type)
    if param.type == "iri":
        wanted, sep, _ = (param.default or "").partition(":")
        kinds = [wanted] if sep and wanted in ENTITY_KINDS and records.first(wanted) else list(ENTITY_KINDS)
        return next((f"{k}:{i}" for k in kinds if (i := records.first(k)) is not None), None)
    return records.first("work")


def _as_name(records: Records, text: str) -> str | None:
    """``kind:id`` for an IRI of this universe, ``None`` for an IRI of elsewhere; other text as it is."""
    iri = text[1:-1] if text.startswith("<") and text.endswith(">") else text
    if "://" not in iri:
        return text
    base = records.base_iri
    if not iri.startswith(base):
        return None
    kind, sep, ident = iri[len(base) :].partition("/")
    return f"{kind}:{ident}" if sep and kind in ENTITY_KINDS and "/" not in ident else None


def _record(records: Records, param: Param, value: str) -> str:
    """The id of the record ``value`` names, for a parameter of a record kind."""
    kind = param.type
    text = _as_name(records, value.strip())
    if text is None:
        raise ParamError(
            f"parameter '{param.name}': {value} is not the IRI of {_a(kind)} of this universe"
            f" (its {ENTITY_KINDS[kind]} are {records.base_iri}{kind}/ID)"
        )
    prefix, sep, local = text.partition(":")
    if sep and prefix == kind:
        text = local
    if records.has(kind, text):
        return text
    try:
        return records.resolve(text, (kind,))
    except AmbiguousError as exc:
        raise ParamError(f"parameter '{param.name}': {exc}") from None
    except NotFoundError as exc:
        if records.named_elsewhere(text):  # a record of another kind: the message says which
            raise ParamError(f"parameter '{param.name}': {exc}") from None
        raise ParamError(f"parameter '{param.name}' ({what_it_takes(records, param)}): {exc}") from None


def _iri(records: Records, param: Param, value: str) -> str:
    """An ``iri`` value, checked when it points into this universe (``kind:id`` or one of its IRIs)."""
    text = _as_name(records, value.strip())
    if text is None:
        return value
    kind, sep, ident = text.partition(":")
    if not sep or kind not in ENTITY_KINDS or records.has(kind, ident):
        return value
    as_kind = Param(param.name, kind, None, param.doc)
    return f"{kind}:{_record(records, as_kind, ident)}"


def _day(records: Records, param: Param, value: str) -> str:
    if _DAY.match(value.strip()):
        return value  # a day as written; the binding checks it is one
    try:
        return records.day_of(value).isoformat()
    except MCUGraphError as exc:
        raise ParamError(f"parameter '{param.name}': {exc}") from None


def _checked(records: Records, param: Param, value: str) -> str:
    if param.type in ENTITY_KINDS:
        return _record(records, param, value)
    if param.type == "iri":
        return _iri(records, param, value)
    if param.type == "date":
        return _day(records, param, value)
    return value  # a string or a number: nothing in the universe to check it against


def check_params(
    universe: Universe | Records,
    header: Header,
    values: Mapping[str, str],
    *,
    query: str | None = None,
    timeline: Story | None = None,
) -> dict[str, str]:
    """The values to bind for a query with ``header`` run on ``universe``: each given value
    checked and written as the binding takes it (a name as its id, a point of the story
    as its day), and each default checked and given back when it holds here.

    Raises :class:`~mcugraph.errors.ParamError` for a value that names nothing in this
    universe (with the nearest names), and for the parameters with no value, or whose
    default names nothing here, all in one message (``about`` is ``"params NAME ..."``).
    ``query`` names the query in that message. A name the header does not declare is
    refused first: a misspelt name would otherwise read as a value missing. ``timeline``
    is called for the solved timeline when a date is given as a point of the story (a
    work, an event); without it, the timeline is solved then. ``universe`` may also be
    any :class:`Records`, such as the index an on-disk store keeps.

    >>> import mcugraph
    >>> from mcugraph.sparql import parse_header
    >>> universe = mcugraph.load("data/universe.yaml")  # doctest: +SKIP
    >>> check_params(universe, parse_header("# param: who (character)"), {"who": "Jessica Jones"})  # doctest: +SKIP
    {'who': 'jessica-jones'}
    """
    check_names(header, values)
    records = _records(universe, timeline)
    out = dict(values)
    missing: list[Param] = []
    for param in header.params:
        given = values.get(param.name)
        if given is not None:
            out[param.name] = _checked(records, param, given)
            continue
        if param.default is not None:
            try:
                out[param.name] = _checked(records, param, param.default)
                continue
            except ParamError:
                pass  # written for another universe: here the call must give it
        missing.append(param)
    if missing:
        raise ParamError(_missing(records, missing, query), about="params " + " ".join(p.name for p in missing))
    return out


def _wanted(records: Records, param: Param) -> str:
    if param.type in ENTITY_KINDS and records.first(param.type) is None:
        return f"'{param.name}' ({_a(param.type)}, and this universe has no {ENTITY_KINDS[param.type]})"
    return f"'{param.name}' ({what_it_takes(records, param)})"


def _missing(records: Records, params: list[Param], query: str | None) -> str:
    named = f" '{query}'" if query else ""
    values = "a value" if len(params) == 1 else "values"
    return f"the query{named} needs {values} for {_listed([_wanted(records, p) for p in params], ' and ')}"
