"""Each curated query answers its question on the shipped data.

The data grows while the project runs, so the tests check facts that stay true (Krysten
Ritter plays Jessica Jones in season 1) or compare the answer with the same question
asked of the validated model in Python, never exact totals.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest

from mcugraph.model import Universe
from mcugraph.sparql.catalog import read_catalog
from mcugraph.sparql.results import QueryResult
from mcugraph.sparql.run import QueryStore, run_query

QUERIES = Path(__file__).resolve().parents[2] / "queries"
BASE = "https://w3id.org/mcugraph/mcu/"
XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"


def ask(graph: QueryStore, name: str, **params: str) -> QueryResult:
    return run_query(graph, read_catalog(QUERIES)[name].text, params=params)


def rows(graph: QueryStore, name: str, **params: str) -> list[dict[str, str]]:
    return [{k: v.value for k, v in row.items()} for row in ask(graph, name, **params).bindings()]


def local(iri: str) -> str:
    return iri.rsplit("/", 1)[-1]


def seen_in(universe: Universe, character: str) -> set[str]:
    return {w for w, mode, _ in universe.appearances_of.get(character, ()) if mode != "mention"}


def test_cast_of_work(shipped_graph: QueryStore, shipped: Universe) -> None:
    cast = rows(shipped_graph, "cast-of-work", work="jessica-jones-s1")
    assert any(
        r["actor"] == "Krysten Ritter" and r["character"] == "Jessica Jones" and r["billing"] == "main" for r in cast
    )
    ranks = ["main", "recurring", "guest", "cameo", "voice", "uncredited"]
    assert [ranks.index(r["billing"]) for r in cast] == sorted(ranks.index(r["billing"]) for r in cast)
    episode = rows(shipped_graph, "cast-of-work", work="jessica-jones-s1e01")  # a season's cast counts for its episodes
    assert any(r["actor"] == "Krysten Ritter" and local(r["listedIn"]) == "jessica-jones-s1" for r in episode)
    series = rows(shipped_graph, "cast-of-work", work="the-defenders")
    expected = {
        (shipped.people[p.person].name, shipped.characters[p.character].name)
        for p in shipped.portrayals
        if any(shipped.covers("the-defenders", w) for w in p.works)
    }
    assert {(r["actor"], r["character"]) for r in series} == expected
    assert ("Sigourney Weaver", "Alexandra Reid") in expected


def test_characters_in_several_series(shipped_graph: QueryStore, shipped: Universe) -> None:
    found = {local(r["character"]): int(r["seriesCount"]) for r in rows(shipped_graph, "characters-in-several-series")}
    expected = {}
    for character in shipped.characters:
        series = {shipped.series_of(w) for w in seen_in(shipped, character)} - {None}
        if len(series) >= 3:
            expected[character] = len(series)
    assert found == expected
    assert found["claire-temple"] >= 5
    assert set(rows(shipped_graph, "characters-in-several-series", min="5")[0]) >= {"character", "seriesTitles"}


def test_shared_characters(shipped_graph: QueryStore, shipped: Universe) -> None:
    shared = {local(r["character"]) for r in rows(shipped_graph, "shared-characters")}
    assert {"jessica-jones", "trish-walker", "malcolm-ducasse", "jeri-hogarth", "luke-cage"} <= shared

    def within(character: str, series: str) -> bool:
        return any(shipped.covers(series, w) for w in seen_in(shipped, character))

    assert shared == {c for c in shipped.characters if within(c, "jessica-jones") and within(c, "the-defenders")}


def test_works_referencing_event(shipped_graph: QueryStore, shipped: Universe) -> None:
    found = {(local(r["work"]), r["how"]) for r in rows(shipped_graph, "works-referencing-event")}
    assert ("the-avengers", "depicts") in found
    assert ("jessica-jones-s1e01", "refers to") in found
    incident = shipped.events["the-incident"]
    assert found == {(w, "depicts") for w in incident.depicted_in} | {(w, "refers to") for w in incident.referenced_in}
    dates = [r["released"] for r in rows(shipped_graph, "works-referencing-event") if "released" in r]
    assert dates == sorted(dates)


def test_actors_with_several_characters(shipped_graph: QueryStore, shipped: Universe) -> None:
    found = {
        local(r["person"]): int(r["characterCount"]) for r in rows(shipped_graph, "actors-with-several-characters")
    }
    played: dict[str, set[str]] = defaultdict(set)
    for p in shipped.portrayals:
        played[p.person].add(p.character)
    assert found == {person: len(chars) for person, chars in played.items() if len(chars) > 1}


def test_recast_characters(shipped_graph: QueryStore, shipped: Universe) -> None:
    found = rows(shipped_graph, "recast-characters")
    actors = defaultdict(set)
    for r in found:
        actors[local(r["character"])].add(r["actor"])
    assert {"Terrence Howard", "Don Cheadle"} <= actors["james-rhodes"]
    assert {"Edward Norton", "Mark Ruffalo"} <= actors["bruce-banner"]
    by_stage: dict[tuple[str, str], set[str]] = defaultdict(set)
    for p in shipped.portrayals:
        by_stage[(p.character, p.life_stage)].add(p.person)
    assert set(actors) == {c for (c, _), people in by_stage.items() if len(people) > 1}


CONCATENATING = sorted(p.stem for p in QUERIES.glob("*.rq") if "GROUP_CONCAT" in p.read_text(encoding="utf-8"))


def test_the_concatenating_queries_are_found() -> None:
    assert {"recast-characters", "deaths", "actors-with-several-characters"} <= set(CONCATENATING)


def test_before_the_fix_the_engines_joined_in_different_orders(rich_universe: Universe) -> None:
    """The comparison below can fail: the old recast-characters, without its ordering subquery, differs."""
    import pyoxigraph as ox
    from rdflib import Graph as MemoryGraph

    from mcugraph.rdf import RdfDataset

    old = (
        "PREFIX mcg: <https://w3id.org/mcugraph/ontology#>\nPREFIX schema: <http://schema.org/>\n"
        'SELECT ?actor (GROUP_CONCAT(DISTINCT ?title; separator=", ") AS ?works) WHERE {\n'
        "  ?role a schema:PerformanceRole ; schema:actor ?person . ?person schema:name ?actor .\n"
        "  ?work schema:actor ?role ; schema:name ?title }\nGROUP BY ?actor ORDER BY ?actor"
    )
    nt = RdfDataset(rich_universe).ntriples  # fixed data, so the difference stays
    store = ox.Store()
    store.bulk_load(nt.encode(), format=ox.RdfFormat.N_TRIPLES, to_graph=ox.DefaultGraph())
    on_oxigraph = [row["works"].value for row in store.query(old, default_graph=ox.DefaultGraph())]
    memory = MemoryGraph()
    memory.parse(data=nt, format="nt")
    on_rdflib = [str(row["works"]) for row in memory.query(old)]
    assert on_oxigraph != on_rdflib


@pytest.mark.parametrize("name", CONCATENATING)
def test_concatenations_are_in_the_same_order_on_rdflib_and_oxigraph(shipped: Universe, name: str) -> None:
    import pyoxigraph as ox
    from rdflib import Graph as MemoryGraph
    from rdflib import Literal, URIRef

    from mcugraph.rdf import RdfDataset

    query = read_catalog(QUERIES)[name]
    text = query.text
    ox_bindings: dict[ox.Variable, ox.NamedNode | ox.Literal] = {}
    rdflib_bindings: dict[str, URIRef | Literal] = {}
    for param in query.header.params:  # the defaults, bound by each engine
        if param.type == "integer":
            ox_bindings[ox.Variable(param.name)] = ox.Literal(str(param.default), datatype=ox.NamedNode(XSD_INTEGER))
            rdflib_bindings[param.name] = Literal(int(str(param.default)))
        else:
            iri = f"{BASE}{param.type}/{param.default}"
            ox_bindings[ox.Variable(param.name)] = ox.NamedNode(iri)
            rdflib_bindings[param.name] = URIRef(iri)
    nt = RdfDataset(shipped).ntriples
    store = ox.Store()
    store.bulk_load(nt.encode(), format=ox.RdfFormat.N_TRIPLES, to_graph=ox.DefaultGraph())
    answer = store.query(text, default_graph=ox.DefaultGraph(), substitutions=ox_bindings)
    names = [v.value for v in answer.variables]
    # an empty group concatenates to "" on rdflib and to nothing on Oxigraph: not an order, left aside
    on_oxigraph = [tuple(row[n].value if row[n] is not None else "" for n in names) for row in answer]
    memory = MemoryGraph()
    memory.parse(data=nt, format="nt")
    on_rdflib = [
        tuple(str(row[n]) if row[n] is not None else "" for n in names)
        for row in memory.query(text, initBindings=rdflib_bindings)
    ]
    assert on_oxigraph == on_rdflib


def test_recast_works_come_in_release_order(shipped_graph: QueryStore, shipped: Universe) -> None:
    released = {w.title: shipped.released(w.id) for w in shipped.works.values() if w.title}
    for r in rows(shipped_graph, "recast-characters"):
        titles = r["works"].split(", ")
        dates = [released[t] for t in titles if released.get(t) is not None]
        assert dates == sorted(dates), r


def test_events_in_universe_order(shipped_graph: QueryStore, shipped: Universe) -> None:
    order = [local(r["event"]) for r in rows(shipped_graph, "events-in-universe-order")]
    assert set(order) == set(shipped.events)
    position = order.index
    assert position("the-incident") == 0  # the only event dated in the shipped data so far
    assert position("jones-family-car-crash") < position("reva-connors-death") < position("kilgrave-death")
    assert position("kilgrave-death") < position("the-defenders-crossover") < position("midland-circle-collapse")
    assert position("sowande-death") < position("stick-death") < position("alexandra-reid-death")


def test_allies_at_date(shipped_graph: QueryStore, shipped: Universe) -> None:
    pairs = {(local(r["a"]), local(r["b"])) for r in rows(shipped_graph, "allies-at-date", date="2017-08-18")}
    assert ("jessica-jones", "matt-murdock") in pairs
    allies = {tuple(sorted((r.source, r.target))) for r in shipped.relationships if r.type == "ally"}
    assert pairs <= allies
    assert all(a < b for a, b in pairs)


def test_relationships_over_time(shipped_graph: QueryStore) -> None:
    found = rows(shipped_graph, "relationships-over-time", character="jessica-jones")
    by_other = {(r["relation"], local(r["other"])): r for r in found}
    sister = by_other[("^adoptiveSiblingOf", "trish-walker")]
    assert sister["since"] == "after The Jones family car crash"
    assert "The Defenders season 1" in by_other[("allyOf", "luke-cage")]["works"]
    assert ("^parentOf", "dorothy-walker") in by_other


def test_episodes_per_season(shipped_graph: QueryStore, shipped: Universe) -> None:
    found = {local(r["season"]): int(r["episodes"]) for r in rows(shipped_graph, "episodes-per-season")}
    assert found["jessica-jones-s1"] == 13
    assert found["the-defenders-s1"] == 8
    seasons = [w for w in shipped.works.values() if w.kind == "season"]
    assert found == {s.id: len(shipped.children.get(s.id, [])) for s in seasons}


def test_appearances_by_mode(shipped_graph: QueryStore) -> None:
    found = {(local(r["work"]), r["mode"]) for r in rows(shipped_graph, "appearances-by-mode")}
    assert ("jessica-jones-s1", "OnScreen") in found
    assert ("jessica-jones-s2e11", "Vision") in found
    assert ("the-defenders-s1e05", "Mention") in found


def test_deaths(shipped_graph: QueryStore, shipped: Universe) -> None:
    found = {(local(r["character"]), local(r["event"])) for r in rows(shipped_graph, "deaths")}
    assert ("kilgrave", "kilgrave-death") in found
    expected = {
        (o.character, e.id) for e in shipped.events.values() for o in e.outcomes if o.character and o.status == "dead"
    }
    assert found == expected


def test_returns_from_death(shipped_graph: QueryStore) -> None:
    found = {(local(r["character"]), r["lostIn"], r["backIn"]) for r in rows(shipped_graph, "returns-from-death")}
    assert ("elektra-natchios", "Death of Elektra", "Resurrection of Elektra") in found
    assert any(c == "matt-murdock" and lost == "Destruction of Midland Circle" for c, lost, _ in found)
    assert not any(c == "alisa-jones" and lost == "Death of Alisa Jones" for c, lost, _ in found)  # she does not return


def test_release_order(shipped_graph: QueryStore, shipped: Universe) -> None:
    found = rows(shipped_graph, "release-order")
    dates = [r["released"] for r in found]
    assert dates == sorted(dates)
    assert {local(r["work"]) for r in found} == set(shipped.release_order)
    order = [local(r["work"]) for r in found]
    assert order.index("iron-man") < order.index("the-avengers") < order.index("jessica-jones-s1")
    assert order.index("jessica-jones-s1") < order.index("the-defenders-s1")


def test_event_participants(shipped_graph: QueryStore, shipped: Universe) -> None:
    found = {(local(r["character"]), r.get("role")) for r in rows(shipped_graph, "event-participants")}
    assert ("matt-murdock", "hero") in found
    event = shipped.events["midland-circle-collapse"]
    assert found == {(p.character, p.role) for p in event.participants}


def test_organization_members(shipped_graph: QueryStore, shipped: Universe) -> None:
    found = {(local(r["member"]), r["relation"]): r for r in rows(shipped_graph, "organization-members")}
    assert found[("alexandra-reid", "leaderOf")]["until"] == "during Death of Alexandra Reid"
    assert ("sowande", "memberOf") in found
    names = {"member-of": "memberOf", "leader-of": "leaderOf", "owner-of": "ownerOf"}
    expected = {(r.source, names[r.type]) for r in shipped.relationships if r.target == "the-hand" and r.type in names}
    assert set(found) == expected


def test_filmography(shipped_graph: QueryStore) -> None:
    found = {(r["character"], local(r["work"])) for r in rows(shipped_graph, "filmography")}
    assert {("Jessica Jones", "jessica-jones-s1"), ("Jessica Jones", "the-defenders-s1")} <= found


def test_most_seen_characters(shipped_graph: QueryStore, shipped: Universe) -> None:
    found = rows(shipped_graph, "most-seen-characters")
    assert len(found) == 25

    def units(character: str) -> int:
        out = set()
        for work_id in seen_in(shipped, character):
            work = shipped.works[work_id]
            if work.kind in ("film", "episode", "special"):
                out.add(work_id)
            out.update(e.id for e in shipped.children.get(work_id, []) if work.kind == "season")
        return len(out)

    counts = [int(r["filmsAndEpisodes"]) for r in found]
    assert counts == sorted(counts, reverse=True)
    for r in found:
        assert int(r["filmsAndEpisodes"]) == units(local(r["character"]))
    assert max(units(c) for c in shipped.characters) == counts[0]


def test_events_at_location(shipped_graph: QueryStore, shipped: Universe) -> None:
    found = {local(r["event"]) for r in rows(shipped_graph, "events-at-location", location="hells-kitchen")}
    assert "midland-circle-collapse" in found

    def inside(place: str | None, area: str) -> bool:
        while place is not None:
            if place == area:
                return True
            place = shipped.locations[place].within
        return False

    assert found == {e.id for e in shipped.events.values() if inside(e.place, "hells-kitchen")}


def test_unsourced_records(shipped_graph: QueryStore, shipped: Universe) -> None:
    found = {r["record"] for r in rows(shipped_graph, "unsourced-records")}
    expected = set()
    for kind, record in shipped.entities():
        if kind in ("source", "order"):
            continue
        sources = shipped.work_sources(record.id) if kind == "work" else record.sources
        if not sources:
            expected.add(shipped.iri(kind, record.id))
    assert found == expected


def test_sources_of(shipped_graph: QueryStore, shipped: Universe) -> None:
    found = {local(r["source"]) for r in rows(shipped_graph, "sources-of")}
    assert found == set(shipped.characters["jessica-jones"].sources)
    work = {local(r["source"]) for r in rows(shipped_graph, "sources-of", record="work:jessica-jones-s2")}
    assert "cinemablend-jj-s2-date" in work


def test_works_in_order(shipped_graph: QueryStore, shipped: Universe) -> None:
    found = [local(r["work"]) for r in rows(shipped_graph, "works-in-order")]
    assert found == list(shipped.orders["first-ten-years-timeline"].items)
    assert found[0] == "captain-america-the-first-avenger"


def test_first_appearances(shipped_graph: QueryStore, shipped: Universe) -> None:
    found = {local(r["character"]): r for r in rows(shipped_graph, "first-appearances")}
    assert local(found["jessica-jones"]["first"]) == "jessica-jones-s1"
    assert local(found["matt-murdock"]["first"]) == "daredevil-s1"
    assert local(found["alexandra-reid"]["first"]) == "the-defenders-s1"
    in_defenders = {
        c for c in shipped.characters if any(shipped.covers("the-defenders", w) for w in seen_in(shipped, c))
    }
    assert set(found) == in_defenders
    for character, row in found.items():
        dates = [shipped.released(w) for w in seen_in(shipped, character)]
        assert row["released"] == min(d for d in dates if d is not None).isoformat()
    avengers = {
        local(r["character"]): local(r["first"]) for r in rows(shipped_graph, "first-appearances", work="the-avengers")
    }
    assert avengers["tony-stark"] == "iron-man"


def test_wikidata_links(shipped_graph: QueryStore, shipped: Universe) -> None:
    found = {r["record"] for r in rows(shipped_graph, "wikidata-links")}
    expected = {shipped.iri(k, r.id) for k, r in shipped.entities() if getattr(r, "wikidata", None)}
    if shipped.info.wikidata:  # the narrative universe's QID, on the dataset that is about it
        expected.add(f"{shipped.info.base_iri}dataset")
    assert found == expected
    assert all(
        r["wikidata"].startswith("http://www.wikidata.org/entity/Q") for r in rows(shipped_graph, "wikidata-links")
    )


@pytest.mark.parametrize(
    ("character", "work", "answer"),
    [
        ("claire-temple", "jessica-jones", True),
        ("jessica-jones", "the-defenders", True),
        ("kilgrave", "the-defenders", False),  # only mentioned there
        ("tony-stark", "jessica-jones", False),
    ],
)
def test_appears_in(shipped_graph: QueryStore, character: str, work: str, answer: bool) -> None:
    assert ask(shipped_graph, "appears-in", character=character, work=work).boolean is answer


def test_character_neighbourhood(shipped_graph: QueryStore) -> None:
    triples = {
        (local(s.value), p.value.rsplit("#", 1)[-1], local(o.value))
        for s, p, o in ask(shipped_graph, "character-neighbourhood").triples
    }
    assert ("jessica-jones", "portrayedBy", "krysten-ritter") in triples
    assert ("jessica-jones", "memberOf", "the-defenders-team") in triples
    assert ("jessica-jones", "appearsIn", "jessica-jones-s1") in triples


def test_who_knows(shipped_graph: QueryStore, shipped: Universe) -> None:
    """As of a work, by release order: the subject, and who learns it in earlier releases,
    in the work itself, or in an earlier episode of the same season; never a later one."""

    def knowers(as_of: str) -> set[str]:
        found = rows(shipped_graph, "who-knows", secret="daredevil-identity", as_of=as_of)
        assert {local(r["secret"]) for r in found} == {"daredevil-identity"}
        return {local(r["character"]) for r in found}

    secret = shipped.secrets["daredevil-identity"]
    learners = {k.character: k.learns_in for k in shipped.knowledge if k.secret == secret.id and k.learns_in}
    assert "foggy-nelson" in learners and "karen-page" in learners
    foggy, karen = learners["foggy-nelson"], learners["karen-page"]
    foggy_season = shipped.works[foggy].season
    before = next(w.id for w in shipped.children[foggy_season] if w.number == shipped.works[foggy].number - 1)
    assert secret.about in knowers(before)
    assert "foggy-nelson" not in knowers(before)  # the next episode of the same season
    assert "foggy-nelson" in knowers(foggy)  # the episode itself
    assert {"foggy-nelson", "karen-page"} <= knowers(shipped.works[karen].season)  # the whole season
    assert "karen-page" not in knowers(foggy)  # released a year later
    # every learner counts once their learning work is out
    assert set(learners) | {secret.about} <= knowers("the-defenders-s1e08")


def test_crew_credits(rich_graph: QueryStore) -> None:
    found = [(r["job"], r.get("credit"), local(r["work"])) for r in rows(rich_graph, "crew-credits", person="bo-reyes")]
    assert sorted(found) == [("director", None, "watch-s1e01"), ("director", None, "watch-s1e02")]
    wrote = rows(rich_graph, "crew-credits", person="cy-ode")
    assert [(r["job"], r["credit"], r["title"]) for r in wrote] == [
        ("writer", "teleplay", 'Harbor Watch 1x01 "Low Tide"')
    ]
