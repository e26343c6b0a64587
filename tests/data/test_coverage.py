"""How deep the shipped data goes, pinned so it can only grow: who is in each episode,
who made each film, relationships placed in the works they rest on, fan names searchable.

The floors are the measured coverage of the data; a change that loses records fails here."""

from __future__ import annotations

from pathlib import Path

import pytest

import mcugraph
from mcugraph.model import Universe
from mcugraph.resolve import find

SHIPPED = Path(__file__).resolve().parents[2] / "data" / "universe.yaml"


@pytest.fixture(scope="module")
def shipped() -> Universe:
    return mcugraph.load(SHIPPED)


def test_every_episode_says_who_is_in_it(shipped: Universe) -> None:
    episodes = [w.id for w in shipped.works.values() if w.kind == "episode"]
    named = {w for record in (*shipped.appearances, *shipped.portrayals) for w in record.works}
    missing = [e for e in episodes if e not in named]
    assert len(episodes) == 161
    assert missing == []


def test_every_film_says_who_directed_and_wrote_it(shipped: Universe) -> None:
    films = [w.id for w in shipped.works.values() if w.kind == "film"]
    for job in ("director", "writer"):
        credited = {w for c in shipped.crew if c.job == job for w in c.works}
        assert [f for f in films if f not in credited] == [], job


def test_episode_credits_do_not_shrink(shipped: Universe) -> None:
    episodes = {w.id for w in shipped.works.values() if w.kind == "episode"}
    directed = {w for c in shipped.crew if c.job == "director" for w in c.works} & episodes
    written = {w for c in shipped.crew if c.job == "writer" for w in c.works} & episodes
    assert len(directed) >= 138 and len(written) >= 130


def test_every_relationship_names_the_works_it_rests_on(shipped: Universe) -> None:
    assert [str(r.mark) for r in shipped.relationships if not r.works] == []


def test_every_crew_credit_and_other_name_is_sourced(shipped: Universe) -> None:
    assert [str(c.mark) for c in shipped.crew if not c.sources] == []
    for record in shipped.characters.values():
        for other in record.other_names:
            assert other.sources, (record.id, other.name)


@pytest.mark.parametrize(("name", "character"), [("Kingpin", "wilson-fisk"), ("Bullseye", "benjamin-poindexter")])
def test_comics_names_find_the_character(shipped: Universe, name: str, character: str) -> None:
    assert find(shipped, name) == [("character", character)]
    record = shipped.characters[character]
    assert name not in (*record.aliases, *record.codenames)  # never presented as said on screen
