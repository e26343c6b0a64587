"""mcugraph wikidata, and the wikidata-links query, on the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
from click.testing import CliRunner

from mcugraph.cli import main

ROOT = Path(__file__).resolve().parents[2]
QUERIES = str(ROOT / "queries")

LINKED = """
universe: {id: wd, name: Linked, base_iri: "https://example.org/wd/", license: CC0-1.0, wikidata: Q90000001}
works:
  - {id: one, kind: film, title: "One", released: 2001-01-01, wikidata: Q90000002}
people:
  - {id: al, name: Al}
characters:
  - {id: hero, name: Hero, wikidata: Q90000005}
portrayals:
  - {person: al, character: hero, works: [one]}
"""


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def _data(tmp_path: Path) -> str:
    path = tmp_path / "universe.yaml"
    path.write_text(LINKED, encoding="utf-8")
    return str(path)


def test_wikidata_writes_turtle_to_stdout(tmp_path: Path) -> None:
    code, out, err = run("wikidata", "--data", _data(tmp_path))
    assert code == 0 and err == ""
    triples = {
        (q.subject.value, q.predicate.value, q.object.value) for q in ox.parse(out.encode(), format=ox.RdfFormat.TURTLE)
    }
    assert (
        "http://www.wikidata.org/entity/Q90000002",
        "http://www.wikidata.org/prop/direct/P161",
        "https://example.org/wd/person/al",
    ) in triples


def test_wikidata_writes_a_file_in_the_format_its_name_says(tmp_path: Path) -> None:
    target = tmp_path / "wd.nt"
    code, out, err = run("wikidata", "--data", _data(tmp_path), "-o", str(target))
    assert code == 0 and out == "" and err == f"wrote {target} (Wikidata-shaped ntriples)\n"
    assert target.read_text(encoding="utf-8").startswith("<")


def test_wikidata_refuses_a_name_that_says_no_format(tmp_path: Path) -> None:
    code, _, err = run("wikidata", "--data", _data(tmp_path), "-o", str(tmp_path / "wd.xml"))
    assert code == 2
    assert (
        f"cannot tell the format from '{tmp_path / 'wd.xml'}': add --format (turtle, ntriples) or use .ttl or .nt"
        in err
    )


def test_wikidata_refuses_a_format_the_name_contradicts(tmp_path: Path) -> None:
    code, _, err = run("wikidata", "--data", _data(tmp_path), "--format", "turtle", "-o", str(tmp_path / "wd.nt"))
    assert code == 2
    assert "--format turtle does not match" in err and "whose extension means ntriples" in err


def test_wikidata_links_returns_the_qids(tmp_path: Path) -> None:
    code, out, err = run("query", "wikidata-links", "--queries", QUERIES, "--data", _data(tmp_path), "--format", "json")
    assert code == 0, err
    rows = {(b["record"]["value"], b["wikidata"]["value"]) for b in json.loads(out)["results"]["bindings"]}
    assert rows == {
        ("https://example.org/wd/dataset", "http://www.wikidata.org/entity/Q90000001"),
        ("https://example.org/wd/work/one", "http://www.wikidata.org/entity/Q90000002"),
        ("https://example.org/wd/character/hero", "http://www.wikidata.org/entity/Q90000005"),
    }
