"""Every rule has a section in docs/continuity.md whose failing example fires and whose
passing example stays silent."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from mcugraph.continuity import RULES

from ._helpers import found

DOC = (Path(__file__).resolve().parents[2] / "docs" / "continuity.md").read_text(encoding="utf-8")


def _sections() -> dict[str, str]:
    parts = re.split(r"^### ", DOC, flags=re.M)
    return {part.split("\n", 1)[0].strip(): part for part in parts[1:]}


def _examples(section: str) -> tuple[str, str]:
    fails = re.search(r"^Fails.*?```yaml\n(.*?)```", section, flags=re.M | re.S)
    passes = re.search(r"^Passes.*?```yaml\n(.*?)```", section, flags=re.M | re.S)
    assert fails and passes
    return fails.group(1), passes.group(1)


@pytest.mark.parametrize("rule_id", sorted(RULES))
def test_every_rule_has_a_documented_failing_and_passing_example(rule_id: str) -> None:
    section = _sections().get(rule_id)
    assert section is not None, f"docs/continuity.md has no section for {rule_id}"
    assert f"**{RULES[rule_id].severity}.**" in section
    failing, passing = _examples(section)
    assert [f.rule for f in found(failing, rule_id)], f"the failing example of {rule_id} finds nothing"
    assert found(passing, rule_id) == [], f"the passing example of {rule_id} finds something"
