"""The rule registry: every rule has a stable id, a severity and a one-line summary.

Built-in rules register with the :func:`rule` decorator; house rules written in SPARQL
(``queries/rules/*.rq``) become :class:`Rule` objects of the same shape.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from mcugraph.continuity.findings import SEVERITIES, Finding
from mcugraph.continuity.lives import Life, lives
from mcugraph.continuity.timeline import Timeline
from mcugraph.errors import Mark, Severity
from mcugraph.model.universe import Universe

__all__ = ["Rule", "RULES", "rule", "Context", "DOCS_URL"]

#: where each rule is documented (anchors are the rule ids)
DOCS_URL = "docs/continuity.md"


@dataclass(frozen=True)
class Rule:
    """One continuity rule. ``run`` yields findings for a :class:`Context`."""

    id: str
    severity: Severity
    summary: str
    run: Callable[[Context], Iterable[Finding]] = field(compare=False, repr=False)
    origin: str = "built-in"

    def __post_init__(self) -> None:
        if self.severity not in SEVERITIES:
            raise ValueError(f"rule {self.id}: severity must be one of {', '.join(SEVERITIES)}")
        object.__setattr__(self, "severity", Severity(self.severity))  # a string given: its member


#: every built-in rule by id, in the order they run
RULES: dict[str, Rule] = {}


def rule(
    id: str, severity: str, summary: str
) -> Callable[[Callable[[Context], Iterable[Finding]]], Callable[[Context], Iterable[Finding]]]:
    """Register a built-in rule."""

    def register(func: Callable[[Context], Iterable[Finding]]) -> Callable[[Context], Iterable[Finding]]:
        RULES[id] = Rule(id, Severity(severity), summary, func)
        return func

    return register


@dataclass(eq=False)
class Context:
    """What a rule sees: the universe, its resolved timeline, and each character's life."""

    universe: Universe
    timeline: Timeline

    @cached_property
    def lives(self) -> dict[str, Life]:
        return lives(self.universe, self.timeline)

    @cached_property
    def rdf(self) -> Any:
        """The universe as an rdflib graph, for house rules with ``# param:`` lines (the SPARQL
        runner binds them); other house rules query a bare Oxigraph store."""
        from mcugraph.rdf import to_rdf

        return to_rdf(self.universe)

    @cached_property
    def records(self) -> dict[str, object]:
        """Every record by its IRI, to map SPARQL answers back to YAML lines."""
        from mcugraph.rdf.convert import record_iris

        return record_iris(self.universe)

    def finding(
        self, rule_id: str, mark: Mark, message: str, subject: str, kind: str, *, conflict: tuple[str, ...] = ()
    ) -> Finding:
        """A finding of a built-in rule; ``conflict``: the other records involved, as ``kind:id``."""
        return Finding(rule_id, RULES[rule_id].severity, message, mark, subject, kind, conflict=conflict)

    def name(self, kind: str, id: str) -> str:
        """``Label (id)``, the way every message names an entity."""
        return f"{self.universe.label(kind, id)} ({id})"
