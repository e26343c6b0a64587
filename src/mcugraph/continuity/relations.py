"""Rules about relationships over time.

Rules: ``relationship-dates``, ``relationship-exclusive``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from mcugraph.continuity.findings import Finding
from mcugraph.continuity.lives import dead_at
from mcugraph.continuity.registry import Context, rule
from mcugraph.model.records import Relationship

__all__ = ["describe_relationship"]


def describe_relationship(ctx: Context, rel: Relationship) -> str:
    """``Jessica Jones (jessica-jones) ally of Luke Cage (luke-cage)``."""
    sk, _ = ctx.universe.party(rel.source)
    tk, _ = ctx.universe.party(rel.target)
    return f"{ctx.name(sk, rel.source)} {rel.kind.label} {ctx.name(tk, rel.target)}"


@rule(
    "relationship-dates",
    "error",
    "A relationship starts after one side is dead, ends before it starts, or misses the works it holds over.",
)
def relationship_dates(ctx: Context) -> Iterator[Finding]:
    tl, u = ctx.timeline, ctx.universe
    for rel in u.relationships:
        what = describe_relationship(ctx, rel)
        since, until = tl.point(rel.since), tl.point(rel.until)
        if rel.since is not None and rel.until is not None and tl.before(until, since):
            yield ctx.finding(
                "relationship-dates",
                rel.mark,
                f"{what} ends ({until}) before it starts ({since})",
                rel.source,
                "relationship",
                conflict=(f"{rel.type}:{rel.target}",),
            )
            continue
        clash, clash_work = None, ""
        for wid in rel.works:
            span = tl.works.get(wid)
            if span is None or not span.known:
                continue
            if rel.since is not None and tl.before(span.end, since):
                clash = f"starts ({since}) after {ctx.name('work', wid)} (set {span}), which it is said to hold over"
            elif rel.until is not None and tl.before(until, span.start):
                clash = f"ends ({until}) before {ctx.name('work', wid)} (set {span}), which it is said to hold over"
            if clash:
                clash_work = wid
                break
        if clash:
            yield ctx.finding(
                "relationship-dates",
                rel.mark,
                f"{what} {clash}",
                rel.source,
                "relationship",
                conflict=(f"{rel.type}:{rel.target}", f"work:{clash_work}"),
            )
            continue
        if rel.since is None:
            continue
        for party in (rel.source, rel.target):
            life = ctx.lives.get(party)
            if life is None or party not in u.characters:
                continue
            death = dead_at(tl, life, since)
            if death is not None:
                yield ctx.finding(
                    "relationship-dates",
                    rel.mark,
                    f"{what} starts ({since}) after {ctx.name('character', party)} {death.text}",
                    party,
                    "relationship",
                    conflict=(f"{rel.type}:{rel.target if party == rel.source else rel.source}",),
                )
                break


@rule(
    "relationship-exclusive", "error", "Two relationships that exclude each other (friend and enemy) overlap in time."
)
def relationship_exclusive(ctx: Context) -> Iterator[Finding]:
    tl, u = ctx.timeline, ctx.universe
    by_pair: dict[frozenset[str], list[int]] = defaultdict(list)
    for i, rel in enumerate(u.relationships):
        if rel.kind.excludes:
            by_pair[frozenset((rel.source, rel.target))].append(i)
    for indexes in by_pair.values():
        for n, i in enumerate(indexes):
            for j in indexes[n + 1 :]:
                a, b = u.relationships[i], u.relationships[j]
                if b.type not in a.kind.excludes:
                    continue
                sa, sb = tl.relationships[i], tl.relationships[j]
                if sa.empty or sb.empty or not tl.overlap(sa, sb):
                    continue
                later = b if b.mark >= a.mark else a
                yield ctx.finding(
                    "relationship-exclusive",
                    later.mark,
                    f"{describe_relationship(ctx, a)} ({sa}) overlaps {describe_relationship(ctx, b)} ({sb}):"
                    f" end one with 'until' before the other starts",
                    later.source,
                    "relationship",
                    conflict=tuple(sorted({f"{a.type}:{a.target}", f"{b.type}:{b.target}"})),
                )
