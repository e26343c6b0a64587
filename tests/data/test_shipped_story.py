"""Answers at a point of the story, on the shipped data: definite where the data settles them."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

import mcugraph
from mcugraph.continuity import resolve_timeline, state_at
from mcugraph.continuity.timeline import Timeline
from mcugraph.model import Universe
from mcugraph.model.time import Combined

DATA = Path(__file__).resolve().parents[2] / "data" / "universe.yaml"


@pytest.fixture(scope="module")
def universe() -> Universe:
    return mcugraph.load(DATA)


@pytest.fixture(scope="module")
def timeline(universe: Universe) -> Timeline:
    return resolve_timeline(universe)


def _best_connected(universe: Universe, n: int) -> list[str]:
    degree: Counter[str] = Counter()
    for rel in universe.relationships:
        degree[rel.source] += 1
        degree[rel.target] += 1
    for cid, items in universe.appearances_of.items():
        degree[cid] += len(items)
    return [c for c, _ in degree.most_common() if c in universe.characters][:n]


def _seasons(universe: Universe, cid: str) -> list[str]:
    out = set()
    for wid, _, _ in universe.appearances_of.get(cid, ()):
        work = universe.works[wid]
        if work.kind == "season":
            out.add(wid)
        elif work.kind == "episode" and work.season is not None:
            out.add(work.season)
    return sorted(out)


def test_few_answers_are_left_open_at_the_end_of_each_season(universe: Universe, timeline: Timeline) -> None:
    # the target: for the ten best-connected characters, at the end of each of their
    # seasons, at most 15% of the lines say "possibly" (or "unknown" for alive or dead)
    lines = vague = 0
    for cid in _best_connected(universe, 10):
        for season in _seasons(universe, cid):
            state = state_at(universe, "character", cid, season, timeline=timeline)
            every = [state.life, *state.statuses, *state.places, *state.affiliations, *state.relationships]
            lines += len(every)
            vague += sum("(possibly)" in line or line == "unknown" for line in every)
    assert lines > 200
    assert vague / lines <= 0.15, f"{vague} of {lines} lines are left open"


def test_the_wedding_holds_only_from_daredevil_3x13(universe: Universe, timeline: Timeline) -> None:
    def ties(at: str) -> tuple[str, ...]:
        return state_at(universe, "character", "wilson-fisk", at, timeline=timeline).relationships

    assert not any("Vanessa" in r for r in ties("1990"))
    assert "spouse of Vanessa Marianna" not in ties("daredevil-s3e12")
    assert "spouse of Vanessa Marianna" in ties("daredevil-s3e13")


def test_nothing_from_a_later_season_holds_earlier(universe: Universe, timeline: Timeline) -> None:
    early = state_at(universe, "character", "jessica-jones", "jessica-jones-s1e01", timeline=timeline)
    assert not any("Gelden" in r or "Sallinger" in r for r in early.relationships)
    assert not any("The Defenders" in a for a in early.affiliations)


def test_a_list_of_placements_keeps_the_evidence_of_each(universe: Universe) -> None:
    setting = universe.works["jessica-jones-s1"].setting
    assert isinstance(setting, Combined)
    bases = [p.basis for p in setting.parts if isinstance(p, Combined)]
    assert bases == ["on-screen", "official"]
    assert all(p.sources for p in setting.parts if isinstance(p, Combined))


def test_every_netflix_season_is_placed(universe: Universe, timeline: Timeline) -> None:
    netflix = {w.id for w in universe.works.values() if w.kind == "series" and w.network == "Netflix"}
    seasons = [w for w in universe.works.values() if w.kind == "season" and w.series in netflix]
    assert len(seasons) == 13
    for season in seasons:
        # no season is "at an unknown time" any more: each has at least an earliest day
        assert timeline.works[season.id].earliest is not None, season.id
