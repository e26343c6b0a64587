"""House rules: SPARQL SELECT files that run as continuity rules, no Python needed.

A house rule is a ``.rq`` file whose leading comment lines give its header::

    # id: character-in-no-work
    # severity: warning
    # message: {character} is in no work at all
    # subject: character            (optional: the variable whose entity the finding is about)
    SELECT ?character WHERE { ... }

Each result row becomes one finding at the YAML line of the entity it names. The query
runs through the vetted SPARQL runner (no SERVICE, no FROM, no updates; time-limited)
over the RDF export of the universe.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from mcugraph.continuity.findings import SEVERITIES, Finding
from mcugraph.continuity.registry import RULES, Context, Rule
from mcugraph.errors import Mark, QueryError

__all__ = ["HouseRule", "HouseRuleError", "parse_house_rule", "read_house_rules"]

_HEADER = re.compile(r"^#\s*([a-z]+)\s*:\s*(.*?)\s*$")
_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")
_MAX_FILE = 256 * 1024


class HouseRuleError(QueryError):
    """A house rule file is malformed, or its query failed."""


@dataclass(frozen=True, slots=True)
class HouseRule:
    """A parsed house rule: its header and its query."""

    id: str
    severity: str
    message: str
    query: str
    path: str
    subject: str | None = None

    @property
    def placeholders(self) -> list[str]:
        return _PLACEHOLDER.findall(self.message)


def parse_house_rule(text: str, *, path: str = "<string>") -> HouseRule:
    """Read the header of a house rule; raise :class:`HouseRuleError` naming the line."""
    header: dict[str, tuple[str, int]] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped:
            continue
        if not stripped.startswith("#"):
            break
        match = _HEADER.match(stripped)
        if match is None:
            continue
        key, value = match.groups()
        if key in ("id", "severity", "message", "subject"):
            if key in header:
                raise HouseRuleError(f"{path}:{number}:1: '# {key}:' is given twice (first on line {header[key][1]})")
            header[key] = (value, number)
    for key in ("id", "severity", "message"):
        if key not in header or not header[key][0]:
            raise HouseRuleError(
                f"{path}:1:1: a house rule starts with '# id:', '# severity:' and '# message:' lines; '# {key}:' is missing"
            )
    rule_id, id_line = header["id"]
    if not _ID.match(rule_id):
        raise HouseRuleError(f"{path}:{id_line}:1: rule id '{rule_id}' must be kebab-case (letters, digits, hyphens)")
    if rule_id in RULES:
        raise HouseRuleError(f"{path}:{id_line}:1: '{rule_id}' is a built-in rule; give the house rule another id")
    severity, severity_line = header["severity"]
    if severity not in SEVERITIES:
        raise HouseRuleError(f"{path}:{severity_line}:1: severity '{severity}' is not one of {', '.join(SEVERITIES)}")
    subject = header["subject"][0].lstrip("?") if "subject" in header else None
    return HouseRule(rule_id, severity, header["message"][0], text, path, subject)


def read_house_rules(folder: str | os.PathLike[str]) -> list[Rule]:
    """Every ``*.rq`` file of ``folder`` as a rule, in file-name order."""
    base = Path(folder)
    if not base.is_dir():
        raise HouseRuleError(f"no house rule folder at '{base}'")
    rules: list[Rule] = []
    seen: dict[str, str] = {}
    for path in sorted(base.glob("*.rq")):
        try:
            if path.stat().st_size > _MAX_FILE:
                raise HouseRuleError(f"{path}:1:1: a house rule file is limited to {_MAX_FILE // 1024} KiB")
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            raise HouseRuleError(f"{path}:1:1: not UTF-8 text") from None
        except OSError as exc:
            raise HouseRuleError(f"{path}: cannot read: {exc.strerror or exc}") from None
        house = parse_house_rule(text, path=str(path))
        if house.id in seen:
            raise HouseRuleError(f"{path}:1:1: rule id '{house.id}' is also used by {seen[house.id]}")
        seen[house.id] = str(path)
        summary = _PLACEHOLDER.sub(lambda m: m.group(1), house.message)
        rules.append(Rule(house.id, house.severity, summary, partial(_run, house), origin=str(path)))
    return rules


# -- running --------------------------------------------------------------------------


def _select(ctx: Context, house: HouseRule) -> tuple[list[str], list[dict[str, Any]]]:
    """Run the query through the vetted runner; return its variables and rows."""
    try:
        from mcugraph.sparql.run import run_query

        graph = ctx.rdf
    except ImportError:  # pragma: no cover - both ship with mcugraph
        raise HouseRuleError(
            f"{house.path}: house rules need the RDF export and the SPARQL runner (mcugraph.rdf, mcugraph.sparql);"
            " run with --no-house-rules"
        ) from None
    try:
        result = run_query(graph, house.query)
    except QueryError as exc:
        raise HouseRuleError(f"{house.path}: {exc}") from None
    if result.form != "SELECT":
        raise HouseRuleError(f"{house.path}:1:1: a house rule must be a SELECT query, not {result.form}")
    return list(result.variables), result.bindings()


def _run(house: HouseRule, ctx: Context) -> Iterator[Finding]:
    variables, rows = _select(ctx, house)
    missing = [p for p in house.placeholders if p not in variables]
    if missing:
        raise HouseRuleError(
            f"{house.path}: the message uses {{{missing[0]}}}, which the query does not select"
            f" (it selects {', '.join('?' + v for v in variables)})"
        )
    if house.subject is not None and house.subject not in variables:
        raise HouseRuleError(f"{house.path}: '# subject: {house.subject}' is not a selected variable")
    records = ctx.records
    base = ctx.universe.info.base_iri
    for row in rows:
        named = {var: _describe(ctx, records, base, value) for var, value in row.items()}
        order = [house.subject] if house.subject else variables
        target = next((hit for v in order if (hit := _entity(records, base, row.get(v))) is not None), None)
        message = _fill(house.message, named)
        if target is None:
            yield Finding(house.id, house.severity, message, Mark(house.path, 1, 1), "", "")
            continue
        kind, record = target
        yield Finding(house.id, house.severity, message, record.mark, _subject_id(record), kind)


def _fill(template: str, values: dict[str, str]) -> str:
    return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), "(unbound)"), template)


def _entity(records: dict[str, object], base: str, value: Any) -> tuple[str, Any] | None:
    if value is None:
        return None
    iri = str(value)
    record = records.get(iri)
    if record is None or not iri.startswith(base):
        return None
    return iri[len(base) :].split("/", 1)[0], record


def _subject_id(record: Any) -> str:
    for attr in ("id", "character", "source"):
        value = getattr(record, attr, None)
        if isinstance(value, str):
            return value
    return ""


def _describe(ctx: Context, records: dict[str, object], base: str, value: Any) -> str:
    found = _entity(records, base, value)
    if found is None:
        return str(value)
    kind, record = found
    ident = getattr(record, "id", None)
    if isinstance(ident, str) and ctx.universe.get(kind, ident) is not None:
        return ctx.name(kind, ident)
    return str(value)[len(base) :]
