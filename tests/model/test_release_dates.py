"""Release dates inherited up and down the series -> season -> episode tree."""

from __future__ import annotations

import datetime as dt

import mcugraph

HEAD = """
universe: {id: t, name: T, base_iri: "https://example.org/t/", license: CC0-1.0}
works:
  - {id: show, kind: series, title: Show}
  - {id: show-s1, kind: season, series: show, number: 1}
  - {id: show-s2, kind: season, series: show, number: 2, released: 2022-03-04}
"""


def test_an_undated_episode_of_an_undated_season_and_series_has_no_date_and_no_recursion() -> None:
    u = mcugraph.loads(
        HEAD.replace(", released: 2022-03-04", "")
        + ("  - {id: show-s1e01, kind: episode, season: show-s1, number: 1, title: One}\n")
    )
    assert u.released("show-s1e01") is None
    assert u.released("show-s1") is None
    assert u.released("show") is None


def test_dates_come_from_above_first_then_from_the_earliest_part() -> None:
    u = mcugraph.loads(
        HEAD
        + "  - {id: show-s1e01, kind: episode, season: show-s1, number: 1, title: One}\n"
        + "  - {id: show-s1e02, kind: episode, season: show-s1, number: 2, title: Two, released: 2021-02-05}\n"
        + "  - {id: show-s2e01, kind: episode, season: show-s2, number: 1, title: Three}\n"
    )
    assert u.released("show-s2e01") == dt.date(2022, 3, 4)  # from its season
    assert u.released("show") == dt.date(2021, 2, 5)  # the earliest part, found below an undated season
    assert u.released("show-s1") == dt.date(2021, 2, 5)  # the season's series is dated by its parts only
    assert u.released("show-s1e01") == dt.date(2021, 2, 5)
