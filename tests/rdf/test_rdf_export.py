"""Exports: every format parses back to the same graph, and the same data gives the same bytes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest
import rdflib
from rdflib.compare import isomorphic

import mcugraph
from mcugraph.errors import OutputError
from mcugraph.model import Universe, replace
from mcugraph.rdf import FORMATS, RdfDataset, export_text, write_export
from mcugraph.rdf.jsonld import CONTEXT_FILE, build_context
from mcugraph.rdf.vocab import DCAT, DCTERMS, VOID

from .conftest import RICH_YAML

ROOT = Path(__file__).resolve().parents[2]
# rdflib's own JSON-LD parser (used to read our output back) warns about its internals
pytestmark = pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")
B = "https://example.org/harbor/"


def _graph(text: str, fmt: str) -> rdflib.Graph:
    return rdflib.Graph().parse(data=text, format=fmt)


@pytest.mark.parametrize(("fmt", "parser"), [("turtle", "turtle"), ("jsonld", "json-ld")])
def test_turtle_and_jsonld_parse_back_to_the_ntriples_graph(rich: Universe, fmt: str, parser: str) -> None:
    reference = _graph(export_text(rich, format="ntriples"), "nt")
    assert isomorphic(_graph(export_text(rich, format=fmt), parser), reference)


@pytest.mark.parametrize(("fmt", "ox_format"), [("turtle", ox.RdfFormat.TURTLE), ("jsonld", ox.RdfFormat.JSON_LD)])
def test_a_second_parser_reads_the_same_triples(rich: Universe, fmt: str, ox_format: ox.RdfFormat) -> None:
    expected = set(ox.parse(export_text(rich, format="ntriples").encode(), format=ox.RdfFormat.N_TRIPLES))
    assert set(ox.parse(export_text(rich, format=fmt).encode(), format=ox_format)) == expected


def test_a_hash_base_exports_and_parses(tiny: Universe) -> None:
    reference = _graph(export_text(tiny, format="ntriples"), "nt")
    assert isomorphic(_graph(export_text(tiny, format="turtle"), "turtle"), reference)
    assert isomorphic(_graph(export_text(tiny, format="jsonld"), "json-ld"), reference)


def test_turtle_is_readable(rich: Universe) -> None:
    text = export_text(rich, format="turtle")
    assert "@prefix character: <https://example.org/harbor/character/> ." in text
    assert 'character:pip a mcg:Character ;\n    schema:name "Pip" ;' in text
    assert "mcg:age 30 ;" in text


def test_jsonld_uses_the_published_context_and_short_names(rich: Universe) -> None:
    doc = json.loads(export_text(rich, format="jsonld"))
    context, local = doc["@context"]
    assert context == build_context()["@context"]
    assert local == {"@base": B}
    nodes = {n["@id"]: n for n in doc["@graph"]}
    pip = nodes["character/pip"]
    assert pip["@type"] == "Character"
    assert pip["name"] == "Pip"
    assert pip["appearsIn"] == ["work/dockside-s1", "work/watch-s1e02"]
    assert nodes["work/watch-s1"]["datePublished"] == "2015-04-10"
    assert nodes["appearance/pip--voice--dockside-s1"]["mode"] == "VoiceOnly"
    assert nodes["character/mara-vell/age/1"]["age"] == 30
    for node in doc["@graph"]:  # every property has a short name: nothing left as a full or compact IRI
        assert all(":" not in key for key in node), node


def test_the_shipped_context_is_the_generated_one() -> None:
    shipped = json.loads((ROOT / "src" / "mcugraph" / "rdf" / CONTEXT_FILE).read_text(encoding="utf-8"))
    assert shipped == build_context(), "run: python -m mcugraph.rdf.jsonld > src/mcugraph/rdf/context.jsonld"


def test_graphml_opens_in_networkx_with_iris(rich: Universe) -> None:
    graph = nx.parse_graphml(export_text(rich, format="graphml"), force_multigraph=True)
    assert graph.nodes["character:pip"]["iri"] == f"{B}character/pip"
    assert graph.nodes["character:pip"]["label"] == "Pip"
    assert graph.number_of_nodes() == 4 + 4 + 12 + 4 + 2 + 2


def test_json_is_a_node_link_graph(rich: Universe) -> None:
    data = json.loads(export_text(rich, format="json"))
    assert data["graph"]["license"] == "CC-BY-4.0"
    nodes = {n["id"]: n for n in data["nodes"]}
    assert nodes["work:watch-s1"]["iri"] == f"{B}work/watch-s1"
    assert {"source", "target", "relation"} <= set(data["links"][0])


def test_the_description_counts_and_links(rich: Universe) -> None:
    dataset = RdfDataset(rich)
    graph = _graph(dataset.ntriples, "nt")
    ds = rdflib.URIRef(f"{B}dataset")
    value = graph.value
    # the whole dump, the description's own triples included: one per N-Triples line
    assert int(value(ds, rdflib.URIRef(VOID + "triples"))) == len(dataset.triples) == len(graph)
    assert len(dataset.triples) > len(dataset.data)
    assert str(value(ds, rdflib.URIRef(DCTERMS + "license"))) == "https://spdx.org/licenses/CC-BY-4.0"
    assert str(value(ds, rdflib.URIRef(DCAT + "version"))) == "2.1.0"
    dumps = {str(o) for o in graph.objects(ds, rdflib.URIRef(VOID + "dataDump"))}
    assert dumps == {f"{B}data/harbor.ttl", f"{B}data/harbor.nt", f"{B}data/harbor.jsonld"}
    linked = RdfDataset(rich, data_url="http://127.0.0.1:8000/data/", endpoint="http://127.0.0.1:8000/sparql")
    graph = _graph(linked.ntriples, "nt")
    assert str(graph.value(ds, rdflib.URIRef(VOID + "sparqlEndpoint"))) == "http://127.0.0.1:8000/sparql"


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_the_same_data_gives_the_same_bytes_in_another_process(rich: Universe, fmt: str, tmp_path: Path) -> None:
    source = tmp_path / "u.yaml"
    source.write_text(RICH_YAML, encoding="utf-8")
    code = (
        "import sys, mcugraph; from mcugraph.rdf import export_text; "
        f"sys.stdout.write(export_text(mcugraph.load({str(source)!r}), format={fmt!r}))"
    )
    runs = [
        subprocess.run(
            [sys.executable, "-c", code], capture_output=True, check=True, env={**os.environ, "PYTHONHASHSEED": seed}
        ).stdout
        for seed in ("1", "2")
    ]
    assert runs[0] == runs[1] == export_text(mcugraph.load(source), format=fmt).encode()


def test_write_export_writes_the_file_whole(rich: Universe, tmp_path: Path) -> None:
    target = tmp_path / "out" / "harbor.ttl"
    write_export(rich, target, format="turtle")
    assert target.read_text(encoding="utf-8") == export_text(rich, format="turtle")
    assert [p.name for p in target.parent.iterdir()] == ["harbor.ttl"]  # no temporary file left


def test_write_export_errors_are_library_errors(rich: Universe, tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="unknown export format 'rdfxml': use one of turtle, ntriples, jsonld"):
        write_export(rich, tmp_path / "x", format="rdfxml")
    (tmp_path / "taken").mkdir()
    with pytest.raises(OutputError, match="taken: it is a folder; give a file name"):
        write_export(rich, tmp_path / "taken", format="turtle")


HOSTILE = """
universe: {id: h, name: "Hostile <&> \\"name\\"", base_iri: "https://example.org/h/", license: CC0-1.0}
works:
  - {id: w, kind: film, title: "TITLE", released: 2001-01-01}
characters:
  - {id: c, name: "NAME"}
people:
  - {id: p, name: "]]> --> <!-- '"}
portrayals:
  - {person: p, character: c, works: [w]}
"""


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_hostile_text_gives_well_formed_output_in_every_format(fmt: str) -> None:
    # validate refuses control characters in names and titles now, but the exporters are a
    # library too: records made in Python can still carry them, so they are put in by hand
    universe = mcugraph.loads(HOSTILE)
    work, character = universe.works["w"], universe.characters["c"]
    universe.works["w"] = replace(work, title='Tab\there, NUL\x00, bell\x07, quote " and <tag> & amp')
    universe.characters["c"] = replace(character, name="Line\nbreak \\ backslash \U0001f600 é")
    text = export_text(universe, format=fmt)
    if fmt == "graphml":
        graph = nx.parse_graphml(text, force_multigraph=True)
        assert graph.nodes["work:w"]["label"].startswith("Tab\there, NUL\ufffd, bell\ufffd")
    elif fmt == "json":
        assert json.loads(text)["nodes"]
    else:
        parser = {"turtle": "turtle", "ntriples": "nt", "jsonld": "json-ld"}[fmt]
        names = {str(o) for o in _graph(text, parser).objects(None, rdflib.URIRef("http://schema.org/name"))}
        assert 'Tab\there, NUL\x00, bell\x07, quote " and <tag> & amp' in names
        assert "Line\nbreak \\ backslash 😀 é" in names


def test_graphml_opens_in_igraph_with_its_node_ids(rich: Universe, tmp_path: Path) -> None:
    import warnings

    import igraph

    path = tmp_path / "harbor.graphml"
    path.write_text(export_text(rich, format="graphml"), encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # igraph warns when an 'id' attribute makes it drop the node ids
        graph = igraph.Graph.Read_GraphML(str(path))
    pip = graph.vs.find(id="character:pip")
    assert pip["record_id"] == "pip"
    assert pip["iri"] == f"{B}character/pip"
    assert graph.vcount() == len(set(graph.vs["id"])) == 4 + 4 + 12 + 4 + 2 + 2
    reference = nx.parse_graphml(path.read_text(encoding="utf-8"), force_multigraph=True)
    assert graph.ecount() == reference.number_of_edges()


def test_no_graphml_node_attribute_is_called_id(rich: Universe) -> None:
    graph = nx.parse_graphml(export_text(rich, format="graphml"), force_multigraph=True)
    assert all("id" not in attrs for _, attrs in graph.nodes(data=True))
    assert graph.nodes["character:pip"]["record_id"] == "pip"
