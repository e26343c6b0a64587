"""Exports of a universe in standard formats, byte-identical for the same data.

``turtle``, ``ntriples`` and ``jsonld`` are the RDF graph (with its VoID/DCAT description);
``graphml`` (Gephi, Cytoscape, yEd) and ``json`` (a node-link graph for web tools) are the
networkx view, the graph fans explore, with each node's IRI.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

from mcugraph._io import atomic_write
from mcugraph.errors import OutputError
from mcugraph.formats import ExportFormat
from mcugraph.model import Universe
from mcugraph.rdf.dataset import RdfDataset
from mcugraph.rdf.describe import DUMPS
from mcugraph.rdf.jsonld import to_jsonld
from mcugraph.rdf.turtle import to_turtle

__all__ = ["FORMATS", "export_text", "write_export", "format_from_path", "xml_safe"]

#: format name -> file extension
FORMATS: dict[ExportFormat, str] = {d.format: d.extension for d in DUMPS}


def format_from_path(path: str | os.PathLike[str]) -> str | None:
    """The export format a file name implies (``x.ttl`` -> ``turtle``), or None."""
    suffix = Path(path).suffix.lstrip(".").lower()
    aliases = {"turtle": "turtle", "n3": None, "ntriples": "ntriples", "json-ld": "jsonld", "xml": None}
    by_extension = {ext: name for name, ext in FORMATS.items()}
    return by_extension.get(suffix) or aliases.get(suffix)


#: characters XML 1.0 cannot hold at all, not even as references
XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """``text`` with the characters XML cannot carry replaced by U+FFFD."""
    return XML_INVALID.sub("\ufffd", text)


def _plain(value: object) -> object:
    """An attribute value GraphML can hold (strings, numbers, booleans), or None to drop it."""
    if value is None:
        return None
    if isinstance(value, tuple | list):
        return xml_safe(" ".join(str(v) for v in value))
    if isinstance(value, bool | int | float):
        return value
    return xml_safe(str(value))


#: node attributes renamed on the way out: igraph and Gephi keep a GraphML node's id in
#: an attribute named ``id``, and one already there made igraph drop the node ids
_RENAMED = {"id": "record_id"}


def _network(universe: Universe) -> Any:
    """The networkx view with GraphML-safe attributes and each node's IRI.

    The node key (``character:jessica-jones``) is the GraphML node id; the record's own id
    is the ``record_id`` attribute, so no attribute is called ``id``."""
    import networkx as nx

    from mcugraph.graph import to_networkx

    graph = to_networkx(universe)
    clean = nx.MultiDiGraph(name=universe.info.name)
    for key, attrs in graph.nodes(data=True):
        values = {_RENAMED.get(k, k): v for k, v in ((k, _plain(v)) for k, v in attrs.items()) if v is not None}
        values["iri"] = universe.iri(attrs["kind"], attrs["id"])
        clean.add_node(key, **values)
    for u, v, k, attrs in graph.edges(keys=True, data=True):
        values = {name: val for name, val in ((n, _plain(x)) for n, x in attrs.items()) if val is not None}
        clean.add_edge(u, v, key=k, **values)
    return clean


def _graphml(universe: Universe) -> str:
    import networkx as nx

    return "\n".join(nx.generate_graphml(_network(universe), prettyprint=True)) + "\n"


def _json(universe: Universe) -> str:
    import networkx as nx

    data = nx.node_link_data(_network(universe), edges="links")
    info = universe.info
    data["graph"] = {
        "id": info.id,
        "name": info.name,
        "base_iri": info.base_iri,
        "license": info.license,
        "version": info.version,
    }
    return json.dumps(data, indent=1, ensure_ascii=False, sort_keys=True) + "\n"


def export_text(universe: Universe, *, format: str, dataset: RdfDataset | None = None) -> str:
    """The export of ``universe`` in ``format`` (one of :data:`FORMATS`) as text."""
    if format not in FORMATS:
        raise OutputError(f"unknown export format '{format}': use one of {', '.join(FORMATS)}")
    if format == "graphml":
        return _graphml(universe)
    if format == "json":
        return _json(universe)
    ds = dataset if dataset is not None else RdfDataset(universe)
    if format == "ntriples":
        return ds.ntriples
    if format == "turtle":
        return to_turtle(ds.triples, ds.prefixes)
    return to_jsonld(ds.triples, base_iri=universe.info.base_iri, ontology=universe.info.ontology_iri)


def write_export(
    universe: Universe, path: str | os.PathLike[str], *, format: str, dataset: RdfDataset | None = None
) -> None:
    """Write the export of ``universe`` in ``format`` to ``path`` atomically."""
    text = export_text(universe, format=format, dataset=dataset)
    if Path(path).is_dir():
        raise OutputError(f"cannot write {path}: it is a folder; give a file name such as {Path(path) / 'export'}")
    try:
        atomic_write(path, text.encode("utf-8"))
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from None
