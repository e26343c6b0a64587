"""Atomic writes: the target appears whole or not at all; failures are OutputError."""

from __future__ import annotations

from pathlib import Path

import pytest

from mcugraph._io import atomic_write, open_atomic
from mcugraph.errors import OutputError


def test_atomic_write_replaces_whole(tmp_path: Path) -> None:
    target = tmp_path / "out" / "a.txt"
    atomic_write(target, "one")
    atomic_write(target, "two")
    assert target.read_text() == "two"
    assert [p.name for p in target.parent.iterdir()] == ["a.txt"]


def test_failure_midway_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "a.txt"
    target.write_text("old")
    with pytest.raises(RuntimeError), open_atomic(target) as handle:
        handle.write("partial")
        raise RuntimeError("boom")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]


def test_target_is_a_folder(tmp_path: Path) -> None:
    (tmp_path / "dir").mkdir()
    with pytest.raises(OutputError, match="cannot write"):
        atomic_write(tmp_path / "dir", "x")
    assert [p.name for p in tmp_path.iterdir()] == ["dir"]


def test_parent_is_a_file(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    with pytest.raises(OutputError, match="cannot write"):
        atomic_write(tmp_path / "file" / "a.txt", "x")
