"""The earliest and latest day an in-universe time can be, as far as the written dates fix them.

The export states these bounds (``mcg:notBefore``, ``mcg:notAfter``) next to the time as
written, so a SPARQL query can order events or ask "what holds on day D" with a plain
comparison. The bounds are conservative: ``after X`` is no earlier than X can start and
says nothing about how late it is; stated gaps ("about 4 years after") are approximate
and are not added. The continuity engine's timeline remains the authority.
"""

from __future__ import annotations

import datetime as dt

from mcugraph.model import Combined, Event, Interval, PartialDate, Relative, TimeValue, Universe, Work

__all__ = ["Bounds", "BoundsResolver"]

Bounds = tuple[dt.date | None, dt.date | None]
_UNKNOWN: Bounds = (None, None)


class BoundsResolver:
    """Resolves bounds of time values and events of one universe, remembering each event's."""

    def __init__(self, universe: Universe) -> None:
        self._universe = universe
        self._events = universe.events
        self._memo: dict[str, Bounds] = {}
        self._active: set[str] = set()

    def of_event(self, event_id: str) -> Bounds:
        """An event's bounds: from its ``when``, else from the event it is part of."""
        if event_id in self._memo:
            return self._memo[event_id]
        event: Event | None = self._events.get(event_id)
        if event is None or event_id in self._active:  # an unknown id or a cycle fixes nothing
            return _UNKNOWN
        self._active.add(event_id)
        try:
            if event.when is not None:
                result = self.of(event.when)
            elif event.part_of is not None:
                result = self.of_event(event.part_of)
            else:
                result = _UNKNOWN
        finally:
            self._active.discard(event_id)
        self._memo[event_id] = result
        return result

    def of_work(self, work_id: str) -> Bounds:
        """A work's bounds: from its setting, else from its season's or series'."""
        key = f"work:{work_id}"
        if key in self._memo:
            return self._memo[key]
        work: Work | None = self._universe.works.get(work_id)
        if work is None or key in self._active:
            return _UNKNOWN
        self._active.add(key)
        try:
            parent = work.season if work.kind == "episode" else work.series if work.kind == "season" else None
            if work.setting is not None:
                result = self.of(work.setting)
            elif parent is not None:
                result = self.of_work(parent)
            else:
                result = _UNKNOWN
        finally:
            self._active.discard(key)
        self._memo[key] = result
        return result

    def of(self, value: TimeValue) -> Bounds:
        """The bounds of one time value (a combination: the tightest its parts allow)."""
        if isinstance(value, Combined):
            lo: dt.date | None = None
            hi: dt.date | None = None
            for part in value.parts:
                a, b = self.of(part)
                lo = a if lo is None or (a is not None and a > lo) else lo
                hi = b if hi is None or (b is not None and b < hi) else hi
            return lo, hi
        if isinstance(value, PartialDate):
            return value.earliest, value.latest
        if isinstance(value, Interval):
            return (
                value.start.earliest if value.start is not None else None,
                value.end.latest if value.end is not None else None,
            )
        if isinstance(value, Relative):
            kind, ident = self._universe.anchor(value)
            start, end = self.of_event(ident) if kind == "event" else self.of_work(ident)
            if value.relation == "after":
                return start, None
            if value.relation == "before":
                return None, end
            return start, end
        return _UNKNOWN
