"""Validation: every rule gives its exact message at the right line and column."""

from __future__ import annotations

import textwrap

import pytest

import mcugraph
from mcugraph.errors import SourceError, ValidationError

HEAD = 'universe: {id: t, name: T, base_iri: "https://example.org/t/", license: CC0-1.0}\n'


def problems(body: str) -> list[str]:
    with pytest.raises(SourceError) as info:
        mcugraph.loads(HEAD + textwrap.dedent(body), path="u.yaml")
    return [str(d) for d in info.value.diagnostics]


def test_mini_universe_loads(mini_text: str) -> None:
    u = mcugraph.loads(mini_text)
    assert u.info.name == "Mini Universe"
    assert set(u.works) >= {"night-watch", "night-watch-s1", "night-watch-s1e01", "big-battle"}
    assert u.works["night-watch-s1"].title == "Night Watch season 1"
    assert u.released("night-watch-s1e01").isoformat() == "2015-11-20"
    assert u.work_sources("night-watch-s1e01") == ("src",)
    assert u.characters["night-watch"].aliases == ("The Watcher",)
    assert u.series_of("night-watch-s1e02") == "night-watch"
    assert u.series_of_character("nurse") == {"night-watch", "day-shift"}
    assert u.release_order == ["big-battle", "night-watch-s1", "day-shift-s1"]
    assert u.events["the-battle"].mark.line == 25


def test_records_are_frozen_and_hashable(mini_text: str) -> None:
    u = mcugraph.loads(mini_text)
    person = u.people["ana-lopez"]
    with pytest.raises(AttributeError):
        person.name = "x"  # type: ignore[misc]
    assert hash(person) == hash(u.people["ana-lopez"])
    assert "Ána López" in repr(person)


def test_unknown_field_suggests_nearest() -> None:
    got = problems("characters:\n  - {id: a, nmae: A}\n")
    assert "u.yaml:3:13: error: unknown field 'nmae' in character; did you mean 'name'?" in got
    assert "u.yaml:3:5: error: character is missing the required field 'name'" in got


def test_unknown_section_suggests_nearest() -> None:
    assert problems("charcters: []\n") == ["u.yaml:2:1: error: unknown section 'charcters'; did you mean 'characters'?"]


def test_yaml11_boolean_trap_has_quote_hint() -> None:
    assert problems("characters:\n  - {id: a, name: No}\n") == [
        "u.yaml:3:19: error: 'name' must be text, found a boolean `No`; YAML 1.1 reads No as False:"
        " quote it ('No') if text is meant"
    ]


def test_yaml11_sexagesimal_trap() -> None:
    got = problems("works:\n  - {id: a, kind: film, title: 1:20}\n")
    assert got == [
        "u.yaml:3:32: error: 'title' must be text, found a number `1:20`; YAML 1.1 reads 1:20 as 80:"
        " quote it ('1:20') if text is meant"
    ]


def test_impossible_partial_date() -> None:
    assert problems("events:\n  - {id: e, name: E, when: 2018-13}\n") == [
        "u.yaml:3:28: error: 'when': '2018-13' has no month 13: months run from 01 to 12"
    ]


def test_impossible_release_date_is_reported() -> None:
    got = problems("works:\n  - {id: a, kind: film, title: A, released: 2018-02-30}\n")
    assert len(got) == 1 and got[0].startswith("u.yaml:3:45: error:")
    assert "2018-02-30" in got[0]


def test_release_date_must_be_full() -> None:
    assert problems("works:\n  - {id: a, kind: film, title: A, released: 2018-02}\n") == [
        "u.yaml:3:45: error: 'released' must be a full date YYYY-MM-DD, found `2018-02`"
    ]


def test_dangling_reference_suggests_ids() -> None:
    got = problems(
        """\
        works:
          - {id: show, kind: series, title: Show}
          - {id: show-s1, kind: season, series: shwo, number: 1}
        """
    )
    assert got == ["u.yaml:4:41: error: 'series' refers to unknown work 'shwo'; did you mean 'show'?"]


def test_duplicate_id() -> None:
    got = problems("characters:\n  - {id: a, name: A}\n  - {id: a, name: B}\n")
    assert got == ["u.yaml:4:5: error: duplicate id 'a' in characters (first at u.yaml:3:5)"]


def test_same_id_in_two_sections_is_fine() -> None:
    u = mcugraph.loads(HEAD + "characters: [{id: x, name: X}]\nworks: [{id: x, kind: series, title: X}]\n")
    assert "x" in u.characters and "x" in u.works


def test_character_and_organization_may_not_share_an_id() -> None:
    got = problems("characters: [{id: x, name: X}]\norganizations: [{id: x, name: X Inc}]\n")
    assert got == [
        "u.yaml:3:17: error: organization id 'x' is also a character id (first at u.yaml:2:14);"
        " relationships could not tell them apart: rename one"
    ]


@pytest.mark.parametrize("number", [0, -1])
def test_season_numbered_zero(number: int) -> None:
    got = problems(
        f"works:\n  - {{id: s, kind: series, title: S}}\n  - {{id: s0, kind: season, series: s, number: {number}}}\n"
    )
    assert got == [f"u.yaml:4:47: error: 'number' must be 1 or more, found {number}"]


def test_episode_numbered_twice() -> None:
    got = problems(
        """\
        works:
          - {id: s, kind: series, title: S}
          - {id: s1, kind: season, series: s, number: 1}
          - {id: e1, kind: episode, season: s1, number: 1, title: One}
          - {id: e2, kind: episode, season: s1, number: 1, title: Two}
        """
    )
    assert got == ["u.yaml:6:5: error: episode number 1 of 's1' is used twice (first by 'e1' at u.yaml:5:5)"]


def test_episode_outside_its_seasons_series() -> None:
    got = problems(
        """\
        works:
          - {id: s, kind: series, title: S}
          - {id: t, kind: series, title: T}
          - {id: s1, kind: season, series: s, number: 1}
          - {id: e1, kind: episode, season: s1, series: t, number: 1, title: One}
        """
    )
    assert got == ["u.yaml:6:5: error: episode 'e1' names series 't' but its season 's1' belongs to 's'"]


def test_season_of_a_film_is_refused() -> None:
    got = problems("works:\n  - {id: f, kind: film, title: F}\n  - {id: f1, kind: season, series: f, number: 1}\n")
    assert got == ["u.yaml:4:5: error: season 'f1' has series 'f', which is a film, not a series"]


def test_containment_cycle() -> None:
    got = problems(
        """\
        locations:
          - {id: a, name: A, within: c}
          - {id: b, name: B, within: a}
          - {id: c, name: C, within: b}
        """
    )
    assert got == ["u.yaml:3:5: error: location containment cycle through 'within': a → c → b → a"]


def test_member_of_needs_an_organization() -> None:
    got = problems(
        "characters: [{id: a, name: A}, {id: b, name: B}]\nrelationships: [{type: member-of, from: a, to: b}]\n"
    )
    assert got == ["u.yaml:3:17: error: 'member-of' points to an organization; 'b' is a character"]


def test_enum_value_suggests() -> None:
    got = problems("works:\n  - {id: a, kind: flim, title: A}\n")
    assert got == [
        "u.yaml:3:19: error: 'flim' is not a valid kind; did you mean 'film'? "
        "(one of: film, series, season, episode, special)"
    ]


def test_bad_ids_and_qids() -> None:
    got = problems("characters:\n  - {id: Bad_Id, name: A}\n  - {id: b, name: B, wikidata: 'X12'}\n")
    assert got == [
        "u.yaml:3:10: error: 'Bad_Id' is not a valid id: use lower-case words joined by '-' (kebab-case)",
        "u.yaml:4:32: error: 'X12' is not a Wikidata QID: write Q followed by digits, e.g. Q42",
    ]


def test_relative_time_and_gap() -> None:
    u = mcugraph.loads(
        HEAD
        + "events:\n  - {id: a, name: A, when: 2012}\n"
        + "  - {id: b, name: B, when: {after: a, gap: 4 years}}\n"
        + "  - {id: c, name: C, when: {from: 2013-05, to: 2014}}\n"
    )
    assert str(u.events["b"].when) == "4 years after a"
    assert str(u.events["c"].when) == "2013-05 to 2014"


def test_bad_time_values() -> None:
    got = problems(
        "events:\n  - {id: a, name: A, when: {aftr: b}}\n  - {id: b, name: B, when: {from: 2014, to: 2013}}\n"
        "  - {id: c, name: C, when: {during: d, gap: 2 years}}\n  - {id: d, name: D}\n"
    )
    assert got == [
        "u.yaml:3:29: error: 'aftr' does not belong in a time value; did you mean 'after'? "
        "(write {from: …, to: …}, after/before/during with an optional gap, in: DATE, and basis/sources/note)",
        "u.yaml:4:28: error: the interval ends (2013) before it starts (2014)",
        "u.yaml:5:45: error: 'gap' goes with exactly one 'after' or 'before' in the same mapping"
        " (for two gaps, write a list: [{after: X, gap: …}, {before: Y, gap: …}])",
    ]


def test_missing_universe_section() -> None:
    with pytest.raises(ValidationError) as info:
        mcugraph.loads("characters: []\n", path="u.yaml")
    assert [str(d) for d in info.value.diagnostics] == [
        "u.yaml:1:1: error: the root file has no 'universe' section (id, name, base_iri, license)"
    ]


def test_universe_only_in_root(write_data) -> None:
    root = write_data({"universe.yaml": HEAD + "include: [more.yaml]\n", "more.yaml": HEAD})
    with pytest.raises(ValidationError) as info:
        mcugraph.load(root)
    assert [d.message for d in info.value.diagnostics] == ["'universe' belongs in the root file only"]
    assert info.value.diagnostics[0].mark.path.endswith("more.yaml")


def test_included_files_merge(write_data) -> None:
    root = write_data(
        {
            "universe.yaml": HEAD + "include: [people.yaml]\ncharacters: [{id: a, name: A}]\n",
            "people.yaml": "people: [{id: p, name: P}]\nportrayals: [{person: p, character: a, works: [f]}]\n"
            "works: [{id: f, kind: film, title: F}]\n",
        }
    )
    u = mcugraph.load(root)
    assert u.portrayals[0].person == "p"
    assert u.people["p"].mark.path.endswith("people.yaml")
    assert len(u.files) == 2


def test_all_problems_of_all_files_in_one_run(write_data) -> None:
    root = write_data(
        {
            "universe.yaml": HEAD + "include: [a.yaml, b.yaml]\n",
            "a.yaml": "characters: [{id: a, name: A, colour: red}]\n",
            "b.yaml": "works: [{id: b, kind: film, title: B, phase: first}]\n",
        }
    )
    with pytest.raises(ValidationError) as info:
        mcugraph.load(root)
    paths = sorted({d.mark.path.rsplit("/", 1)[-1] for d in info.value.diagnostics})
    assert paths == ["a.yaml", "b.yaml"]
