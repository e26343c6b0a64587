"""The VoID/DCAT description: who made the data, when, how to cite it, and counts that agree with the dump."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

import mcugraph
from mcugraph.model import Universe
from mcugraph.rdf import RdfDataset
from mcugraph.rdf.export import export_text
from mcugraph.rdf.shapes import check_shapes
from mcugraph.rdf.terms import Lit
from mcugraph.rdf.vocab import DCAT, DCTERMS, FOAF, OWL, VOID, WD, XSD

from .conftest import RICH_YAML

ROOT = Path(__file__).resolve().parents[2]
B = "https://example.org/harbor/"
DS = f"{B}dataset"

CITED = RICH_YAML.replace(
    "  description: An invented universe for tests.\n",
    """  description: An invented universe for tests.
  wikidata: Q1000009
  creators: [Ada Quill, "Tidewater <Data> Collective"]
  publisher: Tidewater Press
  issued: 2024-05-01
  modified: 2026-11-30
  citation: "Quill, A. (2024). Harbor City Universe (version 2.1.0)."
  homepage: https://example.org/harbor-home
""",
)


@pytest.fixture(scope="module")
def cited() -> Universe:
    assert CITED != RICH_YAML
    return mcugraph.loads(CITED)


def _about(dataset: RdfDataset, subject: str) -> dict[str, set[object]]:
    out: dict[str, set[object]] = {}
    for s, p, o in dataset.triples:
        if s == subject:
            out.setdefault(p, set()).add(o)
    return out


def test_the_description_names_creators_publisher_dates_and_citation(cited: Universe) -> None:
    dataset = RdfDataset(cited)
    about = _about(dataset, DS)
    assert about[DCTERMS + "creator"] == {f"{DS}/creator/1", f"{DS}/creator/2"}
    assert _about(dataset, f"{DS}/creator/2")[FOAF + "name"] == {Lit("Tidewater <Data> Collective")}
    assert _about(dataset, f"{DS}/publisher")[FOAF + "name"] == {Lit("Tidewater Press")}
    assert about[DCTERMS + "issued"] == {Lit("2024-05-01", XSD + "date")}
    assert about[DCTERMS + "modified"] == {Lit("2026-11-30", XSD + "date")}
    assert about[DCTERMS + "bibliographicCitation"] == {Lit("Quill, A. (2024). Harbor City Universe (version 2.1.0).")}
    assert about[DCAT + "version"] == about[OWL + "versionInfo"] == {Lit("2.1.0")}
    assert about[DCTERMS + "license"] == {"https://spdx.org/licenses/CC-BY-4.0"}
    assert about[DCAT + "landingPage"] == {"https://example.org/harbor-home"}
    assert about[DCTERMS + "subject"] == {WD + "Q1000009"}
    assert about[DCTERMS + "language"] == {Lit("en", XSD + "language")}


def test_without_metadata_the_description_states_none(rich: Universe) -> None:
    about = _about(RdfDataset(rich), DS)
    for term in ("creator", "publisher", "issued", "modified", "bibliographicCitation"):
        assert DCTERMS + term not in about


def test_the_description_with_metadata_conforms_to_the_shapes(cited: Universe) -> None:
    report = check_shapes(RdfDataset(cited).ntriples)
    assert report.conforms, report.text[:2000]


@pytest.mark.parametrize("fixture", ["rich", "cited"])
def test_void_triples_is_the_number_of_lines_of_the_dump(fixture: str, request: pytest.FixtureRequest) -> None:
    universe = request.getfixturevalue(fixture)
    nt = export_text(universe, format="ntriples")
    graph = {t for t in ox.parse(nt.encode(), format=ox.RdfFormat.N_TRIPLES)}
    (stated,) = [int(t.object.value) for t in graph if t.subject.value == DS and t.predicate.value == VOID + "triples"]
    assert stated == len(graph) == nt.count("\n")
    subjects = {t.subject for t in graph}
    (distinct,) = [
        int(t.object.value) for t in graph if t.subject.value == DS and t.predicate.value == VOID + "distinctSubjects"
    ]
    assert distinct == len(subjects)


def test_the_shipped_dump_and_its_void_triples_agree() -> None:
    universe = mcugraph.load(ROOT / "data" / "universe.yaml")
    nt = RdfDataset(universe).ntriples
    stated = next(
        line for line in nt.splitlines() if line.startswith(f"<{universe.info.base_iri}dataset> <{VOID}triples>")
    )
    assert int(stated.split('"')[1]) == nt.count("\n")
