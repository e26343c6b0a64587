"""``mcugraph build`` runs check: it writes the reports and fails on open errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from mcugraph.cli import main
from mcugraph.continuity.stage import ContinuityError, check_stage
from mcugraph.pipeline import STAGES

from ._helpers import text_of, universe

BAD = """\
events:
  - {id: war, name: War, when: 2012, sources: [src]}
  - {id: battle, name: Battle, when: 2015, part_of: war, sources: [src]}
"""


def test_the_stage_is_registered() -> None:
    assert ("check", "mcugraph.continuity.stage:check_stage") in STAGES


def test_a_clean_universe_writes_both_reports(tmp_path: Path) -> None:
    written = check_stage(universe(BAD.replace("when: 2015, ", "")), tmp_path)
    assert written == [tmp_path / "check.sarif", tmp_path / "check.json"]
    assert json.loads((tmp_path / "check.sarif").read_text(encoding="utf-8"))["version"] == "2.1.0"


def test_an_open_error_fails_the_stage_after_writing_the_reports(tmp_path: Path) -> None:
    with pytest.raises(
        ContinuityError, match=r"^continuity check failed: t\.yaml:6:5: error\[time-contradiction\] Battle"
    ):
        check_stage(universe(BAD), tmp_path)
    assert json.loads((tmp_path / "check.json").read_text(encoding="utf-8"))["summary"]["errors"] == 1


def test_build_exits_1_on_an_open_error(write_data, tmp_path: Path) -> None:
    data = write_data(text_of(BAD))
    result = CliRunner().invoke(main, ["build", "--data", str(data), "-o", str(tmp_path / "build")])
    assert result.exit_code == 1
    assert "Error: continuity check failed: " in result.stderr and "Traceback" not in result.stderr
