"""The mapping from records to triples: IRIs, schema.org patterns, time values and bounds."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import Graph

from mcugraph.model import Universe
from mcugraph.rdf import MCG, SCHEMA, record_iris, to_rdf, to_triples
from mcugraph.rdf.dataset import RdfDataset
from mcugraph.rdf.terms import Lit, lang_lit, safe_iri
from mcugraph.rdf.vocab import OWL, PROV, RDF_TYPE, RDFS, XSD

B = "https://example.org/harbor/"


def objects(triples: list, s: str, p: str) -> set:
    return {o for (ts, tp, o) in triples if ts == s and tp == p}


def test_every_record_with_an_id_has_exactly_its_universe_iri(rich: Universe) -> None:
    subjects = {s for s, _, _ in to_triples(rich)}
    for kind, record in rich.entities():
        assert rich.iri(kind, record.id) in subjects, (kind, record.id)


def test_records_without_an_id_get_deterministic_iris_with_suffixes_for_repeats(rich: Universe) -> None:
    index = record_iris(rich)
    assert f"{B}portrayal/mara-vell--ana-lima" in index
    assert f"{B}appearance/otto-krane--flashback--watch-s2e01" in index
    assert index[f"{B}relationship/mara-vell--ally--lena-dusk"] is rich.relationships[0]
    assert index[f"{B}relationship/mara-vell--ally--lena-dusk--2"] is rich.relationships[5]
    flood = rich.events["the-flood"]
    assert index[f"{B}participation/the-flood--mara-vell"] is flood.participants[0]
    assert index[f"{B}participation/the-flood--mara-vell--2"] is flood.participants[2]
    assert index[f"{B}character/mara-vell"] is rich.characters["mara-vell"]
    assert record_iris(rich) == index  # the same every time


def test_no_blank_nodes_and_no_duplicates(rich: Universe) -> None:
    triples = to_triples(rich)
    assert len(triples) == len(set(triples))
    assert not any(s.startswith("_:") or (isinstance(o, str) and o.startswith("_:")) for s, _, o in triples)


def test_portrayals_follow_the_schema_org_role_pattern(rich: Universe) -> None:
    triples = to_triples(rich)
    role = f"{B}portrayal/mara-vell--dee-ott"
    assert objects(triples, role, RDF_TYPE) == {SCHEMA + "PerformanceRole"}
    assert objects(triples, role, SCHEMA + "actor") == {f"{B}person/dee-ott"}
    assert objects(triples, role, SCHEMA + "characterName") == {Lit("Mara Vell")}
    assert objects(triples, role, MCG + "creditedAs") == {Lit("M. Vell")}
    assert objects(triples, role, MCG + "character") == {f"{B}character/mara-vell"}
    assert role in objects(triples, f"{B}work/gulls-s1", SCHEMA + "actor")
    child = f"{B}portrayal/mara-vell--cy-ode"
    assert objects(triples, child, MCG + "lifeStage") == {Lit("child")}
    assert objects(triples, child, MCG + "billing") == {Lit("guest")}


def test_crew_credits_link_works_to_people_and_keep_their_sources(rich: Universe) -> None:
    triples = to_triples(rich)
    bo, cy = f"{B}person/bo-reyes", f"{B}person/cy-ode"
    assert objects(triples, f"{B}work/watch-s1e01", SCHEMA + "director") == {bo}
    assert objects(triples, f"{B}work/watch-s1e02", SCHEMA + "director") == {bo}
    assert objects(triples, f"{B}work/watch-s1e01", SCHEMA + "author") == {cy}
    assert objects(triples, f"{B}work/watch-s1e02", SCHEMA + "author") == set()
    directed = f"{B}credit/bo-reyes--director"
    assert objects(triples, directed, RDF_TYPE) == {MCG + "Credit"}
    assert objects(triples, directed, MCG + "person") == {bo}
    assert objects(triples, directed, MCG + "work") == {f"{B}work/watch-s1e01", f"{B}work/watch-s1e02"}
    assert objects(triples, directed, PROV + "wasDerivedFrom") == {f"{B}source/guide"}
    assert objects(triples, directed, MCG + "writingCredit") == set()
    assert objects(triples, f"{B}credit/cy-ode--writer", MCG + "writingCredit") == {Lit("teleplay")}


def test_other_names_are_nodes_with_their_origin_never_alternate_names(rich: Universe) -> None:
    triples = to_triples(rich)
    mara = f"{B}character/mara-vell"
    node = f"{mara}/other-name/1"
    assert objects(triples, mara, MCG + "otherName") == {node}
    assert objects(triples, node, SCHEMA + "name") == {Lit("The Tide Queen")}
    assert objects(triples, node, MCG + "nameOrigin") == {Lit("comics")}
    assert Lit("The Tide Queen") not in objects(triples, mara, SCHEMA + "alternateName")


def test_works_use_schema_org_classes_numbers_and_inherited_dates(rich: Universe) -> None:
    triples = to_triples(rich)
    ep = f"{B}work/watch-s1e01"
    assert objects(triples, ep, RDF_TYPE) == {SCHEMA + "CreativeWork", SCHEMA + "TVEpisode"}
    assert objects(triples, ep, SCHEMA + "partOfSeason") == {f"{B}work/watch-s1"}
    assert objects(triples, ep, SCHEMA + "partOfSeries") == {f"{B}work/harbor-watch"}
    assert objects(triples, ep, SCHEMA + "episodeNumber") == {Lit("1", XSD + "integer")}
    assert objects(triples, ep, SCHEMA + "datePublished") == {Lit("2015-04-10", XSD + "date")}  # from its season
    assert objects(triples, f"{B}work/watch-s1e02", SCHEMA + "datePublished") == {Lit("2015-04-17", XSD + "date")}
    season = f"{B}work/watch-s1"
    assert objects(triples, season, SCHEMA + "name") == {Lit("Harbor Watch season 1")}
    assert objects(triples, season, SCHEMA + "numberOfEpisodes") == {Lit("2", XSD + "integer")}
    series = f"{B}work/harbor-watch"
    assert objects(triples, series, SCHEMA + "numberOfSeasons") == {Lit("2", XSD + "integer")}
    assert objects(triples, series, SCHEMA + "numberOfEpisodes") == {Lit("3", XSD + "integer")}
    assert objects(triples, series, OWL + "sameAs") == {"http://www.wikidata.org/entity/Q1000001"}
    assert objects(triples, f"{B}work/lighthouse", RDF_TYPE) == {SCHEMA + "CreativeWork", SCHEMA + "Movie"}
    assert objects(triples, f"{B}work/lighthouse", MCG + "formerId") == {Lit("the-lighthouse")}
    assert objects(triples, f"{B}work/harbor-shorts", RDF_TYPE) == {SCHEMA + "CreativeWork"}
    # an episode without sources inherits its season's (here, the series')
    assert objects(triples, ep, PROV + "wasDerivedFrom") == {f"{B}source/guide"}


def test_symmetric_relationships_are_stated_both_ways_and_qualified_once(rich: Universe) -> None:
    triples = to_triples(rich)
    mara, lena, otto, pip = (f"{B}character/{c}" for c in ("mara-vell", "lena-dusk", "otto-krane", "pip"))
    assert lena in objects(triples, mara, MCG + "allyOf") and mara in objects(triples, lena, MCG + "allyOf")
    assert pip in objects(triples, otto, MCG + "parentOf")
    assert objects(triples, pip, MCG + "parentOf") == set()
    rel = f"{B}relationship/mara-vell--ally--lena-dusk"
    assert objects(triples, rel, MCG + "relationType") == {MCG + "allyOf"}
    assert objects(triples, rel, MCG + "source") == {mara}
    assert objects(triples, rel, MCG + "heldIn") == {f"{B}work/watch-s1", f"{B}work/dockside-s1"}
    assert objects(triples, f"{rel}/since", MCG + "notBefore") == {Lit("2014-01-01", XSD + "date")}
    assert objects(triples, f"{rel}/until", MCG + "notAfter") == {Lit("2016-12-31", XSD + "date")}


def test_appearance_modes_and_shortcuts(rich: Universe) -> None:
    triples = to_triples(rich)
    lena = f"{B}character/lena-dusk"
    assert objects(triples, lena, MCG + "mentionedIn") == {f"{B}work/watch-s1e01"}
    assert f"{B}work/watch-s1e01" not in objects(triples, lena, MCG + "appearsIn")
    assert objects(triples, f"{B}appearance/pip--voice--dockside-s1", MCG + "mode") == {MCG + "VoiceOnly"}
    assert f"{B}work/watch-s2e01" in objects(triples, f"{B}character/otto-krane", MCG + "appearsIn")


@pytest.mark.parametrize(
    ("node", "prop", "value"),
    [
        ("character/mara-vell/born", "date", Lit("1985-02-03", XSD + "date")),
        ("event/the-storm/when", "date", Lit("2013-10", XSD + "gYearMonth")),
        ("work/lighthouse/setting", "date", Lit("2013", XSD + "gYear")),
        ("event/the-reckoning/when", "start", Lit("2016", XSD + "gYear")),
        ("event/the-reckoning/when", "end", Lit("2016-08-15", XSD + "date")),
        ("event/the-flood/when", "after", f"{B}event/the-storm"),
        ("event/the-flood/when", "gap", Lit("P2Y", XSD + "duration")),
        ("work/watch-s2/setting", "gap", Lit("P1Y", XSD + "duration")),
        ("work/gulls-s1/stated-gap/1", "gap", Lit("P21D", XSD + "duration")),
        ("character/otto-krane/died", "during", f"{B}event/the-flood"),
    ],
)
def test_in_universe_times_keep_their_written_form(rich: Universe, node: str, prop: str, value: object) -> None:
    assert value in objects(to_triples(rich), B + node, MCG + prop)


def test_derived_bounds_are_conservative(rich: Universe) -> None:
    triples = to_triples(rich)
    when = f"{B}event/the-flood/when"
    # after an event dated 2013-10: no earlier than that month starts; nothing said about how late
    assert objects(triples, when, MCG + "notBefore") == {Lit("2013-10-01", XSD + "date")}
    assert objects(triples, when, MCG + "notAfter") == set()
    assert objects(triples, when, RDFS + "label") == {lang_lit("2 years after The Great Storm", "en")}
    died = f"{B}character/otto-krane/died"  # during the flood: the flood's bounds
    assert objects(triples, died, MCG + "notBefore") == {Lit("2013-10-01", XSD + "date")}
    reckoning = f"{B}event/the-reckoning/when"
    assert objects(triples, reckoning, MCG + "notBefore") == {Lit("2016-01-01", XSD + "date")}
    assert objects(triples, reckoning, MCG + "notAfter") == {Lit("2016-08-15", XSD + "date")}


def test_events_participation_and_outcomes(rich: Universe) -> None:
    triples = to_triples(rich)
    flood = f"{B}event/the-flood"
    part = f"{B}participation/the-flood--otto-krane"
    assert part in objects(triples, flood, MCG + "participation")
    assert objects(triples, part, MCG + "role") == {Lit("victim")}
    assert flood in objects(triples, f"{B}character/otto-krane", MCG + "tookPartIn")
    outcomes = objects(triples, flood, MCG + "outcome")
    assert {o for out in outcomes for o in objects(triples, out, MCG + "status")} == {Lit("dead"), Lit("founded")}
    assert objects(triples, f"{B}event/rescue-at-pier", MCG + "partOf") == {flood}


def test_orders_are_schema_item_lists(rich: Universe) -> None:
    triples = to_triples(rich)
    order = f"{B}order/story-order"
    assert objects(triples, order, RDF_TYPE) == {MCG + "Order", SCHEMA + "ItemList"}
    assert objects(triples, f"{order}/item/2", SCHEMA + "item") == {f"{B}work/watch-s1"}
    assert objects(triples, f"{order}/item/2", SCHEMA + "position") == {Lit("2", XSD + "integer")}


def test_sources_are_prov_entities_with_safe_iris(rich: Universe) -> None:
    triples = to_triples(rich)
    guide = f"{B}source/guide"
    assert objects(triples, guide, RDF_TYPE) == {PROV + "Entity", MCG + "Source"}
    assert objects(triples, guide, SCHEMA + "url") == {"https://example.com/guide?page=1&q=tide&x=a%20b"}
    assert objects(triples, f"{B}source/pilot-itself", MCG + "work") == {f"{B}work/watch-s1e01"}
    assert safe_iri(" https://example.com/a b<c>") == "https://example.com/a%20b%3Cc%3E"


def test_a_base_iri_ending_in_hash_still_gives_valid_iris(tiny: Universe) -> None:
    data = RdfDataset(tiny).ntriples
    parsed = list(ox.parse(data.encode(), format=ox.RdfFormat.N_TRIPLES))
    subjects = {t.subject.value for t in parsed}
    assert "https://example.org/tiny#character/hero" in subjects
    assert "https://example.org/tiny#portrayal/hero--al" in subjects


def test_text_with_quotes_newlines_and_backslashes_survives(rich: Universe) -> None:
    data = RdfDataset(rich).ntriples
    notes = [
        t.object.value
        for t in ox.parse(data.encode(), format=ox.RdfFormat.N_TRIPLES)
        if t.subject.value == f"{B}source/guide" and t.predicate.value == RDFS + "comment"
    ]
    assert notes == ['Line one\nline \\two "quoted"']


def test_positions_are_optional(rich: Universe) -> None:
    assert not any(p == MCG + "definedAt" for _, p, _ in to_triples(rich))
    marked = objects(to_triples(rich, positions=True), f"{B}character/pip", MCG + "definedAt")
    (mark,) = marked
    assert isinstance(mark, Lit) and mark.lexical.startswith("<string>:")


def test_to_rdf_is_an_rdflib_graph(rich: Universe) -> None:
    """For what rdflib does best (parsing, serializing, SHACL); queries run on the store, not on it."""
    graph = to_rdf(rich)
    assert isinstance(graph, Graph)
    assert len(graph) == len(RdfDataset(rich).triples)
    rows = graph.query(
        "SELECT ?name WHERE { ?c a mcg:Character ; mcg:portrayedBy/schema:name 'Dee Ott' ; schema:name ?name }"
    )
    assert [str(r[0]) for r in rows] == ["Mara Vell"]
