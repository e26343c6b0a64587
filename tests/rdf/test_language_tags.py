"""Labels and notes carry the universe's language; names and titles stay plain strings."""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest

import mcugraph
from mcugraph.model import Universe
from mcugraph.rdf import RdfDataset
from mcugraph.rdf.export import export_text
from mcugraph.rdf.shapes import check_shapes
from mcugraph.rdf.store import to_store
from mcugraph.rdf.vocab import RDFS, SCHEMA

from .conftest import RICH_YAML

B = "https://example.org/harbor/"


def _literals(nt: str) -> list[ox.Triple]:
    return [t for t in ox.parse(nt.encode(), format=ox.RdfFormat.N_TRIPLES) if isinstance(t.object, ox.Literal)]


def test_labels_and_notes_are_tagged_names_are_not(rich: Universe) -> None:
    literals = _literals(RdfDataset(rich).ntriples)
    by_predicate: dict[str, set[str | None]] = {}
    for t in literals:
        by_predicate.setdefault(t.predicate.value, set()).add(t.object.language)
    assert by_predicate[RDFS + "label"] == {"en"}
    assert by_predicate[RDFS + "comment"] == {"en"}
    assert by_predicate[SCHEMA + "name"] == {None}
    assert by_predicate[SCHEMA + "alternateName"] == {None}


def test_the_universe_names_its_language() -> None:
    universe = mcugraph.loads(RICH_YAML.replace("  version: 2.1.0\n", "  version: 2.1.0\n  language: fr\n", 1))
    labels = {
        t.object.language for t in _literals(RdfDataset(universe).ntriples) if t.predicate.value == RDFS + "label"
    }
    assert labels == {"fr"}
    assert check_shapes(RdfDataset(universe).ntriples).conforms


def test_the_streamed_store_tags_as_the_export_does(rich: Universe) -> None:
    store = to_store(rich)
    exported = {q.triple for q in ox.parse(RdfDataset(rich).ntriples.encode(), format=ox.RdfFormat.N_TRIPLES)}
    assert {q.triple for q in store} == exported


@pytest.mark.parametrize(("fmt", "parse"), [("turtle", ox.RdfFormat.TURTLE), ("jsonld", ox.RdfFormat.JSON_LD)])
def test_every_format_keeps_the_tags(rich: Universe, fmt: str, parse: ox.RdfFormat) -> None:
    reference = set(ox.parse(RdfDataset(rich).ntriples.encode(), format=ox.RdfFormat.N_TRIPLES))
    assert set(ox.parse(export_text(rich, format=fmt).encode(), format=parse)) == reference


def test_jsonld_writes_a_tagged_value_as_a_language_object(rich: Universe) -> None:
    nodes = {n["@id"]: n for n in json.loads(export_text(rich, format="jsonld"))["@graph"]}
    assert nodes["character/pip"]["label"] == {"@value": "Pip", "@language": "en"}
    assert nodes["character/pip"]["name"] == "Pip"


def test_a_plain_label_breaks_the_shapes(rich: Universe) -> None:
    nt = RdfDataset(rich).ntriples
    broken = nt.replace(f'<{B}character/pip> <{RDFS}label> "Pip"@en .', f'<{B}character/pip> <{RDFS}label> "Pip" .')
    assert broken != nt
    assert not check_shapes(broken).conforms
