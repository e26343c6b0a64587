"""Who knows what, and from when: secrets, the works where characters learn them, and rules.

A ``knowledge:`` record says that a character learns a secret somewhere within a work
(``learns_in``), may stop knowing it in a later work (``forgets_in``), and may act on it
in some works (``acts_on``). The character a secret is about knows it throughout. At a
point of the story, a secret is *surely* known when the learning work surely ends no
later than the point (and no forgetting surely came before), and *possibly* known when
the timeline cannot tell.

Rules: ``secret-used-before-learned``, ``secret-learned-twice``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from mcugraph.continuity.findings import Finding
from mcugraph.continuity.registry import Context, rule
from mcugraph.continuity.timeline import Point, Span, Timeline
from mcugraph.errors import NotFoundError
from mcugraph.model.records import Knowledge
from mcugraph.model.universe import Universe

__all__ = ["Known", "SURELY", "POSSIBLY", "knows_at", "knowers_at", "knowledge_lines", "knower_lines", "as_of"]

SURELY = "surely"
POSSIBLY = "possibly"


@dataclass(frozen=True, slots=True)
class Known:
    """One secret one character knows at a point: ``certainty`` is ``surely`` or ``possibly``.

    ``record`` is the knowledge record it rests on; None for the secret's own subject.
    """

    character: str
    secret: str
    certainty: str
    record: Knowledge | None = None

    @property
    def sure(self) -> bool:
        return self.certainty == SURELY


def as_of(timeline: Timeline, work_id: str) -> Point:
    """The point "as of work W": the end of that work in story time."""
    span = timeline.works.get(work_id)
    if span is None:
        from mcugraph.validate.convert import suggest

        raise NotFoundError(f"no work is called '{work_id}'{suggest(work_id, timeline.works)}")
    return span.end


def _at(tl: Timeline, at: Point | str) -> tuple[Point, str | None]:
    """The point asked about, and the work it is the end of (when given as a work id)."""
    if isinstance(at, str):
        return as_of(tl, at), at
    return at, None


def _by(u: Universe, tl: Timeline, work_id: str, at: Point, at_work: str | None) -> bool:
    """True if the work ``work_id`` surely ends no later than ``at``: it lies within the work
    ``at`` is the end of, or the timeline orders it so."""
    if at_work is not None and work_id in u.works and u.covers(at_work, work_id):
        return True
    return tl.order(_span(tl, work_id).end, at) >= 1


def _span(tl: Timeline, work_id: str | None) -> Span:
    return tl.works.get(work_id, Span()) if work_id is not None else Span()


def _certainty(u: Universe, tl: Timeline, k: Knowledge, at: Point, at_work: str | None) -> str | None:
    """How surely the record's learning holds at ``at``: SURELY, POSSIBLY or None (surely not)."""
    if k.learns_in is None:
        return None
    if not _by(u, tl, k.learns_in, at, at_work) and tl.before(at, _span(tl, k.learns_in).start):
        return None  # not learnt yet
    learnt = _by(u, tl, k.learns_in, at, at_work)
    if k.forgets_in is not None:
        if _by(u, tl, k.forgets_in, at, at_work):
            return None  # forgotten
        if not tl.before(at, _span(tl, k.forgets_in).start):
            return POSSIBLY
    return SURELY if learnt else POSSIBLY


def _records(universe: Universe) -> dict[tuple[str, str], list[Knowledge]]:
    out: dict[tuple[str, str], list[Knowledge]] = defaultdict(list)
    for k in universe.knowledge:
        if k.learns_in is not None:
            out[(k.character, k.secret)].append(k)
    return out


def _best(
    u: Universe, tl: Timeline, records: list[Knowledge], at: Point, at_work: str | None
) -> tuple[str, Knowledge] | None:
    found: tuple[str, Knowledge] | None = None
    for k in records:
        certainty = _certainty(u, tl, k, at, at_work)
        if certainty == SURELY:
            return certainty, k
        if certainty is not None and found is None:
            found = (certainty, k)
    return found


def knows_at(universe: Universe, timeline: Timeline, character_id: str, point: Point | str) -> list[Known]:
    """Every secret ``character_id`` knows (surely or possibly) at ``point``, by secret id.

    ``point`` is a point of the story, or a work id meaning "as of the end of that work"
    (then a secret learnt in that work, or in a part of it, is surely known).

    >>> import mcugraph  # doctest: +SKIP
    >>> u = mcugraph.load("data/universe.yaml"); tl = resolve_timeline(u)  # doctest: +SKIP
    >>> knows_at(u, tl, "foggy-nelson", "daredevil-s1e10")  # doctest: +SKIP
    [Known(character='foggy-nelson', secret='daredevil-identity', certainty='surely', ...)]
    """
    if character_id not in universe.characters:
        from mcugraph.validate.convert import suggest

        raise NotFoundError(f"no character is called '{character_id}'{suggest(character_id, universe.characters)}")
    at, at_work = _at(timeline, point)
    by_pair = _records(universe)
    out: list[Known] = []
    for sid, secret in sorted(universe.secrets.items()):
        if secret.about == character_id:
            out.append(Known(character_id, sid, SURELY))
            continue
        best = _best(universe, timeline, by_pair.get((character_id, sid), []), at, at_work)
        if best is not None:
            out.append(Known(character_id, sid, best[0], best[1]))
    return out


def knowers_at(universe: Universe, timeline: Timeline, secret_id: str, point: Point | str) -> list[Known]:
    """Every character who knows ``secret_id`` (surely or possibly) at ``point`` (a point of the
    story, or a work id as in :func:`knows_at`), the subject first."""
    secret = universe.secrets.get(secret_id)
    if secret is None:
        from mcugraph.validate.convert import suggest

        raise NotFoundError(f"no secret is called '{secret_id}'{suggest(secret_id, universe.secrets)}")
    at, at_work = _at(timeline, point)
    out = [Known(secret.about, secret_id, SURELY)]
    for (cid, sid), records in sorted(_records(universe).items()):
        if sid != secret_id or cid == secret.about:
            continue
        best = _best(universe, timeline, records, at, at_work)
        if best is not None:
            out.append(Known(cid, sid, best[0], best[1]))
    return out


def knowledge_lines(universe: Universe, timeline: Timeline, character_id: str, point: Point | str) -> tuple[str, ...]:
    """What ``show CHARACTER --at P`` prints under ``knows:``: ``Matt Murdock is Daredevil (learnt in …)``."""
    lines: list[str] = []
    for known in knows_at(universe, timeline, character_id, point):
        secret = universe.secrets[known.secret]
        if known.record is None:
            where = "their own secret"
        else:
            where = f"learnt in {universe.label('work', known.record.learns_in or '')}"
        qualifier = "" if known.sure else ", possibly"
        lines.append(f"{secret.name} ({where}{qualifier})")
    return tuple(lines)


def knower_lines(universe: Universe, timeline: Timeline, secret_id: str, point: Point | str) -> tuple[str, ...]:
    """What ``show SECRET --at P`` prints: ``Foggy Nelson (learnt in …)``, the subject first."""
    lines: list[str] = []
    for known in knowers_at(universe, timeline, secret_id, point):
        name = universe.label("character", known.character)
        if known.record is None:
            lines.append(f"{name} (it is about them)")
            continue
        qualifier = "" if known.sure else ", possibly"
        lines.append(f"{name} (learnt in {universe.label('work', known.record.learns_in or '')}{qualifier})")
    return tuple(lines)


# -- rules ------------------------------------------------------------------------------


@rule(
    "secret-used-before-learned",
    "error",
    "A character acts on a secret in a work surely before they learn it, after they forget it, or never learns it.",
)
def secret_used_before_learned(ctx: Context) -> Iterator[Finding]:
    u, tl = ctx.universe, ctx.timeline
    learning = _records(u)
    for k in u.knowledge:
        secret = u.secrets[k.secret]
        if k.character == secret.about:
            continue
        records = learning.get((k.character, k.secret), [])
        who, what = ctx.name("character", k.character), f"'{secret.name}' ({k.secret})"
        for i, wid in enumerate(k.acts_on):
            mark = k.acts_on_marks[i] if i < len(k.acts_on_marks) else k.mark
            if not records:
                yield ctx.finding(
                    "secret-used-before-learned",
                    mark,
                    f"{who} acts on {what} in {ctx.name('work', wid)}, but no record says they learn it:"
                    " add a knowledge record with 'learns_in'",
                    k.character,
                    "knowledge",
                    conflict=(f"secret:{k.secret}", f"work:{wid}"),
                )
                continue
            act = _span(tl, wid)
            # the act is wrong only if, for every learning of the secret, it surely comes
            # before the learning or surely after the forgetting
            early = [r for r in records if r.learns_in != wid and tl.before(act.end, _span(tl, r.learns_in).start)]
            forgotten = [
                r
                for r in records
                if r.forgets_in is not None
                and r.forgets_in != wid
                and tl.before(_span(tl, r.forgets_in).end, act.start)
            ]
            if len(early) + len(forgotten) < len(records) or set(map(id, early)) & set(map(id, forgotten)):
                continue
            if forgotten:
                gone = forgotten[-1]
                problem = (
                    f"which is set after {ctx.name('work', gone.forgets_in or '')}, where they forget it"
                    f" (at {gone.mark}): move the forgetting later, record a new learning, or remove the act"
                )
            else:
                first = early[0]
                problem = (
                    f"which is set before {ctx.name('work', first.learns_in or '')}, where they learn it"
                    f" (at {first.mark}): move the learning earlier or remove the act"
                )
            yield ctx.finding(
                "secret-used-before-learned",
                mark,
                f"{who} acts on {what} in {ctx.name('work', wid)}, {problem}",
                k.character,
                "knowledge",
                conflict=(f"secret:{k.secret}", f"work:{wid}"),
            )


def _learn_order(tl: Timeline, a: Knowledge, b: Knowledge) -> tuple[Knowledge, Knowledge]:
    """The two records, the one learnt first first (file order where the timeline cannot tell)."""
    sa, sb = _span(tl, a.learns_in), _span(tl, b.learns_in)
    if tl.before(sb.end, sa.start):
        return b, a
    if tl.before(sa.end, sb.start):
        return a, b
    return (a, b) if a.mark <= b.mark else (b, a)


@rule(
    "secret-learned-twice",
    "warning",
    "A character learns the same secret twice with no forgetting between, or learns their own secret.",
)
def secret_learned_twice(ctx: Context) -> Iterator[Finding]:
    u, tl = ctx.universe, ctx.timeline
    for (cid, sid), records in _records(u).items():
        secret = u.secrets[sid]
        who, what = ctx.name("character", cid), f"'{secret.name}' ({sid})"
        if cid == secret.about:
            for k in records:
                yield ctx.finding(
                    "secret-learned-twice",
                    k.mark,
                    f"{who} is who {what} is about and knows it from the start: remove this learning record",
                    cid,
                    "knowledge",
                    conflict=(f"secret:{sid}",),
                )
            continue
        for n, a in enumerate(records):
            for b in records[n + 1 :]:
                first, second = _learn_order(tl, a, b)
                if first.forgets_in is not None and not tl.before(
                    _span(tl, second.learns_in).end, _span(tl, first.forgets_in).start
                ):
                    continue  # forgotten in between (or possibly so)
                yield ctx.finding(
                    "secret-learned-twice",
                    second.mark,
                    f"{who} learns {what} in {ctx.name('work', second.learns_in or '')}, but already learnt it in"
                    f" {ctx.name('work', first.learns_in or '')} (at {first.mark}):"
                    " remove one record, or give the first a 'forgets_in' before the second",
                    cid,
                    "knowledge",
                    conflict=(f"secret:{sid}", f"work:{first.learns_in}", f"work:{second.learns_in}"),
                )
