"""Findings and reports: what ``check`` says, where, and how bad it is."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from mcugraph.errors import Mark, Severity
from mcugraph.model.records import Acknowledgement

__all__ = ["SEVERITIES", "Severity", "Finding", "Report", "at_or_above"]

#: severities from the most to the least serious (each equal to its string)
SEVERITIES: tuple[Severity, ...] = tuple(Severity)


def at_or_above(severity: str, level: str) -> bool:
    """True if ``severity`` is as serious as ``level`` or more."""
    return SEVERITIES.index(severity) <= SEVERITIES.index(level)


@dataclass(frozen=True, slots=True)
class Finding:
    """One continuity problem, pointing at the YAML line a writer edits.

    ``subject`` is the id the finding is about (the id an ``acknowledged:`` entry names);
    ``kind`` is the section that id belongs to; ``conflict`` names the other records of the
    conflict (``kind:id``), so an acknowledgement can accept exactly this one.
    """

    rule: str
    severity: Severity
    message: str
    mark: Mark
    subject: str
    kind: str = ""
    acknowledged: bool = False
    acknowledgement: Acknowledgement | None = field(default=None, compare=False)
    conflict: tuple[str, ...] = ()

    def __str__(self) -> str:
        text = f"{self.mark}: {self.severity}[{self.rule}] {self.message}"
        if self.acknowledgement is not None:
            text += f" (acknowledged: {self.acknowledgement.reason})"
        return text

    def acknowledge(self, ack: Acknowledgement) -> Finding:
        return replace(self, acknowledged=True, acknowledgement=ack)

    @property
    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.mark.path, self.mark.line, self.mark.column, self.rule, self.message)


@dataclass(frozen=True, slots=True)
class Report:
    """Every finding of one run, sorted by file and line, with the rules that ran."""

    universe: str
    findings: tuple[Finding, ...]
    rules: tuple[object, ...] = ()

    def open(self) -> tuple[Finding, ...]:
        """Findings not acknowledged."""
        return tuple(f for f in self.findings if not f.acknowledged)

    def failing(self, fail_on: str = "error") -> tuple[Finding, ...]:
        """Open findings at or above ``fail_on``: the ones that fail the run."""
        return tuple(f for f in self.open() if at_or_above(f.severity, fail_on))

    def counts(self) -> dict[str, int]:
        """Open findings per severity, and how many are acknowledged."""
        out: dict[str, int] = {s: 0 for s in SEVERITIES}
        for f in self.open():
            out[f.severity] += 1
        out["acknowledged"] = sum(1 for f in self.findings if f.acknowledged)
        return out

    def summary(self) -> str:
        """One line such as ``2 errors, 1 warning, 0 notes; 1 acknowledged``."""
        c = self.counts()

        def n(count: int, word: str) -> str:
            return f"{count} {word}{'s' if count != 1 else ''}"

        return (
            f"{n(c['error'], 'error')}, {n(c['warning'], 'warning')}, {n(c['info'], 'note')}; "
            f"{c['acknowledged']} acknowledged"
        )
