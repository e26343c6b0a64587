"""The streaming exports: byte for byte the in-memory exports, however many runs they take,
and nothing left behind however they end."""

from __future__ import annotations

import copy
import io
import tempfile
from pathlib import Path
from typing import Any

import pytest
import rdflib
from rdflib.compare import isomorphic

import mcugraph
from mcugraph.errors import OutputError
from mcugraph.model import Universe, replace
from mcugraph.rdf import RdfDataset, export_text
from mcugraph.rdf import stream as stream_module
from mcugraph.rdf.describe import dataset_iri
from mcugraph.rdf.export import export_to, write_export
from mcugraph.rdf.jsonld import to_jsonld
from mcugraph.rdf.stage import build_stage
from mcugraph.rdf.stream import RDF_FORMATS, ntriples_lines, write_rdf, write_rdf_to
from mcugraph.rdf.turtle import to_turtle
from mcugraph.synthetic import generate_text

from .conftest import OWN, RICH_YAML

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = ROOT / "data" / "universe.yaml"
NAMES = {"turtle": "x.ttl", "ntriples": "x.nt", "jsonld": "x.jsonld"}
pytestmark = pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")


@pytest.fixture(scope="module")
def shipped() -> Universe:
    return mcugraph.load(SHIPPED)


@pytest.fixture(scope="module")
def synthetic() -> Universe:
    return mcugraph.loads(generate_text(1))


def in_memory(universe: Universe, *, positions: bool = False) -> dict[str, str]:
    """Each RDF format as the in-memory export writes it, from one dataset."""
    ds = RdfDataset(universe, positions=positions)
    info = universe.info
    return {
        "ntriples": ds.ntriples,
        "turtle": to_turtle(ds.triples, ds.prefixes),
        "jsonld": to_jsonld(ds.triples, base_iri=info.base_iri, ontology=info.ontology_iri),
    }


def streamed(
    universe: Universe, folder: Path, *, positions: bool = False, run_size: int | None = None
) -> dict[str, str]:
    paths = {fmt: folder / NAMES[fmt] for fmt in RDF_FORMATS}
    write_rdf(universe, paths, positions=positions, run_size=run_size)
    texts = {fmt: path.read_text(encoding="utf-8") for fmt, path in paths.items()}
    assert sorted(p.name for p in folder.iterdir()) == sorted(NAMES.values())  # no temporary file left
    return texts


class Exploding(dict[str, Any]):
    """A universe's records that fail when the converter comes to them (late: orders come last but two)."""

    def __init__(self, error: BaseException) -> None:
        super().__init__()
        self.error = error

    def values(self) -> Any:
        raise self.error


def exploding(universe: Universe, error: BaseException) -> Universe:
    broken = copy.copy(universe)
    broken.orders = Exploding(error)
    return broken


# -- the same bytes ------------------------------------------------------------------------


@pytest.mark.parametrize("positions", [False, True])
@pytest.mark.parametrize("run_size", [None, 2_000])
def test_the_shipped_universe_streams_to_the_same_bytes(
    shipped: Universe, tmp_path: Path, positions: bool, run_size: int | None
) -> None:
    assert streamed(shipped, tmp_path, positions=positions, run_size=run_size) == in_memory(
        shipped, positions=positions
    )


@pytest.mark.parametrize("positions", [False, True])
@pytest.mark.parametrize("run_size", [1, 37, 400])
def test_many_runs_give_the_same_bytes(synthetic: Universe, tmp_path: Path, positions: bool, run_size: int) -> None:
    assert len(RdfDataset(synthetic).data) > 4 * 400  # even the largest run size makes several runs
    assert streamed(synthetic, tmp_path, positions=positions, run_size=run_size) == in_memory(
        synthetic, positions=positions
    )


@pytest.mark.parametrize("run_size", [1, 50, None])
def test_a_universe_with_its_own_ontology_iri_streams_under_it(own: Universe, tmp_path: Path, run_size: int) -> None:
    texts = streamed(own, tmp_path, run_size=run_size)
    assert texts == in_memory(own)
    assert f"<{OWN}Character>" in texts["ntriples"] and "w3id.org/mcugraph/ontology#" not in texts["ntriples"]


@pytest.mark.parametrize("run_size", [1, 50])
def test_a_hash_base_and_a_small_universe_stream_too(
    tiny: Universe, rich: Universe, tmp_path: Path, run_size: int
) -> None:
    for universe in (tiny, rich):
        folder = tmp_path / universe.info.id
        folder.mkdir()
        assert streamed(universe, folder, run_size=run_size) == in_memory(universe)


def test_triples_made_twice_in_different_runs_are_written_once(rich: Universe, tmp_path: Path) -> None:
    # one record per run: a character's mcg:appearsIn comes from each portrayal and appearance
    text = streamed(rich, tmp_path, run_size=1)["ntriples"]
    lines = text.splitlines()
    assert len(lines) == len(set(lines)) == len(RdfDataset(rich).triples)
    counted = f'<{dataset_iri(rich)}> <http://rdfs.org/ns/void#triples> "{len(lines)}"'
    assert counted in text  # the description counts what the merge kept


def test_hostile_text_survives_the_runs(tmp_path: Path) -> None:
    universe = mcugraph.loads(RICH_YAML)
    work = next(iter(universe.works.values()))
    # records made in Python can hold what the reader refuses: NUL (the sort key's
    # separator), line breaks, and U+2028, which str.splitlines would take for a line end
    universe.works[work.id] = replace(work, title='NUL\x00 and\nline\u2028sep\\ "q" <t> 😀')
    assert streamed(universe, tmp_path, run_size=3) == in_memory(universe)
    lines = list(ntriples_lines(universe, run_size=3))
    assert all(line.endswith(" .\n") and line.count("\n") == 1 for line in lines)
    assert len(lines) == len(RdfDataset(universe).triples)


@pytest.mark.parametrize("run_size", [None, 7])
def test_the_jsonld_parses_back_to_the_same_graph(rich: Universe, tmp_path: Path, run_size: int | None) -> None:
    texts = streamed(rich, tmp_path, run_size=run_size)
    reference = rdflib.Graph().parse(data=texts["ntriples"], format="nt")
    assert isomorphic(rdflib.Graph().parse(data=texts["jsonld"], format="json-ld"), reference)
    assert isomorphic(rdflib.Graph().parse(data=texts["turtle"], format="turtle"), reference)


@pytest.mark.parametrize("positions", [False, True])
@pytest.mark.parametrize("run_size", [None, 1, 40])
def test_ntriples_lines_are_the_dataset_lines(rich: Universe, positions: bool, run_size: int | None) -> None:
    lines = list(ntriples_lines(rich, positions=positions, run_size=run_size))
    assert "".join(lines) == RdfDataset(rich, positions=positions).ntriples
    assert all(line.count("\n") == 1 and line.endswith("\n") for line in lines)


def test_one_call_writes_any_formats_and_returns_the_description(rich: Universe, tmp_path: Path) -> None:
    description = write_rdf(rich, {"jsonld": tmp_path / "a.jsonld"}, run_size=5)
    assert description == [t for t in RdfDataset(rich).triples if t[0].startswith(dataset_iri(rich))]
    assert (tmp_path / "a.jsonld").read_text(encoding="utf-8") == in_memory(rich)["jsonld"]


def test_links_in_the_description_are_passed_on(rich: Universe, tmp_path: Path) -> None:
    links = {"data_url": "http://127.0.0.1:8000/data/", "endpoint": "http://127.0.0.1:8000/sparql"}
    write_rdf(rich, {"ntriples": tmp_path / "x.nt"}, run_size=9, **links)
    assert (tmp_path / "x.nt").read_text(encoding="utf-8") == RdfDataset(rich, **links).ntriples


@pytest.mark.parametrize("fmt", RDF_FORMATS)
def test_writing_to_a_stream_gives_the_file_bytes(
    rich: Universe, fmt: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # where a stream's temporary files go
    out = io.StringIO()
    write_rdf_to(rich, out, format=fmt, run_size=11)
    assert out.getvalue() == in_memory(rich)[fmt] == export_text(rich, format=fmt)
    assert list(tmp_path.iterdir()) == []


# -- the paths that use it -----------------------------------------------------------------


def test_write_export_export_to_and_the_build_stage_stream(
    rich: Universe, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(stream_module, "RUN", 13)  # the default every caller gets: many runs
    expected = in_memory(rich)
    for fmt in RDF_FORMATS:
        write_export(rich, tmp_path / NAMES[fmt], format=fmt)
        assert (tmp_path / NAMES[fmt]).read_text(encoding="utf-8") == expected[fmt]
        out = io.StringIO()
        export_to(rich, out, format=fmt)
        assert out.getvalue() == expected[fmt]
    build_stage(rich, tmp_path / "site")
    data = tmp_path / "site" / "data"
    assert (data / "harbor.ttl").read_text(encoding="utf-8") == expected["turtle"]
    assert (data / "harbor.nt").read_text(encoding="utf-8") == expected["ntriples"]
    assert (data / "harbor.jsonld").read_text(encoding="utf-8") == expected["jsonld"]
    void = rdflib.Graph().parse(data / "void.ttl", format="turtle")
    assert {str(s) for s in void.subjects()} == {
        s for s, _, _ in RdfDataset(rich).triples if s.startswith(dataset_iri(rich))
    }
    assert sorted(p.name for p in data.iterdir() if p.name.startswith(".")) == []


def test_a_universe_of_one_run_needs_no_temporary_file(
    shipped: Universe, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refused(*args: object, **kwargs: object) -> None:
        raise AssertionError("a temporary folder was made")

    monkeypatch.setattr(tempfile, "TemporaryDirectory", refused)
    assert streamed(shipped, tmp_path) == in_memory(shipped)


# -- failures --------------------------------------------------------------------------------


@pytest.mark.parametrize("error", [RuntimeError("boom"), KeyboardInterrupt()])
@pytest.mark.parametrize("run_size", [None, 3])
def test_a_failing_conversion_leaves_the_outputs_and_no_temporary_file(
    rich: Universe, tmp_path: Path, error: BaseException, run_size: int | None
) -> None:
    paths = {fmt: tmp_path / NAMES[fmt] for fmt in RDF_FORMATS}
    for path in paths.values():
        path.write_text("before\n", encoding="utf-8")
    with pytest.raises(type(error)):
        write_rdf(exploding(rich, error), paths, run_size=run_size)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(NAMES.values())
    assert all(path.read_text(encoding="utf-8") == "before\n" for path in paths.values())


class FailingStream(io.StringIO):
    """A stream that fails after some writes, as a full disk or a closed pipe would."""

    def __init__(self, error: BaseException, *, after: int) -> None:
        super().__init__()
        self.error, self.left = error, after

    def write(self, text: str) -> int:
        self.left -= 1
        if self.left < 0:
            raise self.error
        return super().write(text)


@pytest.mark.parametrize("error", [OSError(28, "No space left on device"), KeyboardInterrupt()])
def test_a_failure_while_writing_removes_the_temporary_files(
    synthetic: Universe, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, error: BaseException
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    with pytest.raises(type(error)):
        write_rdf_to(synthetic, FailingStream(error, after=3), format="turtle", run_size=500)
    assert list(tmp_path.iterdir()) == []


def test_a_disk_error_is_an_output_error_and_the_file_is_untouched(
    synthetic: Universe, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "x.nt"
    target.write_text("before\n", encoding="utf-8")
    real_open = open

    def full_disk(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        if "tail-" in str(file):
            raise OSError(28, "No space left on device")
        return real_open(file, mode, *args, **kwargs)

    monkeypatch.setattr("builtins.open", full_disk)
    with pytest.raises(OutputError, match=r"cannot write .*x\.nt: No space left on device"):
        write_rdf(synthetic, {"ntriples": target}, run_size=500)
    monkeypatch.undo()
    assert target.read_text(encoding="utf-8") == "before\n"
    assert [p.name for p in tmp_path.iterdir()] == ["x.nt"]


def test_reading_the_lines_half_way_and_stopping_removes_the_temporary_files(
    synthetic: Universe, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    lines = ntriples_lines(synthetic, run_size=500)
    assert next(lines).startswith("<")
    assert len(list(tmp_path.iterdir())) == 1  # the runs' folder, while the lines are read
    lines.close()
    assert list(tmp_path.iterdir()) == []


def test_bad_arguments_are_refused_before_anything_is_written(rich: Universe, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="run_size must be 1 or more, not 0"):
        write_rdf(rich, {"turtle": tmp_path / "x.ttl"}, run_size=0)
    with pytest.raises(ValueError, match="no streaming writer for 'graphml'"):
        write_rdf(rich, {"graphml": tmp_path / "x.graphml"})
    (tmp_path / "taken").mkdir()
    with pytest.raises(OutputError, match="taken: it is a folder; give a file name"):
        write_rdf(rich, {"turtle": tmp_path / "taken"})
    assert [p.name for p in tmp_path.iterdir()] == ["taken"]
