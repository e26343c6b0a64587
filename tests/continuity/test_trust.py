"""An engine writers can trust: acknowledgements that accept exactly one conflict, double
deaths that point at the record that contradicts, neutral advice, time travel and variants."""

from __future__ import annotations

import pytest

import mcugraph
from mcugraph.continuity import check
from mcugraph.errors import ValidationError

from ._helpers import HEAD, found, line_of, universe

GAPS = """\
works:
  - {id: homecoming, kind: film, title: Homecoming, released: 2017-07-07, setting: 2016, sources: [src],
     stated_gaps: [{since: the-battle, gap: 8 years}, {since: the-war, gap: 9 years}]}
events:
  - {id: the-battle, name: The Battle, when: 2012-05-04, sources: [src]}
  - {id: the-war, name: The War, when: 2012-06, sources: [src]}
acknowledged:
  - {rule: stated-gap, subject: homecoming, WITH reason: the card is wrong, sources: [src]}
"""


def _report(body: str):
    return check(universe(body))


def test_an_acknowledgement_with_the_conflict_accepts_only_that_one() -> None:
    report = _report(GAPS.replace("WITH ", "with: [the-battle], "))
    gaps = [f for f in report.findings if f.rule == "stated-gap"]
    assert {f.conflict for f in gaps} == {("event:the-battle",), ("event:the-war",)}
    accepted = {f.conflict: f.acknowledged for f in gaps}
    assert accepted == {("event:the-battle",): True, ("event:the-war",): False}
    assert [f for f in report.findings if f.rule == "unmatched-acknowledgement"] == []


def test_an_acknowledgement_without_the_conflict_accepts_none_of_several() -> None:
    body = GAPS.replace("WITH ", "")
    report = _report(body)
    assert not any(f.acknowledged for f in report.findings)
    [warn] = [f for f in report.findings if f.rule == "unmatched-acknowledgement"]
    assert warn.mark.line == line_of(body, "rule: stated-gap")
    assert "could accept 2 different conflicts ([event:the-battle]; [event:the-war])" in warn.message
    assert "name the one it accepts with 'with'" in warn.message


def test_an_acknowledgement_without_the_conflict_still_accepts_a_single_one() -> None:
    body = GAPS.replace("WITH ", "").replace(", {since: the-war, gap: 9 years}", "")
    report = _report(body)
    [gap] = [f for f in report.findings if f.rule == "stated-gap"]
    assert gap.acknowledged


def test_an_acknowledged_conflict_that_changed_is_reported() -> None:
    body = GAPS.replace("WITH ", "with: [event:the-peace], ")
    report = _report(body)
    [warn] = [f for f in report.findings if f.rule == "unmatched-acknowledgement"]
    assert "names the conflict with event:the-peace, but check finds it with" in warn.message
    assert not any(f.acknowledged for f in report.findings)


def test_the_conflict_is_in_json_and_sarif() -> None:
    from mcugraph.continuity import to_json, to_sarif

    report = _report(GAPS.replace("WITH ", "with: [the-battle], "))
    import json

    data = json.loads(to_json(report))
    assert ["event:the-battle"] in [f["conflict"] for f in data["findings"]]
    sarif = json.loads(to_sarif(report))
    props = [r["properties"]["conflict"] for r in sarif["runs"][0]["results"]]
    assert ["event:the-war"] in props


DEATHS = """\
works:
  - {id: show, kind: series, title: Show, sources: [src]}
  - {id: show-s1, kind: season, series: show, number: 1, released: 2015-01-01, setting: 2015, sources: [src]}
  - {id: show-s1e01, kind: episode, season: show-s1, number: 1, title: One}
  - {id: show-s1e02, kind: episode, season: show-s1, number: 2, title: Two}
characters:
  - {id: villain, name: Villain, DIED sources: [src]}
events:
  - id: the-fall
    name: The fall
    kind: death
    outcomes: [{character: villain, status: dead}]
    depicted_in: [show-s1e02]
    sources: [src]
"""


def test_a_wrong_earlier_death_is_the_record_pointed_at() -> None:
    # the death shown in 1x02 is the real one; a 'died' written too early contradicts it
    body = DEATHS.replace("DIED ", "died: 2014, ")
    [f] = found(body, "status-flip")
    assert f.mark.line == line_of(body, "id: villain")
    assert "died 2014, yet dies in The fall (the-fall)" in f.message
    assert "this earlier death contradicts the one shown" in f.message


def test_a_second_death_is_the_record_pointed_at() -> None:
    body = DEATHS.replace("DIED ", "") + (
        "  - id: again\n    name: Again\n    kind: death\n    when: {after: show-s1}\n"
        "    outcomes: [{character: villain, status: dead}]\n    sources: [src]\n"
    )
    [f] = found(body, "status-flip")
    assert f.mark.line == line_of(body, "name: Again") + 3  # the outcome of the second death
    assert f.message.startswith("Villain (villain) dies again in Again (again) after they died in The fall")


TRAVEL = """\
works:
  - {id: first, kind: film, title: First, released: 2018-04-27, setting: 2018, sources: [src]}
  - {id: second, kind: film, title: Second, released: 2019-04-26, setting: 2023, sources: [src]}
characters:
  - {id: gamora, name: Gamora, died: {during: sacrifice}, sources: [src]}
events:
  - {id: sacrifice, name: The sacrifice, kind: death, when: 2018, depicted_in: [first], sources: [src]}
appearances:
  - {character: gamora, works: [second], ASOF sources: [src]}
"""


def test_time_travel_is_not_a_resurrection() -> None:
    [f] = found(TRAVEL.replace("ASOF ", ""), "dead-on-screen")
    assert "say which (mode: flashback, vision or archive; as_of: for time travel)" in f.message
    assert "mark the appearance as a flashback" not in f.message
    assert found(TRAVEL.replace("ASOF ", "as_of: 2014, "), "dead-on-screen") == []


def test_time_travel_to_after_the_death_is_still_an_error() -> None:
    [f] = found(TRAVEL.replace("ASOF ", "as_of: 2020, "), "dead-on-screen")
    assert "as of 2020" in f.message


def test_a_variant_has_a_life_of_its_own() -> None:
    body = (
        TRAVEL.replace("ASOF ", "")
        .replace(
            "  - {id: gamora, name: Gamora,",
            "  - {id: other-gamora, name: Gamora, variant_of: gamora, sources: [src]}\n  - {id: gamora, name: Gamora,",
        )
        .replace("{character: gamora, works: [second]", "{character: other-gamora, works: [second]")
    )
    u = universe(body)
    assert u.characters["other-gamora"].variant_of == "gamora"
    assert found(body, "dead-on-screen") == []
    with pytest.raises(ValidationError) as info:
        mcugraph.loads(HEAD + body.replace("variant_of: gamora", "variant_of: other-gamora"), path="t.yaml")
    assert "cannot be a variant of itself" in str(info.value.diagnostics[0])
    with pytest.raises(ValidationError) as info:
        mcugraph.loads(HEAD + body.replace("variant_of: gamora", "variant_of: gamorra"), path="t.yaml")
    assert "did you mean 'gamora'" in str(info.value.diagnostics[0])


def test_one_name_per_order_in_orders_and_html(write_data) -> None:
    from click.testing import CliRunner

    from mcugraph.cli import main

    path = write_data(HEAD + TRAVEL.replace("ASOF ", "as_of: 2014, "))
    runner = CliRunner()
    listed = runner.invoke(main, ["orders", "--data", str(path)])
    assert [line.split()[0] for line in listed.stdout.splitlines()] == ["release", "in-universe"]
    for name in ("in-universe", "chronological", "release"):
        shown = runner.invoke(main, ["orders", name, "--data", str(path)])
        assert shown.exit_code == 0, shown.stderr
        page = runner.invoke(main, ["html", "-o", str(path.parent / "x.html"), "--order", name, "--data", str(path)])
        assert page.exit_code == 0, page.stderr
    assert runner.invoke(main, ["orders", "chronological", "--data", str(path)]).stdout.startswith(
        "In-universe order (by setting)  (in-universe, 2 works)"
    )


def test_a_data_order_cannot_take_a_derived_name() -> None:
    body = TRAVEL.replace("ASOF ", "") + "orders:\n  - {id: release, name: Mine, items: [first], sources: [src]}\n"
    with pytest.raises(ValidationError) as info:
        mcugraph.loads(HEAD + body, path="t.yaml")
    assert "order id 'release' is the name of an order every universe has" in str(info.value.diagnostics[0])
