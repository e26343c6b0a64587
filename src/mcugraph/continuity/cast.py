"""Rules about who is in what, and where the facts come from.

Rules: ``recast``, ``absent-participant``, ``unsourced``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from mcugraph.continuity.findings import Finding
from mcugraph.continuity.registry import Context, rule
from mcugraph.model.records import Portrayal

__all__: list[str] = []


def _list(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


@rule("recast", "info", "The same character is played by different actors (not at another age).")
def recast(ctx: Context) -> Iterator[Finding]:
    u = ctx.universe
    groups: dict[tuple[str, str], dict[str, list[Portrayal]]] = defaultdict(lambda: defaultdict(list))
    for p in u.portrayals:
        if p.billing != "voice":
            groups[(p.character, p.life_stage)][p.person].append(p)
    for (cid, stage), by_person in groups.items():
        if len(by_person) < 2:
            continue
        parts = []
        for person, items in by_person.items():
            works = [w for p in items for w in p.works]
            parts.append(f"{u.people[person].name} ({', '.join(u.label('work', w) for w in dict.fromkeys(works))})")
        second = list(by_person.values())[1][0]
        stage_text = "" if stage == "adult" else f" as a {stage}"
        yield ctx.finding(
            "recast",
            second.mark,
            f"{ctx.name('character', cid)} is recast{stage_text}: played by {_list(parts)};"
            " give the portrayals a life_stage if one plays the character at another age",
            cid,
            "character",
        )


@rule(
    "absent-participant", "warning", "A character takes part in an event but never appears in the works that depict it."
)
def absent_participant(ctx: Context) -> Iterator[Finding]:
    u = ctx.universe
    appearances = u.appearances_of
    for event in u.events.values():
        if not event.depicted_in:
            continue
        for part in event.participants:
            seen = [w for w, mode, _ in appearances.get(part.character, ()) if mode != "mention"]
            if any(u.covers(d, w) or u.covers(w, d) for d in event.depicted_in for w in seen):
                continue
            shown = _list([ctx.name("work", w) for w in event.depicted_in])
            yield ctx.finding(
                "absent-participant",
                part.mark,
                f"{ctx.name('character', part.character)} takes part in {ctx.name('event', event.id)} but never"
                f" appears in {shown}, which depict{'s' if len(event.depicted_in) == 1 else ''} it;"
                " add the appearance or remove the participant",
                part.character,
                "character",
                conflict=(f"event:{event.id}",),
            )


@rule("unsourced", "warning", "A work, portrayal, event, relationship or acknowledgement cites no source.")
def unsourced(ctx: Context) -> Iterator[Finding]:
    u = ctx.universe
    for work in u.works.values():
        if not u.work_sources(work.id):
            yield ctx.finding("unsourced", work.mark, f"{ctx.name('work', work.id)} has no source", work.id, "work")
    for p in u.portrayals:
        if not p.sources:
            yield ctx.finding(
                "unsourced",
                p.mark,
                f"the portrayal of {ctx.name('character', p.character)} by {ctx.name('person', p.person)} has no source",
                p.character,
                "portrayal",
            )
    for event in u.events.values():
        if not event.sources:
            yield ctx.finding(
                "unsourced", event.mark, f"{ctx.name('event', event.id)} has no source", event.id, "event"
            )
    for rel in u.relationships:
        if not rel.sources:
            sk, _ = u.party(rel.source)
            tk, _ = u.party(rel.target)
            yield ctx.finding(
                "unsourced",
                rel.mark,
                f"the relationship {ctx.name(sk, rel.source)} {rel.kind.label} {ctx.name(tk, rel.target)} has no source",
                rel.source,
                "relationship",
            )
    for ack in u.acknowledged:
        if not ack.sources:
            yield ctx.finding(
                "unsourced",
                ack.mark,
                f"the acknowledgement of {ack.rule} for '{ack.subject}' has no source: cite where the conflict is discussed",
                ack.subject,
                "acknowledgement",
            )
