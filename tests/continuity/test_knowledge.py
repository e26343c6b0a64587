"""Who knows what, and from when: knows_at / knowers_at, the two rules, and ``show --at``."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from mcugraph.cli import main
from mcugraph.continuity import check, resolve_timeline
from mcugraph.continuity.knowledge import POSSIBLY, SURELY, as_of, knowers_at, knowledge_lines, knows_at
from mcugraph.errors import NotFoundError
from mcugraph.model.time import parse_partial_date

from ._helpers import found, line_of, text_of, universe

# An invented story: five dated films, one undated; the mask's secret and a name change.
STORY = """\
works:
  - {id: f1, kind: film, title: First, setting: 2010, sources: [src]}
  - {id: f2, kind: film, title: Second, setting: 2011, sources: [src]}
  - {id: f3, kind: film, title: Third, setting: 2012, sources: [src]}
  - {id: f4, kind: film, title: Fourth, setting: 2013, sources: [src]}
  - {id: f5, kind: film, title: Fifth, setting: 2014, sources: [src]}
  - {id: loose, kind: film, title: Undated, sources: [src]}
characters:
  - {id: hero, name: Hero}
  - {id: pal, name: Pal}
  - {id: foe, name: Foe}
  - {id: drifter, name: Drifter}
  - {id: rival, name: Rival}
secrets:
  - {id: mask, name: Hero is the Mask, about: hero, sources: [src]}
  - {id: rival-alive, name: Rival is alive, about: rival, sources: [src]}
knowledge:
  - {character: pal, secret: mask, learns_in: f2, how: sees his face, sources: [src]}
  - {character: foe, secret: mask, learns_in: f2, forgets_in: f4, how: a blow to the head, sources: [src]}
  - {character: drifter, secret: mask, learns_in: loose, sources: [src]}
  - {character: pal, secret: rival-alive, learns_in: f3, sources: [src]}
"""


@pytest.fixture(scope="module")
def story():  # type: ignore[no-untyped-def]
    u = universe(STORY)
    return u, resolve_timeline(u)


def answer(known: list) -> dict[tuple[str, str], str]:  # type: ignore[type-arg]
    return {(k.character, k.secret): k.certainty for k in known}


def test_knowers_at_each_point_of_the_story(story) -> None:  # type: ignore[no-untyped-def]
    u, tl = story
    assert answer(knowers_at(u, tl, "mask", "f1")) == {("hero", "mask"): SURELY, ("drifter", "mask"): POSSIBLY}
    assert answer(knowers_at(u, tl, "mask", "f2")) == {
        ("hero", "mask"): SURELY,
        ("pal", "mask"): SURELY,  # as of the end of the work where they learn it
        ("foe", "mask"): SURELY,
        ("drifter", "mask"): POSSIBLY,  # learnt in a work set at an unknown time
    }
    at_f3 = answer(knowers_at(u, tl, "mask", "f3"))
    assert at_f3[("foe", "mask")] == SURELY
    at_f4 = answer(knowers_at(u, tl, "mask", "f4"))
    assert ("foe", "mask") not in at_f4  # forgotten by the end of the fourth film
    assert at_f4[("pal", "mask")] == SURELY
    assert knowers_at(u, tl, "mask", "f1")[0].character == "hero"  # the subject first


def test_at_a_point_the_timeline_decides(story) -> None:  # type: ignore[no-untyped-def]
    u, tl = story
    assert answer(knowers_at(u, tl, "mask", as_of(tl, "f2")))[("pal", "mask")] == SURELY  # the end of the work
    # a day of 2011 may come before the day of 2011 on which Pal learns it
    assert answer(knowers_at(u, tl, "mask", tl.point(parse_partial_date("2011"))))[("pal", "mask")] == POSSIBLY
    assert answer(knowers_at(u, tl, "mask", tl.point(parse_partial_date("2012-03"))))[("pal", "mask")] == SURELY
    assert answer(knowers_at(u, tl, "mask", as_of(tl, "f3")))[("pal", "mask")] == SURELY
    assert ("pal", "mask") not in answer(knowers_at(u, tl, "mask", as_of(tl, "f1")))
    mid = tl.works["f4"].start  # the forgetting happens somewhere in the fourth film
    assert answer(knowers_at(u, tl, "mask", mid))[("foe", "mask")] == POSSIBLY
    assert ("foe", "mask") not in answer(knowers_at(u, tl, "mask", as_of(tl, "f5")))


def test_knows_at_lists_every_secret_of_a_character(story) -> None:  # type: ignore[no-untyped-def]
    u, tl = story
    assert answer(knows_at(u, tl, "pal", "f1")) == {}
    assert answer(knows_at(u, tl, "pal", "f2")) == {("pal", "mask"): SURELY}
    assert answer(knows_at(u, tl, "pal", "f3")) == {("pal", "mask"): SURELY, ("pal", "rival-alive"): SURELY}
    assert answer(knows_at(u, tl, "hero", "f1")) == {("hero", "mask"): SURELY}
    known = knows_at(u, tl, "pal", "f5")
    assert [k.record.how if k.record else None for k in known] == ["sees his face", None]


def test_knowledge_lines_say_where_and_how_surely(story) -> None:  # type: ignore[no-untyped-def]
    u, tl = story
    assert knowledge_lines(u, tl, "hero", "f1") == ("Hero is the Mask (their own secret)",)
    assert knowledge_lines(u, tl, "drifter", "f5") == ("Hero is the Mask (learnt in Undated, possibly)",)


def test_unknown_ids_are_refused_with_a_suggestion(story) -> None:  # type: ignore[no-untyped-def]
    u, tl = story
    with pytest.raises(NotFoundError, match="no secret is called 'mak'; did you mean 'mask'"):
        knowers_at(u, tl, "mak", "f1")
    with pytest.raises(NotFoundError, match="no character is called 'nobody'$"):
        knows_at(u, tl, "nobody", "f1")
    with pytest.raises(NotFoundError, match="no character is called 'pall'; did you mean 'pal'"):
        knows_at(u, tl, "pall", "f1")
    with pytest.raises(NotFoundError, match="no work is called 'f11'; did you mean 'f1'"):
        as_of(tl, "f11")


def test_show_at_lists_what_a_character_knows(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "u.yaml"
    path.write_text(text_of(STORY), encoding="utf-8")
    runner = CliRunner()
    later = runner.invoke(main, ["show", "pal", "--at", "2013-06", "--data", str(path)])
    assert later.exit_code == 0, later.output
    assert (
        "  knows:\n    - Hero is the Mask (learnt in Second)\n    - Rival is alive (learnt in Third)\n" in later.output
    )
    earlier = runner.invoke(main, ["show", "pal", "--at", "2010-06", "--data", str(path)])
    assert earlier.exit_code == 0 and "knows:" not in earlier.output


# -- the rules ------------------------------------------------------------------------------------

RULE_WORLD = """\
works:
  - {id: f1, kind: film, title: First, setting: 2010, sources: [src]}
  - {id: f2, kind: film, title: Second, setting: 2011, sources: [src]}
  - {id: f3, kind: film, title: Third, setting: 2012, sources: [src]}
  - {id: loose, kind: film, title: Undated, sources: [src]}
characters:
  - {id: hero, name: Hero}
  - {id: pal, name: Pal}
  - {id: foe, name: Foe}
secrets:
  - {id: mask, name: Hero is the Mask, about: hero, sources: [src]}
"""


def test_acting_on_a_secret_before_learning_it_is_an_error_at_the_act() -> None:
    body = RULE_WORLD + (
        "knowledge:\n"
        "  - {character: pal, secret: mask, learns_in: f2, sources: [src]}\n"
        "  - {character: pal, secret: mask, acts_on: [f3, f1], sources: [src]}\n"
    )
    findings = found(body, "secret-used-before-learned")
    assert [(f.mark.line, f.mark.column, f.severity, f.subject) for f in findings] == [
        (
            line_of(body, "acts_on: [f3, f1]"),
            text_of(body).splitlines()[line_of(body, "acts_on") - 1].index("f1]") + 1,
            "error",
            "pal",
        )
    ]
    assert findings[0].message == (
        "Pal (pal) acts on 'Hero is the Mask' (mask) in First (f1), which is set before Second (f2),"
        f" where they learn it (at t.yaml:{line_of(body, 'learns_in: f2')}:5): move the learning earlier or remove the act"
    )


def test_acting_without_any_learning_record_is_an_error() -> None:
    body = RULE_WORLD + "knowledge:\n  - {character: foe, secret: mask, acts_on: [f1], sources: [src]}\n"
    [finding] = found(body, "secret-used-before-learned")
    assert (
        "Foe (foe) acts on 'Hero is the Mask' (mask) in First (f1), but no record says they learn it" in finding.message
    )


@pytest.mark.parametrize(
    "records",
    [
        "  - {character: pal, secret: mask, learns_in: f2, acts_on: [f2, f3], sources: [src]}\n",  # same work, later
        "  - {character: pal, secret: mask, learns_in: loose, acts_on: [f1], sources: [src]}\n",  # undated: unknown
        "  - {character: hero, secret: mask, acts_on: [f1], sources: [src]}\n",  # the subject
        "  - {character: pal, secret: mask, learns_in: f3, sources: [src]}\n"
        "  - {character: pal, secret: mask, learns_in: f1, forgets_in: f2, acts_on: [f1], sources: [src]}\n",
    ],
)
def test_acting_after_or_possibly_after_learning_is_fine(records: str) -> None:
    assert found(RULE_WORLD + "knowledge:\n" + records, "secret-used-before-learned") == []


def test_learning_twice_points_at_the_later_learning() -> None:
    body = RULE_WORLD + (
        "knowledge:\n"
        "  - {character: pal, secret: mask, learns_in: f3, how: again, sources: [src]}\n"
        "  - {character: pal, secret: mask, learns_in: f1, sources: [src]}\n"
    )
    [finding] = found(body, "secret-learned-twice")
    assert (finding.mark.line, finding.severity, finding.subject) == (line_of(body, "learns_in: f3"), "warning", "pal")
    assert finding.message == (
        "Pal (pal) learns 'Hero is the Mask' (mask) in Third (f3), but already learnt it in First (f1)"
        f" (at t.yaml:{line_of(body, 'learns_in: f1')}:5): remove one record, or give the first a 'forgets_in' before the second"
    )


def test_learning_ones_own_secret_is_flagged() -> None:
    body = RULE_WORLD + "knowledge:\n  - {character: hero, secret: mask, learns_in: f1, sources: [src]}\n"
    [finding] = found(body, "secret-learned-twice")
    assert "Hero (hero) is who 'Hero is the Mask' (mask) is about and knows it from the start" in finding.message


@pytest.mark.parametrize(
    "records",
    [
        "  - {character: pal, secret: mask, learns_in: f1, forgets_in: f2, sources: [src]}\n"
        "  - {character: pal, secret: mask, learns_in: f3, sources: [src]}\n",
        "  - {character: pal, secret: mask, learns_in: f1, sources: [src]}\n"
        "  - {character: foe, secret: mask, learns_in: f1, sources: [src]}\n",
        "  - {character: pal, secret: mask, learns_in: f1, sources: [src]}\n"
        "  - {character: pal, secret: mask, acts_on: [f2], sources: [src]}\n",
    ],
)
def test_learning_again_after_forgetting_or_once_each_is_fine(records: str) -> None:
    assert found(RULE_WORLD + "knowledge:\n" + records, "secret-learned-twice") == []


def test_a_knowledge_finding_can_be_acknowledged() -> None:
    body = RULE_WORLD + (
        "knowledge:\n"
        "  - {character: pal, secret: mask, learns_in: f1, sources: [src]}\n"
        "  - {character: pal, secret: mask, learns_in: f2, sources: [src]}\n"
        "acknowledged:\n"
        "  - {rule: secret-learned-twice, subject: pal, reason: the canon shows it twice}\n"
    )
    report = check(universe(body), only=["secret-learned-twice"])
    assert [f.acknowledged for f in report.findings] == [True]


def test_as_of_a_work_counts_what_is_learnt_within_it() -> None:
    u = universe(
        """\
works:
  - {id: show, kind: series, title: Show}
  - {id: show-s1, kind: season, series: show, number: 1}
  - {id: show-s1e01, kind: episode, season: show-s1, number: 1, title: One}
  - {id: show-s1e02, kind: episode, season: show-s1, number: 2, title: Two}
characters:
  - {id: hero, name: Hero}
  - {id: pal, name: Pal}
secrets:
  - {id: mask, name: Hero is the Mask, about: hero, sources: [src]}
knowledge:
  - {character: pal, secret: mask, learns_in: show-s1e02, sources: [src]}
"""
    )
    tl = resolve_timeline(u)
    assert answer(knows_at(u, tl, "pal", "show-s1e02")) == {("pal", "mask"): SURELY}
    assert answer(knows_at(u, tl, "pal", "show-s1")) == {("pal", "mask"): SURELY}  # the season holds the episode
    assert answer(knows_at(u, tl, "pal", "show")) == {("pal", "mask"): SURELY}
    with pytest.raises(NotFoundError, match="no work is called 'show-s9'"):
        knows_at(u, tl, "pal", "show-s9")


def test_acting_after_forgetting_is_an_error_at_the_act() -> None:
    body = RULE_WORLD + (
        "knowledge:\n  - {character: pal, secret: mask, learns_in: f1, forgets_in: f2, acts_on: [f3], sources: [src]}\n"
    )
    [finding] = found(body, "secret-used-before-learned")
    assert finding.message == (
        "Pal (pal) acts on 'Hero is the Mask' (mask) in Third (f3), which is set after Second (f2), where they"
        f" forget it (at t.yaml:{line_of(body, 'forgets_in')}:5): move the forgetting later, record a new learning,"
        " or remove the act"
    )
    relearnt = body + "  - {character: pal, secret: mask, learns_in: f3, sources: [src]}\n"
    assert found(relearnt, "secret-used-before-learned") == []


def test_show_a_secret_at_a_point_lists_who_knows_it(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "u.yaml"
    path.write_text(text_of(STORY), encoding="utf-8")
    result = CliRunner().invoke(main, ["show", "secret:mask", "--at", "f3", "--data", str(path)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "Hero is the Mask  (secret:mask) at the end of Third",
        "  known by:",
        "    - Hero (it is about them)",
        "    - Drifter (learnt in Undated, possibly)",
        "    - Foe (learnt in Second)",
        "    - Pal (learnt in Second)",
    ]
    unknown = CliRunner().invoke(main, ["show", "secret:mask", "--at", "f9", "--data", str(path)])
    assert unknown.exit_code == 1 and "Traceback" not in unknown.output
