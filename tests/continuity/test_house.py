"""House rules: SPARQL SELECT files with a header, run as rules, pointing at YAML lines."""

from __future__ import annotations

from pathlib import Path

import pytest

from mcugraph.continuity.house import HouseRuleError, parse_house_rule, read_house_rules

ROOT = Path(__file__).resolve().parents[2]

GOOD = """\
# id: character-in-no-work
# severity: warning
# message: {character} is in no work at all
PREFIX mcg: <https://w3id.org/mcugraph/ontology#>
SELECT ?character WHERE { ?character a mcg:Character }
"""


def test_header_is_parsed() -> None:
    rule = parse_house_rule(GOOD, path="r.rq")
    assert (rule.id, rule.severity, rule.message, rule.subject) == (
        "character-in-no-work",
        "warning",
        "{character} is in no work at all",
        None,
    )
    assert rule.placeholders == ["character"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "SELECT * WHERE {}",
            "r.rq:1:1: a house rule starts with '# id:', '# severity:' and '# message:' lines; '# id:' is missing",
        ),
        (
            "# id: a\n# severity: warning\nSELECT * WHERE {}",
            "r.rq:1:1: a house rule starts with '# id:', '# severity:' and '# message:' lines; '# message:' is missing",
        ),
        (
            "# id: Bad_Id\n# severity: warning\n# message: m\n",
            "r.rq:1:1: rule id 'Bad_Id' must be kebab-case (letters, digits, hyphens)",
        ),
        (
            "# id: dead-on-screen\n# severity: warning\n# message: m\n",
            "r.rq:1:1: 'dead-on-screen' is a built-in rule; give the house rule another id",
        ),
        ("# id: a\n# severity: fatal\n# message: m\n", "r.rq:2:1: severity 'fatal' is not one of error, warning, info"),
        ("# id: a\n# id: b\n# severity: info\n# message: m\n", "r.rq:2:1: '# id:' is given twice (first on line 1)"),
    ],
)
def test_bad_headers_say_where(text: str, message: str) -> None:
    with pytest.raises(HouseRuleError) as info:
        parse_house_rule(text, path="r.rq")
    assert str(info.value) == message


def test_duplicate_ids_across_files(tmp_path: Path) -> None:
    (tmp_path / "a.rq").write_text(GOOD, encoding="utf-8")
    (tmp_path / "b.rq").write_text(GOOD, encoding="utf-8")
    with pytest.raises(HouseRuleError, match="rule id 'character-in-no-work' is also used by .*a.rq"):
        read_house_rules(tmp_path)


def test_a_file_that_is_not_text(tmp_path: Path) -> None:
    (tmp_path / "a.rq").write_bytes(b"\xff\xfe# id")
    with pytest.raises(HouseRuleError, match=r"a\.rq:1:1: not UTF-8 text"):
        read_house_rules(tmp_path)


def test_the_shipped_house_rules_parse() -> None:
    rules = read_house_rules(ROOT / "queries" / "rules")
    assert "character-in-no-work" in {r.id for r in rules}
