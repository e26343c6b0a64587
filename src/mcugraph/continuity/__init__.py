"""The continuity engine: timeline resolution, rules, findings and their formats.

>>> import mcugraph
>>> from mcugraph.continuity import check
>>> report = check(mcugraph.load("data/universe.yaml"))  # doctest: +SKIP
>>> print(report.summary())  # doctest: +SKIP
0 errors, 0 warnings, 3 notes; 1 acknowledged
"""

from mcugraph.continuity.engine import acknowledge, check, default_rules_dir
from mcugraph.continuity.findings import SEVERITIES, Finding, Report
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
from mcugraph.continuity.registry import RULES, Context, Rule
from mcugraph.continuity.timeline import Point, Span, Timeline, resolve_timeline

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
