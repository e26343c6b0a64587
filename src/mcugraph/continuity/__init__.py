"""The continuity engine: timeline resolution, rules, findings and their formats.

>>> import mcugraph
>>> from mcugraph.continuity import check
>>> report = check(mcugraph.load("data/universe.yaml"))  # doctest: +SKIP
>>> print(report.summary())  # doctest: +SKIP
0 errors, 0 warnings, 3 notes; 1 acknowledged
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mcugraph._lazy import lazy_names
from mcugraph.continuity.engine import acknowledge, check, default_rules_dir
from mcugraph.continuity.findings import SEVERITIES, Finding, Report
from mcugraph.continuity.registry import RULES, Context, Rule
from mcugraph.continuity.timeline import Point, Span, Timeline, resolve_timeline

if TYPE_CHECKING:
    from mcugraph.continuity.formats import FORMATS, to_json, to_sarif, to_text
    from mcugraph.continuity.questions import (
        OrderItem,
        State,
        TimelineEntry,
        order_items,
        orders,
        state_at,
        timeline_of,
    )

# formats and questions load on first use: `mcugraph check` needs one formatter, not all
_LAZY = {
    "FORMATS": "formats",
    "to_json": "formats",
    "to_sarif": "formats",
    "to_text": "formats",
    "OrderItem": "questions",
    "State": "questions",
    "TimelineEntry": "questions",
    "order_items": "questions",
    "orders": "questions",
    "state_at": "questions",
    "timeline_of": "questions",
}


__all__ = [
    "check",
    "acknowledge",
    "default_rules_dir",
    "Finding",
    "Report",
    "SEVERITIES",
    "Rule",
    "RULES",
    "Context",
    "FORMATS",
    "to_text",
    "to_json",
    "to_sarif",
    "resolve_timeline",
    "Timeline",
    "Point",
    "Span",
    "timeline_of",
    "TimelineEntry",
    "state_at",
    "State",
    "orders",
    "order_items",
    "OrderItem",
]

__getattr__, __dir__ = lazy_names(__name__, _LAZY, __all__)
