"""A deterministic synthetic universe of realistic shape, at any scale.

Used by tests and benchmarks: series with seasons and episodes, films, characters who
cross over between series, actors (some playing two parts), dated events with places
and deaths, organizations, nested locations and relationships. The same scale always
gives the same text. Scale 1 is about 150 entities; scale 700 about 100,000.

>>> text = generate_text(1)
>>> import mcugraph
>>> len(mcugraph.loads(text).works) > 50
True
"""

from __future__ import annotations

import random
from pathlib import Path

__all__ = ["generate_text", "generate_files", "write_universe", "entity_count", "SERIES_PER_SCALE"]

SERIES_PER_SCALE = 4
_SEASONS = 2
_EPISODES = 6
_CHARACTERS = 8
_HEADER = "# yaml-language-server: $schema=../src/mcugraph/schema/universe.schema.json\n"


def entity_count(scale: int) -> int:
    """How many records with an id ``generate_text(scale)`` holds."""
    per_series = 1 + _SEASONS * (1 + _EPISODES) + _CHARACTERS * 2 + 3 + 1 + 1  # works, cast, events, org, place
    return SERIES_PER_SCALE * scale * per_series + 2 * scale + 5  # films with their events; shared records


def generate_text(scale: int = 1, *, seed: int = 7) -> str:
    """Return the YAML text of a valid universe ``scale`` times the base size, in one file."""
    return generate_files(scale, seed=seed, series_per_file=0)["universe.yaml"]


def write_universe(folder: str | Path, scale: int, *, seed: int = 7, series_per_file: int = 200) -> Path:
    """Write a universe split over several files (as a real one is) and return its root file."""
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    for name, text in generate_files(scale, seed=seed, series_per_file=series_per_file).items():
        (out / name).write_text(text, encoding="utf-8")
    return out / "universe.yaml"


def generate_files(scale: int = 1, *, seed: int = 7, series_per_file: int = 200) -> dict[str, str]:
    """The universe as ``{file name: text}``: a root file, and one file per
    ``series_per_file`` series (0 puts everything in the root file)."""
    if scale < 1:
        raise ValueError("scale must be 1 or more")
    rng = random.Random(seed)
    n_series = SERIES_PER_SCALE * scale
    out: list[str] = [
        _HEADER,
        "universe: {id: synthetic, name: Synthetic Universe, base_iri: 'https://example.org/synthetic/',"
        f" license: CC0-1.0, version: '{scale}'}}\n",
        "sources:\n  - {id: generator, kind: other, title: mcugraph synthetic generator}\n",
        "locations:\n",
        "  - {id: metropolis, name: Metropolis, kind: city, sources: [generator]}\n",
        "  - {id: downtown, name: Downtown, kind: borough, within: metropolis, sources: [generator]}\n",
    ]
    works: list[str] = ["works:\n"]
    people: list[str] = ["people:\n"]
    chars: list[str] = ["characters:\n"]
    portrayals: list[str] = ["portrayals:\n"]
    appearances: list[str] = ["appearances:\n"]
    events: list[str] = ["events:\n"]
    orgs: list[str] = ["organizations:\n"]
    rels: list[str] = ["relationships:\n"]
    chunks: list[list[list[str]]] = []

    def sections() -> list[list[str]]:
        return [
            ["works:\n"],
            ["people:\n"],
            ["characters:\n"],
            ["portrayals:\n"],
            ["appearances:\n"],
            ["events:\n"],
            ["organizations:\n"],
            ["relationships:\n"],
            ["locations:\n"],
        ]

    for s in range(n_series):
        if series_per_file and s % series_per_file == 0:
            chunks.append(sections())
            works, people, chars, portrayals, appearances, events, orgs, rels, places = chunks[-1]
        elif not series_per_file and s == 0:
            places = out
        sid = f"series-{s}"
        year = 2000 + (s % 20)
        places.append(
            f"  - {{id: hood-{s}, name: Neighbourhood {s}, kind: neighborhood, within: downtown, sources: [generator]}}\n"
        )
        works.append(f"  - {{id: {sid}, kind: series, title: Series {s}, network: Streamer, sources: [generator]}}\n")
        for n in range(1, _SEASONS + 1):
            season = f"{sid}-s{n}"
            month = 1 + (s * 3 + n) % 12
            works.append(
                f"  - {{id: {season}, kind: season, series: {sid}, number: {n}, "
                f"released: {2010 + s % 10 + n}-{month:02d}-15, setting: {year + n}, sources: [generator]}}\n"
            )
            for e in range(1, _EPISODES + 1):
                works.append(
                    f"  - {{id: {season}e{e:02d}, kind: episode, season: {season}, number: {e}, "
                    f"title: 'Chapter {e}: Night {s}-{n}'}}\n"
                )
        cids = [f"c{s}-{k}" for k in range(_CHARACTERS)]
        for k, cid in enumerate(cids):
            chars.append(f"  - {{id: {cid}, name: Person {s} {k}, aliases: [P{s}x{k}], sources: [generator]}}\n")
            # every fifth actor also plays a part in the next series: actors with two roles
            pid = f"actor-{s}-{k}"
            people.append(f"  - {{id: {pid}, name: Actor {s} {k}, roles: [actor], sources: [generator]}}\n")
            billing = "main" if k < 3 else "recurring"
            portrayals.append(
                f"  - {{person: {pid}, character: {cid}, works: [{sid}-s1, {sid}-s2], billing: {billing}, sources: [generator]}}\n"
            )
        # crossovers: two characters visit the next series, one episode each
        nxt = f"series-{(s + 1) % n_series}"
        for k in (0, 1):
            ep = f"{nxt}-s1e0{rng.randint(1, _EPISODES)}"
            appearances.append(f"  - {{character: {cids[k]}, works: [{ep}], sources: [generator]}}\n")
        appearances.append(
            f"  - {{character: {cids[2]}, works: [{sid}-s2e01], mode: flashback, sources: [generator]}}\n"
        )
        org = f"org-{s}"
        orgs.append(f"  - {{id: {org}, name: Company {s}, kind: business, based_in: hood-{s}, sources: [generator]}}\n")
        first, second, death = f"ev-{s}-a", f"ev-{s}-b", f"ev-{s}-death"
        events.append(
            f"  - {{id: {first}, name: First Clash {s}, kind: battle, when: {year + 1}-03, place: hood-{s}, "
            f"participants: [{{character: {cids[0]}, role: hero}}, {{character: {cids[3]}, role: villain}}], "
            f"depicted_in: [{sid}-s1e02], sources: [generator]}}\n"
        )
        events.append(
            f"  - {{id: {second}, name: Second Clash {s}, kind: turning-point, when: {{after: {first}}}, place: hood-{s}, "
            f"participants: [{{character: {cids[1]}, role: hero}}], depicted_in: [{sid}-s1e05], sources: [generator]}}\n"
        )
        events.append(
            f"  - {{id: {death}, name: Fall of Person {s} 7, kind: death, when: {year + 2}-12-20, place: hood-{s}, "
            f"participants: [{{character: {cids[7]}, role: victim}}, {{character: {cids[0]}, role: witness}}], "
            f"outcomes: [{{character: {cids[7]}, status: dead}}], depicted_in: [{sid}-s2e06], "
            f"referenced_in: [{nxt}-s2e06], sources: [generator]}}\n"
        )
        rels.append(f"  - {{type: ally, from: {cids[0]}, to: {cids[1]}, since: {year + 1}, sources: [generator]}}\n")
        rels.append(f"  - {{type: enemy, from: {cids[0]}, to: {cids[3]}, works: [{sid}-s1], sources: [generator]}}\n")
        rels.append(f"  - {{type: sibling, from: {cids[4]}, to: {cids[5]}, sources: [generator]}}\n")
        rels.append(
            f"  - {{type: member-of, from: {cids[1]}, to: {org}, works: [{sid}-s1, {sid}-s2], sources: [generator]}}\n"
        )
        rels.append(f"  - {{type: parent-of, from: {cids[6]}, to: {cids[2]}, sources: [generator]}}\n")
        rels.append(f"  - {{type: friend, from: {cids[0]}, to: c{(s + 1) % n_series}-0, sources: [generator]}}\n")
    if series_per_file:
        works, events, appearances = ["works:\n"], ["events:\n"], ["appearances:\n"]
        people, chars, portrayals, orgs, rels = [], [], [], [], []
    for f in range(scale):
        works.append(
            f"  - {{id: film-{f}, kind: film, title: Team-Up {f}, released: {2012 + f % 10}-05-04, phase: {1 + f % 3}, "
            f"setting: {2012 + f % 10}, sources: [generator]}}\n"
        )
        heroes = [f"c{(f * 4 + i) % n_series}-0" for i in range(4)]
        events.append(
            f"  - {{id: team-up-{f}, name: Team-Up Battle {f}, kind: team-up, when: {2012 + f % 10}, place: metropolis, "
            f"participants: [{', '.join('{character: ' + h + ', role: hero}' for h in heroes)}], "
            f"depicted_in: [film-{f}], sources: [generator]}}\n"
        )
        appearances.append(f"  - {{character: {heroes[0]}, works: [film-{f}], sources: [generator]}}\n")
        for h in heroes[1:]:
            appearances.append(f"  - {{character: {h}, works: [film-{f}], sources: [generator]}}\n")
    out.append("  - {id: harbor, name: Harbor, kind: neighborhood, within: downtown, sources: [generator]}\n")
    out.append("  - {id: tower, name: The Tower, kind: building, within: harbor, sources: [generator]}\n")
    for part in (works, people, chars, portrayals, appearances, events, orgs, rels):
        out.extend(part)
    if not series_per_file:
        return {"universe.yaml": "".join(out)}
    names = [f"part-{i:03d}.yaml" for i in range(len(chunks))]
    out.insert(2, "include:\n" + "".join(f"  - {n}\n" for n in names))
    files = {"universe.yaml": "".join(out)}
    for name, chunk in zip(names, chunks, strict=True):
        files[name] = _HEADER + "".join("".join(part) for part in chunk if len(part) > 1)
    return files
