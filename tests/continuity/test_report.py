"""Acknowledgements, and the text, JSON and SARIF forms of a report."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from mcugraph.continuity import check, to_json, to_sarif, to_text
from mcugraph.errors import NotFoundError

from ._helpers import line_of, universe

HERE = Path(__file__).parent

GAP = """\
works:
  - id: homecoming
    kind: film
    title: Homecoming
    setting: 2016
    stated_gaps:
      - {since: the-battle, gap: 8 years}
    sources: [src]
  - {id: unsourced-film, kind: film, title: Nobody Cites Me}
events:
  - {id: the-battle, name: The Battle, when: 2012-05-04, sources: [src]}
"""

ACK = """\
acknowledged:
  - rule: stated-gap
    subject: SUBJECT
    reason: The official timeline book calls the card an error.
    sources: [src]
"""


def test_an_acknowledged_finding_is_listed_but_does_not_fail() -> None:
    report = check(universe(GAP + ACK.replace("SUBJECT", "homecoming")))
    [gap] = [f for f in report.findings if f.rule == "stated-gap"]
    assert gap.acknowledged and gap.acknowledgement is not None
    assert gap.acknowledgement.reason == "The official timeline book calls the card an error."
    assert report.failing("error") == ()
    assert [f.rule for f in report.failing("warning")] == ["unsourced"]
    assert report.summary() == "0 errors, 1 warning, 0 notes; 1 acknowledged"
    assert str(gap).endswith("(acknowledged: The official timeline book calls the card an error.)")


def test_an_acknowledgement_may_name_kind_and_id() -> None:
    report = check(universe(GAP + ACK.replace("SUBJECT", "work:homecoming")))
    assert report.failing("error") == ()


def test_an_acknowledgement_that_matches_nothing_is_reported() -> None:
    body = GAP + ACK.replace("SUBJECT", "homecomming")
    report = check(universe(body))
    unmatched = [f for f in report.findings if f.rule == "unmatched-acknowledgement"]
    assert [(f.severity, f.mark.line, f.message) for f in unmatched] == [
        (
            "warning",
            line_of(body, "rule: stated-gap"),
            "the acknowledgement of stated-gap for 'homecomming' matches no finding: the conflict is gone"
            " or the subject is wrong; remove the entry or fix its subject",
        )
    ]
    assert [f.rule for f in report.failing("error")] == ["stated-gap"]


def test_an_acknowledgement_of_an_unknown_rule() -> None:
    body = GAP + ACK.replace("SUBJECT", "homecoming").replace("rule: stated-gap", "rule: stated-gaps")
    [f] = [f for f in check(universe(body)).findings if f.rule == "unmatched-acknowledgement"]
    assert f.message == "the acknowledgement names no rule 'stated-gaps'; did you mean 'stated-gap' or 'stated-age'?"


def test_only_an_unknown_rule_is_an_error() -> None:
    with pytest.raises(NotFoundError, match=r"^no rule is called 'dead-on-scren'; did you mean 'dead-on-screen'\?$"):
        check(universe(GAP), only=["dead-on-scren"])


def test_text_format() -> None:
    report = check(universe(GAP + ACK.replace("SUBJECT", "homecoming")))
    lines = to_text(report).splitlines()
    assert lines[0].startswith(
        f"t.yaml:{line_of(GAP, 'since: the-battle')}:9: error[stated-gap] Homecoming (homecoming) states"
    )
    assert (
        lines[1]
        == f"t.yaml:{line_of(GAP, 'unsourced-film')}:5: warning[unsourced] Nobody Cites Me (unsourced-film) has no source"
    )
    coloured = to_text(report, color=True)
    assert "\x1b[" in coloured and "error[stated-gap]" in coloured


def test_json_format() -> None:
    doc = json.loads(to_json(check(universe(GAP + ACK.replace("SUBJECT", "homecoming")))))
    assert doc["summary"] == {"errors": 0, "warnings": 1, "notes": 0, "acknowledged": 1}
    first = doc["findings"][0]
    assert first["rule"] == "stated-gap" and first["acknowledged"] is True
    assert first["path"] == "t.yaml" and first["line"] == line_of(GAP, "since: the-battle")
    assert first["acknowledgement"]["sources"] == ["src"]
    assert {r["id"] for r in doc["rules"]} >= {"stated-gap", "dead-on-screen"}


def test_sarif_is_valid_against_the_sarif_2_1_0_schema(tmp_path: Path) -> None:
    schema = json.loads((HERE / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    report = check(universe(GAP + ACK.replace("SUBJECT", "homecoming")))
    log = json.loads(to_sarif(report, root=tmp_path))
    jsonschema.Draft4Validator.check_schema(schema)
    errors = sorted(jsonschema.Draft4Validator(schema).iter_errors(log), key=str)
    assert errors == []
    run = log["runs"][0]
    assert log["version"] == "2.1.0"
    assert run["tool"]["driver"]["name"] == "mcugraph"
    results = run["results"]
    gap = next(r for r in results if r["ruleId"] == "stated-gap")
    assert gap["level"] == "error"
    assert gap["suppressions"] == [
        {"kind": "inSource", "justification": "The official timeline book calls the card an error."}
    ]
    assert run["tool"]["driver"]["rules"][gap["ruleIndex"]]["id"] == "stated-gap"
    region = gap["locations"][0]["physicalLocation"]["region"]
    assert region == {"startLine": line_of(GAP, "since: the-battle"), "startColumn": 9}
    unsourced = next(r for r in results if r["ruleId"] == "unsourced")
    assert unsourced["level"] == "warning" and "suppressions" not in unsourced


def test_sarif_paths_are_relative_to_the_root(tmp_path: Path) -> None:
    import mcugraph

    data = tmp_path / "data" / "u.yaml"
    data.parent.mkdir()
    from ._helpers import text_of

    data.write_text(text_of(GAP), encoding="utf-8")
    log = json.loads(to_sarif(check(mcugraph.load(data)), root=tmp_path))
    artifact = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert artifact == {"uri": "data/u.yaml", "uriBaseId": "%SRCROOT%"}
    elsewhere = json.loads(to_sarif(check(mcugraph.load(data)), root=tmp_path / "other"))
    uri = elsewhere["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri.startswith("file://") and uri.endswith("/data/u.yaml")


def test_sarif_fingerprints_are_stable() -> None:
    a = json.loads(to_sarif(check(universe(GAP))))
    b = json.loads(to_sarif(check(universe(GAP))))
    assert [r["partialFingerprints"] for r in a["runs"][0]["results"]] == [
        r["partialFingerprints"] for r in b["runs"][0]["results"]
    ]
