"""Time in words: ranges of days, and time values with events and works named, not by id.

Kept apart from the solver and the timeline so that both (and the explorer) can use it.
"""

from __future__ import annotations

import datetime as dt

from mcugraph.model.time import Bound, Combined, Interval, PartialDate, TimeValue
from mcugraph.model.universe import Universe

__all__ = ["INF", "NEG", "describe", "value_words", "safe_date", "day_text"]

INF = 10**9
NEG = -INF
_FIRST, _LAST = dt.date.min.toordinal(), dt.date.max.toordinal()


def safe_date(ordinal: int) -> dt.date | None:
    """The day of an ordinal, or None outside the calendar (far before year 1 or after 9999)."""
    return dt.date.fromordinal(ordinal) if _FIRST <= ordinal <= _LAST else None


def day_text(ordinal: int) -> str:
    """A day as ``YYYY-MM-DD``; outside the calendar, the approximate year.

    >>> day_text(dt.date(2012, 5, 4).toordinal())
    '2012-05-04'
    >>> day_text(-3_650_000)
    'about 9994 BCE'
    """
    day = safe_date(ordinal)
    if day is not None:
        return day.isoformat()
    year = (ordinal - 1) // 365.2425 + 1
    return f"about year {int(year)}" if year > 0 else f"about {int(1 - year)} BCE"


def describe(lo: int, hi: int) -> str:
    """Human text for a range of days: ``2012-05-04``, ``2012``, ``2015-03-01 to 2016-12-31``.

    >>> import datetime as dt
    >>> describe(dt.date(2015, 3, 1).toordinal(), dt.date(2015, 3, 31).toordinal())
    '2015-03'
    """
    if lo <= NEG and hi >= INF:
        return "at an unknown time"
    if lo <= NEG:
        return f"on or before {day_text(hi)}"
    if hi >= INF:
        return f"on or after {day_text(lo)}"
    a, b = safe_date(lo), safe_date(hi)
    if a is None or b is None:
        return f"{day_text(lo)} to {day_text(hi)}"
    if a == b:
        return a.isoformat()
    if (a.month, a.day, b.month, b.day) == (1, 1, 12, 31):
        return str(a.year) if a.year == b.year else f"{a.year} to {b.year}"
    if a.day == 1 and b.year == a.year and b.month == a.month and (b + dt.timedelta(days=1)).day == 1:
        return f"{a.year:04d}-{a.month:02d}"
    return f"{a.isoformat()} to {b.isoformat()}"


def value_words(universe: Universe, value: TimeValue | None) -> str:
    """A time value as written, in words, with events and works named rather than by id.

    A bare date reads as written (``2012``); placements name what they are relative to
    (``after The Incident``, ``2 months after Daredevil season 2``); what a placement rests
    on follows it (``(on screen)``, ``(official)``, ``(fan reckoning, not canon)``).
    """
    if value is None:
        return ""
    if isinstance(value, Combined):
        text = ", ".join(value_words(universe, p) for p in value.parts)
        return f"{text} ({_BASIS[value.basis]})" if value.basis else text
    return _bound_words(universe, value)


_BASIS = {"on-screen": "on screen", "official": "official", "fan": "fan reckoning, not canon"}


def _bound_words(universe: Universe, value: Bound) -> str:
    if isinstance(value, (PartialDate, Interval)):
        return str(value)
    kind, ident = universe.anchor(value)
    name = universe.label(kind, ident)
    gap = f"{value.gap} " if value.gap is not None else ""
    return f"{gap}{value.relation} {name}"
