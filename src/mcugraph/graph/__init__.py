"""Graph views of a universe (networkx)."""

from mcugraph.graph.build import RELATIONS, node_key, split_key, to_networkx
from mcugraph.graph.views import Stats, Step, ego_graph, neighbours, shortest_path, stats

__all__ = [
    "RELATIONS",
    "node_key",
    "split_key",
    "to_networkx",
    "Stats",
    "Step",
    "ego_graph",
    "neighbours",
    "shortest_path",
    "stats",
]
