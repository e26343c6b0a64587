"""House rules run through the vetted SPARQL runner and point at YAML lines."""

from __future__ import annotations

from pathlib import Path

import pytest

from mcugraph.continuity import check
from mcugraph.continuity.house import HouseRuleError

from ._helpers import line_of, universe

ROOT = Path(__file__).resolve().parents[2]

BODY = """\
works:
  - {id: film, kind: film, title: Film, sources: [src]}
characters:
  - {id: seen, name: Seen}
  - {id: ghost, name: Ghost}
appearances:
  - {character: seen, works: [film], sources: [src]}
"""


def test_a_house_rule_runs_and_points_at_the_entity(tmp_path: Path) -> None:
    report = check(universe(BODY), rules_dir=ROOT / "queries" / "rules", only=["character-in-no-work"])
    [f] = report.findings
    assert f.severity == "warning" and f.subject == "ghost" and f.kind == "character"
    assert f.mark.line == line_of(BODY, "id: ghost")
    assert f.message.startswith("Ghost (ghost) is in no work at all")


def test_a_house_rule_that_finds_nothing_is_silent() -> None:
    body = BODY.replace("works: [film], sources", "works: [film], sources").replace(
        "  - {character: seen, works: [film], sources: [src]}",
        "  - {character: seen, works: [film], sources: [src]}\n  - {character: ghost, mode: mention, works: [film], sources: [src]}",
    )
    assert check(universe(body), rules_dir=ROOT / "queries" / "rules", only=["character-in-no-work"]).findings == ()


def test_a_house_rule_with_a_service_clause_is_refused(tmp_path: Path) -> None:
    (tmp_path / "evil.rq").write_text(
        "# id: evil\n# severity: error\n# message: {s}\n"
        "SELECT ?s WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }\n",
        encoding="utf-8",
    )
    with pytest.raises(HouseRuleError, match=r"evil\.rq: .*SERVICE"):
        check(universe(BODY), rules_dir=tmp_path)


def test_a_message_placeholder_that_is_not_selected(tmp_path: Path) -> None:
    (tmp_path / "r.rq").write_text(
        "# id: r\n# severity: info\n# message: {who} is here\n"
        "PREFIX mcg: <https://w3id.org/mcugraph/ontology#>\nSELECT ?c WHERE { ?c a mcg:Character }\n",
        encoding="utf-8",
    )
    with pytest.raises(
        HouseRuleError, match=r"r\.rq: the message uses \{who\}, which the query does not select \(it selects \?c\)"
    ):
        check(universe(BODY), rules_dir=tmp_path)
