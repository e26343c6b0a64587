"""Fixtures for the on-disk store: a small universe split over two files, and stores built from it."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from mcugraph.cli import main
from mcugraph.disk import DiskStore, open_store

ROOT = Path(__file__).resolve().parents[2]
HARBOR = (ROOT / "tests" / "rdf" / "harbor.yaml").read_text(encoding="utf-8")
SHIPPED = ROOT / "data" / "universe.yaml"
QUERIES = ROOT / "queries"


def split_harbor() -> dict[str, str]:
    """The invented universe as a root file and the ``people.yaml`` it includes."""
    head, rest = HARBOR.split("\npeople:\n", 1)
    people, tail = rest.split("\n\n", 1)
    root = head.replace("\nsources:\n", "\ninclude: [people.yaml]\n\nsources:\n", 1) + "\n" + tail
    return {"universe.yaml": root, "people.yaml": "people:\n" + people + "\n"}


def settle(*paths: Path) -> None:
    """Date files a minute back: a file written while a store is built counts as changing under it."""
    for path in paths:
        info = path.stat()
        os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns - 60_000_000_000))


@pytest.fixture
def harbor(tmp_path: Path) -> Path:
    """The root file of the two-file universe, in a folder of its own."""
    folder = tmp_path / "harbor"
    folder.mkdir()
    for name, text in split_harbor().items():
        (folder / name).write_text(text, encoding="utf-8")
    settle(*folder.iterdir())
    return folder / "universe.yaml"


@pytest.fixture
def built(harbor: Path, tmp_path: Path) -> Iterator[tuple[Path, Path]]:
    """(data, store folder): the harbor store, built once and closed."""
    folder = tmp_path / "store"
    open_store(folder, str(harbor)).close()
    yield harbor, folder


def run(*args: str, input: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False, input=input)
    return result.exit_code, result.stdout, result.stderr


def opened(folder: Path, data: Path) -> DiskStore:
    return open_store(folder, str(data))
