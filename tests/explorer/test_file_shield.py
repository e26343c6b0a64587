"""The file shield checked from the outside, at every step of the release order.

For each step, the strings that only later works reveal are derived here from the data,
with rules of this test's own, not the shield's code: the titles of works not yet started
and the names of characters, people and events that nothing started so far links to. A
shielded file must not contain one of them anywhere in its data or its markup.

The rules here are deliberately generous about what counts as revealed (a work counts
from its first episode, a season-long credit from the season's start, an event from any
work that shows, recalls or mentions it), so every string they call "later" is one the
shield must hide however it dates things. A later string that is part of something
already revealed ("Luke Cage" the series, before it starts, is also the character met in
Jessica Jones) is not a leak, and is left out.
"""

from __future__ import annotations

import html
import json
import re
from functools import cache
from pathlib import Path

import pytest
from explorer_fixtures import SPOILERS

import mcugraph
from mcugraph.explorer import to_html
from mcugraph.explorer.mentions import words as fold_words
from mcugraph.model import Universe

SHIPPED = Path(__file__).resolve().parents[2] / "data" / "universe.yaml"
_DATA = re.compile(r'<script type="application/json" id="mcugraph-data">(.*?)</script>', re.S)
#: fields that hold ids, addresses and file positions, not words a fan reads as a name
#: (a revealed event's id may contain the title word of a later episode: "resurrection")
_IDS = {"key", "link", "iri", "mark"}
_CODE = re.compile(r"<script\b.*?</script>|<style\b.*?</style>", re.S)


@pytest.fixture(scope="module")
def shipped() -> Universe:
    return mcugraph.load(SHIPPED)


@cache
def words(text: str) -> tuple[str, ...]:
    """The folded words of a text (most strings come back at every step)."""
    return fold_words(text)


def release_steps(u: Universe) -> list[str]:
    """Films and episodes one by one, in release order (a season by its episodes' numbers)."""
    out: list[str] = []
    for item in u.release_order:
        parts = sorted(
            (w for w in u.works.values() if w.kind == "episode" and w.season == item), key=lambda w: w.number or 0
        )
        out.extend([w.id for w in parts] or [item])
    return out


def started(u: Universe, watched: list[str]) -> set[str]:
    out = set(watched)
    for w in watched:
        work = u.works[w]
        if work.season:
            out.add(work.season)
            out.add(u.works[work.season].series or "")
        if work.series:
            out.add(work.series)
    return out


def strings_of(record: object) -> list[str]:
    names = [getattr(record, "name", "") or getattr(record, "title", "")]
    names += list(getattr(record, "aliases", ()))
    names += list(getattr(record, "codenames", ()))
    names += [o.name for o in getattr(record, "other_names", ())]
    return [n for n in names if n]


def later_strings(u: Universe, seen: set[str]) -> set[tuple[str, ...]]:
    """Folded word sequences only later works reveal, at a point where ``seen`` is started."""
    characters = {a.character for a in u.appearances if seen.intersection(a.works)}
    characters |= {p.character for p in u.portrayals if seen.intersection(p.works)}
    events = {e.id for e in u.events.values() if seen.intersection((*e.depicted_in, *e.flashback_in, *e.referenced_in))}
    for e in u.events.values():
        if e.id in events:
            characters |= {p.character for p in e.participants}
    people = {p.person for p in u.portrayals if seen.intersection(p.works)}
    people |= {c.person for c in u.crew if seen.intersection(c.works)}

    shown: list[str] = [u.info.name]
    hidden: list[str] = []
    for w in u.works.values():
        (shown if w.id in seen else hidden).extend([u.label("work", w.id), *strings_of(w)])
    for table, kept in ((u.characters, characters), (u.people, people), (u.events, events)):
        for record in table.values():
            (shown if record.id in kept else hidden).extend(strings_of(record))
    for record in (*u.organizations.values(), *u.locations.values()):
        shown.extend(strings_of(record))  # places and organizations are dated too loosely to test here

    shown_text = " | ".join(" " + " ".join(words(s)) + " " for s in shown)
    out = set()
    for name in hidden:
        key = words(name)
        if sum(len(w) for w in key) < 4:
            continue
        if " " + " ".join(key) + " " not in shown_text:
            out.add(key)
    return out


def file_text(page: str) -> str:
    """Every string of the page's data, and its markup without the code, as folded words."""
    match = _DATA.search(page)
    assert match is not None
    data = json.loads(match.group(1))
    found: list[str] = []

    def walk(value: object) -> None:
        if isinstance(value, str):
            found.append(value)
        elif isinstance(value, dict):
            for k, v in value.items():
                if k not in _IDS:
                    walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)

    walk(data)
    markup = html.unescape(_CODE.sub(" ", _DATA.sub(" ", page)))
    return " " + " | ".join(" ".join(words(s)) for s in [*found, markup]) + " "


def test_the_derivation_finds_what_a_fan_would_call_a_spoiler(shipped: Universe) -> None:
    steps = release_steps(shipped)
    at = steps.index("jessica-jones-s1e01")
    later = later_strings(shipped, started(shipped, steps[: at + 1]))
    assert words("AKA Smile") in later and words("AKA Sin Bin") in later
    assert words("Alisa Jones") in later and words("Karl Malus") in later
    assert words("Destruction of Midland Circle") in later or words("Midland Circle") not in later
    assert words("Jessica Jones") not in later and words("Luke Cage") not in later


def test_no_step_of_the_release_order_leaks_a_later_string(shipped: Universe) -> None:
    steps = release_steps(shipped)
    assert len(steps) > 150
    # the page's own words (buttons, relation labels, "please allow scripts"), seen in a page
    # for a universe that shares no name with this one: an episode called "Home" is not
    # leaked by the relation "home of"
    own_words = file_text(to_html(mcugraph.loads(SPOILERS)))
    leaks: dict[str, list[str]] = {}
    for i, work in enumerate(steps):
        text = file_text(to_html(shipped, watched_through=work))
        found = [
            " ".join(key)
            for key in later_strings(shipped, started(shipped, steps[: i + 1]))
            if f" {' '.join(key)} " in text and f" {' '.join(key)} " not in own_words
        ]
        if found:
            leaks[work] = sorted(found)[:5]
    assert leaks == {}, f"{len(leaks)} of {len(steps)} steps leak, e.g. {dict(list(leaks.items())[:4])}"
