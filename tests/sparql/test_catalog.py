"""Query headers and the catalog of curated queries in queries/."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import Graph

from mcugraph.errors import NotFoundError, QueryError
from mcugraph.sparql.catalog import Param, find_query, parse_header, read_catalog, read_query
from mcugraph.sparql.run import run_query
from mcugraph.sparql.vet import query_form

ROOT = Path(__file__).resolve().parents[2]
QUERIES = ROOT / "queries"
CATALOG = read_catalog(QUERIES)


def test_a_header_has_title_description_and_parameters() -> None:
    header = parse_header(
        "# title: Cast of a work\n"
        "# description: Who plays whom,\n"
        "#   over two lines.\n"
        "#\n"
        "# param: work (work) = jessica-jones-s1 -- the work\n"
        "# param: day (date)\n"
        "# id: something another tool reads\n"
        "PREFIX a: <http://a/>\n"
        "# title: not part of the header\n"
        "SELECT * WHERE { ?s ?p ?o }\n"
    )
    assert header.title == "Cast of a work"
    assert header.description == "Who plays whom, over two lines."
    assert header.params == (Param("work", "work", "jessica-jones-s1", "the work"), Param("day", "date", None, ""))
    assert str(header.params[0]) == "work (work) = jessica-jones-s1 -- the work"
    assert parse_header("SELECT * WHERE { ?s ?p ?o }").params == ()


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (
            "# param: work",
            "x.rq:1: cannot read the parameter 'work'; write: # param: NAME (TYPE) = DEFAULT -- what it means",
        ),
        (
            "# param: work (film)",
            "x.rq:1: parameter 'work' has unknown type 'film'; use one of character, person, work,",
        ),
        ("# param: a (iri)\n# param: a (iri)", "x.rq: parameter 'a' is declared twice"),
    ],
)
def test_malformed_headers_say_how_to_fix_them(line: str, message: str) -> None:
    with pytest.raises(QueryError) as caught:
        parse_header(line + "\nSELECT * WHERE { ?s ?p ?o }", where="x.rq")
    assert str(caught.value).startswith(message)


def test_find_query_by_name_path_or_with_a_suggestion(tmp_path: Path) -> None:
    assert find_query("cast-of-work", QUERIES).title == "Cast of a work"
    assert find_query("cast-of-work.rq", QUERIES).name == "cast-of-work"
    assert find_query(str(QUERIES / "deaths.rq"), tmp_path).name == "deaths"
    with pytest.raises(NotFoundError, match="no query file or query named 'cast-of-wrok'; did you mean cast-of-work"):
        find_query("cast-of-wrok", QUERIES)
    with pytest.raises(NotFoundError, match="no query file 'x', and no queries in"):
        find_query("x", tmp_path)
    bad = tmp_path / "bad.rq"
    bad.write_bytes(b"\xff\xfe")
    with pytest.raises(QueryError, match="cannot read the query file"):
        read_query(bad)


def test_there_are_at_least_twenty_curated_queries() -> None:
    assert len(CATALOG) >= 20


@pytest.mark.parametrize("name", sorted(CATALOG))
def test_every_curated_query_is_documented_and_well_formed(name: str) -> None:
    curated = CATALOG[name]
    assert curated.header.title, f"{name}: no title"
    assert len(curated.header.description) > 40, f"{name}: describe what it answers"
    form = query_form(curated.text)
    body = curated.text.split("\n", 1)[1]
    for param in curated.header.params:
        assert re.search(rf"\?{param.name}\b", body), f"{name}: parameter {param.name} is not used"
        assert param.default is not None, f"{name}: parameter {param.name} needs a default"
        if form == "SELECT":
            projection = body[body.index("SELECT") : body.index("WHERE")]
            assert f"?{param.name}" in projection, f"{name}: ?{param.name} must be selected"
    # portable: every prefix the query uses is declared in it
    declared = set(re.findall(r"PREFIX\s+(\w*):", curated.text))
    used = set(re.findall(r"(?<![\w?<\"#])([a-z]+):[A-Za-z]", re.sub(r"<[^>]*>|\"[^\"]*\"|#.*", "", curated.text)))
    assert used <= declared, f"{name}: undeclared prefixes {used - declared}"


def test_every_curated_query_has_a_test_of_its_answer() -> None:
    tests = (Path(__file__).parent / "test_curated_queries.py").read_text(encoding="utf-8")
    for name in CATALOG:
        assert f'"{name}"' in tests, f"queries/{name}.rq has no test in test_curated_queries.py"


@pytest.mark.parametrize("name", sorted(CATALOG))
def test_every_curated_query_runs_on_an_invented_universe(name: str, rich_graph: Graph) -> None:
    run_query(rich_graph, CATALOG[name].text, params={p.name: _invented(p.type) for p in CATALOG[name].header.params})


def _invented(kind: str) -> str:
    return {
        "work": "harbor-watch",
        "character": "mara-vell",
        "person": "ana-lima",
        "event": "the-flood",
        "organization": "tide-watch",
        "location": "harbor-city",
        "order": "story-order",
        "secret": "no-such-secret",
        "date": "2015-06-01",
        "integer": "2",
        "iri": "character:mara-vell",
    }[kind]
