"""The data the explorer page holds: nodes, edges, facts and reveal steps, as plain JSON.

Everything shown in the page comes from here, already worded: the page only filters,
lays out and displays text. Each node, edge and fact carries the step of the watch order
at which it is revealed (``None``: the data cannot place it), so the page's "watched up
to" control applies the same rules as ``--watched-through``.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from functools import lru_cache
from pathlib import Path
from typing import Any

import networkx as nx

from mcugraph.continuity.words import value_words
from mcugraph.explorer.spoilers import Reveal, Step, earliest, later
from mcugraph.facts import Fact, entity_facts
from mcugraph.graph import RELATIONS, node_key, split_key
from mcugraph.model import RELATIONSHIP_TYPES, Universe
from mcugraph.model.records import Character, Event, NamedEntity, Outcome, Person, Work
from mcugraph.model.time import TimeValue
from mcugraph.resolve import fold

__all__ = ["build_payload", "pick_hub", "RELATION_CATEGORY"]

#: relation -> the category the page styles and filters it by
RELATION_CATEGORY: dict[str, str] = {
    "part_of": "structure",
    "within": "structure",
    "based_in": "structure",
    "appears_in": "appearance",
    "portrayed_by": "portrayal",
    "depicted_in": "event",
    "referenced_in": "event",
    "took_place_in": "event",
    "took_part_in": "event",
    "directed_by": "crew",
    "written_by": "crew",
    **{name: t.category for name, t in RELATIONSHIP_TYPES.items()},
}
_LINK_PREFERENCE = ("character", "person", "event", "organization", "location", "work")
_DIRECTED = {name for name, t in RELATIONSHIP_TYPES.items() if not t.symmetric} | {
    "part_of",
    "within",
    "based_in",
    "appears_in",
    "portrayed_by",
    "depicted_in",
    "referenced_in",
    "took_place_in",
    "took_part_in",
    "directed_by",
    "written_by",
}


def _when(universe: Universe, value: TimeValue | None) -> str:
    """A time value in words, naming events and works by their name rather than their id."""
    return value_words(universe, value)


def _mark(universe: Universe, mark: Any) -> str:
    """A record's position, relative to the data folder so no local path leaks into the file."""
    if not universe.files or mark is None or not getattr(mark, "path", None):
        return ""
    return f"{_shown_path(universe.files[0], mark.path)}:{mark.line}:{mark.column}"


@lru_cache(maxsize=256)
def _shown_path(first_file: str, path_text: str) -> str:
    """A data file's path from the data folder's own name: ``data/daredevil.yaml``."""
    root = Path(first_file).parent
    path = Path(path_text)
    try:
        return (Path(root.name) / path.relative_to(root)).as_posix() if root.name else path.relative_to(root).as_posix()
    except ValueError:
        return path.name


def _fact_step(r: Reveal, record: object, fact: Fact, step: Step) -> Step:
    """When the shield reveals one fact of a node whose own step is ``step``."""
    field, item = fact.field, fact.item
    if field == "crew" and isinstance(record, Person) and isinstance(item, str):
        return later(step, r.completed(item))  # a person's credit names the work
    if isinstance(record, Work):
        if field == "ended":
            return r.completed(record.id)
        if field == "setting":
            return r.work_setting(record)
        if field == "stated_gaps":
            return later(r.completed(record.id), r.events.get(item.since))  # type: ignore[attr-defined]
    elif isinstance(record, Character):
        if field in ("aliases", "codenames"):
            return r.alias(record, item)  # type: ignore[arg-type]
        if field == "born":
            return later(step, r.time_step(record.born))
        if field == "died":
            return r.died(record)
        if field == "stated_ages":
            return r.age(record, item)  # type: ignore[arg-type]
        if field == "locations":
            return r.residence(record, item)  # type: ignore[arg-type]
        if field == "locations.until":
            return r.residence_end(record, item)  # type: ignore[arg-type]
    elif isinstance(record, Event):
        if field == "when":
            return later(step, r.time_step(record.when))
        if field == "outcomes" and isinstance(item, Outcome):
            if item.character is not None:
                return later(step, r.characters.get(item.character))
            return later(step, r.organizations.get(item.organization or ""))
    return step


def _source_text(u: Universe, source_id: str) -> str:
    src = u.sources[source_id]
    parts = [src.title]
    by = ", ".join(x for x in (src.publisher, src.author) if x)
    if by:
        parts.append(f"({by})")
    if src.date:
        parts.append(src.date.isoformat())
    if src.url:
        parts.append(src.url)
    return " ".join(parts)


def _note_step(u: Universe, r: Reveal, kind: str, record: object) -> Step:
    if isinstance(record, Work):
        return r.work_note(record)
    if isinstance(record, Event):
        return r.event_note(record)
    return None


def _relationship_steps(u: Universe, r: Reveal) -> dict[tuple[str, str, str], list[int]]:
    """Edge (u, v, type) of the graph -> indices of the relationships it stands for."""
    out: dict[tuple[str, str, str], list[int]] = defaultdict(list)
    for i, rel in enumerate(u.relationships):
        a = node_key("character" if rel.source in u.characters else "organization", rel.source)
        b = node_key("character" if rel.target in u.characters else "organization", rel.target)
        out[(a, b, rel.type)].append(i)
    return out


def _edge_step_and_detail(
    u: Universe, r: Reveal, a: str, b: str, rel: str, data: dict[str, Any], rels: dict[tuple[str, str, str], list[int]]
) -> tuple[Step, list[list[Any]]]:
    ka, ia = split_key(a)
    kb, ib = split_key(b)
    detail: list[list[Any]] = []
    if rel == "part_of":
        if ka == "work":
            return r.works.get(ia), detail
        return later(r.events.get(ia), r.events.get(ib)), detail
    if rel == "portrayed_by":
        step = r.portrayals.get((ia, ib))
        billing = data.get("billing")
        if billing and billing not in ("main", "unknown"):
            detail.append([billing, step])
        return step, detail
    if rel == "appears_in":
        step = r.appearances.get((ia, ib))
        if data.get("mode") and data["mode"] != "on-screen":
            detail.append([data["mode"], step])
        return step, detail
    if rel in ("depicted_in", "referenced_in"):
        return later(r.events.get(ia), r.completed(ib)), detail
    if rel == "took_place_in":
        return r.events.get(ia), detail
    if rel == "took_part_in":
        event = u.events.get(ib)
        step = r.participation(event, ia) if event is not None else None
        if data.get("role"):
            detail.append([data["role"], step])
        return step, detail
    if rel in ("directed_by", "written_by"):  # a credit is seen with the work it is on
        step = later(r.people.get(ib), r.completed(ia))
        for credit in u.credits_of.get(ia, ()):
            if credit.person == ib and credit.credit and rel == "written_by":
                detail.append([credit.credit, step])
        return step, detail
    if rel == "within":
        return r.locations.get(ia), detail
    if rel == "based_in":
        return r.organizations.get(ia), detail
    indices = rels.get((a, b, rel), [])
    step = earliest(r.relationships[i] for i in indices)
    for i in indices:
        item = u.relationships[i]
        own = r.relationships[i]
        for w in item.works:
            detail.append([u.label("work", w), later(own, r.completed(w))])
        if item.since is not None:
            detail.append([f"since {_when(u, item.since)}", own])
        if item.until is not None:
            detail.append([f"until {_when(u, item.until)}", r.relationship_end(i)])
        if item.note:
            detail.append([item.note, r.relationship_note(i)])
    return step, detail


def _top(u: Universe, work_id: str) -> str:
    return u.series_of(work_id) or work_id


def pick_hub(universe: Universe, graph: nx.MultiDiGraph) -> str | None:
    """A sensible first focus: the node whose neighbours include the most crossover characters.

    A crossover character appears in more than one series or film; the hub is where
    they meet (for the Netflix saga, The Defenders). Ties go to the better connected node.
    """
    if graph.number_of_nodes() == 0:
        return None
    homes: dict[str, set[str]] = defaultdict(set)
    for a, b, rel in graph.edges(keys=True):
        if rel == "appears_in":
            homes[a].add(_top(universe, split_key(b)[1]))
    crossover = {c for c, tops in homes.items() if len(tops) > 1}
    und = graph.to_undirected(as_view=True)
    best = max(
        graph.nodes,
        key=lambda n: (len(crossover.intersection(und.neighbors(n))), len(set(und.neighbors(n))), n),
    )
    return str(best)


def build_payload(
    universe: Universe,
    graph: nx.MultiDiGraph,
    positions: dict[str, tuple[float, float]],
    facts: Reveal,
    *,
    cut: int | None,
    focus: str | None,
    depth: int,
) -> dict[str, Any]:
    """Assemble the JSON the page embeds (``universe`` and ``graph`` already shielded)."""
    u = universe
    r = facts
    nodes = sorted(graph.nodes, key=lambda n: (graph.nodes[n]["kind"], graph.nodes[n]["label"].casefold(), n))
    index = {n: i for i, n in enumerate(nodes)}

    # permalinks: the bare id where it is unambiguous (or for the preferred kind), else kind:id
    by_id: dict[str, list[str]] = defaultdict(list)
    for n in nodes:
        by_id[split_key(n)[1]].append(n)
    links: dict[str, str] = {}
    for ident, keys in by_id.items():
        keys.sort(key=lambda k: _LINK_PREFERENCE.index(split_key(k)[0]))
        links[keys[0]] = ident
        for other in keys[1:]:
            links[other] = other

    tops = sorted({_top(u, w) for w in u.works}, key=lambda w: (u.released(w) or dt.date.max, u.label("work", w)))
    top_index = {w: i for i, w in enumerate(tops)}
    node_tops: dict[str, set[int]] = defaultdict(set)
    for w in u.works:
        node_tops[node_key("work", w)].add(top_index[_top(u, w)])
    for a, b, rel in graph.edges(keys=True):
        if rel in ("appears_in", "depicted_in", "referenced_in"):
            node_tops[a].add(top_index[_top(u, split_key(b)[1])])
    for p in u.portrayals:
        for w in p.works:
            node_tops[node_key("person", p.person)].add(top_index[_top(u, w)])
    for rel_ in u.relationships:
        for end in (rel_.source, rel_.target):
            if end in u.organizations:
                node_tops[node_key("organization", end)].update(top_index[_top(u, w)] for w in rel_.works)
    for e in u.events.values():
        if e.place is not None:
            node_tops[node_key("location", e.place)].update(node_tops[node_key("event", e.id)])
    for o in u.organizations.values():
        if o.based_in is not None:
            node_tops[node_key("location", o.based_in)].update(node_tops[node_key("organization", o.id)])

    und = graph.to_undirected(as_view=True)
    importance = {n: len(set(und.neighbors(n))) for n in nodes}
    # a series is as important as the cast of its seasons, not its three "part of" links
    for series in u.works.values():
        if series.kind == "series" and node_key("work", series.id) in importance:
            cast = {
                a
                for part in u.parts(series.id)
                if node_key("work", part) in graph
                for a, _, rel in graph.in_edges(node_key("work", part), keys=True)
                if rel == "appears_in"
            }
            importance[node_key("work", series.id)] += len(cast)
    # who appears in each series (any of its parts), with the step that shows it: a series'
    # size in the page grows with the cast a fan has seen, not the whole cast
    series_cast: dict[str, list[list[Any]]] = {}
    for series in u.works.values():
        if series.kind != "series" or node_key("work", series.id) not in index:
            continue
        seen: dict[int, list[Step]] = defaultdict(list)
        for part in u.parts(series.id):
            key = node_key("work", part)
            if key not in graph:
                continue
            for a, _, rel in graph.in_edges(key, keys=True):
                if rel == "appears_in":
                    seen[index[a]].append(r.appearances.get((split_key(a)[1], part)))
        series_cast[series.id] = [[i, earliest(steps)] for i, steps in sorted(seen.items())]
    out_nodes: list[dict[str, Any]] = []
    info: list[dict[str, Any]] = []
    for n in nodes:
        d = graph.nodes[n]
        kind, ident = split_key(n)
        record = u.get(kind, ident)
        step = _node_step(r, kind, ident)
        names: list[list[Any]] = [[d["label"], fold(d["label"]), step]]
        rows = [
            [fact.label, fact.text, r.text(fact.text, _fact_step(r, record, fact, step))]
            for fact in entity_facts(u, kind, ident)
            if fact.field != "crew"  # the panel lists credits as links, with a writer's kind of credit
        ]
        if isinstance(record, Work):
            if record.title and record.title != d["label"]:
                names.append([record.title, fold(record.title), step])
            names.extend([a, fold(a), step] for a in record.aliases)
        elif isinstance(record, Character):
            names.extend([a, fold(a), r.alias(record, a)] for a in (*record.aliases, *record.codenames))
        elif isinstance(record, NamedEntity):  # an event, a person, an organization, a location
            names.extend([a, fold(a), step] for a in record.aliases)
        if isinstance(record, NamedEntity):  # comics and fan names find the entity too
            names.extend([o.name, fold(o.name), step] for o in record.other_names)
        x, y = positions.get(n, (0.0, 0.0))
        extra: dict[str, Any] = {}
        if isinstance(record, Work):
            # the season or series a panel groups an episode or season under, and where it
            # stands in the watch order (search lists episodes in that order)
            parent = record.season if record.kind == "episode" else record.series if record.kind == "season" else None
            if parent is not None and node_key("work", parent) in index:
                extra["parent"] = index[node_key("work", parent)]
            extra["at"] = r.started(record.id)
            if record.kind == "series":
                extra["cast"] = series_cast.get(record.id, [])
        out_nodes.append(
            {
                "key": n,
                "link": links[n],
                "label": d["label"],
                "kind": kind,
                "type": d.get("type", kind),
                "x": x,
                "y": y,
                "degree": len(set(und.neighbors(n))),
                "weight": importance[n],
                "step": step,
                "tops": sorted(node_tops.get(n, ())),
                "names": names,
                **extra,
            }
        )
        sources = u.work_sources(ident) if isinstance(record, Work) else getattr(record, "sources", ())
        note = getattr(record, "note", None)
        info.append(
            {
                "facts": rows,
                "note": [note, r.text(note, _note_step(u, r, kind, record))] if note else None,
                # in full once nothing in it is news; by its publisher alone until then
                "sources": [
                    [_source_text(u, s), r.source(s), u.sources[s].publisher or "", r.source_publisher(s)]
                    for s in sources
                    if s in u.sources
                ],
                "iri": u.iri(kind, ident),
                "mark": _mark(u, getattr(record, "mark", None)),
            }
        )

    rels = _relationship_steps(u, r)
    edges: list[list[Any]] = []
    for a, b, rel, data in sorted(graph.edges(keys=True, data=True), key=lambda e: (index[e[0]], index[e[1]], e[2])):
        step, detail = _edge_step_and_detail(u, r, a, b, rel, data, rels)
        edges.append([index[a], index[b], rel, step, [[text, r.text(text, at)] for text, at in detail]])

    order = r.order
    last = len(order.steps) - 1 if cut is None else cut
    return {
        "universe": {
            "name": u.info.name,
            "description": [u.info.description or "", r.text(u.info.description, 0)],
            "license": u.info.license,
            "version": u.info.version or "",
        },
        "relations": {
            name: {
                "label": words[0],
                "inverse": words[1],
                "category": RELATION_CATEGORY.get(name, "other"),
                "directed": name in _DIRECTED,
            }
            for name, words in RELATIONS.items()
        },
        "tops": [[node_key("work", w), u.label("work", w), u.works[w].kind, r.works.get(w)] for w in tops],
        "nodes": out_nodes,
        "info": info,
        "edges": edges,
        "order": {
            "id": order.id,
            "name": order.name,
            # each step's label and group, then how it is listed before it is watched: by
            # number ("Jessica Jones 1x05") once its series is started, by kind and year before
            "steps": [[s.label, s.group, *_unwatched(r, s.work)] for s in order.steps[: last + 1]],
            "next": _next_up(r, order.steps[last + 1].work, last) if last + 1 < len(order.steps) else None,
            "cut": cut,
        },
        "start": {"focus": index.get(focus) if focus else None, "depth": depth},
    }


def _unwatched(r: Reveal, work_id: str) -> tuple[str, str, Step]:
    """How a step is listed before it is watched: (by number, without a name, the step from
    which the number may be shown). An episode reads "Jessica Jones 1x05" once its series is
    started; before that, and for a film, only the kind and year ("a series of 2016")."""
    u = r.universe
    work = u.works[work_id]
    released = u.released(work_id)
    year = f" of {released.year}" if released else ""
    series_id = u.series_of(work_id)
    if series_id is None or series_id == work_id:
        return "", f"a {work.kind}{year}", None
    series = u.works[series_id]
    if work.kind == "episode" and work.season in u.works:
        season = u.works[work.season]
        number = f"{series.title} {season.number}x{(work.number or 0):02d}"
    else:
        number = f"{series.title} season {work.number}"
    return number, f"an episode of a series{year}", r.works.get(series_id)


def _next_up(r: Reveal, work_id: str, last: int) -> str:
    """What a fan who has watched up to step ``last`` watches next, said without spoilers."""
    number, anonymous, from_step = _unwatched(r, work_id)
    return number if from_step is not None and from_step <= last else anonymous


def _node_step(r: Reveal, kind: str, ident: str) -> Step:
    table = {
        "work": r.works,
        "character": r.characters,
        "person": r.people,
        "event": r.events,
        "organization": r.organizations,
        "location": r.locations,
    }[kind]
    return table.get(ident)
