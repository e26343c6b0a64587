"""A query's footprint: what it names, when it gives up, and that a store cut to it answers the same."""

from __future__ import annotations

import random
from collections import Counter

import pyoxigraph as ox
import pytest

from mcugraph.model import Universe
from mcugraph.rdf.store import to_store
from mcugraph.rdf.vocab import prefixes_for
from mcugraph.sparql.catalog import read_catalog
from mcugraph.sparql.footprint import Footprint, footprint, merge, quick_footprint
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


def test_lists_of_predicates_and_objects_inside_exists_count() -> None:
    # rdflib keeps these blocks untranslated, as one run of terms per subject
    found = fp("?x e:k ?z FILTER NOT EXISTS { ?x e:a ?y ; e:b ?z , ?w . ?w e:c [ e:d ?v ] }")
    assert found == Footprint(frozenset({E + p for p in "kabcd"}))
    assert fp("?x e:k ?z FILTER EXISTS { ?x e:a ?y ; ?p ?z }") is None


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


# -- the same footprint read from the tokens, without rdflib -------------------------------

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
XSD = "http://www.w3.org/2001/XMLSchema#"
WIDE = {"e": E, "rdf": RDF, "xsd": XSD}


def quick(where: str) -> Footprint | None:
    return quick_footprint(f"SELECT * WHERE {{ {where} }}", WIDE)


def rdflib_reads(where: str) -> Footprint | None:
    return footprint(f"SELECT * WHERE {{ {where} }}", WIDE)


@pytest.mark.parametrize(
    "where",
    [
        "?x a e:Hero ; e:knows ?y . ?y a e:Villain",
        "?x (e:a/^e:b)|e:c* ?y . ?y e:d+/e:e? ?z",
        "?x e:a ?y . OPTIONAL { ?x e:b ?z } { ?x e:c ?w } UNION { ?x e:d ?w } MINUS { ?x e:e ?v }"
        " FILTER NOT EXISTS { ?x e:f ?u } FILTER EXISTS { ?x e:g ?t } { SELECT ?x WHERE { ?x e:h ?s } }",
        "?x a e:C , e:D ; ; e:a 'text'@en , \"1\"^^xsd:integer , -1 , 2.5e3 , true ; <http://e.org/b> ?y .",
        "?x e:a [ e:b [ e:c ?z ] ; e:d ?w ] . [ e:e ?x ] e:f ?y . [] e:g ?x",
        "?x rdf:type e:C . ?x e:a e:o. ?y e:b e:o.",
        "?x a/e:sub* e:Thing",
        "?x e:k|a e:C",
        "?x a ?class",
        "?x a [ e:b ?c ]",
        "?x e:a ?y FILTER (?y != e:b && EXISTS { ?y e:c ?z }) BIND (EXISTS { ?x e:d ?w } AS ?b)",
        "?x e:a ?y FILTER regex(str(?y), 'a') FILTER e:f(?y) FILTER (?y IN (e:b, e:c))",
        "VALUES ?x { e:a 1 UNDEF } VALUES (?y ?z) { (e:b 'c') (UNDEF 2) } ?x e:a ?y",
        "{ SELECT ?x (COUNT(*) AS ?n) WHERE { ?x e:a ?y } GROUP BY ?x HAVING (COUNT(*) > 1) ORDER BY DESC(?n) LIMIT 3 }",
        "OPTIONAL { { SELECT * WHERE { ?x a e:C } } UNION { ?x e:a ?y } }",
    ],
)
def test_the_tokens_tell_what_rdflib_tells(where: str) -> None:
    found = quick(where)
    assert found is not None
    assert found == rdflib_reads(where)


def test_the_whole_query_is_read_projection_and_modifiers_included() -> None:
    # (rdflib gives up on EXISTS in the projection or in HAVING, and on VALUES after the query)
    f = "http://f.org/"
    text = (
        "PREFIX f: <http://f.org/> SELECT ?x (EXISTS { ?x f:a ?y } AS ?e) WHERE { ?x e:b ?z }"
        " ORDER BY ASC(?x) LIMIT 2 OFFSET 1 VALUES ?x { e:q }"
    )
    assert quick_footprint(text, WIDE) == Footprint(frozenset({f + "a", E + "b"}))
    text = "SELECT ?x WHERE { ?x e:b ?z } GROUP BY ?x HAVING (COUNT(*) > 1 && EXISTS { ?x e:c ?w })"
    assert quick_footprint(text, WIDE) == Footprint(frozenset({E + "b", E + "c"}))
    assert quick_footprint("ASK { ?s e:a ?o }", WIDE) == Footprint(frozenset({E + "a"}))


@pytest.mark.parametrize(
    "where",
    [
        "?s ?p ?o",
        "?s e:a ?o . FILTER NOT EXISTS { ?s ?p ?o }",
        "?s e:a ?o ; ?p ?q",
        "[ ?p ?o ] e:a ?x",
        "?s !e:a ?o",
        "?s !(e:a|^e:b) ?o",
        "?s e:a/!e:b ?o",
        "{ SELECT ?s WHERE { ?s ?p 3 } }",
        "VALUES ?p { e:a } ?s ?p ?o",
        "?s e:a ?o FILTER EXISTS { ?o ?p ?q }",
    ],
)
def test_a_predicate_the_tokens_cannot_name_gives_none(where: str) -> None:
    assert quick(where) is None


@pytest.mark.parametrize(
    "text",
    [
        "SELECT * WHERE { GRAPH ?g { ?s e:a ?o } }",  # not read here: rdflib tells
        "SELECT * WHERE { ?s e:a (?x ?y) }",  # a collection
        "SELECT * WHERE { (?x) e:a ?y }",
        "CONSTRUCT { ?s e:a ?o } WHERE { ?s e:b ?o }",
        "DESCRIBE ?s WHERE { ?s e:b ?o }",
        "SELECT * WHERE { ?s \\u0065:a ?o }",  # an escape: read after expansion, by the parser
        "BASE <http://e.org/> SELECT * WHERE { ?s <rel> ?o }",  # a relative IRI
        "PREFIX e: <http://other.org/> SELECT * WHERE { ?s e:a ?o }",  # a default prefix declared anew
        "SELECT * WHERE { ?s undeclared:p ?o }",
        "SELECT * WHERE { ?s e:a\\.b ?o }",
        "SELECT * WHERE { ?s <http://e.org/(a)> ?o }",
        "SELECT * WHERE {" + "{" * 100 + "?s e:a ?o" + "}" * 100 + "}",
        "SELECT * WHERE { ?s " + "(" * 100 + "e:a" + ")" * 100 + " ?o }",
        "SELECT * WHERE { ?s e:a ?o",
        "SELECT * WHERE { ?s e:a ?o } }",
        "SELECT * WHERE { ?s e:a ?o } {",
        "SELECT * WHERE { ?s e:a }",
        "SELECT * WHERE { ?s e:a ?o FILTER }",
        "SELECT * WHERE { ?s e:a ?o BIND ( ?o AS ?x }",
        "SELECT ?s WHERE ?s e:a ?o",
        "SELECT (?s WHERE { ?s e:a ?o }",
        "",
        "SELECT",
    ],
)
def test_what_the_tokens_do_not_show_gives_none(text: str) -> None:
    assert quick_footprint(text, WIDE) is None


def test_every_curated_query_is_read_from_its_tokens_as_rdflib_reads_it() -> None:
    prefixes = prefixes_for("https://example.org/u/")
    read = 0
    for name, query in read_catalog().items():
        found = quick_footprint(query.text, prefixes)
        if query.text.lstrip().upper().startswith(("CONSTRUCT", "DESCRIBE")) or " CONSTRUCT " in query.text:
            continue
        assert found is not None, name
        assert found == footprint(query.text, prefixes), name
        read += 1
    assert read >= 20


def test_a_cut_text_never_raises() -> None:
    from mcugraph.sparql.lexer import tokens

    prefixes = prefixes_for("https://example.org/u/")
    for query in read_catalog().values():
        for token in tokens(query.text):
            found = quick_footprint(query.text[: token.offset], prefixes)
            assert found is None or isinstance(found, Footprint)


_TRIPLES = [
    "?x e:a ?y",
    "?x a e:C",
    "?x a e:C , e:D",
    "?x a ?c",
    "?x e:a ?y ; e:b ?z",
    "?x e:a ?y ; ; e:b 3 ;",
    "?x e:a [ e:b ?z ]",
    "[ e:a ?x ] e:b ?y",
    "[] e:a ?x",
    "?x e:a/e:b ?y",
    "?x ^e:a ?y",
    "?x (e:a|e:b)* ?y",
    "?x e:a+ ?y",
    "?x e:a? ?y",
    "?x a/e:b e:C",
    "?x rdf:type e:C",
    "?x <http://e.org/c> 'text'@en",
    "?x e:a '1'^^xsd:integer",
    "?x e:a -1.5e3",
    "?x e:a false",
    "?x e:a e:o.",
    "?x ?p ?y",
    "?x !e:a ?y",
    "?x e:a (?y)",
]
_WRAPPERS = [
    "{}",
    "{} .",
    "OPTIONAL {{ {} }}",
    "{{ {} }} UNION {{ {} }}",
    "MINUS {{ {} }}",
    "FILTER NOT EXISTS {{ {} }}",
    "FILTER (?x != ?y || EXISTS {{ {} }})",
    "BIND (EXISTS {{ {} }} AS ?b)",
    "{{ SELECT ?x WHERE {{ {} }} ORDER BY ?x LIMIT 3 }}",
    "VALUES ?v {{ e:a 1 UNDEF }} {}",
    "FILTER regex(str(?x), 'a') {}",
    "GRAPH ?g {{ {} }}",
    "FILTER (?x IN (e:a, e:b)) {}",
]


def _data() -> ox.Store:
    """A small store of random triples over the generated queries' terms, and some they never name."""
    rng = random.Random(5)
    nodes = [ox.NamedNode(f"{E}n{k}") for k in range(6)] + [ox.NamedNode(E + c) for c in ("C", "D", "o")]
    values = [ox.Literal("text", language="en"), ox.Literal("1", datatype=ox.NamedNode(XSD + "integer"))]
    values += [
        ox.Literal("-1500", datatype=ox.NamedNode(XSD + "decimal")),
        ox.Literal("false", datatype=ox.NamedNode(XSD + "boolean")),
    ]
    predicates = [ox.NamedNode(E + p) for p in ("a", "b", "c", "d", "k", "z", "sub")]
    predicates.append(ox.NamedNode("http://e.org/c"))
    store = ox.Store()
    for _ in range(300):
        p = rng.choice(predicates + [ox.NamedNode(RDF + "type")])
        o = rng.choice(nodes[6:8]) if p.value == RDF + "type" else rng.choice(nodes + values)
        store.add(ox.Quad(rng.choice(nodes[:6]), p, o, ox.DefaultGraph()))
    return store


def test_generated_queries_are_read_soundly_or_left_to_rdflib() -> None:
    """Where the tokens tell, a store cut to what they tell answers as the whole store does."""
    rng = random.Random(17)
    whole = _data()
    told = compared = 0
    for _ in range(400):
        parts = []
        for _ in range(rng.randint(1, 4)):
            wrapper = rng.choice(_WRAPPERS)
            parts.append(wrapper.format(*(rng.choice(_TRIPLES) for _ in range(wrapper.count("{}")))))
        text = f"SELECT * WHERE {{ {' '.join(parts)} }}"
        try:
            expected = answers(whole, text, {}, WIDE)
        except SyntaxError:
            continue  # vetting refuses it before any footprint is asked for
        compared += 1
        found = quick_footprint(text, WIDE)
        if found is None:
            continue
        told += 1
        by_rdflib = footprint(text, WIDE)
        assert by_rdflib is None or found == by_rdflib, text
        cut = ox.Store()
        cut.extend(q for q in whole if found.keeps(q.predicate.value, q.object.value))
        assert len(cut) < len(whole)
        assert answers(cut, text, {}, WIDE) == expected, text
    assert compared > 200 and told > compared / 4
