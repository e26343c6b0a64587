"""The universe in Wikidata's shape, to compare with what the Wikidata Query Service answers.

Wikidata writes a claim twice: as a direct triple (``wd:Q1 wdt:P161 wd:Q2``) and as a
statement node with qualifiers (``wd:Q1 p:P161 ?st . ?st ps:P161 wd:Q2 ; pq:P453 wd:Q3``).
This export does the same for the properties a cast and continuity database can state:

- **P161** cast member, on a work, for every portrayal in it, with **P453** character
  role as a qualifier of the statement (one statement per work and actor, one qualifier
  per character the actor plays there);
- **P1441** present in work, on a character, for every work the character is seen or
  heard in (mentions left out);
- **P1080** from narrative universe, on every character and work;
- **P4584** first appearance, on a character: the earliest released work the character
  is seen or heard in (episodes of one release day by their number).

An item with a verified QID is written as ``wd:Q…`` and its own IRI is linked to it with
``owl:sameAs``; an item without one keeps the dataset's IRI, so a comparison shows which
records still lack a QID. Statement nodes are IRIs below ``{base}wikidata/`` (no blank
nodes, so the output is the same every time). Every item has its name as ``rdfs:label``
in the universe's language, as Wikidata has.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from mcugraph.model import Universe
from mcugraph.rdf.terms import Triple, lang_lit, sort_key, to_ntriples
from mcugraph.rdf.turtle import to_turtle
from mcugraph.rdf.vocab import OWL, RDFS, WD, data_prefixes

__all__ = [
    "WIKIDATA_PREFIXES",
    "WDT",
    "P",
    "PS",
    "PQ",
    "to_wikidata_triples",
    "wikidata_text",
    "first_appearances",
    "wikidata_links",
]

WDT = "http://www.wikidata.org/prop/direct/"
P = "http://www.wikidata.org/prop/"
PS = "http://www.wikidata.org/prop/statement/"
PQ = "http://www.wikidata.org/prop/qualifier/"

#: The prefixes WDQS declares for these namespaces.
WIKIDATA_PREFIXES: dict[str, str] = {
    "wd": WD,
    "wdt": WDT,
    "p": P,
    "ps": PS,
    "pq": PQ,
    "rdfs": RDFS,
    "owl": OWL,
}

_FAR = dt.date.max


def _item(universe: Universe, kind: str, ident: str) -> str:
    record = universe.get(kind, ident)
    qid = getattr(record, "wikidata", None)
    return WD + qid if qid else universe.iri(kind, ident)


def _universe_item(universe: Universe) -> str:
    return WD + universe.info.wikidata if universe.info.wikidata else universe.info.base_iri


def _position(universe: Universe, work_id: str) -> tuple[dt.date, int, int, str]:
    """Release order: the date, then the season's and the episode's number, then the id."""
    work = universe.works[work_id]
    released = universe.released(work_id) or _FAR
    season = universe.works.get(work.season or "") if work.kind == "episode" else work
    season_number = season.number if season is not None and season.number is not None else 0
    episode_number = work.number if work.kind == "episode" and work.number is not None else 0
    return released, season_number, episode_number, work_id


def first_appearances(universe: Universe) -> dict[str, str]:
    """Character id -> the id of the earliest released work it is seen or heard in."""
    out: dict[str, str] = {}
    for character, seen in universe.appearances_of.items():
        works = {w for w, mode, _ in seen if mode != "mention" and w in universe.works}
        dated = [w for w in works if universe.released(w) is not None]
        if dated:
            out[character] = min(dated, key=lambda w: _position(universe, w))
    return out


def to_wikidata_triples(universe: Universe) -> list[Triple]:
    """The Wikidata-shaped triples of ``universe``, in canonical order."""
    out: set[Triple] = set()
    language = universe.info.language
    base = universe.info.base_iri
    whole = _universe_item(universe)

    def label(item: str, name: str) -> None:
        out.add((item, RDFS + "label", lang_lit(name, language)))

    def claim(subject: str, prop: str, value: str, node: str, qualifiers: tuple[tuple[str, str], ...] = ()) -> None:
        out.add((subject, WDT + prop, value))
        out.add((subject, P + prop, node))
        out.add((node, PS + prop, value))
        for qualifier, qvalue in qualifiers:
            out.add((node, PQ + qualifier, qvalue))

    label(whole, universe.info.name)
    for kind, record in universe.entities():
        if kind not in ("work", "character", "person"):
            continue
        item = _item(universe, kind, record.id)
        label(item, universe.label(kind, record.id))
        if item.startswith(WD):
            out.add((universe.iri(kind, record.id), OWL + "sameAs", item))
        if kind in ("work", "character"):
            claim(item, "P1080", whole, f"{base}wikidata/{kind}/{record.id}/P1080")

    # P161: one statement per work and actor, a P453 qualifier per character played there
    cast: dict[tuple[str, str], set[str]] = defaultdict(set)
    for portrayal in universe.portrayals:
        for work in portrayal.works:
            cast[(work, portrayal.person)].add(portrayal.character)
    for (work, person), characters in cast.items():
        claim(
            _item(universe, "work", work),
            "P161",
            _item(universe, "person", person),
            f"{base}wikidata/work/{work}/P161/{person}",
            tuple(("P453", _item(universe, "character", c)) for c in sorted(characters)),
        )

    for character, seen in universe.appearances_of.items():
        item = _item(universe, "character", character)
        for work in sorted({w for w, mode, _ in seen if mode != "mention"}):
            claim(item, "P1441", _item(universe, "work", work), f"{base}wikidata/character/{character}/P1441/{work}")
    for character, work in first_appearances(universe).items():
        claim(
            _item(universe, "character", character),
            "P4584",
            _item(universe, "work", work),
            f"{base}wikidata/character/{character}/P4584",
        )
    return sorted(out, key=sort_key)


def wikidata_text(universe: Universe, *, format: str = "turtle") -> str:
    """The Wikidata-shaped export as Turtle (``format="turtle"``) or N-Triples (``"ntriples"``)."""
    triples = to_wikidata_triples(universe)
    if format == "ntriples":
        return to_ntriples(triples)
    if format != "turtle":
        from mcugraph.errors import OutputError

        raise OutputError(f"the Wikidata-shaped export is written as turtle or ntriples, not '{format}'")
    return to_turtle(triples, {**WIKIDATA_PREFIXES, **data_prefixes(universe.info.base_iri)})


def wikidata_links(universe: Universe) -> list[tuple[str, str, str]]:
    """Every QID the data holds: (kind, id, QID), the universe's own first (kind ``universe``)."""
    out = [("universe", universe.info.id, universe.info.wikidata)] if universe.info.wikidata else []
    for kind, record in universe.entities():
        qid = getattr(record, "wikidata", None)
        if qid:
            out.append((kind, record.id, qid))
    return out
