"""The writers' commands: check, timeline, orders, show --at: output and exit codes."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from mcugraph.cli import main

from ._helpers import line_of, text_of

BODY = """\
works:
  - {id: show, kind: series, title: Show, sources: [src]}
  - {id: show-s1, kind: season, series: show, number: 1, released: 2015-01-01, setting: 2015, sources: [src]}
  - {id: show-s2, kind: season, series: show, number: 2, released: 2016-01-01, setting: {after: villain-death}, sources: [src]}
  - {id: lonely, kind: film, title: Lonely, released: 2014-01-01, setting: 2014}
people:
  - {id: p1, name: P One}
  - {id: p2, name: P Two}
characters:
  - {id: hero, name: Hero, born: 1985-06-01, locations: [{location: town, from: 2010}]}
  - {id: villain, name: Villain, died: {during: villain-death}}
portrayals:
  - {person: p1, character: hero, works: [show-s1, show-s2], sources: [src]}
  - {person: p2, character: villain, works: [show-s1, show-s2], sources: [src]}
locations:
  - {id: town, name: Town, kind: city}
organizations:
  - {id: gang, name: The Gang, kind: criminal}
events:
  - id: villain-death
    name: Death of Villain
    kind: death
    when: 2015-06
    place: town
    participants: [{character: hero}, {character: villain}]
    outcomes: [{character: villain, status: dead}]
    depicted_in: [show-s1]
    sources: [src]
relationships:
  - {type: member-of, from: villain, to: gang, since: 2012, until: {during: villain-death}, sources: [src]}
  - {type: enemy, from: hero, to: villain, since: 2014, sources: [src]}
orders:
  - {id: story, name: Story order, kind: watch, items: [lonely, show-s1, show-s2], sources: [src]}
"""


@pytest.fixture
def data(write_data) -> Path:
    return write_data(text_of(BODY))


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_check_text_and_exit_code(data: Path) -> None:
    code, out, err = run("check", "--data", str(data))
    assert code == 1
    lines = out.splitlines()
    assert lines[0] == f"{data}:{line_of(BODY, 'id: lonely')}:5: warning[unsourced] Lonely (lonely) has no source"
    assert lines[1].startswith(
        f"{data}:{line_of(BODY, 'person: p2')}:55: error[dead-on-screen] Villain (villain) is on screen"
    )
    assert err == "failed: 1 error, 1 warning, 0 notes; 0 acknowledged\nError: 1 finding at or above 'error'\n"
    assert "\x1b[" not in out


def test_fail_on_warning(data: Path, write_data) -> None:
    fixed = write_data(text_of(BODY.replace("setting: {after: villain-death}", "setting: 2015-05, in_sequence: false")))
    code, _, err = run("check", "--data", str(fixed))
    assert code == 0 and err == "ok: 0 errors, 1 warning, 0 notes; 0 acknowledged\n"
    code, _, err = run("check", "--data", str(fixed), "--fail-on", "warning")
    assert code == 1 and err.endswith("Error: 1 finding at or above 'warning'\n")


def test_check_json_and_sarif(data: Path, tmp_path: Path) -> None:
    code, out, _ = run("check", "--data", str(data), "--format", "json")
    assert code == 1
    assert json.loads(out)["summary"]["errors"] == 1
    target = tmp_path / "out" / "check.sarif"
    code, out, err = run("check", "--data", str(data), "-f", "sarif", "-o", str(target))
    assert code == 1 and out == ""
    assert json.loads(target.read_text(encoding="utf-8"))["version"] == "2.1.0"


def test_check_only_one_rule(data: Path) -> None:
    code, out, _ = run("check", "--data", str(data), "--only", "unsourced")
    assert code == 0 and "dead-on-screen" not in out and "unsourced" in out


def test_check_only_unknown_rule(data: Path) -> None:
    code, out, err = run("check", "--data", str(data), "--only", "unsorced")
    assert code == 2 and out == ""
    assert err == "Error: no rule is called 'unsorced'; did you mean 'unsourced'?\n"


def test_check_bad_format_is_a_usage_error(data: Path) -> None:
    code, _, err = run("check", "--data", str(data), "--format", "xml")
    assert code == 2 and "'xml' is not one of 'text', 'json', 'sarif'" in err


def test_check_missing_rules_folder_is_a_usage_error(data: Path, tmp_path: Path) -> None:
    code, _, err = run("check", "--data", str(data), "--rules", str(tmp_path / "nope"))
    assert code == 2 and "does not exist" in err


def test_check_broken_data(write_data) -> None:
    path = write_data(text_of("characters:\n  - {id: a, name: A, died: {after: nowhere}}\n"))
    code, out, err = run("check", "--data", str(path))
    assert code == 1 and out == ""
    assert "'after' refers to unknown event or work 'nowhere'" in err and "Traceback" not in err


def test_timeline_of_a_character(data: Path) -> None:
    code, out, _ = run("timeline", "villain", "--data", str(data))
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "Villain  (character:villain): in-universe order"
    # the columns: when, what, [release]; the when column names events too ("after Death of Villain")
    whats = [re.split(r"\s{2,}", line.strip())[1] for line in lines[1:]]
    order = [next(w for w in ("Show season 1", "Death of Villain", "Show season 2") if w in line) for line in whats]
    assert order == ["Show season 1", "Death of Villain", "Show season 2"]
    assert lines[1].split() == [
        "2015",
        "appears",
        "in",
        "Show",
        "season",
        "1",
        "[#2",
        "2015-01-01",
        "Show",
        "season",
        "1]",
    ]


def test_timeline_of_a_location_and_a_work(data: Path) -> None:
    code, out, _ = run("timeline", "town", "--data", str(data))
    assert code == 0 and "Death of Villain" in out and "Hero lives here" in out
    code, out, _ = run("timeline", "show", "--data", str(data))
    assert code == 0 and out.index("Show season 1") < out.index("Show season 2")


def test_timeline_of_an_unknown_entity(data: Path) -> None:
    code, _, err = run("timeline", "vilain", "--data", str(data))
    assert code == 2 and err == "Error: nothing is called 'vilain'; did you mean 'Villain'?\n"


def test_timeline_of_a_person_is_refused(data: Path) -> None:
    code, _, err = run("timeline", "p1", "--data", str(data))
    assert code == 2 and err == "Error: 'p1' is a person (person:p1), not a character, a location or a work\n"


def test_show_at_a_date(data: Path) -> None:
    code, out, _ = run("show", "villain", "--at", "2014", "--data", str(data))
    assert code == 0
    assert out.splitlines()[:2] == [
        "Villain  (character:villain) at 2014",
        "  life: alive (no death is recorded before the date)",
    ]
    assert "member of The Gang" in out and "enemy of Hero" in out
    code, out, _ = run("show", "villain", "--at", "2016-01-01", "--data", str(data))
    assert "  life: dead (died during Death of Villain (2015-06))" in out
    assert "member of The Gang" not in out
    code, out, _ = run("show", "hero", "--at", "2016-01", "--data", str(data))
    assert "  life: alive (aged 30)" in out and "lives in Town" in out
    code, out, _ = run("show", "hero", "--at", "1980", "--data", str(data))
    assert "  life: not yet born (born 1985-06-01)" in out


def test_show_at_an_organization(data: Path) -> None:
    code, out, _ = run("show", "gang", "--at", "2013", "--data", str(data))
    assert code == 0 and "  state: active" in out and "has member Villain" in out


def test_show_at_a_bad_date(data: Path) -> None:
    code, _, err = run("show", "villain", "--at", "2015-13", "--data", str(data))
    assert code == 1 and err == "Error: --at: '2015-13' has no month 13: months run from 01 to 12\n"


def test_show_at_a_work_is_refused(data: Path) -> None:
    code, _, err = run("show", "lonely", "--at", "2015", "--data", str(data))
    assert code == 2
    assert err == "Error: 'lonely' is a film (work:lonely), not a character, an organization or a secret\n"


def test_show_without_at_is_unchanged(data: Path) -> None:
    code, out, _ = run("show", "villain", "--data", str(data))
    assert code == 0 and out.startswith("Villain  (character:villain)")


def test_orders(data: Path) -> None:
    code, out, _ = run("orders", "--data", str(data))
    assert code == 0
    assert [line.split()[0] for line in out.splitlines()] == ["release", "in-universe", "story"]
    code, out, _ = run("orders", "story", "--data", str(data))
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "Story order  (story, 3 works)"
    assert lines[1].split() == ["1.", "Lonely", "released", "2014-01-01", "set", "2014"]
    code, out, _ = run("orders", "in-universe", "--data", str(data))
    assert [line.split()[1] for line in out.splitlines()[1:]] == ["Lonely", "Show", "Show"]


def test_orders_unknown_name(data: Path) -> None:
    code, _, err = run("orders", "stroy", "--data", str(data))
    assert code == 2
    assert err == "Error: no order is called 'stroy'; did you mean 'story'? (orders: release, in-universe, story)\n"
