"""Shared fixtures: a small invented universe, and helpers to write data files."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

MINI = textwrap.dedent(
    """\
    universe: {id: mini, name: Mini Universe, base_iri: "https://example.org/mini/", license: CC0-1.0}
    sources:
      - {id: src, kind: other, title: Invented for tests}
    works:
      - {id: night-watch, kind: series, title: Night Watch, network: Streamer, sources: [src]}
      - {id: night-watch-s1, kind: season, series: night-watch, number: 1, released: 2015-11-20, sources: [src]}
      - {id: night-watch-s1e01, kind: episode, season: night-watch-s1, number: 1, title: Pilot}
      - {id: night-watch-s1e02, kind: episode, season: night-watch-s1, number: 2, title: "Second: Night"}
      - {id: day-shift, kind: series, title: Day Shift, sources: [src]}
      - {id: day-shift-s1, kind: season, series: day-shift, number: 1, released: 2016-03-01, sources: [src]}
      - {id: big-battle, kind: film, title: The Big Battle, released: 2012-05-04, phase: 1, setting: 2012, sources: [src]}
    people:
      - {id: ana-lopez, name: Ána López, roles: [actor]}
      - {id: bo-chen, name: Bo Chen, roles: [actor]}
    characters:
      - {id: night-watch, name: Night Watch, aliases: [The Watcher]}
      - {id: villain, name: Dr. Villain}
      - {id: nurse, name: Nurse Joy}
    portrayals:
      - {person: ana-lopez, character: night-watch, works: [night-watch-s1], sources: [src]}
      - {person: bo-chen, character: villain, works: [night-watch-s1, big-battle], billing: recurring, sources: [src]}
    appearances:
      - {character: nurse, works: [night-watch-s1e02, day-shift-s1]}
    events:
      - id: the-battle
        name: The Battle
        aliases: [The Incident]
        kind: battle
        when: 2012
        place: old-town
        participants: [{character: villain, role: attacker}]
        depicted_in: [big-battle]
        referenced_in: [night-watch-s1e01]
        sources: [src]
    organizations:
      - {id: watch-co, name: Watch Co, kind: business, based_in: old-town}
    locations:
      - {id: big-city, name: Big City, kind: city}
      - {id: old-town, name: Old Town, kind: neighborhood, within: big-city}
    relationships:
      - {type: enemy, from: night-watch, to: villain, since: 2013, sources: [src]}
      - {type: member-of, from: nurse, to: watch-co, works: [day-shift-s1]}
    """
)


@pytest.fixture
def mini_text() -> str:
    return MINI


@pytest.fixture
def write_data(tmp_path: Path):
    """Write files into a data folder and return the path of the first one."""

    def write(files: dict[str, str] | str) -> Path:
        if isinstance(files, str):
            files = {"universe.yaml": files}
        first = None
        for name, text in files.items():
            path = tmp_path / "data" / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            first = first or path
        assert first is not None
        return first

    return write


@pytest.fixture(autouse=True, scope="session")
def _private_cache(tmp_path_factory: pytest.TempPathFactory):
    """No test reads or writes the user's own cache folder (explorer layouts)."""
    import os

    previous = os.environ.get("MCUGRAPH_CACHE_DIR")
    os.environ["MCUGRAPH_CACHE_DIR"] = str(tmp_path_factory.mktemp("mcugraph-cache"))
    yield
    if previous is None:
        os.environ.pop("MCUGRAPH_CACHE_DIR", None)
    else:
        os.environ["MCUGRAPH_CACHE_DIR"] = previous
