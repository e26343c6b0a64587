"""The shipped universe: the totals stated when the data landed, and facts that must hold.

A later edit cannot silently drop a season, an episode or a cast member: these numbers
only go up when data is added, and a change to them is a reviewed change to this file.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import mcugraph
from mcugraph.continuity import check, resolve_timeline
from mcugraph.continuity.timeline import Point, Timeline
from mcugraph.model import Universe
from mcugraph.model.time import Combined, Relative

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
    assert len(universe.events) >= 68
    assert len(universe.relationships) >= 124
    assert len(universe.sources) >= 451


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


# --- story time: placements of the Netflix seasons -----------------------------------


@pytest.fixture(scope="module")
def timeline(universe: Universe) -> Timeline:
    return resolve_timeline(universe)


def _start(tl: Timeline, work: str) -> Point:
    return tl.works[work].start


def test_jessica_jones_2_is_after_the_defenders(universe: Universe, timeline: Timeline) -> None:
    assert timeline.before(timeline.end_of("work", "the-defenders-s1"), _start(timeline, "jessica-jones-s2"))
    setting = universe.works["jessica-jones-s2"].setting
    assert isinstance(setting, Combined) and setting.basis == "on-screen"
    assert "cinemablend-jj-s2-date" in setting.sources


@pytest.mark.parametrize(
    ("earlier", "later"),
    [
        ("daredevil-s1", "jessica-jones-s1e13"),  # Claire has met Matt
        ("jessica-jones-s1e13", "daredevil-s2e03"),  # Claire in trouble for helping Luke
        ("jessica-jones-s1e13", "daredevil-s2e11"),  # Claire still works at Metro-General
        ("daredevil-s2e11", "luke-cage-s1e05"),  # she quits, and is back in Harlem
        ("luke-cage-s1e13", "iron-fist-s1e05"),  # Claire takes Colleen's class from the flyer
        ("luke-cage-s1e13", "iron-fist-s1e08"),  # Luke writes to Claire from prison
        ("iron-fist-s1", "the-defenders-s1"),
        ("luke-cage-s1", "the-defenders-s1"),  # Luke leaves prison in episode 1
        ("daredevil-s2", "the-defenders-s1"),
        ("the-defenders-s1", "luke-cage-s2"),  # Misty has lost her arm
        ("luke-cage-s2e10", "iron-fist-s2"),
        ("luke-cage-s2", "jessica-jones-s3e13"),
        ("daredevil-s2", "the-punisher-s1"),
    ],
)
def test_crossovers_order_the_seasons(timeline: Timeline, earlier: str, later: str) -> None:
    assert timeline.before(timeline.end_of("work", earlier), _start(timeline, later))


def test_daredevil_3_follows_the_midland_circle_collapse(timeline: Timeline) -> None:
    assert timeline.before(timeline.end_of("event", "midland-circle-collapse"), _start(timeline, "daredevil-s3"))


def test_the_punisher_jumps_six_months(universe: Universe) -> None:
    setting = universe.works["the-punisher-s1e02"].setting
    assert isinstance(setting, Combined) and setting.basis == "on-screen"
    (part,) = setting.parts
    assert isinstance(part, Relative)
    assert (part.relation, part.target, str(part.gap)) == ("after", "daredevil-s2", "6 months")


def test_disney_plus_timeline_order_of_2024(universe: Universe) -> None:
    order = universe.orders["disney-plus-timeline-order-2024"]
    assert order.kind == "chronological"
    assert "orders-looper-disney-plus-defenders" in order.sources
    at = {item: i for i, item in enumerate(order.items)}
    assert at["guardians-of-the-galaxy-vol-2"] < at["daredevil"] < at["jessica-jones"] < at["avengers-age-of-ultron"]
    assert at["ant-man"] < at["luke-cage"] < at["iron-fist"] < at["the-defenders"] < at["captain-america-civil-war"]
    assert at["the-punisher"] == at["spider-man-homecoming"] + 1 == at["doctor-strange"] - 1


@pytest.mark.parametrize(
    ("season", "after", "before"),
    [
        ("daredevil-s1", "guardians-of-the-galaxy-vol-2", "avengers-age-of-ultron"),
        ("the-defenders-s1", "ant-man", "captain-america-civil-war"),
        ("the-punisher-s1", "spider-man-homecoming", "doctor-strange"),
    ],
)
def test_official_slots_among_the_films(timeline: Timeline, season: str, after: str, before: str) -> None:
    assert timeline.before(timeline.end_of("work", after), _start(timeline, season))
    assert timeline.before(timeline.end_of("work", season), _start(timeline, before))


def test_no_season_long_credit_outlives_a_death(universe: Universe) -> None:
    """A character who dies in episode N of a season is not credited for the whole season."""
    outlived = []
    for character in universe.characters.values():
        if not isinstance(character.died, Relative):
            continue
        death = universe.events[character.died.target]
        episodes = [universe.works[w] for w in death.depicted_in if universe.works[w].kind == "episode"]
        if not episodes:
            continue
        last = episodes[-1]
        assert last.season is not None and last.number is not None
        later = [e.id for e in universe.children[last.season] if (e.number or 0) > last.number]
        works = [w for p in universe.portrayals if p.character == character.id for w in p.works]
        works += [
            w for a in universe.appearances if a.character == character.id and a.mode == "on-screen" for w in a.works
        ]
        outlived += [(character.id, w) for w in works if (w == last.season and later) or w in later]
    assert outlived == []


def test_alexandras_last_episode(universe: Universe) -> None:
    (portrayal,) = [p for p in universe.portrayals if p.character == "alexandra-reid"]
    assert portrayal.works[-1] == "the-defenders-s1e06"
    assert "the-defenders-s1e06" in universe.events["alexandra-reid-death"].depicted_in


def test_the_deaths_of_kilgraves_parents(universe: Universe) -> None:
    louise, albert = universe.events["louise-thompson-death"], universe.events["albert-thompson-death"]
    assert louise.depicted_in == ("jessica-jones-s1e09",)
    assert albert.depicted_in == ("jessica-jones-s1e13",)
    for death, victim in ((louise, "louise-thompson"), (albert, "albert-thompson")):
        assert any(p.character == "kilgrave" and p.role == "killer" for p in death.participants)
        assert any(o.character == victim and o.status == "dead" for o in death.outcomes)


def test_fates_under_midland_circle(universe: Universe) -> None:
    outcomes = {o.character: o.status for o in universe.events["midland-circle-collapse"].outcomes}
    assert outcomes["matt-murdock"] == "presumed-dead"
    assert {outcomes[c] for c in ("elektra-natchios", "madame-gao", "murakami")} == {"missing"}


def test_memories_are_flashbacks(universe: Universe) -> None:
    memories = ("matt-murdock-blinded", "jack-murdock-death", "seagate-experiment", "castle-family-massacre")
    for event in (*memories, "elektra-resurrection"):
        assert universe.events[event].flashback_in, event
        assert not universe.events[event].depicted_in, event


def test_the_shipped_data_checks_clean(universe: Universe, timeline: Timeline) -> None:
    assert check(universe, timeline=timeline).failing("error") == ()
