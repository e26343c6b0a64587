"""Reading file by file gives exactly what reading every file first gives.

``read_universe`` converts each file as it is read and lets its node tree go
(``iter_converted``); ``build_universe(read_documents(...))`` holds every tree first; and
with ``ahead=True`` the files at the end of the list are read and converted in a helper
process (``mcugraph.source.ahead``). All three must give the same universe, marks
included, and the same error, class, text and position, on valid data and on every broken
or hostile input (that the helper really reads files is checked in tests/source/test_ahead.py).
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from mcugraph.errors import SourceError, ValidationError
from mcugraph.source import iter_documents, read_documents
from mcugraph.synthetic import write_universe
from mcugraph.validate import build_universe, read_universe

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests" / "source" / "corpus"
HEAD = "universe: {id: t, name: T, base_iri: 'https://example.org/t/', license: CC0-1.0}\n"


def outcome(load: Callable[[Path], Any], root: Path) -> tuple[Any, Any]:
    """``(None, the universe as plain values)`` (every field, marks included), or
    ``(the error's class, its diagnostics)``."""
    try:
        universe = load(root)
    except SourceError as exc:
        return type(exc), list(exc.diagnostics)
    return None, dataclasses.astuple(universe)


def all_trees_first(root: Path) -> Any:
    return build_universe(read_documents(root))


def read_here(root: Path) -> Any:
    return read_universe(root, ahead=False)


def read_ahead(root: Path) -> Any:
    return read_universe(root, ahead=True)


def assert_same(root: Path) -> tuple[Any, Any]:
    by_file = outcome(read_here, root)
    assert by_file == outcome(all_trees_first, root)
    assert by_file == outcome(read_ahead, root)
    return by_file


def test_the_shipped_data_is_the_same_read_file_by_file() -> None:
    error, _ = assert_same(ROOT / "data" / "universe.yaml")
    assert error is None  # it loads


def test_a_synthetic_universe_in_many_files_is_the_same(tmp_path: Path) -> None:
    root = write_universe(tmp_path, 3, series_per_file=2)
    assert len(list(tmp_path.glob("*.yaml"))) > 3
    error, _ = assert_same(root)
    assert error is None


@pytest.mark.parametrize("name", sorted(p.name for p in CORPUS.glob("*.yaml")))
def test_every_corpus_file_fails_or_loads_the_same(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(CORPUS.parent)  # short display paths, as the reader tests have them
    assert_same(Path("corpus") / name)


def write(folder: Path, files: dict[str, str | bytes]) -> Path:
    for name, text in files.items():
        path = folder / name
        path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return folder / next(iter(files))


BROKEN: dict[str, dict[str, str | bytes]] = {
    "validation errors in several files": {
        "universe.yaml": HEAD + "include: [a.yaml, b.yaml]\nsources:\n  - {id: s, kind: other, title: S}\n",
        "a.yaml": "characters:\n  - {id: hero, name: Hero, colour: red}\n  - {id: Bad_Id, name: X}\n",
        "b.yaml": "appearances:\n  - {character: bad-id, works: [nowhere]}\ncharacters:\n  - {id: hero, name: H}\n",
    },
    "a reading error after a validation error": {
        "universe.yaml": HEAD + "include: [a.yaml, b.yaml, c.yaml]\n",
        "a.yaml": "characters:\n  - {id: hero, name: Hero, colour: red}\n",
        "b.yaml": "characters:\n  - {id: pal, name: Pal, id: again}\n",
        "c.yaml": "people: [{id: p, name: &a P}]\n",
    },
    "broken bytes and tabs in included files": {
        "universe.yaml": HEAD + "include: [a.yaml, b.yaml]\n",
        "a.yaml": b"characters:\n  - {id: hero, name: \xff}\n",
        "b.yaml": "characters:\n\t- {id: pal, name: Pal}\n",
    },
    "tags, too deep and an unknown section": {
        "universe.yaml": HEAD + "include: [a.yaml, b.yaml]\nmonsters: []\n",
        "a.yaml": "characters: !!python/object:os.system [ls]\n",
        "b.yaml": "characters: " + "[" * 70 + "]" * 70 + "\n",
    },
    "broken includes": {
        "universe.yaml": HEAD + "include: [a.yaml, missing.yaml, 7, a.yaml, notes.txt]\n",
        "a.yaml": "include: [universe.yaml]\ncharacters: [{id: hero, name: Hero}]\n",
    },
    "no universe section in the root": {
        "universe.yaml": "include: [a.yaml]\nsources: [{id: s, kind: other, title: S}]\n",
        "a.yaml": "universe: {id: t, name: T, base_iri: 'https://example.org/t/', license: CC0-1.0}\n",
    },
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_universes_give_the_same_error(case: str, tmp_path: Path) -> None:
    kind, diagnostics = assert_same(write(tmp_path, BROKEN[case]))
    assert kind in (SourceError, ValidationError) and diagnostics


def test_a_reading_error_voids_what_was_converted_before_it(tmp_path: Path) -> None:
    kind, diagnostics = assert_same(write(tmp_path, BROKEN["a reading error after a validation error"]))
    assert kind is SourceError  # not the validation error of a.yaml, read and converted first
    assert [(os.path.basename(d.mark.path), d.mark.line, d.mark.column) for d in diagnostics] == [
        ("b.yaml", 2, 26),
        ("c.yaml", 1, 24),
    ]


def test_iter_documents_yields_what_read_documents_returns(tmp_path: Path) -> None:
    root = write_universe(tmp_path, 1, series_per_file=1)
    streamed = list(iter_documents(root))
    assert len(streamed) > 2 and streamed == read_documents(root)


def test_iter_documents_raises_once_every_file_is_read(tmp_path: Path) -> None:
    root = write(tmp_path, BROKEN["a reading error after a validation error"])
    seen = []
    with pytest.raises(SourceError) as info:
        for doc in iter_documents(root):
            seen.append(os.path.basename(doc.path))
    # a file with a problem is still yielded, as far as it could be read (its includes are followed)
    assert seen == ["universe.yaml", "a.yaml", "b.yaml", "c.yaml"]
    with pytest.raises(SourceError) as again:
        read_documents(root)
    assert info.value.diagnostics == again.value.diagnostics
