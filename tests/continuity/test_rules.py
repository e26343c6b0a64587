"""Each rule: a small universe with the mistake planted (found, at the right line) and
the fixed version (silent)."""

from __future__ import annotations

import pytest

from mcugraph.continuity import RULES

from ._helpers import found, line_of

SHOW = """\
works:
  - {id: show, kind: series, title: Show, sources: [src]}
  - {id: show-s1, kind: season, series: show, number: 1, released: 2015-01-01, setting: 2015, sources: [src]}
  - {id: show-s2, kind: season, series: show, number: 2, released: 2016-01-01, setting: SETTING2, sources: [src]}
people:
  - {id: p1, name: P One}
  - {id: p2, name: P Two}
characters:
  - {id: hero, name: Hero}
  - {id: villain, name: Villain, died: {during: villain-death}}
portrayals:
  - {person: p1, character: hero, works: [show-s1, show-s2], sources: [src]}
  - {person: p2, character: villain, works: [show-s1, SEASONS], sources: [src]}
"""

DEATH = """\
events:
  - id: villain-death
    name: Death of Villain
    kind: death
    participants: [{character: hero}, {character: villain}]
    outcomes: [{character: villain, status: dead}]
    depicted_in: [show-s1]
    sources: [src]
"""


def show(setting2: str = "{after: villain-death}", seasons: str = "show-s2", extra: str = "") -> str:
    return SHOW.replace("SETTING2", setting2).replace("SEASONS", seasons) + extra + DEATH


def test_every_rule_of_the_issue_is_registered() -> None:
    expected = {
        "dead-on-screen",
        "event-outside-life",
        "reference-before-event",
        "stated-gap",
        "two-places",
        "relationship-dates",
        "relationship-exclusive",
        "stated-age",
        "recast",
        "absent-participant",
        "status-flip",
        "time-contradiction",
        "unmatched-acknowledgement",
        "unsourced",
    }
    assert expected <= set(RULES)
    assert RULES["recast"].severity == "info"
    assert RULES["unsourced"].severity == "warning"
    assert all(r.summary for r in RULES.values())


# -- dead-on-screen ---------------------------------------------------------------------


def test_dead_on_screen_after_a_death_placed_only_relatively() -> None:
    body = show()
    [f] = found(body, "dead-on-screen")
    assert f.mark.line == line_of(body, "person: p2") and f.mark.path == "t.yaml"
    assert f.subject == "villain" and f.severity == "error"
    assert f.message.startswith(
        "Villain (villain) is on screen in Show season 2 (show-s2), set after Death of Villain"
        " (on or after 2015-01-01), after they died during Death of Villain (2015)"
    )


def test_dead_on_screen_silent_when_the_appearance_is_a_vision() -> None:
    extra = "appearances:\n  - {character: villain, mode: vision, works: [show-s2], sources: [src]}\n"
    assert found(show(extra=extra), "dead-on-screen") == []


@pytest.mark.parametrize("mode", ["flashback", "vision", "archive", "mention"])
def test_dead_on_screen_silent_for_modes_that_are_fine(mode: str) -> None:
    extra = f"appearances:\n  - {{character: villain, mode: {mode}, works: [show-s2], sources: [src]}}\n"
    assert found(show(seasons="show-s1", extra=extra), "dead-on-screen") == []


def test_dead_on_screen_silent_in_the_season_of_the_death() -> None:
    assert found(show(seasons="show-s1"), "dead-on-screen") == []


def test_dead_on_screen_silent_after_a_resurrection() -> None:
    body = (
        show()
        + """\
  - id: villain-returns
    name: Villain returns
    when: {after: villain-death}
    participants: [{character: villain}]
    outcomes: [{character: villain, status: alive}]
    sources: [src]
"""
    )
    assert found(body, "dead-on-screen") == []


def test_presumed_dead_is_not_dead() -> None:
    body = (
        show().replace("died: {during: villain-death}", "aliases: [V]").replace("status: dead", "status: presumed-dead")
    )
    assert found(body, "dead-on-screen") == []


def test_dead_on_screen_with_dates() -> None:
    body = show(setting2="2016").replace("died: {during: villain-death}", "died: 2015-06-01")
    [f] = found(body, "dead-on-screen")
    assert "set 2016, after they died 2015-06-01" in f.message


def test_dead_on_screen_silent_when_the_setting_is_unknown() -> None:
    # season 2 is taken out of the story order, so only its own (vague) setting places it
    body = show(setting2="{from: 2015, to: 2016}, in_sequence: false").replace(
        "died: {during: villain-death}", "died: 2015-06-01"
    )
    assert found(body, "dead-on-screen") == []


def test_dead_on_screen_from_the_order_of_seasons_alone() -> None:
    # season 2 follows season 1, which shows the death: no setting needed
    body = show(setting2="{from: 2015, to: 2016}").replace("died: {during: villain-death}", "died: 2015-06-01")
    [f] = found(body, "dead-on-screen")
    assert f.subject == "villain" and "Show season 2 (show-s2)" in f.message


# -- event-outside-life ------------------------------------------------------------------


LIFE = """\
characters:
  - {id: hero, name: Hero, born: 1985-06-01}
  - {id: villain, name: Villain, died: 2010}
events:
  - id: old-fight
    name: Old fight
    when: WHEN
    participants:
      - {character: hero, role: fighter}
    sources: [src]
  - id: late-fight
    name: Late fight
    when: LATE
    participants:
      - {character: villain, role: fighter}
    sources: [src]
"""


def test_event_before_birth_and_after_death() -> None:
    body = LIFE.replace("WHEN", "1980").replace("LATE", "2012")
    findings = found(body, "event-outside-life")
    assert [(f.mark.line, f.subject) for f in findings] == [
        (line_of(body, "character: hero, role"), "hero"),
        (line_of(body, "character: villain, role"), "villain"),
    ]
    assert (
        findings[0].message == "Hero (hero) takes part in Old fight (old-fight) (1980) before being born (1985-06-01)"
    )
    assert findings[1].message == "Villain (villain) takes part in Late fight (late-fight) (2012) after they died 2010"


def test_event_inside_life_is_silent() -> None:
    assert found(LIFE.replace("WHEN", "1990").replace("LATE", "2009"), "event-outside-life") == []


def test_event_in_the_year_of_birth_is_silent() -> None:
    assert found(LIFE.replace("WHEN", "1985").replace("LATE", "2010"), "event-outside-life") == []


def test_taking_part_in_ones_own_resurrection_is_fine() -> None:
    body = (
        LIFE.replace("WHEN", "1990")
        .replace("LATE", "2012")
        .replace(
            "      - {character: villain, role: fighter}",
            "      - {character: villain, role: fighter}\n    outcomes: [{character: villain, status: alive}]",
        )
    )
    assert found(body, "event-outside-life") == []


# -- reference-before-event ----------------------------------------------------------------


REFERENCE = """\
works:
  - {id: film, kind: film, title: Film, released: 2013-01-01, setting: SETTING, sources: [src]}
events:
  - id: big-battle
    name: Big Battle
    when: 2015
    referenced_in: [film]
    sources: [src]
"""


def test_reference_before_event() -> None:
    body = REFERENCE.replace("SETTING", "2012")
    [f] = found(body, "reference-before-event")
    # the line to change is the reference itself (or the dates it contradicts), not the event's id
    assert f.mark.line == line_of(body, "referenced_in: [film]") and f.mark.column == 21
    assert f.subject == "film"
    assert f.message == "Film (film), set 2012, refers to Big Battle (big-battle), which only happens 2015"


def test_reference_after_event_is_silent() -> None:
    assert found(REFERENCE.replace("SETTING", "2016"), "reference-before-event") == []


def test_reference_in_a_work_with_no_setting_is_silent() -> None:
    assert found(REFERENCE.replace(", setting: SETTING", ""), "reference-before-event") == []


# -- stated-gap -----------------------------------------------------------------------------


GAP = """\
works:
  - id: homecoming
    kind: film
    title: Homecoming
    released: 2017-07-07
    setting: 2016
    stated_gaps:
      - {since: the-battle, gap: GAP, note: title card}
    sources: [src]
events:
  - {id: the-battle, name: The Battle, when: 2012-05-04, sources: [src]}
"""


def test_stated_gap_that_contradicts_the_dates() -> None:
    body = GAP.replace("GAP", "8 years")
    [f] = found(body, "stated-gap")
    assert f.mark.line == line_of(body, "since: the-battle")
    assert f.subject == "homecoming" and f.kind == "work"
    assert f.message == (
        "Homecoming (homecoming) states 8 years after The Battle (the-battle), but it is set 2016,"
        " about 4 years after it (The Battle is 2012-05-04)"
    )


@pytest.mark.parametrize("gap", ["4 years", "3 years", "5 years", "48 months"])
def test_stated_gap_that_fits_is_silent(gap: str) -> None:
    assert found(GAP.replace("GAP", gap), "stated-gap") == []


def test_stated_gap_too_short() -> None:
    assert len(found(GAP.replace("GAP", "1 year"), "stated-gap")) == 1


def test_stated_gap_against_a_relative_setting() -> None:
    body = (
        GAP.replace("GAP", "8 years")
        .replace("setting: 2016", "setting: {after: the-battle, gap: 4 years}")
        .replace("when: 2012-05-04, ", "")
    )
    [f] = found(body, "stated-gap")
    assert "set 4 years after The Battle" in f.message


# -- two-places -------------------------------------------------------------------------------


PLACES = """\
characters:
  - {id: hero, name: Hero}
locations:
  - {id: city-a, name: City A, kind: city}
  - {id: city-b, name: City B, kind: city}
  - {id: park, name: Park, kind: other, within: city-a}
events:
  - id: long-siege
    name: Long siege
    when: {from: 2012-05-01, to: 2012-05-10}
    place: city-a
    participants: [{character: hero}]
    sources: [src]
  - id: gala
    name: Gala
    when: 2012-05-05
    place: PLACE
    participants: [{character: hero}]
    sources: [src]
"""


def test_two_places_at_once() -> None:
    body = PLACES.replace("PLACE", "city-b")
    [f] = found(body, "two-places")
    assert f.mark.line == line_of(body, "place: city-b") + 1
    assert f.message == (
        "Hero (hero) is in two places at once: Long siege (long-siege) at City A (city-a)"
        " (2012-05-01 to 2012-05-10) and Gala (gala) at City B (city-b) (2012-05-05)"
    )


def test_places_that_contain_each_other_are_fine() -> None:
    assert found(PLACES.replace("PLACE", "park"), "two-places") == []


def test_events_on_the_same_day_are_not_known_to_overlap() -> None:
    body = PLACES.replace("PLACE", "city-b").replace("{from: 2012-05-01, to: 2012-05-10}", "2012-05-05")
    assert found(body, "two-places") == []


def test_places_outside_any_known_tree_are_not_known_to_be_apart() -> None:
    body = PLACES.replace("PLACE", "somewhere").replace(
        "  - {id: park,", "  - {id: somewhere, name: Somewhere, kind: building}\n  - {id: park,"
    )
    assert found(body, "two-places") == []


# -- relationship-dates / relationship-exclusive ---------------------------------------------


RELS = """\
works:
  - {id: film, kind: film, title: Film, released: 2016-01-01, setting: 2015, sources: [src]}
characters:
  - {id: hero, name: Hero}
  - {id: friend, name: Friend}
  - {id: villain, name: Villain, died: 2010}
relationships:
  - REL
"""


@pytest.mark.parametrize(
    ("rel", "message"),
    [
        (
            "{type: friend, from: hero, to: friend, since: 2015, until: 2013, sources: [src]}",
            "Hero (hero) friend of Friend (friend) ends (2013) before it starts (2015)",
        ),
        (
            "{type: enemy, from: hero, to: villain, since: 2012, sources: [src]}",
            "Hero (hero) enemy of Villain (villain) starts (2012) after Villain (villain) died 2010",
        ),
        (
            "{type: ally, from: hero, to: friend, since: 2020, works: [film], sources: [src]}",
            "Hero (hero) ally of Friend (friend) starts (2020) after Film (film) (set 2015), which it is said to hold over",
        ),
        (
            "{type: ally, from: hero, to: friend, until: 2011, works: [film], sources: [src]}",
            "Hero (hero) ally of Friend (friend) ends (2011) before Film (film) (set 2015), which it is said to hold over",
        ),
    ],
)
def test_relationship_dates(rel: str, message: str) -> None:
    body = RELS.replace("REL", rel)
    [f] = found(body, "relationship-dates")
    assert f.message == message
    assert f.mark.line == line_of(body, "type: ")


@pytest.mark.parametrize(
    "rel",
    [
        "{type: friend, from: hero, to: friend, since: 2013, until: 2015, sources: [src]}",
        "{type: enemy, from: hero, to: villain, since: 2005, sources: [src]}",
        "{type: enemy, from: hero, to: villain, until: 2010, sources: [src]}",
        "{type: ally, from: hero, to: friend, since: 2014, works: [film], sources: [src]}",
    ],
)
def test_relationship_dates_that_fit_are_silent(rel: str) -> None:
    assert found(RELS.replace("REL", rel), "relationship-dates") == []


EXCLUSIVE = """\
characters:
  - {id: hero, name: Hero}
  - {id: rival, name: Rival}
relationships:
  - {type: friend, from: hero, to: rival, since: 2013, until: 2016, sources: [src]}
  - {type: enemy, from: rival, to: hero, since: SINCE, sources: [src]}
"""


def test_relationship_exclusive() -> None:
    body = EXCLUSIVE.replace("SINCE", "2014")
    [f] = found(body, "relationship-exclusive")
    assert f.mark.line == line_of(body, "type: enemy")
    assert f.message.startswith(
        "Hero (hero) friend of Rival (rival) (2013 to 2016) overlaps Rival (rival) enemy of Hero (hero)"
    )


def test_relationship_exclusive_one_after_the_other_is_silent() -> None:
    assert found(EXCLUSIVE.replace("SINCE", "2017"), "relationship-exclusive") == []


def test_relationship_exclusive_undated_is_silent() -> None:
    body = EXCLUSIVE.replace(", since: 2013, until: 2016", "").replace("SINCE", "2014")
    assert found(body, "relationship-exclusive") == []


# -- stated-age ---------------------------------------------------------------------------------


AGE = """\
works:
  - {id: film, kind: film, title: Film, released: 2016-01-01, setting: 2015, sources: [src]}
characters:
  - id: hero
    name: Hero
    born: 1985-06-01
    stated_ages:
      - {age: AGE, work: film}
      - {age: 10, at: 1995-07}
"""


def test_stated_age_contradicts_birth() -> None:
    body = AGE.replace("AGE", "40")
    [f] = found(body, "stated-age")
    assert f.mark.line == line_of(body, "age: 40")
    assert f.message == "Hero (hero) is said to be 40 in Film (film), set 2015, but born 1985-06-01 makes them 29 to 30"


@pytest.mark.parametrize("age", ["29", "30"])
def test_stated_age_that_fits_is_silent(age: str) -> None:
    assert found(AGE.replace("AGE", age), "stated-age") == []


# -- recast -----------------------------------------------------------------------------------


RECAST = """\
works:
  - {id: one, kind: film, title: One, released: 2008-01-01, sources: [src]}
  - {id: two, kind: film, title: Two, released: 2010-01-01, sources: [src]}
people:
  - {id: first-actor, name: First Actor}
  - {id: second-actor, name: Second Actor}
characters:
  - {id: hero, name: Hero}
portrayals:
  - {person: first-actor, character: hero, works: [one], sources: [src]}
  - {person: second-actor, character: hero, works: [two], STAGE sources: [src]}
"""


def test_recast_is_information() -> None:
    body = RECAST.replace("STAGE ", "")
    [f] = found(body, "recast")
    assert f.severity == "info" and f.mark.line == line_of(body, "person: second-actor")
    assert f.message.startswith("Hero (hero) is recast: played by First Actor (One) and Second Actor (Two);")


def test_another_age_is_not_a_recast() -> None:
    assert found(RECAST.replace("STAGE ", "life_stage: child,"), "recast") == []


# -- absent-participant ---------------------------------------------------------------------------


ABSENT = """\
works:
  - {id: show, kind: series, title: Show, sources: [src]}
  - {id: show-s1, kind: season, series: show, number: 1, released: 2015-01-01, sources: [src]}
  - {id: show-s1e01, kind: episode, season: show-s1, number: 1, title: Pilot}
  - {id: show-s1e02, kind: episode, season: show-s1, number: 2, title: Two}
characters:
  - {id: hero, name: Hero}
  - {id: guest, name: Guest}
appearances:
  - {character: hero, works: [show-s1], sources: [src]}
  - {character: guest, works: [GUEST], mode: MODE, sources: [src]}
events:
  - id: team-up
    name: Team-up
    kind: crossover
    participants: [{character: hero}, {character: guest}]
    depicted_in: [show-s1e01]
    sources: [src]
"""


def test_absent_participant() -> None:
    body = ABSENT.replace("GUEST", "show-s1e02").replace("MODE", "on-screen")
    [f] = found(body, "absent-participant")
    assert f.severity == "warning" and f.subject == "guest"
    assert f.mark.line == line_of(body, "participants:")
    assert f.message.startswith('Guest (guest) takes part in Team-up (team-up) but never appears in Show 1x01 "Pilot"')


def test_a_mention_is_not_an_appearance() -> None:
    body = ABSENT.replace("GUEST", "show-s1e01").replace("MODE", "mention")
    assert len(found(body, "absent-participant")) == 1


def test_present_participant_is_silent() -> None:
    assert found(ABSENT.replace("GUEST", "show-s1e01").replace("MODE", "flashback"), "absent-participant") == []


# -- status-flip --------------------------------------------------------------------------------


FLIP = """\
characters:
  - {id: villain, name: Villain}
events:
  - id: fall
    name: The fall
    when: 2010
    outcomes: [{character: villain, status: dead}]
    sources: [src]
  - id: trial
    name: The trial
    when: 2012
    outcomes: [{character: villain, status: imprisoned}]
    sources: [src]
"""

RETURN = """\
  - id: return
    name: The return
    when: 2011
    outcomes: [{character: villain, status: alive}]
    sources: [src]
"""


def test_status_flip_dead_then_imprisoned() -> None:
    [f] = found(FLIP, "status-flip")
    assert f.mark.line == line_of(FLIP, "status: imprisoned")
    assert f.message == (
        "Villain (villain) becomes imprisoned in The trial (trial) after they died in The fall (fall),"
        " with no resurrection between"
    )


def test_status_flip_explained_by_a_resurrection() -> None:
    assert found(FLIP + RETURN, "status-flip") == []


def test_resurrection_with_no_death_before_it() -> None:
    body = FLIP.replace("status: dead", "status: free") + RETURN.replace("2011", "2009")
    findings = found(body, "status-flip")
    assert [f.message for f in findings] == [
        "Villain (villain) comes back to life in The return (return) but no death before it is recorded"
    ]


def test_found_alive_after_presumed_dead_is_fine() -> None:
    body = FLIP.replace("status: dead", "status: presumed-dead") + RETURN.replace("2011", "2013")
    assert found(body, "status-flip") == []


# -- time-contradiction ------------------------------------------------------------------------


def test_events_placed_in_a_circle() -> None:
    body = """\
events:
  - {id: a, name: A, when: {after: c}, sources: [src]}
  - {id: b, name: B, when: {after: a}, sources: [src]}
  - {id: c, name: C, when: {after: b}, sources: [src]}
"""
    [f] = found(body, "time-contradiction")
    assert f.mark.line == line_of(body, "id: a,")
    assert (
        f.message == "A (a) is placed in a circle: A (a) is after C (c); C (c) is after B (b); B (b) is after A (a)."
        " Break the circle by dating or re-placing one of them (see also B (b) at t.yaml:6; C (c) at t.yaml:7)"
    )


def test_events_during_each_other_are_not_a_circle() -> None:
    body = """\
events:
  - {id: a, name: A, when: {during: b}, sources: [src]}
  - {id: b, name: B, when: {during: a}, sources: [src]}
"""
    assert found(body, "time-contradiction") == []


def test_an_empty_interval() -> None:
    body = """\
events:
  - {id: war, name: War, when: 2012, sources: [src]}
  - {id: battle, name: Battle, when: 2015, part_of: war, sources: [src]}
"""
    [f] = found(body, "time-contradiction")
    assert f.mark.line == line_of(body, "id: battle")
    assert f.message == (
        "Battle (battle) cannot be placed in time: it must be on or after 2015-01-01 (its own date)"
        " but on or before 2012-12-31 (from War (war) at t.yaml:5)"
    )


def test_a_gap_that_cannot_fit() -> None:
    body = """\
events:
  - {id: first, name: First, when: 2012, sources: [src]}
  - {id: second, name: Second, when: {after: first, gap: 10 years}, part_of: era, sources: [src]}
  - {id: era, name: Era, when: {from: 2010, to: 2015}, sources: [src]}
"""
    [f] = found(body, "time-contradiction")
    assert f.subject == "second"


def test_episode_set_outside_its_season() -> None:
    body = """\
works:
  - {id: show, kind: series, title: Show, sources: [src]}
  - {id: show-s1, kind: season, series: show, number: 1, setting: 2015, sources: [src]}
  - {id: show-s1e01, kind: episode, season: show-s1, number: 1, title: Pilot, setting: 2017}
"""
    [f] = found(body, "time-contradiction")
    assert f.mark.line == line_of(body, "show-s1e01")
    assert f.message == 'Show 1x01 "Pilot" (show-s1e01) is set 2017, outside Show season 1 (show-s1), set 2015'


def test_death_before_birth() -> None:
    body = "characters:\n  - {id: ghost, name: Ghost, born: 1990, died: 1980}\n"
    [f] = found(body, "time-contradiction")
    assert f.message == "Ghost (ghost) dies (1980) before being born (1990)"


def test_consistent_placements_are_silent() -> None:
    body = """\
events:
  - {id: first, name: First, when: 2012, sources: [src]}
  - {id: second, name: Second, when: {after: first, gap: 4 years}, part_of: era, sources: [src]}
  - {id: era, name: Era, when: {from: 2010, to: 2017}, sources: [src]}
"""
    assert found(body, "time-contradiction") == []


# -- unsourced -----------------------------------------------------------------------------------


def test_unsourced() -> None:
    body = """\
works:
  - {id: show, kind: series, title: Show, sources: [src]}
  - {id: show-s1, kind: season, series: show, number: 1}
  - {id: show-s1e01, kind: episode, season: show-s1, number: 1, title: Pilot}
  - {id: lonely, kind: film, title: Lonely}
people:
  - {id: p, name: P}
characters:
  - {id: c, name: C}
  - {id: d, name: D}
portrayals:
  - {person: p, character: c, works: [lonely]}
events:
  - {id: e, name: E}
relationships:
  - {type: friend, from: c, to: d}
"""
    findings = found(body, "unsourced")
    assert [(f.subject, f.kind) for f in findings] == [
        ("lonely", "work"),
        ("c", "portrayal"),
        ("e", "event"),
        ("c", "relationship"),
    ]
    assert findings[0].message == "Lonely (lonely) has no source"
    assert findings[1].message == "the portrayal of C (c) by P (p) has no source"
