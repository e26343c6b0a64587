"""The universe file names the ontology namespace; every output follows it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import mcugraph
from mcugraph.model import DEFAULT_ONTOLOGY_IRI, Universe
from mcugraph.rdf import MCG, RdfDataset
from mcugraph.rdf.describe import ontology_iri, shapes_iri
from mcugraph.rdf.export import export_text
from mcugraph.rdf.shapes import check_shapes, packaged_text
from mcugraph.rdf.terms import Lit
from mcugraph.rdf.vocab import DCTERMS

from .conftest import OWN, RICH_YAML

ROOT = Path(__file__).resolve().parents[2]


def _iris(dataset: RdfDataset) -> set[str]:
    out = set()
    for s, p, o in dataset.triples:
        out.update((s, p, o.datatype if isinstance(o, Lit) else o))
    return out


def test_the_default_is_the_w3id_namespace(rich: Universe) -> None:
    assert MCG == DEFAULT_ONTOLOGY_IRI == "https://w3id.org/mcugraph/ontology#"
    assert rich.info.ontology_iri == MCG
    assert ontology_iri(rich) == "https://w3id.org/mcugraph/ontology"


def test_the_shipped_universe_states_w3id_iris() -> None:
    universe = mcugraph.load(ROOT / "data" / "universe.yaml")
    assert universe.info.base_iri.startswith("https://w3id.org/mcugraph/")
    assert universe.info.ontology_iri == "https://w3id.org/mcugraph/ontology#"


def test_a_universe_with_its_own_ontology_iri_uses_it_everywhere(own: Universe) -> None:
    dataset = RdfDataset(own)
    iris = _iris(dataset)
    assert not [i for i in iris if i.startswith(DEFAULT_ONTOLOGY_IRI[:-1])]
    assert OWN + "Character" in iris
    assert dataset.prefixes["mcg"] == OWN
    description = {(p, o) for s, p, o in dataset.triples if s == "https://example.org/harbor/dataset"}
    assert (DCTERMS + "conformsTo", "https://ontology.example.net/story") in description
    assert shapes_iri(own) == "https://ontology.example.net/story/shapes"


def test_turtle_and_jsonld_follow_the_ontology_iri(own: Universe) -> None:
    turtle = export_text(own, format="turtle")
    assert f"@prefix mcg: <{OWN}> ." in turtle
    assert "w3id.org/mcugraph/ontology" not in turtle
    document = json.loads(export_text(own, format="jsonld"))
    assert document["@context"][0]["@vocab"] == OWN
    assert "w3id.org/mcugraph/ontology" not in json.dumps(document)


def test_jsonld_with_its_own_ontology_expands_to_the_same_graph(own: Universe) -> None:
    import rdflib
    from rdflib.compare import isomorphic

    nt = rdflib.Graph().parse(data=RdfDataset(own).ntriples, format="nt")
    ld = rdflib.Graph().parse(data=export_text(own, format="jsonld"), format="json-ld")
    assert isomorphic(nt, ld)


def test_the_shapes_follow_the_ontology_iri(own: Universe) -> None:
    assert "w3id.org/mcugraph/ontology" not in packaged_text("shapes.ttl", OWN)
    assert check_shapes(RdfDataset(own).ntriples, ontology=OWN).conforms
    nt = RdfDataset(own).ntriples
    broken = "".join(line for line in nt.splitlines(keepends=True) if f"<{OWN}workKind>" not in line)
    assert broken != nt
    report = check_shapes(broken, ontology=OWN)
    assert not report.conforms and "workKind" in report.text


def test_an_ontology_iri_must_end_in_a_separator() -> None:
    text = RICH_YAML.replace(
        "  base_iri: https://example.org/harbor/\n",
        "  base_iri: https://example.org/harbor/\n  ontology_iri: 'https://example.net/o'\n",
    )
    with pytest.raises(mcugraph.errors.ValidationError) as caught:
        mcugraph.loads(text)
    assert "ontology_iri 'https://example.net/o' must end in '/' or '#'" in str(caught.value)


@pytest.mark.parametrize("inference", ["none", "rdfs"])
def test_the_shipped_export_conforms_with_and_without_rdfs_inference(inference: str) -> None:
    report = check_shapes(RdfDataset(mcugraph.load(ROOT / "data" / "universe.yaml")).ntriples, inference=inference)
    assert report.conforms, report.text[:2000]


def test_rdfs_inference_adds_related_to_and_the_shapes_allow_it(rich: Universe) -> None:
    report = check_shapes(RdfDataset(rich).ntriples, inference="rdfs")
    assert report.conforms, report.text[:2000]


def test_build_and_serve_hand_out_the_files_under_the_universes_namespace(own: Universe, tmp_path: Path) -> None:
    import warnings

    from mcugraph.rdf.stage import build_stage
    from mcugraph.sparql.endpoint import ServeOptions, create_app

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from starlette.testclient import TestClient

    written = {p.name: p.read_text(encoding="utf-8") for p in build_stage(own, tmp_path)}
    client = TestClient(create_app(own, ServeOptions()))
    for name in ("ontology.ttl", "shapes.ttl", "context.jsonld"):
        served = client.get(f"/data/{name}").text
        for text in (written[name], served):
            assert "w3id.org/mcugraph/ontology" not in text, name
            assert "https://ontology.example.net/story" in text, name
