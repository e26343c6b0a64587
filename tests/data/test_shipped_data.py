"""The shipped universe: the totals stated when the data landed, and facts that must hold.

A later edit cannot silently drop a season, an episode or a cast member: these numbers
only go up when data is added, and a change to them is a reviewed change to this file.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import mcugraph
from mcugraph.model import Universe

DATA = Path(__file__).resolve().parents[2] / "data" / "universe.yaml"

EPISODES_PER_SEASON = {
    "daredevil": [13, 13, 13],
    "jessica-jones": [13, 13, 13],
    "luke-cage": [13, 13],
    "iron-fist": [13, 10],
    "the-defenders": [8],
    "the-punisher": [13, 13],
}

SEASON_RELEASES = {
    "daredevil-s1": "2015-04-10",
    "daredevil-s2": "2016-03-18",
    "daredevil-s3": "2018-10-19",
    "jessica-jones-s1": "2015-11-20",
    "jessica-jones-s2": "2018-03-08",
    "jessica-jones-s3": "2019-06-14",
    "luke-cage-s1": "2016-09-30",
    "luke-cage-s2": "2018-06-22",
    "iron-fist-s1": "2017-03-17",
    "iron-fist-s2": "2018-09-07",
    "the-defenders-s1": "2017-08-18",
    "the-punisher-s1": "2017-11-17",
    "the-punisher-s2": "2019-01-18",
}

# US release dates, not premieres
FILM_RELEASES = {
    "iron-man": "2008-05-02",
    "the-incredible-hulk": "2008-06-13",
    "iron-man-2": "2010-05-07",
    "thor": "2011-05-06",
    "captain-america-the-first-avenger": "2011-07-22",
    "the-avengers": "2012-05-04",
    "iron-man-3": "2013-05-03",
    "thor-the-dark-world": "2013-11-08",
    "captain-america-the-winter-soldier": "2014-04-04",
    "guardians-of-the-galaxy": "2014-08-01",
    "avengers-age-of-ultron": "2015-05-01",
    "ant-man": "2015-07-17",
    "captain-america-civil-war": "2016-05-06",
    "doctor-strange": "2016-11-04",
    "guardians-of-the-galaxy-vol-2": "2017-05-05",
    "spider-man-homecoming": "2017-07-07",
    "thor-ragnarok": "2017-11-03",
    "black-panther": "2018-02-16",
    "avengers-infinity-war": "2018-04-27",
    "ant-man-and-the-wasp": "2018-07-06",
    "captain-marvel": "2019-03-08",
    "avengers-endgame": "2019-04-26",
    "spider-man-far-from-home": "2019-07-02",
}


@pytest.fixture(scope="module")
def universe() -> Universe:
    return mcugraph.load(DATA)


def test_every_season_and_episode(universe: Universe) -> None:
    for series, counts in EPISODES_PER_SEASON.items():
        seasons = universe.children[series]
        assert [s.number for s in seasons] == list(range(1, len(counts) + 1)), series
        for season, count in zip(seasons, counts, strict=True):
            episodes = universe.children.get(season.id, [])
            assert [e.number for e in episodes] == list(range(1, count + 1)), season.id
            assert all(e.title for e in episodes)
    assert sum(w.kind == "episode" for w in universe.works.values()) == 161


def test_season_release_dates(universe: Universe) -> None:
    for season, date in SEASON_RELEASES.items():
        assert universe.released(season) == dt.date.fromisoformat(date), season


def test_films_of_phases_one_to_three(universe: Universe) -> None:
    films = {w.id: w for w in universe.works.values() if w.kind == "film"}
    assert set(films) == set(FILM_RELEASES)
    for film, date in FILM_RELEASES.items():
        assert films[film].released == dt.date.fromisoformat(date), film
        assert films[film].phase in (1, 2, 3)


def test_totals_do_not_shrink(universe: Universe) -> None:
    assert len(universe.people) >= 161
    assert len(universe.characters) >= 164
    assert len(universe.portrayals) >= 193
    assert len(universe.events) >= 65
    assert len(universe.relationships) >= 124
    assert len(universe.sources) >= 417


@pytest.mark.parametrize(
    ("person", "name"),
    [
        ("krysten-ritter", "Krysten Ritter"),
        ("rachael-taylor", "Rachael Taylor"),
        ("carrie-anne-moss", "Carrie-Anne Moss"),
        ("elodie-yung", "Élodie Yung"),
        ("jon-bernthal", "Jon Bernthal"),
        ("charlie-cox", "Charlie Cox"),
        ("mike-colter", "Mike Colter"),
        ("finn-jones", "Finn Jones"),
        ("david-tennant", "David Tennant"),
    ],
)
def test_names_spelled_exactly(universe: Universe, person: str, name: str) -> None:
    assert universe.people[person].name == name


@pytest.mark.parametrize(
    ("person", "character", "work"),
    [
        ("krysten-ritter", "jessica-jones", "jessica-jones-s1"),
        ("krysten-ritter", "jessica-jones", "the-defenders-s1"),
        ("charlie-cox", "matt-murdock", "daredevil-s1"),
        ("mike-colter", "luke-cage", "jessica-jones-s1"),
        ("jon-bernthal", "frank-castle", "the-punisher-s1"),
        ("elodie-yung", "elektra-natchios", "daredevil-s2"),
        ("carrie-anne-moss", "jeri-hogarth", "jessica-jones-s1"),
        ("david-tennant", "kilgrave", "jessica-jones-s1"),
        ("rachael-taylor", "trish-walker", "jessica-jones-s1"),
    ],
)
def test_cast(universe: Universe, person: str, character: str, work: str) -> None:
    assert any(
        p.person == person and p.character == character and any(universe.covers(w, work) or w == work for w in p.works)
        for p in universe.portrayals
    )


def test_recasts_are_recorded(universe: Universe) -> None:
    def actors(character: str) -> set[str]:
        return {p.person for p in universe.portrayals_of[character] if p.life_stage == "adult"}

    assert {"terrence-howard", "don-cheadle"} <= actors("james-rhodes")
    assert {"edward-norton", "mark-ruffalo"} <= actors("bruce-banner")


def test_crossover_characters(universe: Universe) -> None:
    def series(character: str) -> set[str]:
        return {s for s in universe.series_of_character(character) if universe.works[s].kind == "series"}

    assert {"daredevil", "jessica-jones", "luke-cage", "iron-fist", "the-defenders"} <= series("claire-temple")
    assert len(series("turk-barrett")) >= 3
    assert {"jessica-jones", "the-defenders"} <= series("jeri-hogarth")
    assert {"daredevil", "the-defenders", "the-punisher"} <= series("karen-page")
    assert {"luke-cage", "the-defenders"} <= series("misty-knight")


def test_the_incident_links_films_and_shows(universe: Universe) -> None:
    incident = universe.events["the-incident"]
    assert "The Incident" in incident.aliases
    assert "the-avengers" in incident.depicted_in
    shows = {universe.series_of(w) for w in incident.referenced_in}
    assert {"daredevil", "jessica-jones", "luke-cage"} <= shows


def test_key_relationships(universe: Universe) -> None:
    pairs = {(r.type, r.source, r.target) for r in universe.relationships}
    assert ("adoptive-sibling", "trish-walker", "jessica-jones") in pairs or (
        "adoptive-sibling",
        "jessica-jones",
        "trish-walker",
    ) in pairs
    assert ("parent-of", "alisa-jones", "jessica-jones") in pairs
    assert ("lawyer-of", "jeri-hogarth", "jessica-jones") in pairs
    members = {r.source for r in universe.relationships if r.type == "member-of" and r.target == "the-defenders-team"}
    assert {"matt-murdock", "jessica-jones", "luke-cage", "danny-rand"} <= members


def test_kilgrave_dies_in_the_season_one_finale(universe: Universe) -> None:
    death = universe.events["kilgrave-death"]
    assert any(o.character == "kilgrave" and o.status == "dead" for o in death.outcomes)
    assert "jessica-jones-s1e13" in death.depicted_in


def test_every_record_is_sourced(universe: Universe) -> None:
    unsourced = [w.id for w in universe.works.values() if not universe.work_sources(w.id)]
    unsourced += [f"{p.character}/{p.person}" for p in universe.portrayals if not p.sources]
    unsourced += [e.id for e in universe.events.values() if not e.sources]
    unsourced += [f"{r.type}:{r.source}->{r.target}" for r in universe.relationships if not r.sources]
    assert unsourced == []


def test_the_seed_article_is_cited(universe: Universe) -> None:
    assert universe.works["jessica-jones-s2"].released == dt.date(2018, 3, 8)
    assert "cinemablend-jj-s2-date" in universe.works["jessica-jones-s2"].sources
