"""The universe as a networkx ``MultiDiGraph`` with typed nodes and edges.

Nodes are keyed ``"{kind}:{id}"`` (``character:jessica-jones``); each has ``kind``,
``type`` (the work kind, event kind, …), ``id`` and ``label``. Edges are keyed by their
relation (``portrayed_by``, ``appears_in``, ``member-of``, …) and carry ``label``, the
words a person reads ("portrayed by").
"""

from __future__ import annotations

import networkx as nx

from mcugraph.model import RELATIONSHIP_TYPES, Universe

__all__ = ["to_networkx", "node_key", "split_key", "RELATIONS"]

#: relation key -> (label forwards, label backwards)
RELATIONS: dict[str, tuple[str, str]] = {
    "portrayed_by": ("portrayed by", "portrays"),
    "appears_in": ("appears in", "features"),
    "part_of": ("part of", "includes"),
    "depicted_in": ("depicted in", "depicts"),
    "referenced_in": ("referenced in", "references"),
    "took_place_in": ("took place in", "scene of"),
    "took_part_in": ("took part in", "involved"),
    "within": ("within", "contains"),
    "based_in": ("based in", "home of"),
    "directed_by": ("directed by", "directed"),
    "written_by": ("written by", "wrote"),
    **{name: (t.label, t.inverse_label) for name, t in RELATIONSHIP_TYPES.items()},
}


def node_key(kind: str, id: str) -> str:
    return f"{kind}:{id}"


def split_key(key: str) -> tuple[str, str]:
    kind, _, id = key.partition(":")
    return kind, id


def to_networkx(universe: Universe) -> nx.MultiDiGraph:
    """Build the graph view of ``universe`` (sources and orders are not nodes)."""
    g = nx.MultiDiGraph(name=universe.info.name)

    def add_node(kind: str, id: str, type_: str) -> None:
        g.add_node(node_key(kind, id), kind=kind, type=type_, id=id, label=universe.label(kind, id))

    def add_edge(u: str, v: str, relation: str, **attrs: object) -> None:
        g.add_edge(u, v, key=relation, relation=relation, label=RELATIONS[relation][0], **attrs)

    for work in universe.works.values():
        add_node("work", work.id, work.kind)
    for person in universe.people.values():
        add_node("person", person.id, "person")
    for character in universe.characters.values():
        add_node("character", character.id, "character")
    for event in universe.events.values():
        add_node("event", event.id, event.kind)
    for org in universe.organizations.values():
        add_node("organization", org.id, org.kind)
    for loc in universe.locations.values():
        add_node("location", loc.id, loc.kind)

    for work in universe.works.values():
        parent = work.series if work.kind == "season" else work.season if work.kind == "episode" else None
        if parent is not None:
            add_edge(node_key("work", work.id), node_key("work", parent), "part_of")
    for p in universe.portrayals:
        u, v = node_key("character", p.character), node_key("person", p.person)
        if g.has_edge(u, v, "portrayed_by"):
            data = g.edges[u, v, "portrayed_by"]
            data["works"] = (*data["works"], *p.works)
        else:
            add_edge(u, v, "portrayed_by", works=p.works, billing=p.billing)
    seen: set[tuple[str, str]] = set()
    for character_id, entries in universe.appearances_of.items():
        for work_id, mode, _ in entries:
            if (character_id, work_id) in seen:
                continue
            seen.add((character_id, work_id))
            add_edge(node_key("character", character_id), node_key("work", work_id), "appears_in", mode=mode)
    for event in universe.events.values():
        ev = node_key("event", event.id)
        for w in event.depicted_in:
            add_edge(ev, node_key("work", w), "depicted_in")
        for w in event.referenced_in:
            add_edge(ev, node_key("work", w), "referenced_in")
        if event.place is not None:
            add_edge(ev, node_key("location", event.place), "took_place_in")
        if event.part_of is not None:
            add_edge(ev, node_key("event", event.part_of), "part_of")
        for part in event.participants:
            add_edge(node_key("character", part.character), ev, "took_part_in", role=part.role)
    for credit in universe.crew:
        relation = "directed_by" if credit.job == "director" else "written_by"
        v = node_key("person", credit.person)
        for w in credit.works:
            if not g.has_edge(node_key("work", w), v, relation):
                add_edge(node_key("work", w), v, relation)
    for loc in universe.locations.values():
        if loc.within is not None:
            add_edge(node_key("location", loc.id), node_key("location", loc.within), "within")
    for org in universe.organizations.values():
        if org.based_in is not None:
            add_edge(node_key("organization", org.id), node_key("location", org.based_in), "based_in")
    for rel in universe.relationships:
        u = node_key(*_party(universe, rel.source))
        v = node_key(*_party(universe, rel.target))
        add_edge(u, v, rel.type, works=rel.works, symmetric=rel.kind.symmetric)
    return g


def _party(universe: Universe, id: str) -> tuple[str, str]:
    return ("character", id) if id in universe.characters else ("organization", id)
