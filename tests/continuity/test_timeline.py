"""Timeline resolution: bounds from dates, intervals, relative placements and part_of."""

from __future__ import annotations

import datetime as dt

from mcugraph.continuity import resolve_timeline
from mcugraph.continuity.timeline import describe, gap_range
from mcugraph.model.time import Gap

from ._helpers import universe

EVENTS = """\
works:
  - {id: film, kind: film, title: Film, setting: {after: battle, gap: 4 years}, sources: [src]}
  - {id: show, kind: series, title: Show, sources: [src]}
  - {id: show-s1, kind: season, series: show, number: 1, setting: {from: 2015-11, to: 2016}, sources: [src]}
  - {id: show-s1e01, kind: episode, season: show-s1, number: 1, title: Pilot}
  - {id: show-s1e02, kind: episode, season: show-s1, number: 2, title: Two, setting: 2016-03}
  - {id: loose, kind: film, title: Loose, sources: [src]}
characters:
  - {id: hero, name: Hero, born: {before: battle, gap: 30 years}, died: {during: aftermath}}
events:
  - {id: battle, name: Battle, when: 2012-05-04, sources: [src]}
  - {id: aftermath, name: Aftermath, when: {after: battle}, depicted_in: [loose], sources: [src]}
  - {id: skirmish, name: Skirmish, part_of: aftermath, sources: [src]}
  - {id: later, name: Later, when: {after: skirmish}, sources: [src]}
relationships:
  - {type: friend, from: hero, to: hero2, since: {after: battle}, until: 2020}
"""


def _u():
    return universe(
        EVENTS.replace("  - {type: friend, from: hero, to: hero2, since: {after: battle}, until: 2020}\n", "").replace(
            "relationships:\n", ""
        )
    )


def test_partial_dates_and_relative_placements_become_bounds() -> None:
    tl = resolve_timeline(_u())
    battle = tl.events["battle"]
    assert battle.earliest == battle.latest == dt.date(2012, 5, 4)
    after = tl.events["aftermath"]
    assert after.earliest == dt.date(2012, 5, 4) and after.latest is None
    assert tl.events["skirmish"].earliest == dt.date(2012, 5, 4)
    assert tl.contradictions == []


def test_gaps_give_a_window_of_one_unit_either_way() -> None:
    tl = resolve_timeline(_u())
    film = tl.works["film"]
    assert film.earliest == dt.date(2015, 5, 4)
    assert film.latest == dt.date(2017, 5, 5)  # rounded outwards
    assert gap_range(Gap(8, "years")) == (2556, 3288)
    assert gap_range(Gap(1, "days")) == (0, 2)


def test_symbolic_order_without_dates() -> None:
    u = universe("""\
events:
  - {id: a, name: A, sources: [src]}
  - {id: b, name: B, when: {after: a}, sources: [src]}
  - {id: c, name: C, part_of: b, sources: [src]}
  - {id: d, name: D, when: {during: c}, sources: [src]}
  - {id: e, name: E, sources: [src]}
""")
    tl = resolve_timeline(u)
    a, d, e = tl.events["a"], tl.events["d"], tl.events["e"]
    assert tl.before(a.end, d.start)
    assert not tl.before(d.start, a.end)
    assert not tl.before(a.end, e.start) and not tl.before(e.start, a.end)
    assert tl.overlap(tl.events["c"], d)


def test_episode_inherits_and_narrows_the_season_setting() -> None:
    tl = resolve_timeline(_u())
    assert tl.works["show-s1e01"].earliest == dt.date(2015, 11, 1)
    # episode 1 ends before episode 2, set in March 2016, begins
    assert tl.works["show-s1e01"].latest == dt.date(2016, 3, 31)
    assert str(tl.works["show-s1e02"]) == "2016-03"


def test_a_work_with_no_setting_spans_what_it_depicts() -> None:
    # depicted_in means shown in the work's present: the work's story time includes the day
    tl = resolve_timeline(_u())
    loose = tl.works["loose"]
    aftermath = tl.events["aftermath"]
    assert tl.order(loose.start, aftermath.start) >= 1 and tl.order(aftermath.end, loose.end) >= 1
    assert loose.end.lo == dt.date(2012, 5, 4).toordinal() and loose.latest is None


def test_births_and_deaths_are_points() -> None:
    tl = resolve_timeline(_u())
    assert tl.born["hero"].latest is not None and tl.born["hero"].latest.year == 1983
    assert tl.died["hero"].earliest == dt.date(2012, 5, 4)
    assert str(tl.died["hero"]) == "during Aftermath (on or after 2012-05-04)"


def test_describe() -> None:
    day = dt.date(2012, 5, 4).toordinal()
    assert describe(day, day) == "2012-05-04"
    assert describe(dt.date(2012, 1, 1).toordinal(), dt.date(2012, 12, 31).toordinal()) == "2012"
    assert describe(dt.date(2012, 2, 1).toordinal(), dt.date(2012, 2, 29).toordinal()) == "2012-02"
    assert describe(dt.date(2015, 1, 1).toordinal(), dt.date(2016, 12, 31).toordinal()) == "2015 to 2016"


def test_contradicted_events_are_left_unplaced() -> None:
    u = universe("""\
events:
  - {id: a, name: A, when: {after: b}, sources: [src]}
  - {id: b, name: B, when: {after: a}, sources: [src]}
  - {id: c, name: C, when: {after: a}, sources: [src]}
""")
    tl = resolve_timeline(u)
    assert tl.unplaced == {"a", "b"}
    assert not tl.events["a"].known
    assert len(tl.contradictions) == 1
