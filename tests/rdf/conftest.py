"""A small invented universe that uses every field the RDF export knows about."""

from __future__ import annotations

import pytest

import mcugraph
from mcugraph.model import Universe

RICH_YAML = """
universe:
  id: harbor
  name: Harbor City Universe
  base_iri: https://example.org/harbor/
  license: CC-BY-4.0
  version: 2.1.0
  description: An invented universe for tests.

sources:
  - id: guide
    kind: book
    title: "The Harbor City Guide"
    publisher: Tidewater Press
    author: Ada Quill
    url: "https://example.com/guide?page=1&q=tide&x=a%20b"
    date: 2020-01-02
    note: "Line one\\nline \\\\two \\"quoted\\""
  - {id: pilot-itself, kind: episode, title: "Harbor Watch 1x01", work: watch-s1e01}

works:
  - id: harbor-watch
    kind: series
    title: Harbor Watch
    aliases: [The Watch]
    network: StreamCo
    released: 2015-04-10
    ended: 2018-06-01
    sources: [guide]
    wikidata: Q1000001
  - {id: watch-s1, kind: season, series: harbor-watch, number: 1, released: 2015-04-10, setting: {from: 2015-03, to: 2015-06}}
  - {id: watch-s1e01, kind: episode, season: watch-s1, number: 1, title: "Low Tide"}
  - {id: watch-s1e02, kind: episode, season: watch-s1, number: 2, title: "High Water", released: 2015-04-17}
  - {id: watch-s2, kind: season, series: harbor-watch, number: 2, released: 2016-05-01, setting: {after: the-flood, gap: 1 year}}
  - {id: watch-s2e01, kind: episode, season: watch-s2, number: 1, title: "Undertow"}
  - id: lighthouse
    kind: film
    title: The Lighthouse
    released: 2014-07-04
    phase: 1
    setting: 2013
    former_ids: [the-lighthouse]
  - id: dockside
    kind: series
    title: Dockside
    released: 2017-02-01
  - {id: dockside-s1, kind: season, series: dockside, number: 1, setting: {during: the-flood}}
  - id: gulls
    kind: series
    title: Gulls
  - {id: gulls-s1, kind: season, series: gulls, number: 1, released: 2019-09-09, stated_gaps: [{since: the-flood, gap: 3 weeks, note: "Title card"}]}
  - {id: harbor-shorts, kind: special, title: Harbor Shorts, released: 2016-01-01}

people:
  - {id: ana-lima, name: Ana Lima, roles: [actor], wikidata: Q1000002}
  - {id: bo-reyes, name: Bo Reyes, roles: [actor, director]}
  - {id: cy-ode, name: Cy Ode, roles: [actor]}
  - {id: dee-ott, name: Dee Ott, roles: [actor]}

characters:
  - id: mara-vell
    name: Mara Vell
    aliases: [Captain Vell]
    codenames: [Riptide]
    born: 1985-02-03
    stated_ages: [{age: 30, at: 2015, work: watch-s1}]
    locations: [{location: old-port, from: 2010, to: {before: the-flood}}]
  - id: otto-krane
    name: Otto Krane
    species: Merfolk
    died: {during: the-flood}
  - id: lena-dusk
    name: Lena Dusk
  - id: pip
    name: Pip

portrayals:
  - {person: ana-lima, character: mara-vell, works: [watch-s1, watch-s2, lighthouse, dockside-s1], billing: main}
  - {person: dee-ott, character: mara-vell, works: [gulls-s1], billing: main, credited_as: "M. Vell"}
  - {person: cy-ode, character: mara-vell, works: [watch-s2e01], billing: guest, life_stage: child}
  - {person: bo-reyes, character: otto-krane, works: [watch-s1, lighthouse], billing: recurring}
  - {person: bo-reyes, character: lena-dusk, works: [dockside-s1], billing: guest}
  - {person: cy-ode, character: pip, works: [watch-s1e02], billing: cameo}

appearances:
  - {character: otto-krane, mode: flashback, works: [watch-s2e01]}
  - {character: otto-krane, mode: vision, works: [gulls-s1]}
  - {character: lena-dusk, mode: mention, works: [watch-s1e01]}
  - {character: lena-dusk, works: [harbor-shorts, gulls-s1], sources: [guide]}
  - {character: pip, mode: voice, works: [dockside-s1]}

events:
  - id: the-storm
    name: The Great Storm
    aliases: [The Storm]
    kind: disaster
    when: 2013-10
    place: old-port
    participants: [{character: mara-vell, role: rescuer}]
    depicted_in: [lighthouse]
    referenced_in: [watch-s1e01, gulls-s1]
    wikidata: Q1000003
  - id: the-flood
    name: The Flood
    kind: disaster
    when: {after: the-storm, gap: 2 years}
    place: harbor-city
    participants:
      - {character: mara-vell, role: rescuer}
      - {character: otto-krane, role: victim}
      - {character: mara-vell, role: witness}
    outcomes:
      - {character: otto-krane, status: dead}
      - {organization: tide-watch, status: founded}
    depicted_in: [watch-s1e02]
    referenced_in: [watch-s2e01]
    sources: [guide]
  - id: rescue-at-pier
    name: Rescue at Pier 9
    kind: other
    part_of: the-flood
    participants: [{character: lena-dusk}]
    depicted_in: [watch-s1e02]
  - id: the-reckoning
    name: The Reckoning
    kind: battle
    when: {from: 2016, to: 2016-08-15}
    referenced_in: [dockside-s1]

organizations:
  - {id: tide-watch, name: Tide Watch, kind: team, based_in: old-port}
  - {id: krane-shipping, name: Krane Shipping, kind: business}

locations:
  - {id: harbor-city, name: Harbor City, kind: city}
  - {id: old-port, name: Old Port, kind: neighborhood, within: harbor-city}

relationships:
  - {type: ally, from: mara-vell, to: lena-dusk, since: 2014, until: 2016-12, works: [watch-s1, dockside-s1]}
  - {type: enemy, from: mara-vell, to: otto-krane, works: [watch-s1]}
  - {type: member-of, from: mara-vell, to: tide-watch, since: {during: the-flood}}
  - {type: owner-of, from: otto-krane, to: krane-shipping, until: {during: the-flood}}
  - {type: parent-of, from: otto-krane, to: pip}
  - {type: ally, from: mara-vell, to: lena-dusk, since: 2017, sources: [guide], note: "Allies again"}

orders:
  - id: story-order
    name: Story order
    kind: chronological
    sources: [guide]
    items: [lighthouse, watch-s1, dockside-s1, watch-s2]

acknowledged:
  - {rule: stated-gap, subject: gulls-s1, reason: "An invented conflict."}
"""

TINY_YAML = """
universe: {id: tiny, name: Tiny, base_iri: "https://example.org/tiny#", license: CC0-1.0}
works:
  - {id: one, kind: film, title: "One", released: 2001-01-01}
people:
  - {id: al, name: Al}
characters:
  - {id: hero, name: Hero}
portrayals:
  - {person: al, character: hero, works: [one]}
"""


@pytest.fixture(scope="session")
def rich() -> Universe:
    return mcugraph.loads(RICH_YAML)


@pytest.fixture(scope="session")
def tiny() -> Universe:
    return mcugraph.loads(TINY_YAML)
