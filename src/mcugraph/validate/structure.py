"""Rules a schema cannot state: work numbering and nesting, containment cycles, parties."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from mcugraph.errors import Diagnostic
from mcugraph.model.records import RELATIONSHIP_TYPES
from mcugraph.model.universe import Universe

__all__ = ["check_structure"]


def check_structure(universe: Universe) -> list[Diagnostic]:
    """Every structural problem of an otherwise well-typed universe."""
    out: list[Diagnostic] = []
    _check_works(universe, out)
    _check_cycles(out, universe.locations, lambda r: r.within, "location", "within")
    _check_cycles(out, universe.events, lambda r: r.part_of, "event", "part_of")
    _check_relationships(universe, out)
    _check_knowledge(universe, out)
    _check_crew(universe, out)
    for order in universe.orders.values():
        if order.id in ("release", "in-universe", "chronological"):
            out.append(
                Diagnostic(
                    order.mark,
                    f"order id '{order.id}' is the name of an order every universe has (derived from the data):"
                    " choose another id",
                )
            )
    for character in universe.characters.values():
        if character.variant_of == character.id:
            out.append(
                Diagnostic(
                    character.mark, f"character '{character.id}' cannot be a variant of itself: name its counterpart"
                )
            )
    for event in universe.events.values():
        for outcome in event.outcomes:
            if (outcome.character is None) == (outcome.organization is None):
                out.append(Diagnostic(outcome.mark, "an outcome names exactly one of 'character' or 'organization'"))
    return out


def _check_works(universe: Universe, out: list[Diagnostic]) -> None:
    works = universe.works
    numbers: dict[tuple[str, int], str] = {}
    for work in works.values():

        def err(message: str, work: object = work) -> None:
            out.append(Diagnostic(work.mark, message))  # type: ignore[attr-defined]

        if work.kind != "season" and not work.title:
            err(f"{work.kind} '{work.id}' needs a 'title'")
        if work.kind in ("season", "episode") and work.number is None:
            err(f"{work.kind} '{work.id}' needs a 'number' (1, 2, …)")
        if work.kind == "season":
            if work.series is None:
                err(f"season '{work.id}' needs 'series' (the id of its series)")
            elif works[work.series].kind != "series":
                err(
                    f"season '{work.id}' has series '{work.series}', which is a {works[work.series].kind}, not a series"
                )
        if work.kind == "episode":
            if work.season is None:
                err(f"episode '{work.id}' needs 'season' (the id of its season)")
            else:
                season = works[work.season]
                if season.kind != "season":
                    err(f"episode '{work.id}' has season '{work.season}', which is a {season.kind}, not a season")
                elif work.series is not None and season.series != work.series:
                    err(
                        f"episode '{work.id}' names series '{work.series}' but its season '{season.id}'"
                        f" belongs to '{season.series}'"
                    )
        if work.kind not in ("season", "episode"):
            for key in ("series", "season", "number"):
                if getattr(work, key) is not None:
                    err(f"'{key}' belongs to seasons and episodes, not to a {work.kind}")
        if work.kind == "season" and work.season is not None:
            err("a season has a 'series', not a 'season'")
        if work.phase is not None and work.kind not in ("film", "series", "special"):
            err(f"'phase' belongs to films, series and specials, not to a {work.kind}")
        parent = work.series if work.kind == "season" else work.season if work.kind == "episode" else None
        if parent is not None and work.number is not None:
            slot = (parent, work.number)
            if slot in numbers:
                first = works[numbers[slot]]
                err(
                    f"{work.kind} number {work.number} of '{parent}' is used twice (first by '{first.id}' at {first.mark})"
                )
            else:
                numbers[slot] = work.id
        if work.ended is not None and work.released is not None and work.ended < work.released:
            err(f"'{work.id}' ends ({work.ended}) before it was released ({work.released})")


def _check_cycles(
    out: list[Diagnostic], table: Mapping[str, Any], parent_of: Callable[[Any], str | None], what: str, key: str
) -> None:
    reported: set[str] = set()
    for start in table:
        chain = [start]
        current = parent_of(table[start])
        while current is not None and current in table:
            if current in chain:
                cycle = chain[chain.index(current) :] + [current]
                if not reported & set(cycle):
                    record = table[cycle[0]]
                    out.append(
                        Diagnostic(record.mark, f"{what} containment cycle through '{key}': {' → '.join(cycle)}")
                    )
                    reported.update(cycle)
                break
            chain.append(current)
            current = parent_of(table[current])


def _check_relationships(universe: Universe, out: list[Diagnostic]) -> None:
    for rel in universe.relationships:
        kind = RELATIONSHIP_TYPES[rel.type]
        if kind.to_organization and rel.target not in universe.organizations:
            out.append(Diagnostic(rel.mark, f"'{rel.type}' points to an organization; '{rel.target}' is a character"))
        if rel.source == rel.target:
            out.append(Diagnostic(rel.mark, f"'{rel.source}' cannot have a '{rel.type}' relationship with itself"))


def _check_crew(universe: Universe, out: list[Diagnostic]) -> None:
    for credit in universe.crew:
        if credit.credit is not None and credit.job != "writer":
            out.append(
                Diagnostic(
                    credit.mark,
                    f"'credit: {credit.credit}' says how a writer is credited; '{credit.person}' is credited here as"
                    f" {credit.job}",
                )
            )
        for work_id, mark in zip(credit.works, credit.work_marks or (credit.mark,) * len(credit.works), strict=False):
            work = universe.works[work_id]
            if work.kind == "series":
                out.append(
                    Diagnostic(
                        mark,
                        f"'{work_id}' is a series: a {credit.job} is credited on its episodes (or a season, which"
                        " stands for its episodes)",
                    )
                )


def _check_knowledge(universe: Universe, out: list[Diagnostic]) -> None:
    seen: dict[tuple[str, str, str | None, str | None, tuple[str, ...]], Any] = {}
    for k in universe.knowledge:
        if k.learns_in is None and not k.acts_on:
            out.append(
                Diagnostic(
                    k.mark,
                    f"knowledge of '{k.character}' about '{k.secret}' says nothing:"
                    " give 'learns_in' (the work where they learn it), 'acts_on' (works where they use it), or both",
                )
            )
        if k.forgets_in is not None and k.learns_in is None:
            out.append(
                Diagnostic(k.mark, "'forgets_in' needs 'learns_in' in the same record (what is forgotten was learnt)")
            )
        if k.forgets_in is not None and k.forgets_in == k.learns_in:
            out.append(
                Diagnostic(k.mark, f"'{k.character}' learns and forgets '{k.secret}' in the same work '{k.learns_in}'")
            )
        key = (k.character, k.secret, k.learns_in, k.forgets_in, k.acts_on)
        first = seen.get(key)
        if first is not None:
            out.append(
                Diagnostic(
                    k.mark,
                    f"duplicate knowledge record: '{k.character}' and '{k.secret}' are recorded the same way"
                    f" at {first.mark}; remove one",
                )
            )
        else:
            seen[key] = k
