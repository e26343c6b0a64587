"""export and query on the command line: output, formats and every error path."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import rdflib
from click.testing import CliRunner

from mcugraph.cli import main

ROOT = Path(__file__).resolve().parents[2]
# rdflib's own JSON-LD parser (used to read our output back) warns about its internals
pytestmark = pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")
SHIPPED = str(ROOT / "data" / "universe.yaml")
QUERIES = str(ROOT / "queries")


@pytest.fixture
def mini(write_data, mini_text: str) -> Path:
    return write_data(mini_text)


def run(*args: str, input: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False, input=input)
    return result.exit_code, result.stdout, result.stderr


# -- export -------------------------------------------------------------------------------


def test_export_writes_turtle_to_stdout_by_default(mini: Path) -> None:
    code, out, err = run("export", "--data", str(mini))
    assert code == 0 and err == ""
    graph = rdflib.Graph().parse(data=out, format="turtle")
    assert (rdflib.URIRef("https://example.org/mini/character/villain"), None, None) in graph


@pytest.mark.parametrize(
    ("name", "fmt", "parser"),
    [("u.ttl", None, "turtle"), ("u.nt", None, "nt"), ("u.jsonld", None, "json-ld"), ("u.txt", "ntriples", "nt")],
)
def test_export_picks_the_format_from_the_file_name(
    mini: Path, tmp_path: Path, name: str, fmt: str | None, parser: str
) -> None:
    target = tmp_path / name
    args = ["export", "--data", str(mini), "-o", str(target)] + (["--format", fmt] if fmt else [])
    code, out, err = run(*args)
    assert code == 0 and out == ""
    assert err == f"wrote {target} ({fmt or {'u.ttl': 'turtle', 'u.nt': 'ntriples', 'u.jsonld': 'jsonld'}[name]})\n"
    assert len(rdflib.Graph().parse(target, format=parser)) > 50


def test_export_graphml_and_json(mini: Path, tmp_path: Path) -> None:
    assert run("export", "--data", str(mini), "-o", str(tmp_path / "g.graphml"))[0] == 0
    assert "<graphml" in (tmp_path / "g.graphml").read_text(encoding="utf-8")
    code, out, _ = run("export", "--data", str(mini), "--format", "json")
    assert code == 0 and json.loads(out)["graph"]["id"] == "mini"


def test_export_is_byte_identical_run_after_run(mini: Path) -> None:
    assert run("export", "--data", str(mini))[1] == run("export", "--data", str(mini))[1]


def test_export_positions(mini: Path) -> None:
    code, out, _ = run("export", "--data", str(mini), "--positions", "--format", "ntriples")
    assert code == 0 and "ontology#definedAt>" in out and "universe.yaml:" in out


def test_export_errors(mini: Path, tmp_path: Path) -> None:
    code, _, err = run("export", "--data", str(mini), "-o", str(tmp_path))
    assert code == 2 and "is a directory" in err
    code, _, err = run("export", "--data", str(mini), "--format", "rdfxml")
    assert code == 2 and "Invalid value for '--format'" in err
    code, _, err = run("export", "--data", str(tmp_path / "none.yaml"))
    assert (
        code == 1
        and err == f"Error: no data file at '{tmp_path / 'none.yaml'}': pass --data PATH or set MCUGRAPH_DATA\n"
    )


# -- query --------------------------------------------------------------------------------


def test_query_by_name_with_a_parameter_named_as_a_person_would(mini: Path, tmp_path: Path) -> None:
    text = (
        "# title: t\n# param: character (character) -- who\nPREFIX schema: <http://schema.org/>\n"
        "SELECT ?character ?name WHERE { ?character schema:name ?name }\n"
    )
    (tmp_path / "who.rq").write_text(text, encoding="utf-8")
    code, out, _ = run("query", "who", "--queries", str(tmp_path), "--data", str(mini), "-p", "character=Dr. Villain")
    assert code == 0
    assert out == "character          name\n-----------------  -----------\ncharacter:villain  Dr. Villain\n"
    result = CliRunner().invoke(
        main, ["query", str(tmp_path / "who.rq"), "--data", str(mini), "-p", "character=The Watcher", "-f", "csv"]
    )
    assert result.stdout_bytes == b"character,name\r\nhttps://example.org/mini/character/night-watch,Night Watch\r\n"


def test_query_shipped_catalog_in_every_format() -> None:
    base = ("query", "cast-of-work", "--data", SHIPPED, "--queries", QUERIES, "-p", "work=jessica-jones-s1")
    code, out, _ = run(*base)
    assert code == 0 and "Krysten Ritter" in out and "Jessica Jones" in out
    data = json.loads(run(*base, "-f", "json")[1])
    assert data["head"]["vars"][:3] == ["work", "actor", "character"]
    assert run(*base, "-f", "tsv")[1].startswith("?work\t?actor\t?character")
    assert run(*base, "-f", "xml")[1].startswith('<?xml version="1.0"?>')


def test_a_curated_query_on_another_universe_asks_for_what_its_defaults_do_not_name(mini: Path) -> None:
    code, out, err = run("query", "cast-of-work", "--data", str(mini), "--queries", QUERIES)
    assert (code, out) == (2, "")
    assert err == (
        "Error: the query 'cast-of-work' needs a value for 'work' (a film, series, season or episode of this"
        " universe, e.g. night-watch); pass --param work=VALUE\n"
    )
    for work in ("night-watch", "Night Watch"):  # by name, too: of the works, only the series has it
        code, out, _ = run("query", "cast-of-work", "--data", str(mini), "--queries", QUERIES, "-p", f"work={work}")
        assert code == 0 and "Ána López" in out and "Night Watch" in out


def test_a_parameter_value_that_names_nothing_here_is_a_wrong_call(mini: Path) -> None:
    code, out, err = run("query", "filmography", "--data", str(mini), "--queries", QUERIES, "-p", "person=ana-lopes")
    assert (code, out) == (2, "")
    assert err == (
        "Error: parameter 'person' (a person of this universe, e.g. ana-lopez): nothing is called 'ana-lopes';"
        " did you mean 'person:ana-lopez', 'Ána López'?\n"
    )
    code, _, err = run("query", "filmography", "--data", str(mini), "--queries", QUERIES, "-p", "person=krysten-ritter")
    assert code == 2 and "nothing is called 'krysten-ritter'" in err and "Traceback" not in err


def test_query_lists_the_catalog() -> None:
    code, out, _ = run("query", "--list", "--queries", QUERIES)
    assert code == 0
    assert "cast-of-work" in out and "--param work (work) = jessica-jones-s1" in out


def test_query_from_stdin_and_graph_results(mini: Path) -> None:
    construct = "PREFIX schema: <http://schema.org/>\nCONSTRUCT { ?s schema:name ?n } WHERE { ?s schema:name ?n }"
    code, out, _ = run("query", "-", "--data", str(mini), input=construct)
    assert code == 0 and "schema:name" in out  # Turtle
    code, out, _ = run("query", "-", "--data", str(mini), "-f", "ntriples", input=construct)
    assert code == 0 and out.endswith(" .\n")
    code, _, err = run("query", "-", "--data", str(mini), "-f", "csv", input=construct)
    assert code == 1 and err == (
        "Error: a CONSTRUCT query gives a graph: ask for turtle, ntriples, jsonld or rdfxml, not csv\n"
    )
    code, out, _ = run("query", "-", "--data", str(mini), input="ASK { ?s ?p ?o }")
    assert (code, out) == (0, "yes\n")


def test_the_result_limit_warns_on_stderr(mini: Path) -> None:
    code, out, err = run(
        "query", "-", "--data", str(mini), "--limit", "3", "-f", "csv", input="SELECT * WHERE { ?s ?p ?o }"
    )
    assert code == 0 and len(out.splitlines()) == 4
    assert err == (
        "warning: only the first 3 results are shown (the result limit); add a LIMIT to the query or raise --limit\n"
    )


@pytest.mark.parametrize(
    ("args", "stdin", "code", "message"),
    [
        (("query",), None, 2, "Error: give a query: a .rq file, a name from `mcugraph query --list`, or - for stdin"),
        (("query", "nope.rq"), None, 2, "Error: no such query file: 'nope.rq'\n"),
        (("query", "some/where.rq"), None, 2, "Error: no such query file: 'some/where.rq' (looked in some/)"),
        (
            ("query", "cast-of-wrok", "--queries", QUERIES),
            None,
            2,
            "Error: no query file or query named 'cast-of-wrok'; did you mean cast-of-work?",
        ),
        (
            ("query", "cast-of-work", "--queries", QUERIES, "-p", "work"),
            None,
            2,
            "Invalid value for --param: 'work' is not NAME=VALUE (write --param work=VALUE)",
        ),
        (
            ("query", "cast-of-work", "--queries", QUERIES, "-p", "season=x"),
            None,
            2,
            "Error: the query takes no parameter 'season' (it takes: work); if you wrote the query, list the"
            " parameter in a comment line at its top",
        ),
        (
            ("query", "cast-of-work", "--queries", QUERIES, "-p", "work=Jesica Jones"),
            None,
            2,
            "Error: parameter 'work' (a film, series, season or episode of this universe, e.g. iron-man):"
            " nothing is called 'Jesica Jones'; did you mean",
        ),
        (
            ("query", "cast-of-work", "--queries", QUERIES, "-p", "work=The Defenders"),
            None,
            2,
            "Error: parameter 'work': 'The Defenders' could mean several things: work:the-defenders",
        ),
        (
            ("query", "-"),
            "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }",
            1,
            "Error: SERVICE is not allowed: queries may not call other endpoints",
        ),
        (
            ("query", "-"),
            "DELETE WHERE { ?s ?p ?o }",
            1,
            "Error: updates are not allowed (DELETE): this is a read-only query service",
        ),
        (
            ("query", "-"),
            "SELECT * WHERE { ?s ?p }",
            1,
            "Error: SPARQL syntax error at line 1, column 25: the query ends before it is complete\n"
            "  SELECT * WHERE { ?s ?p }\n",
        ),
        (
            ("query", "-", "--timeout", "0.2"),
            "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",
            1,
            "Error: the query ran past its time limit of 0.2 s; narrow it down or add a LIMIT",
        ),
        (("query", "-", "--limit", "0"), "ASK {}", 2, "Invalid value for '--limit'"),
    ],
)
def test_query_errors(args: tuple[str, ...], stdin: str | None, code: int, message: str) -> None:
    got, _, err = run(*args, "--data", SHIPPED, input=stdin)
    assert got == code
    assert message in err
    assert "Traceback" not in err


def test_the_query_limits_can_be_raised_for_local_runs(mini: Path) -> None:
    deep = "ASK { " + "{ " * 2500 + "}" * 2500 + " }"
    code, _, err = run("query", "-", "--data", str(mini), input=deep)
    assert code == 1
    assert err == "Error: the query nests 2,501 levels deep (braces, parentheses and brackets); the limit is 2,000\n"
    code, out, _ = run("query", "-", "--data", str(mini), "--max-depth", "3000", input=deep)
    assert (code, out) == (0, "yes\n")
    long = "ASK { } #" + "x" * 100_000
    code, _, err = run("query", "-", "--data", str(mini), input=long)
    assert (code, err) == (1, "Error: the query is 100,009 characters long; the limit is 100,000\n")
    code, out, _ = run("query", "-", "--data", str(mini), "--max-length", "200000", input=long)
    assert (code, out) == (0, "yes\n")
    code, _, err = run("query", "-", "--data", str(mini), "--max-depth", "20001", input="ASK {}")
    assert code == 2 and "--max-depth" in err


def test_the_clis_default_limits_are_the_libraries() -> None:
    from mcugraph.cli import _rdf
    from mcugraph.sparql import vet

    assert (_rdf.MAX_QUERY_LENGTH, _rdf.MAX_DEPTH, _rdf.DEEPEST) == (vet.MAX_QUERY_LENGTH, vet.MAX_DEPTH, vet.DEEPEST)


@pytest.mark.parametrize(("fmt", "parser"), [("jsonld", "json-ld"), ("rdfxml", "xml"), ("turtle", "turtle")])
def test_graph_results_in_every_rdf_format(mini: Path, fmt: str, parser: str) -> None:
    from rdflib import Graph

    construct = "PREFIX schema: <http://schema.org/>\nCONSTRUCT { ?s schema:name ?n } WHERE { ?s schema:name ?n }"
    code, out, _ = run("query", "-", "--data", str(mini), "-f", fmt, input=construct)
    _, reference, _ = run("query", "-", "--data", str(mini), "-f", "ntriples", input=construct)
    assert code == 0
    assert len(Graph().parse(data=out, format=parser)) == len(Graph().parse(data=reference, format="nt")) > 0


def test_a_graph_asked_for_as_a_table_format_is_refused_cleanly() -> None:
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "mcugraph", "query", "character-neighbourhood", "-f", "csv"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert done.returncode == 1
    # nothing of pyoxigraph's own: its result is let go of on the thread that made it
    assert (
        done.stderr == "Error: a CONSTRUCT query gives a graph: ask for turtle, ntriples, jsonld or rdfxml, not csv\n"
    )
