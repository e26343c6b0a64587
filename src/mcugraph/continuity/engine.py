"""``check``: run every rule, apply the acknowledgements, return a sorted report."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from mcugraph._perf import paused_gc
from mcugraph.continuity import cast, knowledge, life, placement, relations  # noqa: F401  (register the rules)
from mcugraph.continuity.findings import Finding, Report
from mcugraph.continuity.registry import RULES, Context, Rule, rule
from mcugraph.continuity.timeline import Timeline, resolve_timeline
from mcugraph.errors import NotFoundError
from mcugraph.model.universe import Universe

if TYPE_CHECKING:
    from pathlib import Path

__all__ = ["check", "default_rules_dir", "acknowledge"]


@rule("unmatched-acknowledgement", "warning", "An acknowledged: entry matches no finding (or names no rule).")
def _unmatched(ctx: Context) -> Iterator[Finding]:
    return iter(())  # found by acknowledge(), after every other rule has run


def default_rules_dir(universe: Universe) -> Path | None:
    """``queries/rules`` beside the data folder, if there is one."""
    if not universe.files:
        return None
    from pathlib import Path  # here, not on import: a check without house rules needs none of it

    candidate = Path(universe.files[0]).resolve().parent.parent / "queries" / "rules"
    return candidate if candidate.is_dir() else None


def check(
    universe: Universe,
    *,
    rules_dir: str | os.PathLike[str] | None = None,
    only: Iterable[str] | None = None,
    timeline: Timeline | None = None,
) -> Report:
    """Every continuity finding of ``universe``.

    ``rules_dir`` adds the house rules (``*.rq``) of that folder; ``only`` limits the run
    to the findings of some rule ids. Acknowledged findings stay in the report, marked.

    >>> import mcugraph
    >>> report = check(mcugraph.load("data/universe.yaml"))  # doctest: +SKIP
    >>> report.failing("error")  # doctest: +SKIP
    ()
    """
    rules: list[Rule] = list(RULES.values())
    if rules_dir is not None:
        from mcugraph.continuity.house import read_house_rules

        rules.extend(read_house_rules(rules_dir))
    wanted: list[str] | None = None
    if only is not None:
        wanted = list(only)
        known = {r.id for r in rules}
        for name in wanted:
            if name not in known:
                from mcugraph.hints import suggest

                raise NotFoundError(f"no rule is called '{name}'{suggest(name, sorted(known))}")
    found: list[Finding] = []
    # The engine builds many small objects and no cycles: the cyclic collector would only
    # walk them again and again (check grew faster than the universe with it on).
    with paused_gc():
        ctx = Context(universe, timeline or resolve_timeline(universe))
        # every rule runs even with ``only``: acknowledgements are matched against all findings
        for r in rules:
            found.extend(r.run(ctx))
    final = acknowledge(list(dict.fromkeys(found)), universe, rule_ids={r.id for r in rules})
    if wanted is not None:
        final = [f for f in final if f.rule in wanted]
        rules = [r for r in rules if r.id in wanted]
    return Report(universe.info.id, tuple(sorted(final, key=lambda f: f.sort_key)), tuple(rules))


def _bare(ref: str) -> str:
    """``event:the-incident`` and ``the-incident`` name the same record here."""
    return ref.partition(":")[2] or ref


def acknowledge(
    findings: list[Finding], universe: Universe, *, rule_ids: set[str], report_unmatched: bool = True
) -> list[Finding]:
    """Mark findings that an ``acknowledged:`` entry accepts; report entries that match nothing.

    An entry with ``with:`` accepts exactly the conflict it names: the rule, the subject and
    the other records involved. An entry without it accepts a rule's findings on its subject
    only while they are all one conflict; when there are several, it accepts none and says
    which to name, so a new conflict is never accepted silently.
    """
    out = list(findings)
    for ack in universe.acknowledged:
        same = [
            i for i, f in enumerate(out) if f.rule == ack.rule and ack.subject in (f.subject, f"{f.kind}:{f.subject}")
        ]
        conflicts = sorted({out[i].conflict for i in same})
        message = None
        if ack.conflict:
            wanted = {_bare(x) for x in ack.conflict}
            chosen = [i for i in same if {_bare(x) for x in out[i].conflict} == wanted]
            if not chosen and same and report_unmatched:
                message = (
                    f"the acknowledgement of {ack.rule} for '{ack.subject}' names the conflict with"
                    f" {', '.join(ack.conflict)}, but check finds it with {_listing(conflicts)}:"
                    " the conflict has changed; check it again and update 'with', or remove the entry"
                )
        elif len(conflicts) > 1:
            chosen = []
            if report_unmatched:
                message = (
                    f"the acknowledgement of {ack.rule} for '{ack.subject}' could accept {len(conflicts)} different"
                    f" conflicts ({_listing(conflicts)}): name the one it accepts with 'with', so that"
                    " no other is accepted unseen"
                )
        else:
            chosen = same
        for i in chosen:
            out[i] = out[i].acknowledge(ack)
        if chosen or not report_unmatched:
            continue
        if message is None:
            if ack.rule not in rule_ids:
                from mcugraph.hints import suggest

                message = f"the acknowledgement names no rule '{ack.rule}'{suggest(ack.rule, sorted(rule_ids))}"
            else:
                message = (
                    f"the acknowledgement of {ack.rule} for '{ack.subject}' matches no finding:"
                    " the conflict is gone or the subject is wrong; remove the entry or fix its subject"
                )
        rule_def = RULES["unmatched-acknowledgement"]
        out.append(
            Finding("unmatched-acknowledgement", rule_def.severity, message, ack.mark, ack.subject, "acknowledgement")
        )
    return out


def _listing(conflicts: list[tuple[str, ...]]) -> str:
    return "; ".join(f"[{', '.join(c)}]" if c else "[nothing else]" for c in conflicts)
