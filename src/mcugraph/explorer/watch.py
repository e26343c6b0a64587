"""Watch orders as a fan walks them: one step per film, special or episode.

An order lists works (release order: films, seasons and specials by release date; a
named order: whatever its ``items`` say). A fan watches a season episode by episode, so
every container in the order is expanded into its episodes, and a step is one thing
watched. The spoiler shield asks two questions of an order: at which step is a work
*completed* (every part of it watched), and at which step is it *started* (a first part
watched).

>>> import mcugraph
>>> from mcugraph.explorer.watch import watch_order
>>> order = watch_order(mcugraph.load("data/universe.yaml"), "release")  # doctest: +SKIP
>>> order.steps[order.index("jessica-jones-s1e03")].label  # doctest: +SKIP
'Jessica Jones 1x03 "AKA It\\'s Called Whiskey"'
"""

from __future__ import annotations

from dataclasses import dataclass, field

from mcugraph.errors import NotFoundError
from mcugraph.model import Universe

__all__ = ["WatchStep", "WatchOrder", "watch_order", "order_names"]


@dataclass(frozen=True, slots=True)
class WatchStep:
    """One thing watched: a film, special, or one episode (or a season with no episodes)."""

    work: str
    label: str
    #: the label of the order item this step belongs to when it is part of one (a season)
    group: str | None = None


@dataclass(frozen=True)
class WatchOrder:
    """An order expanded into steps, with the step at which each work is started and completed."""

    id: str
    name: str
    steps: tuple[WatchStep, ...]
    started: dict[str, int] = field(repr=False)
    completed: dict[str, int] = field(repr=False)
    #: the last step that watches a part of each work (for a series the order lists in part)
    last: dict[str, int] = field(repr=False, default_factory=dict)

    def index(self, work_id: str, *, named: str | None = None) -> int:
        """The step at which ``work_id`` has been watched in full.

        An episode means everything up to that episode of its season; a season or series
        means up to its last episode in this order.
        """
        if work_id in self.completed:
            return self.completed[work_id]
        if work_id in self.last:
            return self.last[work_id]
        raise NotFoundError(f"'{named or work_id}' is not in the {self.name}: {self._hint()}")

    def _hint(self) -> str:
        items = []
        for step in self.steps:
            name = step.group or step.label
            if name not in items:
                items.append(name)
        if not items:
            return "it lists no works"
        shown = ", ".join(items[:3]) + (", …" if len(items) > 3 else "")
        return f"choose a film, season or episode it lists ({shown})"


def _parent(universe: Universe, work_id: str) -> str | None:
    work = universe.works[work_id]
    if work.kind == "episode":
        return work.season
    if work.kind == "season":
        return work.series
    return None


def _build(universe: Universe, id: str, name: str, items: list[str]) -> WatchOrder:
    steps: list[WatchStep] = []
    started: dict[str, int] = {}
    completed: dict[str, int] = {}
    last: dict[str, int] = {}

    def walk(work_id: str, group: str | None) -> None:
        kids = universe.children.get(work_id, [])
        if not kids:
            if work_id in completed:  # listed twice: the first viewing counts
                return
            steps.append(WatchStep(work_id, universe.label("work", work_id), group))
            started.setdefault(work_id, len(steps) - 1)
            completed[work_id] = len(steps) - 1
            return
        for kid in kids:
            walk(kid.id, group)

    for item in items:
        if item not in universe.works:
            continue
        kids = universe.children.get(item)
        walk(item, universe.label("work", item) if kids else None)

    # containers: started with their first watched part, completed with their last
    # part, but only once every part has been watched
    def settle(work_id: str) -> None:
        kids = universe.children.get(work_id, [])
        for kid in kids:
            settle(kid.id)
        if not kids:
            return
        firsts = [started[k.id] for k in kids if k.id in started]
        if firsts:
            started[work_id] = min(firsts)
            last[work_id] = max(last.get(k.id, completed.get(k.id, -1)) for k in kids)
        if all(k.id in completed for k in kids):
            completed[work_id] = max(completed[k.id] for k in kids)

    for work in universe.works.values():
        if _parent(universe, work.id) is None:
            settle(work.id)
    return WatchOrder(id, name, tuple(steps), started, completed, last)


def order_names(universe: Universe) -> list[str]:
    """The names ``--order`` accepts, as ``mcugraph orders`` lists them: ``release``,
    ``in-universe`` (also called ``chronological``), then the data's order ids."""
    from mcugraph.continuity.questions import DERIVED_ORDERS

    return [*DERIVED_ORDERS, *universe.orders]


def watch_order(universe: Universe, name: str = "release") -> WatchOrder:
    """The order called ``name``, found as ``mcugraph orders`` finds it: ``release``,
    ``in-universe`` (the story order derived from the timeline; ``chronological`` is the
    same), or an order of the data by id or name."""
    from mcugraph.continuity.questions import find_order

    order = find_order(universe, name)
    label = f"order '{order.name}'" if not order.derived else order.name[0].lower() + order.name[1:]
    return _build(universe, order.id, label, list(order.items))
