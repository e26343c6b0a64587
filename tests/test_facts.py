"""One builder of an entity's facts, for `show` and for the explorer's panel."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

import mcugraph
from mcugraph.cli import main
from mcugraph.facts import Fact, entity_facts
from mcugraph.model import Universe
from mcugraph.resolve import find

HERO = (
    "  - {id: hero, name: Hero, aliases: [The Masked One, Masky], codenames: [Nightfall], born: 1980,\n"
    "     locations: [{location: big-city, from: 2010, to: 2014}]}\n"
)


@pytest.fixture
def mini(mini_text: str) -> Universe:
    return mcugraph.loads(mini_text)


def test_a_work_s_facts_in_words_with_their_fields(mini: Universe) -> None:
    facts = entity_facts(mini, "work", "night-watch-s1e01")
    assert [(f.label, f.text, f.field) for f in facts] == [
        ("kind", "episode", "kind"),
        ("title", "Pilot", "title"),
        ("season", "Night Watch season 1", "season"),
        ("number", "1", "number"),
        ("released", "2015-11-20", "released"),  # the season's date: episodes inherit it
    ]


def test_list_items_are_one_fact_each_and_carry_their_item(mini_text: str) -> None:
    text = mini_text.replace("  - {id: nurse, name: Nurse Joy}\n", "  - {id: nurse, name: Nurse Joy}\n" + HERO)
    u = mcugraph.loads(text)
    facts = entity_facts(u, "character", "hero")
    assert [f.label for f in facts] == ["also called", "also called", "codename", "born", "lives in", "moved out of"]
    assert facts[1] == Fact("also called", "Masky", "aliases", "Masky")
    home = u.characters["hero"].locations[0]
    assert facts[-1].field == "locations.until" and facts[-1].item is home
    assert facts[-1].text.startswith("Big City: ")


def test_sources_orders_and_an_unknown_id(mini: Universe) -> None:
    assert entity_facts(mini, "source", "src") == (
        Fact("kind", "other", "kind"),
        Fact("title", "Invented for tests", "title"),
    )
    assert entity_facts(mini, "event", "the-battle")[:2] == (
        Fact("kind", "battle", "kind"),
        Fact("also called", "The Incident", "aliases", "The Incident"),
    )
    with pytest.raises(KeyError):
        entity_facts(mini, "character", "nobody")


def test_show_prints_the_same_facts_one_line_per_label(mini_text: str, tmp_path: Path) -> None:
    data = tmp_path / "u.yaml"
    data.write_text(mini_text.replace("aliases: [The Watcher]", "aliases: [The Watcher, Watchy]"), encoding="utf-8")
    result = CliRunner().invoke(main, ["show", "character:night-watch", "--data", str(data)])
    assert result.exit_code == 0
    assert "  also called: The Watcher; Watchy\n" in result.stdout
    result = CliRunner().invoke(main, ["show", "work:night-watch-s1e01", "--data", str(data)])
    assert result.stdout.splitlines()[1:4] == ["  kind: episode", "  title: Pilot", "  season: Night Watch season 1"]


CREW = (
    "crew:\n"
    "  - {person: di-rector, job: director, works: [night-watch-s1e01, big-battle], sources: [src]}\n"
    "  - {person: wri-ter, job: writer, works: [night-watch-s1e01]}\n"
    "  - {person: wri-ter, job: writer, credit: story, works: [night-watch-s1]}\n"
)
CREW_PEOPLE = (
    "  - {id: di-rector, name: Di Rector, roles: [director]}\n  - {id: wri-ter, name: Wri Ter, roles: [writer]}\n"
)


@pytest.fixture
def crewed_text(mini_text: str) -> str:
    text = mini_text.replace("people:\n", "people:\n" + CREW_PEOPLE).replace(
        "  - {id: villain, name: Dr. Villain}\n",
        "  - id: villain\n    name: Dr. Villain\n    other_names: [{name: The Boss, origin: comics, sources: [src]}]\n",
    )
    return text + CREW


@pytest.fixture
def crewed(crewed_text: str) -> Universe:
    return mcugraph.loads(crewed_text)


def test_a_work_lists_its_directors_and_writers_a_season_s_credit_included(crewed: Universe) -> None:
    facts = [(f.label, f.text, f.field) for f in entity_facts(crewed, "work", "night-watch-s1e01")]
    assert facts[-3:] == [
        ("directed by", "Di Rector", "crew"),
        ("written by", "Wri Ter", "crew"),
        ("written by", "Wri Ter (story)", "crew"),  # from the season's credit
    ]
    second = [(f.label, f.text) for f in entity_facts(crewed, "work", "night-watch-s1e02")]
    assert ("written by", "Wri Ter (story)") in second and not any(label == "directed by" for label, _ in second)


def test_a_person_lists_the_works_they_directed_and_wrote(crewed: Universe) -> None:
    facts = [(f.label, f.text, f.item) for f in entity_facts(crewed, "person", "di-rector")]
    assert facts[1:] == [
        ("directed", 'Night Watch 1x01 "Pilot"', "night-watch-s1e01"),
        ("directed", "The Big Battle", "big-battle"),
    ]


def test_an_other_name_says_where_it_comes_from_and_finds_the_entity(crewed: Universe) -> None:
    facts = [(f.label, f.text) for f in entity_facts(crewed, "character", "villain")]
    assert ("comics name", "The Boss (not used on screen)") in facts
    assert find(crewed, "the boss") == [("character", "villain")]


def test_show_prints_crew_and_other_names(crewed_text: str, tmp_path: Path) -> None:
    path = tmp_path / "u.yaml"
    path.write_text(crewed_text, encoding="utf-8")
    result = CliRunner().invoke(main, ["show", "The Boss", "--data", str(path)])
    assert result.exit_code == 0, result.output
    assert "comics name: The Boss (not used on screen)" in result.output
    result = CliRunner().invoke(main, ["show", "night-watch-s1e01", "--data", str(path)])
    assert "directed by: Di Rector" in result.output
    assert "written by: Wri Ter; Wri Ter (story)" in result.output
