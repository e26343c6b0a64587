"""The graph view: typed nodes and edges, paths, neighbourhoods."""

from __future__ import annotations

import mcugraph
from mcugraph.graph import ego_graph, neighbours, shortest_path, to_networkx
from mcugraph.resolve import find, fold


def test_nodes_and_edges_are_typed(mini_text: str) -> None:
    g = to_networkx(mcugraph.loads(mini_text))
    assert g.nodes["character:villain"] == {
        "kind": "character",
        "type": "character",
        "id": "villain",
        "label": "Dr. Villain",
    }
    assert g.nodes["work:night-watch-s1"]["type"] == "season"
    edge = g.edges["character:villain", "person:bo-chen", "portrayed_by"]
    assert edge["label"] == "portrayed by" and edge["billing"] == "recurring"
    assert g.has_edge("work:night-watch-s1e01", "work:night-watch-s1", "part_of")
    assert g.has_edge("location:old-town", "location:big-city", "within")
    assert g.has_edge("character:nurse", "organization:watch-co", "member-of")
    assert g.edges["event:the-battle", "work:night-watch-s1e01", "referenced_in"]["label"] == "referenced in"
    assert not any(n.startswith("source:") for n in g)


def test_shortest_path_reads_both_directions(mini_text: str) -> None:
    g = to_networkx(mcugraph.loads(mini_text))
    steps = shortest_path(g, "person:bo-chen", "location:old-town")
    assert [str(s) for s in steps] == [
        "Bo Chen —portrays→ Dr. Villain",
        "Dr. Villain —took part in→ The Battle",
        "The Battle —took place in→ Old Town",
    ]


def test_neighbours_and_ego(mini_text: str) -> None:
    g = to_networkx(mcugraph.loads(mini_text))
    near = neighbours(g, "character:nurse")
    assert near["appears in"] == ["work:day-shift-s1", "work:night-watch-s1e02"]
    ego = ego_graph(g, "character:nurse", depth=1)
    assert set(ego) == {"character:nurse", "work:day-shift-s1", "work:night-watch-s1e02", "organization:watch-co"}


def test_find_ignores_case_and_accents(mini_text: str) -> None:
    u = mcugraph.loads(mini_text)
    assert fold("  ÁNA   López ") == "ana lopez"
    assert find(u, "ana lopez") == [("person", "ana-lopez")]
    assert find(u, "night-watch") == [("character", "night-watch"), ("work", "night-watch")]
    assert find(u, "nobody") == []
