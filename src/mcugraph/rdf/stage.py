"""The ``mcugraph build`` stage: the RDF dumps, the graph files and their description.

Writes to ``{outdir}/data/``, the same layout ``mcugraph serve`` uses under ``/data/``:
``{id}.ttl``, ``{id}.nt``, ``{id}.jsonld``, ``{id}.graphml``, ``{id}.json``, ``void.ttl``
and, so the folder stands alone, ``ontology.ttl``, ``shapes.ttl`` and ``context.jsonld``.
"""

from __future__ import annotations

from pathlib import Path

from mcugraph._io import atomic_write
from mcugraph.model import Universe
from mcugraph.rdf.dataset import RdfDataset
from mcugraph.rdf.describe import DUMPS, dataset_iri, dump_names
from mcugraph.rdf.export import write_export
from mcugraph.rdf.shapes import packaged_text
from mcugraph.rdf.turtle import to_turtle

__all__ = ["build_stage", "DATA_FOLDER"]

DATA_FOLDER = "data"


def build_stage(universe: Universe, outdir: Path) -> list[Path]:
    """Write every dump of ``universe`` into ``outdir/data`` and return the paths."""
    folder = Path(outdir) / DATA_FOLDER
    dataset = RdfDataset(universe)
    names = dump_names(universe)
    written: list[Path] = []
    for dump in DUMPS:
        path = folder / names[dump.format]
        write_export(universe, path, format=dump.format, dataset=dataset)
        written.append(path)
    description = [t for t in dataset.triples if t[0].startswith(dataset_iri(universe))]
    void = folder / "void.ttl"
    atomic_write(void, to_turtle(description, dataset.prefixes))
    written.append(void)
    for name in ("ontology.ttl", "shapes.ttl", "context.jsonld"):
        path = folder / name
        atomic_write(path, packaged_text(name, universe.info.ontology_iri).encode("utf-8"))  # under its namespace
        written.append(path)
    return written
