"""The shipped secrets: who learns that Matt Murdock is Daredevil, and when, each sourced."""

from __future__ import annotations

from pathlib import Path

import pytest

import mcugraph
from mcugraph.continuity import check, resolve_timeline
from mcugraph.continuity.knowledge import SURELY, knowers_at
from mcugraph.model import Universe

DATA = Path(__file__).resolve().parents[2] / "data" / "universe.yaml"

#: (character, secret, the work where they learn it): pinned, each checked against its source
LEARNT = {
    ("claire-temple", "daredevil-identity", "daredevil-s1e02"),
    ("foggy-nelson", "daredevil-identity", "daredevil-s1e09"),
    ("karen-page", "daredevil-identity", "daredevil-s2e13"),
    ("jessica-jones", "daredevil-identity", "the-defenders-s1e04"),
    ("luke-cage", "daredevil-identity", "the-defenders-s1e04"),
    ("danny-rand", "daredevil-identity", "the-defenders-s1e04"),
    ("dinah-madani", "frank-castle-alive", "the-punisher-s1e04"),
    ("frank-castle", "david-lieberman-alive", "the-punisher-s1e02"),
    ("danny-rand", "harold-meachum-alive", "iron-fist-s1e04"),
    ("jeri-hogarth", "harold-meachum-alive", "iron-fist-s1e13"),
}


@pytest.fixture(scope="module")
def universe() -> Universe:
    return mcugraph.load(DATA)


def test_the_learnings_are_pinned_and_sourced(universe: Universe) -> None:
    learnt = {(k.character, k.secret, k.learns_in) for k in universe.knowledge if k.learns_in}
    assert learnt >= LEARNT
    assert universe.secrets["daredevil-identity"].about == "matt-murdock"
    for k in universe.knowledge:
        assert k.sources, f"{k.character} / {k.secret} at {k.mark} has no source"
        assert all(universe.sources[s].url for s in k.sources)
        assert k.mark.path.endswith("secrets.yaml")
    assert all(s.sources for s in universe.secrets.values())


def test_as_of_an_episode_the_shipped_knowers(universe: Universe) -> None:
    tl = resolve_timeline(universe)

    def sure(work: str) -> set[str]:
        return {k.character for k in knowers_at(universe, tl, "daredevil-identity", work) if k.certainty == SURELY}

    def listed(work: str) -> set[str]:
        return {k.character for k in knowers_at(universe, tl, "daredevil-identity", work)}

    assert "foggy-nelson" not in listed("daredevil-s1e08")  # he finds out in the next episode
    assert {"matt-murdock", "claire-temple", "foggy-nelson"} <= sure("daredevil-s1e09")
    assert "karen-page" not in listed("daredevil-s2e12")
    assert {"foggy-nelson", "karen-page"} <= sure("daredevil-s2e13")
    assert {"jessica-jones", "luke-cage", "danny-rand"} <= sure("the-defenders-s1e04")


def test_the_knowledge_rules_find_nothing_in_the_shipped_data(universe: Universe) -> None:
    report = check(universe, only=["secret-used-before-learned", "secret-learned-twice"])
    assert report.findings == ()
