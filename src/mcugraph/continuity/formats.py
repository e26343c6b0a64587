"""Reports as text (compiler style), JSON, and SARIF 2.1.0 for code-scanning annotations.

``json`` and ``hashlib`` load inside the JSON and SARIF writers: the text a writer reads
after every ``mcugraph check`` needs neither (hashlib alone costs a few milliseconds).
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from mcugraph import __version__
from mcugraph.continuity.findings import Finding, Report
from mcugraph.formats import ReportFormat

if TYPE_CHECKING:
    from pathlib import Path

__all__ = ["to_text", "to_json", "to_sarif", "FORMATS", "SARIF_SCHEMA"]

FORMATS: tuple[ReportFormat, ...] = tuple(ReportFormat)
SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
_COLOURS = {"error": "\x1b[31;1m", "warning": "\x1b[33;1m", "info": "\x1b[36m"}
_DIM, _RESET = "\x1b[2m", "\x1b[0m"
_SARIF_LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def to_text(report: Report, *, color: bool = False) -> str:
    """One line per finding: ``PATH:LINE:COL: SEVERITY[RULE] MESSAGE``."""
    lines = []
    for f in report.findings:
        if not color:
            lines.append(str(f))
            continue
        head = f"{_COLOURS[f.severity]}{f.severity}[{f.rule}]{_RESET}"
        tail = f" {_DIM}(acknowledged: {f.acknowledgement.reason}){_RESET}" if f.acknowledgement else ""
        lines.append(f"\x1b[1m{f.mark}:{_RESET} {head} {f.message}{tail}")
    return "\n".join(lines) + ("\n" if lines else "")


def _finding_json(f: Finding) -> dict[str, Any]:
    out: dict[str, Any] = {
        "rule": f.rule,
        "severity": f.severity,
        "message": f.message,
        "path": f.mark.path,
        "line": f.mark.line,
        "column": f.mark.column,
        "subject": f.subject,
        "kind": f.kind,
        "acknowledged": f.acknowledged,
        "conflict": list(f.conflict),
    }
    if f.acknowledgement is not None:
        ack = f.acknowledgement
        out["acknowledgement"] = {
            "reason": ack.reason,
            "sources": list(ack.sources),
            "path": ack.mark.path,
            "line": ack.mark.line,
            "column": ack.mark.column,
        }
    return out


def to_json(report: Report) -> str:
    """The report as a JSON document (``findings``, ``summary``, ``rules``)."""
    counts = report.counts()
    doc = {
        "universe": report.universe,
        "tool": {"name": "mcugraph", "version": __version__},
        "summary": {
            "errors": counts["error"],
            "warnings": counts["warning"],
            "notes": counts["info"],
            "acknowledged": counts["acknowledged"],
        },
        "rules": [
            {"id": r.id, "severity": r.severity, "summary": r.summary, "origin": r.origin}  # type: ignore[attr-defined]
            for r in report.rules
        ],
        "findings": [_finding_json(f) for f in report.findings],
    }
    import json

    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def _uri(path: str, root: Path) -> tuple[str, bool]:
    """A URI for a finding's file: relative to ``root`` when inside it, else a file URI."""
    from pathlib import Path

    if path.startswith("<"):
        return path.strip("<>"), True
    absolute = Path(path).resolve()
    try:
        return absolute.relative_to(root.resolve()).as_posix(), True
    except ValueError:
        return absolute.as_uri(), False


def _fingerprint(f: Finding) -> str:
    """Stable across runs and line moves: the rule, the subject and the message."""
    import hashlib

    return hashlib.sha256(f"{f.rule}\0{f.kind}\0{f.subject}\0{f.message}".encode()).hexdigest()[:32]


def to_sarif(report: Report, *, root: str | os.PathLike[str] | None = None) -> str:
    """The report as a SARIF 2.1.0 log. Paths are made relative to ``root`` (default: the
    current folder, the repository root in CI) so code scanning can annotate them."""
    from pathlib import Path

    base = Path(root) if root is not None else Path.cwd()
    rules = list(report.rules)
    index = {r.id: i for i, r in enumerate(rules)}  # type: ignore[attr-defined]
    descriptors = []
    for r in rules:
        descriptors.append(
            {
                "id": r.id,  # type: ignore[attr-defined]
                "name": "".join(part.capitalize() for part in r.id.split("-")),  # type: ignore[attr-defined]
                "shortDescription": {"text": r.summary},  # type: ignore[attr-defined]
                "help": {"text": f"See docs/continuity.md, section {r.id}."},  # type: ignore[attr-defined]
                "defaultConfiguration": {"level": _SARIF_LEVEL[r.severity]},  # type: ignore[attr-defined]
                "properties": {"origin": r.origin},  # type: ignore[attr-defined]
            }
        )
    results = []
    for f in report.findings:
        uri, relative = _uri(f.mark.path, base)
        artifact: dict[str, Any] = {"uri": uri}
        if relative:
            artifact["uriBaseId"] = "%SRCROOT%"
        result: dict[str, Any] = {
            "ruleId": f.rule,
            "level": _SARIF_LEVEL[f.severity],
            "message": {"text": f.message},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": artifact,
                        "region": {"startLine": max(f.mark.line, 1), "startColumn": max(f.mark.column, 1)},
                    }
                }
            ],
            "partialFingerprints": {"mcugraph/v1": _fingerprint(f)},
            "properties": {"subject": f.subject, "kind": f.kind, "conflict": list(f.conflict)},
        }
        if f.rule in index:
            result["ruleIndex"] = index[f.rule]
        if f.acknowledgement is not None:
            result["suppressions"] = [{"kind": "inSource", "justification": f.acknowledgement.reason}]
        results.append(result)
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "mcugraph",
                        "semanticVersion": __version__,
                        "rules": descriptors,
                    }
                },
                "originalUriBaseIds": {"%SRCROOT%": {"uri": base.resolve().as_uri() + "/"}},
                "results": results,
                "columnKind": "unicodeCodePoints",
            }
        ],
    }
    import json

    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"
