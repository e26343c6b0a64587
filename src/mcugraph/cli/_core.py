"""Commands for everyone: validate, build, show, path, stats."""

from __future__ import annotations

from typing import Any

import click

from mcugraph.cli._base import data_option, echo, library_errors, load_universe, main, resolve_argument, secho

__all__ = ["validate", "build", "show", "path", "stats"]


def _plural(n: int, word: str) -> str:
    if n == 1 or word.endswith("s"):
        return f"{n} {word}"
    return f"{n} {'people' if word == 'person' else word + 's'}"


def _summary(universe: object) -> str:
    from mcugraph.model import Universe

    assert isinstance(universe, Universe)
    kinds: dict[str, int] = {}
    for work in universe.works.values():
        kinds[work.kind] = kinds.get(work.kind, 0) + 1
    works = ", ".join(_plural(n, k) for k, n in sorted(kinds.items()))
    counts = [
        _plural(len(universe.characters), "character"),
        _plural(len(universe.people), "person"),
        _plural(len(universe.portrayals), "portrayal"),
        _plural(len(universe.events), "event"),
        _plural(len(universe.relationships), "relationship"),
        _plural(len(universe.sources), "source"),
    ]
    return f"{universe.info.name}: {works or 'no works'}; {', '.join(counts)} ({_plural(len(universe.files), 'file')})"


@main.command()
@data_option
@library_errors
def validate(data: str) -> None:
    """Read and validate the data; print PATH:LINE:COL diagnostics on failure."""
    universe = load_universe(data)
    echo(f"ok: {_summary(universe)}")


@main.command()
@data_option
@click.option(
    "-o",
    "--output",
    "outdir",
    default="build",
    show_default=True,
    type=click.Path(file_okay=False),
    help="Folder to write every artifact to.",
)
@library_errors
def build(data: str, outdir: str) -> None:
    """The main job: validate, check, and write every artifact to the output folder."""
    from mcugraph.pipeline import build as run_build

    universe = load_universe(data)
    echo(f"ok: {_summary(universe)}")
    result = run_build(universe, outdir, progress=lambda name: echo(f"building {name} …", err=True))
    for path in result.written:
        echo(f"wrote {path}")


def _grouped(facts: Any) -> list[tuple[str, list[str]]]:
    """Facts with the same label side by side become one line (every alias on one)."""
    out: list[tuple[str, list[str]]] = []
    for fact in facts:
        if out and out[-1][0] == fact.label:
            out[-1][1].append(fact.text)
        else:
            out.append((fact.label, [fact.text]))
    return out


@main.command()
@click.argument("entity")
@data_option
@click.option(
    "--at",
    "at",
    metavar="POINT",
    default=None,
    help="A point of the story: an in-universe date (YYYY, YYYY-MM or YYYY-MM-DD), or a work or an"
    " event (as of its end in story time). Shows whether the character is alive, where, and the"
    " affiliations and relationships that hold then.",
)
@library_errors
def show(entity: str, data: str, at: str | None) -> None:
    """An entity's facts, sources and neighbours by relation.

    ENTITY is an id, kind:id, a name or an alias as the data writes it (case and accents
    do not matter).
    With --at POINT, what is true of a character or organization at that point of the story
    instead: a date, or an episode or film ("as of the end of" it); for a secret, who knows it.
    """
    from mcugraph.facts import entity_facts
    from mcugraph.graph import RELATIONS, neighbours, node_key, to_networkx

    universe = load_universe(data)
    if at is not None:
        from mcugraph.cli._check import print_state_at

        print_state_at(universe, entity, at)
        return
    kind, ident = resolve_argument(universe, entity)
    record = universe.get(kind, ident)
    secho(f"{universe.label(kind, ident)}  ({kind}:{ident})", bold=True)
    for label, texts in _grouped(entity_facts(universe, kind, ident)):
        echo(f"  {label}: {'; '.join(texts)}")
    echo(f"  defined at: {record.mark}")
    if getattr(record, "note", None):
        echo(f"  note: {record.note}")
    sources = universe.work_sources(ident) if kind == "work" else getattr(record, "sources", ())
    if sources:
        click.echo("  sources:")
        for sid in sources:
            src = universe.sources[sid]
            where = f" <{src.url}>" if src.url else ""
            echo(f"    - {src.title}{' (' + src.publisher + ')' if src.publisher else ''}{where}")
    graph = to_networkx(universe)
    # who directed and wrote a work are facts above (with a writer's kind of credit)
    credits = {word for key in ("directed_by", "written_by") for word in RELATIONS[key]}
    for relation, nodes in neighbours(graph, node_key(kind, ident)).items():
        if relation in credits:
            continue
        labels = [graph.nodes[n]["label"] for n in nodes]
        echo(f"  {relation}: {', '.join(labels)}")


@main.command()
@click.argument("a")
@click.argument("b")
@data_option
@library_errors
def path(a: str, b: str, data: str) -> None:
    """The shortest connection between two entities, explained edge by edge."""
    from mcugraph.graph import node_key, shortest_path, to_networkx

    universe = load_universe(data)
    start, end = resolve_argument(universe, a), resolve_argument(universe, b)
    steps = shortest_path(to_networkx(universe), node_key(*start), node_key(*end))
    if not steps:
        echo(f"{universe.label(*start)} is {universe.label(*end)}")
    for step in steps:
        echo(str(step))


@main.command()
@data_option
@click.option(
    "--top",
    default=10,
    show_default=True,
    type=click.IntRange(1, 1000),
    help="How many of the most connected characters to list.",
)
@library_errors
def stats(data: str, top: int) -> None:
    """Counts per kind, the most connected characters, characters in several series."""
    from mcugraph.graph import stats as compute
    from mcugraph.graph import to_networkx

    universe = load_universe(data)
    result = compute(universe, to_networkx(universe), top=top)
    click.secho("Counts", bold=True)
    for name, count in result.counts.items():
        echo(f"  {name:<15} {count:>6}")
    click.secho("Most connected characters", bold=True)
    for name, degree in result.most_connected:
        echo(f"  {degree:>4}  {name}")
    click.secho("Characters in more than one series", bold=True)
    for name, series in result.crossovers:
        echo(f"  {name}: {', '.join(series)}")
