"""Every broken or hostile file, through the real command: exit 1, a positioned message, no traceback."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from mcugraph.cli import main

CORPUS = Path(__file__).resolve().parents[1] / "source" / "corpus"
DIAGNOSTIC = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+):(?P<col>\d+): error: .+")

EXPECTED = {
    "alias_bomb.yaml": "anchors and aliases are not allowed",
    "python_tag.yaml": "the tag !!python/",
    "tabs.yaml": "YAML does not allow tabs for indentation; use spaces",
    "duplicate_keys.yaml": "duplicate key",
    "empty.yaml": "file is empty",
    "comments_only.yaml": "file is empty",
    "not_mapping.yaml": "the top level must be a mapping",
    "two_documents.yaml": "a second YAML document starts here",
    "self_include.yaml": "include cycle",
    "cycle_a.yaml": "include cycle",
    "outside.yaml": "include points outside the data folder",
    "missing_include.yaml": "included file not found",
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_corpus_file_fails_cleanly(name: str) -> None:
    result = CliRunner().invoke(main, ["validate", "--data", str(CORPUS / name)])
    assert result.exit_code == 1, result.output
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert DIAGNOSTIC.match(lines[0]), lines[0]
    assert EXPECTED[name] in result.stderr
    assert lines[-1].startswith("Error: ")
    assert "Traceback" not in result.stderr


def test_bom_file_is_accepted_by_the_reader() -> None:
    from mcugraph.source import read_documents

    assert read_documents(CORPUS / "bom.yaml")[0].root.keys()


def test_huge_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    with big.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    result = CliRunner().invoke(main, ["validate", "--data", str(big)])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        f"{big}:1:1: error: file is 52,428,800 bytes, over the 10,485,760-byte limit; "
        "split it into smaller files joined with `include:`"
    )


def test_binary_and_non_utf8_input(tmp_path: Path) -> None:
    bad = tmp_path / "latin1.yaml"
    bad.write_bytes("universe: {name: Caf\xe9}\n".encode("latin-1"))
    result = CliRunner().invoke(main, ["validate", "--data", str(bad)])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{bad}:1:")
    assert "is not valid UTF-8" in result.stderr


def test_real_process_prints_no_traceback() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "mcugraph", "validate", "--data", str(CORPUS / "alias_bomb.yaml")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert "anchors and aliases are not allowed" in done.stderr
