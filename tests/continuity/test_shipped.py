"""The shipped universe checks clean, and planted mistakes in it make the right rule fire.

The data grows while these tests live, so they assert facts that stay true, never totals.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import mcugraph
from mcugraph.continuity import check, state_at, timeline_of

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data" / "universe.yaml"
HEADER = "# yaml-language-server: $schema=../src/mcugraph/schema/universe.schema.json\n"


@pytest.fixture(scope="module")
def shipped():
    return mcugraph.load(DATA)


def test_the_shipped_universe_has_no_open_error(shipped) -> None:
    report = check(shipped)
    assert [str(f) for f in report.failing("error")] == []


def test_the_homecoming_card_is_found_from_data_and_acknowledged(shipped) -> None:
    report = check(shipped, only=["stated-gap", "unmatched-acknowledgement"])
    [gap] = [f for f in report.findings if f.rule == "stated-gap" and f.subject == "spider-man-homecoming"]
    assert gap.acknowledged and gap.acknowledgement is not None and gap.acknowledgement.sources
    assert "8 years after Battle of New York (the-incident)" in gap.message
    assert gap.mark.path.endswith("films.yaml")


def test_recasts_are_information(shipped) -> None:
    recasts = {f.subject: f for f in check(shipped, only=["recast"]).findings}
    assert recasts["james-rhodes"].severity == "info"
    assert "Terrence Howard" in recasts["james-rhodes"].message and "Don Cheadle" in recasts["james-rhodes"].message


def _copy(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(DATA.parent, target)
    return target


def _include(folder: Path, name: str, text: str) -> Path:
    """Add one more file to the copied universe."""
    root = folder / "universe.yaml"
    source = root.read_text(encoding="utf-8")
    assert "include:\n" in source
    root.write_text(source.replace("include:\n", f"include:\n  - {name}\n", 1), encoding="utf-8")
    (folder / name).write_text(HEADER + text, encoding="utf-8")
    return root


def test_kilgrave_on_screen_after_his_death_is_found(tmp_path: Path) -> None:
    # Kilgrave dies during kilgrave-death; The Defenders season 1 is set after it.
    folder = _copy(tmp_path)
    root = _include(
        folder,
        "mutation.yaml",
        "appearances:\n  - {character: kilgrave, works: [the-defenders-s1e05], sources: [cinemablend-jj-s2-date]}\n",
    )
    report = check(mcugraph.load(root))
    [f] = [f for f in report.failing("error") if f.rule == "dead-on-screen"]
    assert f.subject == "kilgrave"
    assert f.mark.path.endswith("mutation.yaml") and f.mark.line == 3
    assert "The Defenders 1x05" in f.message


def test_the_same_appearance_as_a_vision_is_fine(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    root = _include(
        folder,
        "mutation.yaml",
        "appearances:\n  - {character: kilgrave, mode: vision, works: [the-defenders-s1e05], sources: [cinemablend-jj-s2-date]}\n",
    )
    assert check(mcugraph.load(root)).failing("error") == ()


def test_removing_the_acknowledgement_fails_the_check(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    for path in folder.glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        if "subject: spider-man-homecoming" in text:
            path.write_text(
                text.replace("subject: spider-man-homecoming", "subject: spider-man-far-from-home"), encoding="utf-8"
            )
    report = check(mcugraph.load(folder / "universe.yaml"))
    rules = {(f.rule, f.subject) for f in report.open()}
    assert ("stated-gap", "spider-man-homecoming") in rules
    assert ("unmatched-acknowledgement", "spider-man-far-from-home") in rules


def test_a_participant_placed_before_their_birth(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    root = _include(
        folder,
        "mutation.yaml",
        (
            "events:\n"
            "  - id: planted-event\n"
            "    name: Planted event\n"
            "    when: {before: the-incident, gap: 200 years}\n"
            "    participants: [{character: jessica-jones}]\n"
            "    sources: [cinemablend-jj-s2-date]\n"
            "characters:\n"
            "  - {id: planted-child, name: Planted Child, born: 2000}\n"
        ),
    )
    text = (folder / "mutation.yaml").read_text(encoding="utf-8")
    (folder / "mutation.yaml").write_text(
        text.replace("[{character: jessica-jones}]", "[{character: planted-child}]"), encoding="utf-8"
    )
    report = check(mcugraph.load(root), only=["event-outside-life"])
    [f] = report.findings
    assert f.subject == "planted-child" and f.mark.line == 6


def test_krysten_ritter_plays_jessica_jones_in_season_one(shipped) -> None:
    assert any(
        p.person == "krysten-ritter" and "jessica-jones-s1" in p.works for p in shipped.portrayals_of["jessica-jones"]
    )
    rows = timeline_of(shipped, "character", "jessica-jones")
    assert any(r.kind == "appearance" and r.subject == "jessica-jones-s1" for r in rows)


def test_battle_of_new_york_before_the_defenders(shipped) -> None:
    rows = [r.subject for r in timeline_of(shipped, "work", "the-defenders-s1")]
    assert "the-incident" in rows
    state = state_at(shipped, "character", "jessica-jones", "2016")
    assert state.life == "alive"
