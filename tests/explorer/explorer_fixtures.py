"""Invented universes for the explorer tests: one full of spoilers, one full of hostile text."""

from __future__ import annotations

import textwrap

#: a series, a film and a later season: who dies, who is whose parent, and when it is revealed
SPOILERS = textwrap.dedent(
    """\
    universe: {id: sp, name: Spoiler Test, base_iri: "https://example.org/sp/", license: CC0-1.0}
    sources:
      - {id: ep3, kind: episode, title: "The Show 1x03", work: show-s1e03}
      - {id: article, kind: article, title: An article about the show, url: "https://example.org/article"}
    works:
      - {id: show, kind: series, title: The Show, ended: 2021-01-10, sources: [article]}
      - {id: show-s1, kind: season, series: show, number: 1, released: 2020-01-10, setting: 2020}
      - {id: show-s1e01, kind: episode, season: show-s1, number: 1, title: One}
      - {id: show-s1e02, kind: episode, season: show-s1, number: 2, title: Two}
      - {id: show-s1e03, kind: episode, season: show-s1, number: 3, title: Three, note: The villain dies.}
      - {id: show-s2, kind: season, series: show, number: 2, released: 2021-01-10, setting: 2021}
      - {id: show-s2e01, kind: episode, season: show-s2, number: 1, title: Return}
      - {id: movie, kind: film, title: The Movie, released: 2019-05-01, setting: 2019}
    people:
      - {id: actor-hero, name: Héro Actor, roles: [actor]}
      - {id: actor-villain, name: Villain Actor, roles: [actor]}
      - {id: actor-twist, name: Twist Actor, roles: [actor]}
    characters:
      - {id: hero, name: Hero, aliases: [The Masked One], codenames: [Nightfall]}
      - {id: villain, name: Villain, died: {during: villain-death}, note: Secretly the hero's father.}
      - {id: twist, name: Twist}
    portrayals:
      - {person: actor-hero, character: hero, works: [show-s1, show-s2], credited_as: Nightfall}
      - {person: actor-villain, character: villain, works: [show-s1e02, show-s1e03], billing: recurring}
      - {person: actor-twist, character: twist, works: [show-s2e01], billing: guest}
    appearances:
      - {character: hero, works: [movie], mode: mention}
    events:
      - id: villain-death
        name: Death of the Villain
        kind: death
        when: 2020-06
        place: tower
        participants: [{character: hero, role: killer}, {character: villain, role: victim}]
        outcomes: [{character: villain, status: dead}]
        depicted_in: [show-s1e03]
        note: The hero pushes him.
      - id: the-return
        name: The Return
        kind: turning-point
        when: {after: villain-death}
        participants: [{character: twist, role: returner}]
        depicted_in: [show-s2e01]
    organizations:
      - {id: gang, name: The Gang, kind: criminal}
    locations:
      - {id: city, name: The City, kind: city}
      - {id: tower, name: The Tower, kind: building, within: city}
    relationships:
      - {type: enemy, from: hero, to: villain, works: [show-s1e02], until: {during: villain-death}}
      - {type: parent-of, from: villain, to: hero}
      - {type: ally, from: hero, to: twist, works: [show-s2e01], note: They team up in season 2.}
      - {type: lawyer-of, from: hero, to: villain, sources: [ep3]}
      - {type: member-of, from: twist, to: gang, works: [show-s2e01]}
    orders:
      - {id: binge, name: The Binge, kind: watch, items: [show-s1, movie, show-s2]}
      - {id: story, name: Story Order, kind: chronological, items: [movie, show]}
    """
)


#: character id -> its hostile name
HOSTILE_NAMES = {
    "script": "<script>alert(1)</script>",
    "close": "</script><script>window.__pwned = 1</script>",
    "attr": '" onmouseover="window.__pwned = 2" x="',
    "jinja": "{{ 7*7 }} {% if true %}yes{% endif %}",
    "img": "<img src=x onerror=window.__pwned=3>",
    "comment": "<!-- <script>window.__pwned = 9</script>",
}

HOSTILE = (
    r"""
universe:
  id: evil
  name: "<b>Evil</b> {{ 6*7 }} </title><script>window.__pwned = 4</script>"
  base_iri: "https://example.org/evil/"
  license: CC0-1.0
  description: '<a href="javascript:window.__pwned = 5">click</a> a description with href'
sources:
  - {id: src, kind: article, title: '</script><b>title</b>', url: 'https://example.org/a?q=1&b=2'}
works:
  - {id: show, kind: series, title: '<iframe src="https://example.org/"></iframe>', sources: [src]}
  - {id: show-s1, kind: season, series: show, number: 1, released: 2020-01-01}
  - {id: show-s1e01, kind: episode, season: show-s1, number: 1, title: '<svg onload=window.__pwned=7>'}
characters:
"""
    + "".join(
        f"  - {{id: {key}, name: '{value}', aliases: ['<u>{key}</u>'], note: 'a note with href=\"x\" <i>{key}</i>'}}\n"
        for key, value in HOSTILE_NAMES.items()
    )
    + "appearances:\n"
    + "".join(f"  - {{character: {key}, works: [show-s1e01]}}\n" for key in HOSTILE_NAMES)
    + """relationships:
  - {type: friend, from: script, to: close, works: [show-s1e01], note: "</script><script>window.__pwned = 8</script>"}
"""
)
