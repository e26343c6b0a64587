"""Story order as evidence: episodes and seasons by number, placements against works,
combined placements, flashbacks, and the circles they can make."""

from __future__ import annotations

import datetime as dt

import pytest

import mcugraph
from mcugraph.continuity import check, resolve_timeline
from mcugraph.errors import ValidationError

from ._helpers import HEAD, found, line_of, universe

SERIES = """\
works:
  - {id: show, kind: series, title: Show, sources: [src]}
  - {id: show-s1, kind: season, series: show, number: 1, released: 2015-01-01, sources: [src]}
  - {id: show-s1e01, kind: episode, season: show-s1, number: 1, title: One}
  - {id: show-s1e02, kind: episode, season: show-s1, number: 2, title: Two}
  - {id: show-s1e03, kind: episode, season: show-s1, number: 3, title: Three}
  - {id: show-s2, kind: season, series: show, number: 2, released: 2016-01-01, sources: [src]}
  - {id: show-s2e01, kind: episode, season: show-s2, number: 1, title: Four}
  - {id: film, kind: film, title: Film, released: 2014-01-01, setting: 2014, sources: [src]}
characters:
  - {id: hero, name: Hero, sources: [src]}
  - {id: villain, name: Villain, sources: [src]}
portrayals: []
events:
  - id: villain-death
    name: Death of Villain
    kind: death
    participants: [{character: villain}]
    outcomes: [{character: villain, status: dead}]
    depicted_in: [show-s1e02]
    sources: [src]
"""


def test_episodes_and_seasons_follow_their_numbers() -> None:
    u = universe(SERIES)
    tl = resolve_timeline(u)
    w = tl.works
    assert tl.before(w["show-s1e01"].end, w["show-s1e02"].start)
    assert tl.before(w["show-s1e03"].end, w["show-s2e01"].start)
    assert tl.before(w["show-s1"].end, w["show-s2"].start)
    # an event shown in an episode lies within it, so it is ordered against the others
    death = tl.events["villain-death"]
    assert tl.before(w["show-s1e01"].end, death.start) and tl.before(death.end, w["show-s1e03"].start)
    # nothing orders the series against the film, which has only a date
    assert not tl.before(w["film"].end, w["show-s1"].start) and not tl.before(w["show-s1"].end, w["film"].start)


def test_out_of_sequence_episode_leaves_the_chain() -> None:
    body = SERIES.replace("number: 3, title: Three}", "number: 3, title: Three, in_sequence: false}")
    tl = resolve_timeline(universe(body))
    w = tl.works
    assert not tl.before(w["show-s1e02"].end, w["show-s1e03"].start)
    assert tl.before(w["show-s1e02"].end, w["show-s2e01"].start)  # the chain skips over it


def test_a_placement_against_a_work_and_a_combined_one() -> None:
    body = SERIES.replace(
        "number: 1, released: 2015-01-01, sources: [src]}",
        "number: 1, released: 2015-01-01, sources: [src],"
        " setting: {in: 2015, after: film, basis: on-screen, sources: [src], note: a caption}}",
    )
    u = universe(body)
    setting = u.works["show-s1"].setting
    assert isinstance(setting, mcugraph.model.Combined) and setting.basis == "on-screen"
    assert u.anchor(setting.parts[1]) == ("work", "film")
    tl = resolve_timeline(u)
    assert tl.before(tl.works["film"].end, tl.works["show-s1e01"].start)
    assert tl.works["show-s1e03"].latest == dt.date(2015, 12, 31)
    assert str(tl.works["show-s1"]).startswith("2015, after Film")


def test_a_list_of_placements_with_two_gaps() -> None:
    body = SERIES.replace(
        "title: Four}", "title: Four, setting: [{after: show-s1e03, gap: 2 months}, {before: film, gap: 1 year}]}"
    ).replace("setting: 2014,", "setting: 2016,")
    tl = resolve_timeline(universe(body))
    four = tl.works["show-s2e01"]
    # "1 year before" reads 0 to 2 years before the film (2016): no later than 2016, no earlier than 2 years before it
    assert four.latest == dt.date(2016, 12, 31)
    assert four.earliest == dt.date(2013, 12, 31)  # 2 years of 365.2425 days, rounded outwards


def test_an_episode_placed_before_an_earlier_one_is_a_circle_naming_both() -> None:
    body = SERIES.replace("title: Three}", "title: Three, setting: {before: show-s1e01}}")
    [f] = found(body, "time-contradiction")
    assert f.mark.line == line_of(body, "id: show-s1e03")
    assert "Show 1x03" in f.message and "Show 1x01" in f.message
    assert "in_sequence: false" in f.message and f"t.yaml:{line_of(body, 'id: show-s1e02')}" in f.message


def test_a_memory_shown_as_the_present_is_a_circle_with_a_hint() -> None:
    body = SERIES.replace("depicted_in: [show-s1e02]", "depicted_in: [show-s1e02]\n    when: {before: show-s1e01}")
    [f] = found(body, "time-contradiction")
    assert "flashback_in" in f.message
    fixed = SERIES.replace("depicted_in: [show-s1e02]", "flashback_in: [show-s1e02]\n    when: {before: show-s1e01}")
    assert found(fixed, "time-contradiction") == []


def test_dead_on_screen_from_the_episode_order() -> None:
    body = SERIES.replace(
        "portrayals: []",
        "people: [{id: p, name: P}]\nportrayals:\n  - {person: p, character: villain, works: [show-s1e01, show-s1e03],"
        " sources: [src]}",
    )
    [f] = found(body, "dead-on-screen")
    assert "Show 1x03" in f.message and f.mark.line == line_of(body, "person: p,")


def test_an_absurd_gap_is_handled() -> None:
    body = SERIES.replace("title: Four}", "title: Four, setting: {before: film, gap: 10000 years}}")
    assert [f.rule for f in check(universe(body)).findings] == ["absent-participant"]
    tl = resolve_timeline(universe(body))
    assert str(tl.works["show-s2e01"]) == "10000 years before Film (about 7989 BCE to about 7986 BCE)"


@pytest.mark.parametrize(
    ("when", "message"),
    [
        ("{after: nowhere}", "'after' refers to unknown event or work 'nowhere'"),
        ("{after: 'film:x'}", "'after: film:x': write ID, event:ID or work:ID"),
        ("{in: 2015, from: 2014}", "write either 'in' or 'from'/'to' in one time value, not both"),
        ("{in: {after: film}}", "'in' takes a date (YYYY, YYYY-MM, YYYY-MM-DD) or {from: …, to: …}"),
        ("{after: film, before: film, gap: 2 days}", "'gap' goes with exactly one 'after' or 'before'"),
        ("{after: film, basis: rumour}", "'rumour' is not a valid basis"),
        ("[]", "is an empty list"),
        ("[[2015]]", "a list of placements cannot hold another list"),
        ("{basis: fan}", "a time value needs a date, an interval, or one of after/before/during"),
    ],
)
def test_broken_placements(when: str, message: str) -> None:
    body = SERIES.replace("title: Four}", f"title: Four, setting: {when}}}")
    with pytest.raises(ValidationError) as info:
        mcugraph.loads(HEAD + body, path="t.yaml")
    assert any(message in d.message for d in info.value.diagnostics), [d.message for d in info.value.diagnostics]


def test_an_id_shared_by_an_event_and_a_work_must_say_which() -> None:
    body = SERIES.replace("id: villain-death", "id: film").replace(
        "title: Four}", "title: Four, setting: {after: film}}"
    )
    with pytest.raises(ValidationError) as info:
        mcugraph.loads(HEAD + body, path="t.yaml")
    assert "write 'after: event:film' or 'after: work:film'" in str(info.value.diagnostics[0])
    ok = body.replace("setting: {after: film}", "setting: {after: 'work:film'}")
    u = mcugraph.loads(HEAD + ok, path="t.yaml")
    assert u.anchor(u.works["show-s2e01"].setting) == ("work", "film")  # type: ignore[arg-type]


STATE = SERIES.replace(
    "portrayals: []",
    "portrayals: []\nrelationships:\n"
    "  - {type: enemy, from: hero, to: villain, works: [show-s1e01], sources: [src]}\n"
    "  - {type: friend, from: hero, to: sidekick, works: [show-s2], sources: [src]}\n"
    "  - {type: sibling, from: hero, to: sidekick, sources: [src]}\n",
).replace(
    "  - {id: villain, name: Villain, sources: [src]}",
    "  - {id: villain, name: Villain, sources: [src]}\n  - {id: sidekick, name: Sidekick, sources: [src]}",
)


def test_state_as_of_the_end_of_an_episode() -> None:
    from mcugraph.continuity import state_at

    u = universe(STATE)
    before = state_at(u, "character", "villain", "show-s1e01")
    assert before.date == 'the end of Show 1x01 "One"' and before.life == "alive"
    after = state_at(u, "character", "villain", "Two")  # by name: as of the end of 1x02
    assert after.life == "dead"
    hero = state_at(u, "character", "hero", "show-s1e01")
    # the enmity is shown in 1x01; the friendship only begins in season 2; siblings always
    assert hero.relationships == ("enemy of Villain", "sibling of Sidekick")
    # the villain died in 1x02: the enmity is over; the friendship is shown somewhere in
    # season 2, so it may or may not have begun by the end of its first episode
    early = state_at(u, "character", "hero", "show-s2e01")
    assert early.relationships == ("friend of Sidekick (possibly)", "sibling of Sidekick")
    late = state_at(u, "character", "hero", "show-s2")
    assert late.relationships == ("friend of Sidekick", "sibling of Sidekick")


def test_show_at_a_work_from_the_cli(write_data) -> None:
    from click.testing import CliRunner

    from mcugraph.cli import main

    path = write_data(HEAD + STATE)
    result = CliRunner().invoke(main, ["show", "villain", "--at", "show-s1e03", "--data", str(path)])
    assert result.exit_code == 0
    assert result.stdout.splitlines()[:2] == [
        'Villain  (character:villain) at the end of Show 1x03 "Three"',
        "  life: dead (died in Death of Villain (villain-death))",
    ]
    result = CliRunner().invoke(main, ["show", "villain", "--at", "Thre", "--data", str(path)])
    assert result.exit_code == 1
    assert "nothing is called 'Thre'; did you mean 'Three'?" in result.stderr
    assert "a point of the story is a date YYYY[-MM[-DD]], a work or an event" in result.stderr
