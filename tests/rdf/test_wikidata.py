"""Wikidata alignment: owl:sameAs for verified QIDs, wikidata-links, and the Wikidata-shaped export."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

import mcugraph
from mcugraph.model import Universe
from mcugraph.rdf import RdfDataset
from mcugraph.rdf.vocab import OWL, RDFS, WD
from mcugraph.rdf.wikidata import PQ, PS, WDT, P, first_appearances, wikidata_links, wikidata_text
from mcugraph.sparql.catalog import read_catalog

ROOT = Path(__file__).resolve().parents[2]
B = "https://example.org/wd/"

# QIDs made up for the test (Q90000001 ...): the code must pass them through, not know them
LINKED_YAML = f"""
universe: {{id: wd, name: Linked Universe, base_iri: "{B}", license: CC0-1.0, wikidata: Q90000001}}
works:
  - {{id: film-one, kind: film, title: "Film One", released: 2010-05-07, wikidata: Q90000002}}
  - {{id: show, kind: series, title: "Show", wikidata: Q90000003}}
  - {{id: show-s1, kind: season, series: show, number: 1, released: 2015-04-10}}
  - {{id: show-s1e01, kind: episode, season: show-s1, number: 1, title: "Pilot"}}
  - {{id: show-s1e02, kind: episode, season: show-s1, number: 2, title: "Second"}}
people:
  - {{id: ann, name: Ann Actor, wikidata: Q90000004}}
  - {{id: bob, name: Bob Player}}
characters:
  - {{id: hero, name: The Hero, wikidata: Q90000005}}
  - {{id: twin, name: The Twin}}
  - {{id: ghost, name: The Ghost}}
portrayals:
  - {{person: ann, character: hero, works: [film-one, show-s1e02]}}
  - {{person: ann, character: twin, works: [show-s1e02]}}
  - {{person: bob, character: ghost, works: [show-s1e01]}}
appearances:
  - {{character: hero, works: [show-s1e01], mode: mention}}
  - {{character: ghost, works: [film-one], mode: flashback}}
"""


@pytest.fixture(scope="module")
def linked() -> Universe:
    return mcugraph.loads(LINKED_YAML)


@pytest.fixture(scope="module")
def shaped(linked: Universe) -> set[tuple[str, str, str]]:
    text = wikidata_text(linked, format="ntriples")
    return {
        (t.subject.value, t.predicate.value, t.object.value)
        for t in ox.parse(text.encode(), format=ox.RdfFormat.N_TRIPLES)
    }


def test_records_with_a_qid_get_owl_same_as(linked: Universe) -> None:
    same = {(s, o) for s, p, o in RdfDataset(linked).data if p == OWL + "sameAs"}
    assert same == {
        (f"{B}work/film-one", WD + "Q90000002"),
        (f"{B}work/show", WD + "Q90000003"),
        (f"{B}person/ann", WD + "Q90000004"),
        (f"{B}character/hero", WD + "Q90000005"),
    }


def test_wikidata_links_lists_every_qid_of_the_data(linked: Universe) -> None:
    links = wikidata_links(linked)
    assert links[0] == ("universe", "wd", "Q90000001")
    assert set(links) == {
        ("universe", "wd", "Q90000001"),
        ("work", "film-one", "Q90000002"),
        ("work", "show", "Q90000003"),
        ("person", "ann", "Q90000004"),
        ("character", "hero", "Q90000005"),
    }
    query = read_catalog(ROOT / "queries")["wikidata-links"].text
    store = ox.Store()
    store.bulk_load(RdfDataset(linked).ntriples.encode(), format=ox.RdfFormat.N_TRIPLES, to_graph=ox.DefaultGraph())
    rows = {(r["record"].value, r["wikidata"].value) for r in store.query(query, default_graph=ox.DefaultGraph())}
    assert rows == {
        (f"{B}dataset", WD + "Q90000001"),
        (f"{B}work/film-one", WD + "Q90000002"),
        (f"{B}work/show", WD + "Q90000003"),
        (f"{B}person/ann", WD + "Q90000004"),
        (f"{B}character/hero", WD + "Q90000005"),
    }


def test_cast_members_with_character_role_qualifiers(shaped: set[tuple[str, str, str]]) -> None:
    film, ann, hero = WD + "Q90000002", WD + "Q90000004", WD + "Q90000005"
    assert (film, WDT + "P161", ann) in shaped
    node = f"{B}wikidata/work/film-one/P161/ann"
    assert {(film, P + "P161", node), (node, PS + "P161", ann), (node, PQ + "P453", hero)} <= shaped
    # one statement for an actor who plays two characters in one episode, a qualifier for each
    episode_node = f"{B}wikidata/work/show-s1e02/P161/ann"
    qualifiers = {o for s, p, o in shaped if s == episode_node and p == PQ + "P453"}
    assert qualifiers == {hero, f"{B}character/twin"}
    # items without a QID keep their own IRI
    assert (f"{B}work/show-s1e01", WDT + "P161", f"{B}person/bob") in shaped


def test_present_in_work_leaves_mentions_out(shaped: set[tuple[str, str, str]]) -> None:
    hero = WD + "Q90000005"
    present = {o for s, p, o in shaped if s == hero and p == WDT + "P1441"}
    assert present == {WD + "Q90000002", f"{B}work/show-s1e02"}  # not show-s1e01, only mentioned there
    ghost = {o for s, p, o in shaped if s == f"{B}character/ghost" and p == WDT + "P1441"}
    assert ghost == {f"{B}work/show-s1e01", WD + "Q90000002"}  # a flashback is an appearance


def test_from_narrative_universe_on_characters_and_works(shaped: set[tuple[str, str, str]]) -> None:
    universe = WD + "Q90000001"
    with_universe = {s for s, p, o in shaped if p == WDT + "P1080" and o == universe}
    assert {WD + "Q90000005", f"{B}character/twin", WD + "Q90000002", WD + "Q90000003"} <= with_universe
    assert (universe, RDFS + "label", "Linked Universe") in shaped


def test_first_appearance_is_the_earliest_release(linked: Universe, shaped: set[tuple[str, str, str]]) -> None:
    firsts = first_appearances(linked)
    assert firsts["hero"] == "film-one"  # 2010, before the series
    assert firsts["twin"] == "show-s1e02"
    assert firsts["ghost"] == "film-one"  # the flashback in the film came first
    assert (WD + "Q90000005", WDT + "P4584", WD + "Q90000002") in shaped


def test_episodes_of_one_release_day_go_by_number() -> None:
    # the season comes out on one day: episode 1 is first though episode 2 is listed first
    text = LINKED_YAML.replace(
        "  - {person: bob, character: ghost, works: [show-s1e01]}",
        "  - {person: bob, character: ghost, works: [show-s1e02, show-s1e01]}",
    ).replace("  - {character: ghost, works: [film-one], mode: flashback}\n", "")
    assert text.count("show-s1e02, show-s1e01") == 1 and "mode: flashback" not in text
    assert first_appearances(mcugraph.loads(text))["ghost"] == "show-s1e01"


def test_the_export_is_the_same_every_time_and_parses_as_turtle(linked: Universe) -> None:
    turtle = wikidata_text(linked)
    assert turtle == wikidata_text(linked)
    assert "@prefix wdt: <http://www.wikidata.org/prop/direct/> ." in turtle
    parsed = {q.triple for q in ox.parse(turtle.encode(), format=ox.RdfFormat.TURTLE)}
    reference = {
        q.triple for q in ox.parse(wikidata_text(linked, format="ntriples").encode(), format=ox.RdfFormat.N_TRIPLES)
    }
    assert parsed == reference


def test_labels_are_tagged_like_wikidata_labels(linked: Universe) -> None:
    labels = [
        q.object
        for q in ox.parse(wikidata_text(linked, format="ntriples").encode(), format=ox.RdfFormat.N_TRIPLES)
        if q.predicate.value == RDFS + "label"
    ]
    assert labels and all(label.language == "en" for label in labels)


def test_an_unknown_format_is_refused(linked: Universe) -> None:
    from mcugraph.errors import OutputError

    with pytest.raises(OutputError, match="written as turtle or ntriples, not 'jsonld'"):
        wikidata_text(linked, format="jsonld")


def test_the_shipped_data_exports() -> None:
    universe = mcugraph.load(ROOT / "data" / "universe.yaml")
    text = wikidata_text(universe, format="ntriples")
    assert f"<{WDT}P161>" in text and f"<{PQ}P453>" in text and f"<{WDT}P4584>" in text
