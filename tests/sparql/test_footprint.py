"""A query's footprint: what it names, when it gives up, and that a store cut to it answers the same."""

from __future__ import annotations

from collections import Counter

import pyoxigraph as ox
import pytest

from mcugraph.model import Universe
from mcugraph.rdf.store import to_store
from mcugraph.rdf.vocab import prefixes_for
from mcugraph.sparql.catalog import read_catalog
from mcugraph.sparql.footprint import Footprint, footprint, merge
from mcugraph.sparql.run import bind_params, oxigraph_term

E = "http://e.org/"
TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
PREFIXES = {"e": E}


def fp(where: str) -> Footprint | None:
    return footprint(f"SELECT * WHERE {{ {where} }}", PREFIXES)


def test_named_predicates_and_classes() -> None:
    found = fp("?x a e:Hero ; e:knows ?y . ?y a e:Villain")
    assert found == Footprint(frozenset({TYPE, E + "knows"}), frozenset({E + "Hero", E + "Villain"}))


def test_paths_name_every_predicate_they_can_step_on() -> None:
    found = fp("?x (e:a/^e:b)|e:c* ?y . ?y e:d+/e:e? ?z")
    assert found is not None
    assert found.predicates == {E + p for p in "abcde"}
    assert found.classes == frozenset()


def test_patterns_inside_exists_optional_union_minus_and_subqueries_count() -> None:
    found = fp(
        "?x e:a ?y . OPTIONAL { ?x e:b ?z } { ?x e:c ?w } UNION { ?x e:d ?w } MINUS { ?x e:e ?v }"
        " FILTER NOT EXISTS { ?x e:f ?u } FILTER EXISTS { ?x e:g ?t } { SELECT ?x WHERE { ?x e:h ?s } }"
        " GRAPH ?g { ?x e:i ?r }"
    )
    assert found is not None
    assert found.predicates == {E + p for p in "abcdefghi"}


@pytest.mark.parametrize(
    "where",
    [
        "?s ?p ?o",
        "?s e:a ?o . FILTER NOT EXISTS { ?s ?p ?o }",
        "?s !e:a ?o",
        "?s !(e:a|^e:b) ?o",
        "?s e:a/!e:b ?o",
        "{ SELECT ?s WHERE { ?s ?p 3 } }",
        "VALUES ?p { e:a } ?s ?p ?o",
    ],
)
def test_anything_that_may_match_any_predicate_gives_up(where: str) -> None:
    assert fp(where) is None


@pytest.mark.parametrize("where", ["?x a ?class", "?x a/e:sub* e:Thing", "?x e:k|a e:C", "?x ^a e:C"])
def test_types_asked_without_a_named_class_keep_every_type_triple(where: str) -> None:
    found = fp(where)
    assert found is not None and TYPE in found.predicates
    assert found.classes is None


@pytest.mark.parametrize(
    "text",
    ["", "SELECT", "SELECT * WHERE { ?s undeclared:p ?o }", "SELECT * WHERE {" + "{" * 3000 + "}" * 3000 + "}"],
)
def test_a_text_rdflib_cannot_read_gives_up(text: str) -> None:
    assert footprint(text, PREFIXES) is None


def test_keeps() -> None:
    found = Footprint(frozenset({TYPE, E + "a"}), frozenset({E + "C"}))
    assert found.keeps(E + "a", "anything")
    assert found.keeps(TYPE, E + "C")
    assert not found.keeps(TYPE, E + "D")
    assert not found.keeps(E + "b", E + "C")
    assert Footprint(frozenset({TYPE}), None).keeps(TYPE, E + "D")


def test_merge() -> None:
    one = Footprint(frozenset({TYPE}), frozenset({E + "C"}))
    two = Footprint(frozenset({E + "a"}), frozenset())
    assert merge([one, two]) == Footprint(frozenset({TYPE, E + "a"}), frozenset({E + "C"}))
    assert merge([one, Footprint(frozenset({TYPE}), None)]) == Footprint(frozenset({TYPE}), None)
    assert merge([one, None]) is None
    assert merge([]) == Footprint(frozenset(), frozenset())


# -- the promise: a store cut to the footprint answers as the whole export does ---------


def answers(store: ox.Store, text: str, substitutions: dict[ox.Variable, object], prefixes: dict[str, str]) -> object:
    result = store.query(text, prefixes=prefixes, default_graph=ox.DefaultGraph(), substitutions=substitutions)
    if isinstance(result, ox.QueryBoolean):
        return bool(result)
    if isinstance(result, ox.QuerySolutions):
        names = [v.value for v in result.variables]
        return Counter(tuple(str(row[n]) if row[n] is not None else None for n in names) for row in result)
    return Counter(str(t) for t in result)


@pytest.mark.parametrize("universe_name", ["rich", "shipped"])
def test_every_curated_query_answers_the_same_on_the_cut_store(
    universe_name: str, request: pytest.FixtureRequest
) -> None:
    universe: Universe = request.getfixturevalue("rich_universe" if universe_name == "rich" else "shipped")
    prefixes = prefixes_for(universe.info.base_iri)
    whole = to_store(universe)
    cut_some = 0
    for name, query in read_catalog().items():
        found = footprint(query.text, prefixes)
        bindings = bind_params(query.header, {}, prefixes)
        substitutions = {ox.Variable(k): oxigraph_term(v) for k, v in bindings.items()}
        expected = answers(whole, query.text, substitutions, prefixes)
        if found is None:
            continue
        cut = to_store(universe, only=found)
        assert answers(cut, query.text, substitutions, prefixes) == expected, name
        cut_some += len(cut) < len(whole)  # the others read a predicate the description uses too
    assert cut_some >= 10


def test_a_footprint_that_reaches_the_description_loads_the_whole_export(rich_universe: Universe) -> None:
    void_triples = Footprint(frozenset({"http://rdfs.org/ns/void#triples"}), frozenset())
    whole = to_store(rich_universe)
    store = to_store(rich_universe, only=void_triples)
    assert {str(q) for q in store} == {str(q) for q in whole}
