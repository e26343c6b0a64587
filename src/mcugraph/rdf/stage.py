"""The ``mcugraph build`` stage: the RDF dumps, the graph files and their description.

Writes to ``{outdir}/data/``, the same layout ``mcugraph serve`` uses under ``/data/``:
``{id}.ttl``, ``{id}.nt``, ``{id}.jsonld``, ``{id}.graphml``, ``{id}.json``, ``void.ttl``
and, so the folder stands alone, ``ontology.ttl``, ``shapes.ttl`` and ``context.jsonld``.
"""

from __future__ import annotations

from pathlib import Path

from mcugraph._io import atomic_write
from mcugraph.model import Universe
from mcugraph.rdf.describe import DUMPS, dump_names
from mcugraph.rdf.export import write_export
from mcugraph.rdf.shapes import packaged_text
from mcugraph.rdf.stream import write_rdf
from mcugraph.rdf.turtle import to_turtle
from mcugraph.rdf.vocab import prefixes_for

__all__ = ["build_stage", "DATA_FOLDER"]

DATA_FOLDER = "data"


def build_stage(universe: Universe, outdir: Path) -> list[Path]:
    """Write every dump of ``universe`` into ``outdir/data`` and return the paths.

    The three RDF dumps come from one conversion, written as it is made
    (:func:`~mcugraph.rdf.stream.write_rdf`); ``void.ttl`` is the description they carry.
    """
    folder = Path(outdir) / DATA_FOLDER
    names = dump_names(universe)
    paths = {dump.format: folder / names[dump.format] for dump in DUMPS}
    description = write_rdf(universe, {d.format: paths[d.format] for d in DUMPS if d.rdf})
    for dump in DUMPS:
        if not dump.rdf:
            write_export(universe, paths[dump.format], format=dump.format)
    written = list(paths.values())
    void = folder / "void.ttl"
    info = universe.info
    atomic_write(void, to_turtle(description, prefixes_for(info.base_iri, info.ontology_iri)))
    written.append(void)
    for name in ("ontology.ttl", "shapes.ttl", "context.jsonld"):
        path = folder / name
        atomic_write(path, packaged_text(name, universe.info.ontology_iri).encode("utf-8"))  # under its namespace
        written.append(path)
    return written
