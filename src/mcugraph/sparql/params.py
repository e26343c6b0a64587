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

import re
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from mcugraph.errors import AmbiguousError, MCUGraphError, NotFoundError, ParamError
from mcugraph.model import ENTITY_KINDS, WORK_KINDS, Universe
from mcugraph.resolve import find, resolve
from mcugraph.sparql.catalog import Header, Param, check_names

if TYPE_CHECKING:
    from mcugraph.continuity.timeline import Timeline

__all__ = ["check_params", "what_it_takes"]

#: gives the universe's solved timeline (a server solves it once, not per request)
Story = Callable[[], "Timeline"]

_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _a(word: str) -> str:
    return f"{'an' if word[:1] in 'aeiou' else 'a'} {word}"


def _listed(words: list[str], last: str = " or ") -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + last + words[-1]


def what_it_takes(universe: Universe, param: Param) -> str:
    """What a parameter takes, in this universe's terms: 'a film, series or episode of this
    universe, e.g. harbor-watch' (a work is named by the kinds of work the universe has)."""
    kind = param.type
    if kind == "integer":
        return "a whole number"
    if kind == "string":
        return "a text"
    if kind == "work":
        present = [k for k in WORK_KINDS if any(w.kind == k for w in universe.works.values())]
        what = _a(_listed(present)) if present else "a work"
    elif kind in ENTITY_KINDS:
        what = _a(kind)
    elif kind == "iri":
        what = "a record"
    else:  # a date
        what = "a day YYYY-MM-DD, or a work or an event"
    example = _example(universe, param)
    written = " as kind:id or an IRI" if kind == "iri" else ""
    return f"{what} of this universe{written}" + (f", e.g. {example}" if example else "")


def _example(universe: Universe, param: Param) -> str | None:
    """A real id of the kind the parameter takes, the first the data gives."""
    if param.type in ENTITY_KINDS:
        return next(iter(universe.table(param.type)), None)
    if param.type == "iri":
        wanted, sep, _ = (param.default or "").partition(":")
        kinds = [wanted] if sep and wanted in ENTITY_KINDS and universe.table(wanted) else list(ENTITY_KINDS)
        return next((f"{k}:{i}" for k in kinds for i in universe.table(k)), None)
    return next(iter(universe.works), None)


def _as_name(universe: Universe, text: str) -> str | None:
    """``kind:id`` for an IRI of this universe, ``None`` for an IRI of elsewhere; other text as it is."""
    iri = text[1:-1] if text.startswith("<") and text.endswith(">") else text
    if "://" not in iri:
        return text
    base = universe.info.base_iri
    if not iri.startswith(base):
        return None
    kind, sep, ident = iri[len(base) :].partition("/")
    return f"{kind}:{ident}" if sep and kind in ENTITY_KINDS and "/" not in ident else None


def _record(universe: Universe, param: Param, value: str) -> str:
    """The id of the record ``value`` names, for a parameter of a record kind."""
    kind = param.type
    text = _as_name(universe, value.strip())
    if text is None:
        raise ParamError(
            f"parameter '{param.name}': {value} is not the IRI of {_a(kind)} of this universe"
            f" (its {ENTITY_KINDS[kind]} are {universe.iri(kind, 'ID')})"
        )
    prefix, sep, local = text.partition(":")
    if sep and prefix == kind:
        text = local
    if universe.get(kind, text) is not None:
        return text
    try:
        return resolve(universe, text, kinds=(kind,))[1]
    except AmbiguousError as exc:
        raise ParamError(f"parameter '{param.name}': {exc}") from None
    except NotFoundError as exc:
        if find(universe, text):  # a record of another kind: the message says which
            raise ParamError(f"parameter '{param.name}': {exc}") from None
        raise ParamError(f"parameter '{param.name}' ({what_it_takes(universe, param)}): {exc}") from None


def _iri(universe: Universe, param: Param, value: str) -> str:
    """An ``iri`` value, checked when it points into this universe (``kind:id`` or one of its IRIs)."""
    text = _as_name(universe, value.strip())
    if text is None:
        return value
    kind, sep, ident = text.partition(":")
    if not sep or kind not in ENTITY_KINDS or universe.get(kind, ident) is not None:
        return value
    as_kind = Param(param.name, kind, None, param.doc)
    return f"{kind}:{_record(universe, as_kind, ident)}"


def _day(universe: Universe, param: Param, value: str, timeline: Story | None) -> str:
    if _DAY.match(value.strip()):
        return value  # a day as written; the binding checks it is one
    from mcugraph.continuity.questions import day_of  # a year, a month, a work: a point of the story

    try:
        return day_of(universe, value, timeline=timeline() if timeline else None).isoformat()
    except MCUGraphError as exc:
        raise ParamError(f"parameter '{param.name}': {exc}") from None


def _checked(universe: Universe, param: Param, value: str, timeline: Story | None) -> str:
    if param.type in ENTITY_KINDS:
        return _record(universe, param, value)
    if param.type == "iri":
        return _iri(universe, param, value)
    if param.type == "date":
        return _day(universe, param, value, timeline)
    return value  # a string or a number: nothing in the universe to check it against


def check_params(
    universe: Universe,
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
    work, an event); without it, the timeline is solved then.

    >>> import mcugraph
    >>> from mcugraph.sparql import parse_header
    >>> universe = mcugraph.load("data/universe.yaml")  # doctest: +SKIP
    >>> check_params(universe, parse_header("# param: who (character)"), {"who": "Jessica Jones"})  # doctest: +SKIP
    {'who': 'jessica-jones'}
    """
    check_names(header, values)
    out = dict(values)
    missing: list[Param] = []
    for param in header.params:
        given = values.get(param.name)
        if given is not None:
            out[param.name] = _checked(universe, param, given, timeline)
            continue
        if param.default is not None:
            try:
                out[param.name] = _checked(universe, param, param.default, timeline)
                continue
            except ParamError:
                pass  # written for another universe: here the call must give it
        missing.append(param)
    if missing:
        raise ParamError(_missing(universe, missing, query), about="params " + " ".join(p.name for p in missing))
    return out


def _wanted(universe: Universe, param: Param) -> str:
    if param.type in ENTITY_KINDS and not universe.table(param.type):
        return f"'{param.name}' ({_a(param.type)}, and this universe has no {ENTITY_KINDS[param.type]})"
    return f"'{param.name}' ({what_it_takes(universe, param)})"


def _missing(universe: Universe, params: list[Param], query: str | None) -> str:
    named = f" '{query}'" if query else ""
    values = "a value" if len(params) == 1 else "values"
    return f"the query{named} needs {values} for {_listed([_wanted(universe, p) for p in params], ' and ')}"
