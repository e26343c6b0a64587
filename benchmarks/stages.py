"""The sizes the suite measures and the stages it times at each one.

This module only names things (ids, labels, what depends on what, which size gets which
stage); ``worker.py`` runs the stages and ``run.py`` decides which to run.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from _common import QUERIES

__all__ = [
    "Size",
    "SIZES",
    "Stage",
    "EXPORT_FORMATS",
    "RESULT_FORMATS",
    "LEFT_OUT",
    "plan",
    "label",
    "needs",
    "query_names",
    "runs_for",
    "ON_DISK",
]

EXPORT_FORMATS = ("turtle", "ntriples", "jsonld", "graphml", "json")
#: the SPARQL results formats whose writers are timed beside pyoxigraph's own
RESULT_FORMATS = ("json", "xml", "csv", "tsv")


@dataclass(frozen=True)
class Size:
    """One universe to measure: the shipped data, or a synthetic one of ``scale``."""

    name: str
    scale: int | None
    runs: int
    about: str

    @property
    def synthetic(self) -> bool:
        return self.scale is not None


SIZES = (
    Size("shipped", None, 7, "the shipped data, data/universe.yaml"),
    Size("5k", 35, 5, "synthetic, the explorer's 5,000-node budget"),
    Size("10x", 70, 5, "synthetic, 10x the shipped entities"),
    Size("100x", 700, 2, "synthetic, 100x"),
    Size("1000x", 7000, 1, "synthetic, 1000x"),
)

#: Sizes that also run the slow peers (rdflib's memory store, PyYAML's pure-Python loader).
PEER_SIZES = ("shipped", "10x")

#: Sizes whose query stages run on the on-disk store (``store-load``): in memory the store
#: would need about 18 GB there.
ON_DISK = ("1000x",)

#: Stages a full run leaves out at a size, to keep ``make bench`` near an hour: at a
#: million entities each of these exports takes minutes. ``--only`` still runs them. (The
#: JSON-LD export streams now, in about 2.5 minutes at 1000x, and publishing streams in
#: about 8 minutes: both run.)
LEFT_OUT = {"1000x": ("export:graphml", "export:json")}


@dataclass(frozen=True)
class Stage:
    id: str
    label: str
    needs: tuple[str, ...] = ()


def _fixed() -> dict[str, Stage]:
    stages = [
        Stage("read", "read and validate"),
        Stage("peers:yaml", "strict reader beside PyYAML, same files"),
        Stage("graph", "graph build (networkx)", ("read",)),
        Stage("check", "check, built-in rules", ("read",)),
        Stage("check-house", "check with the house rules", ("read",)),
        Stage("html", "HTML generation", ("read",)),
        Stage("draw:opening", "first draw, opening view", ("html",)),
        Stage("draw:all", "first draw, whole map", ("html",)),
        Stage("pyvis", "pyvis first draw (peer)", ("read",)),
        Stage("rdf-triples", "RDF build (triples)", ("read",)),
        # the RDF exports stream from the universe (as `mcugraph export -o` does); GraphML and JSON use the model
        *(Stage(f"export:{f}", f"export {f}", ("read",)) for f in EXPORT_FORMATS),
        Stage("rdf-load", "RDF load into Oxigraph", ("rdf-triples",)),
        Stage("store-load", "on-disk store built (read, bulk load, dumps, index)", ("read",)),
        Stage("vet:deep", "vetting a query nested 1,000 levels deep"),
        *(
            Stage(f"results:{f}", f"SELECT results as {f}, pyoxigraph's writer (beside ours)", ("rdf-load",))
            for f in RESULT_FORMATS
        ),
        Stage("endpoint", "endpoint under load"),
        Stage("publish", "publish to an Oxigraph server", ("read",)),
    ]
    return {s.id: s for s in stages}


_STAGES = _fixed()


def query_names(folder: Path = QUERIES) -> list[str]:
    """The curated queries, by file name: one stage each, on Oxigraph and on rdflib."""
    return sorted(p.stem for p in folder.glob("*.rq"))


def label(stage_id: str) -> str:
    if stage_id in _STAGES:
        return _STAGES[stage_id].label
    kind, _, name = stage_id.partition(":")
    return {"query": f"query {name}", "rdflib": f"query {name} on rdflib"}.get(kind, stage_id)


def needs(stage_id: str, size: str | None = None) -> tuple[str, ...]:
    if stage_id in _STAGES:
        return _STAGES[stage_id].needs
    if stage_id.startswith("query:"):
        return ("store-load",) if size in ON_DISK else ("rdf-load",)
    if stage_id.startswith("rdflib:"):
        return ("rdf-triples",)
    return ()


def plan(size: Size, *, queries: list[str], browser: bool = True, pyvis: bool = True) -> list[str]:
    """The stage ids for ``size``, in the order they run.

    The RDF stages run together, early (the memory a stage frees is not all handed back
    to the system, and later peaks count it): the streamed RDF exports first, holding no
    triples, then the triples and the store, which the worker lets go of once no stage
    left needs them; the exports made from the model, the check with house rules and the
    explorer come after.
    """
    peers = size.name in PEER_SIZES
    ids = ["read"]
    if peers:
        ids.append("peers:yaml")
    # the RDF exports first: they hold no triples, and their peaks are their own
    ids += ["graph", "check", "export:turtle", "export:ntriples", "export:jsonld", "rdf-triples", "rdf-load"]
    ids.append("store-load")
    ids += [f"query:{q}" for q in queries]
    if size.name == "shipped":
        ids += ["vet:deep", *(f"results:{f}" for f in RESULT_FORMATS)]
    if peers:
        ids += [f"rdflib:{q}" for q in queries]
    # the first two are made from the model; publish streams the export, with the triples let go of
    ids += ["export:graphml", "export:json", "publish", "check-house", "html"]
    if browser:
        ids += ["draw:opening", "draw:all"]
    if pyvis and size.name == "shipped":
        ids.append("pyvis")
    if size.name == "shipped":
        ids.append("endpoint")
    return ids


def runs_for(size: Size, runs: int | None, *, quick: bool) -> int:
    """Runs per stage: ``--runs`` for the small sizes, never more than the default at 100x and up."""
    chosen = runs if runs is not None else (3 if quick else size.runs)
    return min(chosen, size.runs) if size.scale is not None and size.scale >= 700 else chosen
