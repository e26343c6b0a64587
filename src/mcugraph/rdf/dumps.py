"""The files ``mcugraph serve`` offers under /data/: the dumps, the description alone, the vocabulary."""

from __future__ import annotations

from mcugraph.model import Universe
from mcugraph.rdf.dataset import RdfDataset
from mcugraph.rdf.describe import DUMPS, dataset_iri, dump_names

__all__ = ["dump_files"]


def dump_files(universe: Universe, dataset: RdfDataset) -> dict[str, tuple[str, bytes]]:
    """File name -> (media type, bytes): each dump of :data:`~mcugraph.rdf.describe.DUMPS` made
    from ``dataset`` (whose description links them), the description alone as ``void.ttl``,
    and the ontology, its shapes and the JSON-LD context.
    """
    from mcugraph.rdf.export import export_text
    from mcugraph.rdf.shapes import packaged_text
    from mcugraph.rdf.turtle import to_turtle

    names = dump_names(universe)
    files: dict[str, tuple[str, bytes]] = {}
    for dump in DUMPS:
        charset = "; charset=utf-8" if dump.media_type.startswith(("text/", "application/json")) else ""
        text = export_text(universe, format=dump.format, dataset=dataset)
        files[names[dump.format]] = (dump.media_type + charset, text.encode("utf-8"))
    described = dataset_iri(universe)
    description = [t for t in dataset.triples if t[0].startswith(described)]
    files["void.ttl"] = ("text/turtle; charset=utf-8", to_turtle(description, dataset.prefixes).encode("utf-8"))
    for name, media in (
        ("ontology.ttl", "text/turtle"),
        ("shapes.ttl", "text/turtle"),
        ("context.jsonld", "application/ld+json"),
    ):
        files[name] = (media + "; charset=utf-8", packaged_text(name, universe.info.ontology_iri).encode("utf-8"))
    return files
