"""In-universe time values: partial dates, intervals and placements relative to events.

Release dates are plain :class:`datetime.date`; in-universe time is usually vaguer, so
it is kept as written (``2012``, ``2012-05``, ``{after: the-incident, gap: 4 years}``)
and turned into bounds by the continuity engine.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from typing import Literal

from mcugraph.model._record import Record, record

__all__ = [
    "PartialDate",
    "Interval",
    "Relative",
    "Combined",
    "Bound",
    "BASES",
    "bounds_of",
    "Gap",
    "TimeValue",
    "parse_partial_date",
    "parse_gap",
    "GAP_UNITS",
]

GAP_UNITS = ("days", "weeks", "months", "years")
_DAYS_PER_UNIT = {"days": 1.0, "weeks": 7.0, "months": 30.436875, "years": 365.2425}
_PARTIAL = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_GAP = re.compile(r"^(\d+)\s+(day|week|month|year)s?$")


@record(order=True)
class PartialDate(Record):
    """A year, a month or a day; ``earliest``/``latest`` give the days it can be."""

    year: int
    month: int | None = None
    day: int | None = None

    @property
    def earliest(self) -> dt.date:
        return dt.date(self.year, self.month or 1, self.day or 1)

    @property
    def latest(self) -> dt.date:
        if self.month is None:
            return dt.date(self.year, 12, 31)
        if self.day is None:
            return dt.date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])
        return dt.date(self.year, self.month, self.day)

    def __str__(self) -> str:
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        return text


@record
class Gap(Record):
    """An approximate span such as ``8 years``."""

    amount: int
    unit: Literal["days", "weeks", "months", "years"]

    @property
    def days(self) -> float:
        return self.amount * _DAYS_PER_UNIT[self.unit]

    def __str__(self) -> str:
        unit = self.unit if self.amount != 1 else self.unit[:-1]
        return f"{self.amount} {unit}"


@record
class Interval(Record):
    """From the start of one partial date to the end of another; either may be open."""

    start: PartialDate | None
    end: PartialDate | None

    def __str__(self) -> str:
        return f"{self.start or '…'} to {self.end or '…'}"


@record
class Relative(Record):
    """A placement relative to an event or a work: after it ends, before it starts, or
    during it. ``kind`` is ``"event"`` or ``"work"`` when the data wrote ``event:ID`` or
    ``work:ID``; otherwise ``None``, and :meth:`Universe.anchor` tells which it is."""

    relation: Literal["after", "before", "during"]
    target: str
    gap: Gap | None = None
    kind: Literal["event", "work"] | None = None

    def __str__(self) -> str:
        if self.gap is not None:
            return f"{self.gap} {self.relation} {self.target}"
        return f"{self.relation} {self.target}"


#: what a placement rests on: shown or said on screen, an official source, a fan reckoning
BASES = ("on-screen", "official", "fan")

Bound = PartialDate | Interval | Relative


@record
class Combined(Record):
    """Several placements that all hold ("in 2015, after X, before Y"), with the evidence
    they rest on (``basis``: on-screen, official or fan; ``sources``; ``note``)."""

    #: simple placements, or (from a list) combinations that each carry their own evidence
    parts: tuple[Bound | Combined, ...]
    basis: str | None = None
    sources: tuple[str, ...] = ()
    note: str | None = None

    def __str__(self) -> str:
        return ", ".join(str(p) for p in bounds_of(self))


TimeValue = PartialDate | Interval | Relative | Combined


def bounds_of(value: TimeValue | None) -> tuple[Bound, ...]:
    """The simple placements a time value is made of (one, or the parts of a combination)."""
    if value is None:
        return ()
    if isinstance(value, Combined):
        return tuple(b for p in value.parts for b in bounds_of(p))
    return (value,)


def parse_partial_date(text: str) -> PartialDate:
    """Parse ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; raise ValueError if impossible.

    >>> parse_partial_date("2012-05")
    PartialDate(year=2012, month=5, day=None)
    """
    match = _PARTIAL.match(text.strip())
    if match is None:
        raise ValueError(f"'{text}' is not a date: write YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = (int(g) if g else None for g in match.groups())
    assert year is not None
    if month is not None and not 1 <= month <= 12:
        raise ValueError(f"'{text}' has no month {month}: months run from 01 to 12")
    if day is not None:
        assert month is not None
        last = calendar.monthrange(year, month)[1]
        if not 1 <= day <= last:
            raise ValueError(f"'{text}' is not a real day: {calendar.month_name[month]} {year} has {last} days")
    return PartialDate(year, month, day)


def parse_gap(text: str) -> Gap:
    """Parse ``N days|weeks|months|years`` (singular accepted)."""
    match = _GAP.match(text.strip())
    if match is None:
        raise ValueError(f"'{text}' is not a gap: write 'N days', 'N weeks', 'N months' or 'N years'")
    unit = match.group(2) + "s"
    return Gap(int(match.group(1)), unit)  # type: ignore[arg-type]
