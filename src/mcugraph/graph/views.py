"""Questions answered on the graph: shortest connections, neighbourhoods, statistics."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import networkx as nx

from mcugraph.errors import NoPathError, NotFoundError
from mcugraph.graph.build import RELATIONS, split_key
from mcugraph.model import Universe

__all__ = ["Step", "shortest_path", "neighbours", "ego_graph", "Stats", "stats"]


@dataclass(frozen=True, slots=True)
class Step:
    """One edge of a path, in the direction it is read."""

    source: str
    target: str
    relation: str
    forward: bool
    source_label: str
    target_label: str

    @property
    def words(self) -> str:
        forward, backward = RELATIONS[self.relation]
        return forward if self.forward else backward

    def __str__(self) -> str:
        return f"{self.source_label} —{self.words}→ {self.target_label}"


def shortest_path(graph: nx.MultiDiGraph, a: str, b: str) -> list[Step]:
    """The shortest connection between two nodes, ignoring edge direction.

    Raises :class:`NotFoundError` when they are not connected.
    """
    for node in (a, b):
        if node not in graph:
            raise NotFoundError(
                f"'{node}' is not in the graph: paths join works, people, characters, events, organizations and locations"
            )
    undirected = graph.to_undirected(as_view=True)
    try:
        nodes = nx.shortest_path(undirected, a, b)
    except nx.NetworkXNoPath:
        la, lb = graph.nodes[a]["label"], graph.nodes[b]["label"]
        raise NoPathError(f"'{la}' and '{lb}' are not connected") from None
    steps = []
    for u, v in zip(nodes, nodes[1:], strict=False):
        if graph.has_edge(u, v):
            relation = sorted(graph[u][v])[0]
            forward = True
        else:
            relation = sorted(graph[v][u])[0]
            forward = False
        steps.append(Step(u, v, relation, forward, graph.nodes[u]["label"], graph.nodes[v]["label"]))
    return steps


def neighbours(graph: nx.MultiDiGraph, node: str) -> dict[str, list[str]]:
    """Neighbours of ``node`` grouped by the words of their relation."""
    out: dict[str, list[str]] = {}
    for _, v, key in graph.out_edges(node, keys=True):
        out.setdefault(RELATIONS[key][0], []).append(v)
    for u, _, key in graph.in_edges(node, keys=True):
        out.setdefault(RELATIONS[key][1], []).append(u)
    return {k: sorted(set(v), key=lambda n: graph.nodes[n]["label"]) for k, v in sorted(out.items())}


def ego_graph(graph: nx.MultiDiGraph, node: str, *, depth: int = 1) -> nx.MultiDiGraph:
    """The subgraph within ``depth`` steps of ``node``, either direction."""
    keep = nx.single_source_shortest_path_length(graph.to_undirected(as_view=True), node, cutoff=depth)
    return graph.subgraph(keep).copy()


@dataclass(frozen=True, slots=True)
class Stats:
    counts: dict[str, int]
    most_connected: list[tuple[str, int]]
    crossovers: list[tuple[str, list[str]]]


def stats(universe: Universe, graph: nx.MultiDiGraph, *, top: int = 10) -> Stats:
    """Counts per kind, the most connected characters, characters in several series."""
    counts: Counter[str] = Counter()
    for work in universe.works.values():
        counts[work.kind] += 1
    for name in ("people", "characters", "events", "organizations", "locations", "sources", "orders"):
        counts[name] = len(getattr(universe, name))
    counts["portrayals"] = len(universe.portrayals)
    counts["appearances"] = sum(len(a.works) for a in universe.appearances)
    counts["relationships"] = len(universe.relationships)
    counts["nodes"] = graph.number_of_nodes()
    counts["edges"] = graph.number_of_edges()
    degree = [
        (graph.nodes[n]["label"], len(set(nx.all_neighbors(graph, n)))) for n in graph if split_key(n)[0] == "character"
    ]
    degree.sort(key=lambda item: (-item[1], item[0]))
    crossovers = []
    for cid in universe.characters:
        series = sorted(s for s in universe.series_of_character(cid) if universe.works[s].kind == "series")
        if len(series) > 1:
            crossovers.append((universe.characters[cid].name, [universe.works[s].title for s in series]))
    crossovers.sort(key=lambda item: (-len(item[1]), item[0]))
    return Stats(dict(counts), degree[:top], crossovers)
