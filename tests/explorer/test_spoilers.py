"""The spoiler shield in the library: what survives after watching up to a point."""

from __future__ import annotations

import dataclasses

import pytest
from explorer_fixtures import SPOILERS

import mcugraph
from mcugraph.errors import NotFoundError
from mcugraph.explorer.spoilers import reveal, shield
from mcugraph.graph import to_networkx
from mcugraph.model import Universe, replace


def cut(universe: Universe, through: str, order: str = "release") -> Universe:
    return shield(universe, watched_through=through, order=order)


def test_reveal_steps_of_the_spoiler_universe(spoilers: Universe) -> None:
    r = reveal(spoilers)
    assert r.characters == {"hero": 0, "villain": 2, "twist": 4}
    assert r.people == {"actor-hero": 1, "actor-villain": 2, "actor-twist": 4}
    assert r.events == {"villain-death": 3, "the-return": 4}
    assert r.organizations == {"gang": 4}
    assert r.locations == {"city": 3, "tower": 3}
    # enemy (works), parent-of (undated: never), ally, lawyer-of (dated by its source episode), member-of
    assert r.relationships == [2, None, 4, 3, 4]


def test_after_the_film_only_what_it_shows(spoilers: Universe) -> None:
    u = cut(spoilers, "movie")
    assert set(u.works) == {"movie"}
    assert set(u.characters) == {"hero"}
    assert u.people == {} and u.events == {} and u.relationships == [] and u.portrayals == []
    hero = u.characters["hero"]
    # the aliases are not dated by the data, the codename is credited only from season 1
    assert hero.aliases == () and hero.codenames == ()
    assert [(a.character, a.works, a.mode) for a in u.appearances] == [("hero", ("movie",), "mention")]


def test_main_cast_is_revealed_by_the_first_episode(spoilers: Universe) -> None:
    u = cut(spoilers, "show-s1e01")
    assert set(u.works) == {"movie", "show", "show-s1", "show-s1e01"}
    assert set(u.people) == {"actor-hero"}
    assert [(p.person, p.works) for p in u.portrayals] == [("actor-hero", ("show-s1",))]
    assert u.characters["hero"].codenames == ("Nightfall",)
    assert "villain" not in u.characters


def test_a_death_waits_for_the_episode_that_shows_it(spoilers: Universe) -> None:
    before = cut(spoilers, "show-s1e02")
    villain = before.characters["villain"]
    assert villain.died is None and villain.note is None
    assert before.events == {}
    enemy = [r for r in before.relationships if r.type == "enemy"]
    assert len(enemy) == 1 and enemy[0].until is None
    assert {r.type for r in before.relationships} == {"enemy"}

    after = cut(spoilers, "show-s1e03")
    assert after.characters["villain"].died is not None
    death = after.events["villain-death"]
    assert [o.status for o in death.outcomes] == ["dead"]
    assert death.place == "tower" and set(after.locations) == {"tower", "city"}
    assert death.note == "The hero pushes him."
    assert [r.until is not None for r in after.relationships if r.type == "enemy"] == [True]
    assert {r.type for r in after.relationships} == {"enemy", "lawyer-of"}
    assert after.works["show-s1e03"].note == "The villain dies."


def test_an_undated_relationship_never_passes_the_shield(spoilers: Universe) -> None:
    last = cut(spoilers, "show")
    assert "parent-of" not in {r.type for r in last.relationships}
    assert {r.type for r in last.relationships} == {"enemy", "lawyer-of", "ally", "member-of"}
    assert "parent-of" in {r.type for r in spoilers.relationships}


def test_later_season_and_its_facts_are_left_out(spoilers: Universe) -> None:
    u = cut(spoilers, "show-s1")
    assert "show-s2" not in u.works and "show-s2e01" not in u.works
    assert "twist" not in u.characters and "actor-twist" not in u.people
    assert "the-return" not in u.events and "gang" not in u.organizations
    assert u.works["show"].ended is None
    assert [p.works for p in u.portrayals if p.person == "actor-hero"] == [("show-s1",)]
    assert cut(spoilers, "show").works["show"].ended is not None


def test_notes_of_characters_are_never_shown_behind_the_shield(spoilers: Universe) -> None:
    u = cut(spoilers, "show")
    assert u.characters["villain"].note is None
    assert [r.note for r in u.relationships if r.type == "ally"] == ["They team up in season 2."]


def test_sources_follow_the_facts_that_cite_them(spoilers: Universe) -> None:
    assert set(cut(spoilers, "movie").sources) == set()
    assert set(cut(spoilers, "show-s1e01").sources) == {"article"}
    assert set(cut(spoilers, "show-s1e03").sources) == {"article", "ep3"}


def test_another_order_changes_what_is_seen(spoilers: Universe) -> None:
    binge = cut(spoilers, "show-s1", order="binge")
    assert "movie" not in binge.works
    assert cut(spoilers, "show-s1", order="release").works.keys() >= {"movie"}


@pytest.mark.parametrize("through", ["movie", "show-s1e01", "show-s1e02", "show-s1e03", "show-s2e01"])
def test_the_shielded_universe_is_consistent(spoilers: Universe, through: str) -> None:
    u = cut(spoilers, through)
    g = to_networkx(u)
    assert all("kind" in data for _, data in g.nodes(data=True)), "an edge points at a left-out node"
    for p in u.portrayals:
        assert p.character in u.characters and p.person in u.people and set(p.works) <= set(u.works)
    for e in u.events.values():
        assert set(e.depicted_in) | set(e.referenced_in) <= set(u.works)
        assert all(part.character in u.characters for part in e.participants)


def test_each_step_only_adds(spoilers: Universe) -> None:
    seen: set[str] = set()
    for through in ["movie", "show-s1e01", "show-s1e02", "show-s1e03", "show-s2e01"]:
        nodes = set(to_networkx(cut(spoilers, through)).nodes)
        assert seen <= nodes
        seen = nodes


def test_unknown_watched_through(spoilers: Universe) -> None:
    with pytest.raises(NotFoundError) as err:
        cut(spoilers, "hero")
    assert str(err.value) == "'hero' is a character (character:hero), not a work"


def test_a_date_after_what_was_watched_waits(spoilers: Universe) -> None:
    rels = [
        replace(r, since=mcugraph.model.time.PartialDate(2021)) if r.type == "enemy" else r
        for r in spoilers.relationships
    ]
    later_start = dataclasses.replace(spoilers, relationships=rels)
    r = reveal(later_start)
    assert r.relationships[0] == 4  # 2021 is reached with season 2, not with the episode that lists it
    assert "enemy" not in {x.type for x in cut(later_start, "show-s1e03").relationships}


def test_shipped_data_behind_the_shield() -> None:
    universe = mcugraph.load("data/universe.yaml")
    early = shield(universe, watched_through="the-avengers")
    assert "the-avengers" in early.works
    assert "jessica-jones" not in early.characters
    assert "krysten-ritter" not in early.people
    jj = shield(universe, watched_through="jessica-jones-s1")
    assert "jessica-jones" in jj.characters
    assert any(p.person == "krysten-ritter" and p.character == "jessica-jones" for p in jj.portrayals)
    assert "the-defenders-s1" not in jj.works


def test_a_reference_names_an_event_but_not_who_took_part(spoilers: Universe) -> None:
    death = replace(spoilers.events["villain-death"], referenced_in=("show-s1e01",))
    named_early = dataclasses.replace(spoilers, events={**spoilers.events, "villain-death": death})
    early = cut(named_early, "show-s1e01")
    assert early.events["villain-death"].participants == ()
    assert [p.character for p in cut(named_early, "show-s1e03").events["villain-death"].participants] == [
        "hero",
        "villain",
    ]
    graph = to_networkx(early)
    assert not [k for _, _, k in graph.edges(keys=True) if k == "took_part_in"]


CREW = (
    "crew:\n"
    "  - {person: di-rector, job: director, works: [show-s1e01, show-s2e01]}\n"
    "  - {person: actor-hero, job: writer, credit: story, works: [show-s2e01]}\n"
)


@pytest.fixture
def crewed() -> Universe:
    text = SPOILERS.replace("people:\n", "people:\n  - {id: di-rector, name: Di Rector, roles: [director]}\n")
    return mcugraph.loads(text + CREW)


def test_a_director_is_revealed_by_the_first_credited_work_and_each_credit_with_its_work(crewed: Universe) -> None:
    r = reveal(crewed)
    assert r.people["di-rector"] == 1  # the movie is step 0, then show 1x01
    seen = cut(crewed, "show-s1e01")
    assert [(c.person, c.works) for c in seen.crew] == [("di-rector", ("show-s1e01",))]
    assert not any(c.person == "actor-hero" for c in seen.crew)  # the later writing credit stays hidden
    graph = to_networkx(seen)
    assert graph.has_edge("work:show-s1e01", "person:di-rector", "directed_by")
    assert not graph.has_edge("work:show-s2e01", "person:di-rector", "directed_by")
    assert cut(crewed, "movie").people.get("di-rector") is None
    full = to_networkx(crewed)
    assert full.has_edge("work:show-s2e01", "person:actor-hero", "written_by")
