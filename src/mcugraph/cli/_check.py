"""Commands for writers: check, timeline, orders (and the ``--at`` answer of ``show``)."""

from __future__ import annotations

import sys
from typing import Any

import click

from mcugraph.cli._base import data_option, echo, library_errors, load_universe, main, resolve_argument, secho
from mcugraph.errors import MCUGraphError, Severity
from mcugraph.formats import ReportFormat

__all__ = ["check", "timeline", "orders", "print_state_at"]


class _Failed(click.ClickException):
    """Findings were printed; exit 1 with the count on stderr."""

    def show(self, file: Any = None) -> None:
        echo(f"Error: {self.message}", file=file or sys.stderr)


@main.command()
@data_option
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice([f.value for f in ReportFormat]),  # values: click takes members by name
    default="text",
    show_default=True,
    help="text (PATH:LINE:COL: SEVERITY[RULE] MESSAGE), JSON, or SARIF 2.1.0.",
)
@click.option(
    "--fail-on",
    type=click.Choice([Severity.ERROR.value, Severity.WARNING.value]),
    default="error",
    show_default=True,
    help="Exit 1 when an unacknowledged finding this serious or worse remains.",
)
@click.option(
    "--rules",
    "rules_dir",
    type=click.Path(file_okay=False, exists=True),
    default=None,
    help="Folder of house rules (*.rq SPARQL SELECT files) to run as well "
    "[default: queries/rules beside the data folder, if there is one].",
)
@click.option("--no-house-rules", is_flag=True, help="Run the built-in rules only.")
@click.option("--only", "only", multiple=True, metavar="RULE", help="Run only this rule (repeat for several).")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True),
    default=None,
    help="Write the report to this file instead of standard output.",
)
@library_errors
def check(
    data: str,
    fmt: str,
    fail_on: str,
    rules_dir: str | None,
    no_house_rules: bool,
    only: tuple[str, ...],
    output: str | None,
) -> None:
    """Continuity findings, compiler style, with acknowledged conflicts marked.

    Exits 1 when an unacknowledged finding at or above --fail-on remains; the summary
    goes to standard error, the findings to standard output (or --output).
    """
    from mcugraph.continuity import check as run_check
    from mcugraph.continuity import default_rules_dir, to_json, to_sarif, to_text

    universe = load_universe(data)
    folder = None if no_house_rules else rules_dir or default_rules_dir(universe)
    report = run_check(universe, rules_dir=folder, only=only or None)
    if fmt == "json":
        text = to_json(report)
    elif fmt == "sarif":
        text = to_sarif(report)
    else:
        text = to_text(report, color=output is None)
    if output is not None:
        from mcugraph._io import atomic_write

        atomic_write(output, text)
    elif text:
        click.echo(text, nl=False)
    failing = report.failing(fail_on)
    echo(f"{'failed' if failing else 'ok'}: {report.summary()}", err=True)
    if failing:
        raise _Failed(f"{len(failing)} finding{'s' if len(failing) != 1 else ''} at or above '{fail_on}'")


def _when(entry: Any) -> str:
    return entry.words or str(entry.when)


@main.command()
@click.argument("entity")
@data_option
@click.option(
    "--at",
    "at",
    metavar="POINT",
    default=None,
    help="Only what has happened by a point of the story: a date (YYYY, YYYY-MM or YYYY-MM-DD),"
    " or a work or an event (as of its end).",
)
@library_errors
def timeline(entity: str, data: str, at: str | None) -> None:
    """A character's, location's or work's events and appearances in in-universe order.

    ENTITY is an id, kind:id, a name or an alias. Release date and release-order
    position are printed beside each row. With --at, the rows surely later than that
    point of the story are left out.
    """
    from mcugraph.continuity import resolve_timeline, timeline_of
    from mcugraph.continuity.questions import parse_at

    universe = load_universe(data)
    kind, ident = resolve_argument(universe, entity, kinds=("character", "location", "work"))
    tl = resolve_timeline(universe)
    rows = timeline_of(universe, kind, ident, timeline=tl)
    heading = "in-universe order"
    if at is not None:
        try:
            point = parse_at(at, universe, tl)
        except MCUGraphError as exc:
            raise click.ClickException(f"--at: {exc}") from None
        rows = [r for r in rows if not tl.before(point.point, r.when.start)]
        heading += f", as of {point.label}"
    secho(f"{universe.label(kind, ident)}  ({kind}:{ident}): {heading}", bold=True)
    if not rows:
        echo("  nothing is recorded")
        return
    width = min(max(len(_when(r)) for r in rows), 30)
    what_width = min(max(len(r.what) for r in rows), 60)
    for r in rows:
        release = ""
        if r.work is not None:
            rank = f"#{r.release_rank} " if r.release_rank else ""
            date = r.released.isoformat() if r.released else "unreleased"
            release = f"  [{rank}{date} {universe.label('work', r.work)}]"
        echo(f"  {_when(r):<{width}}  {r.what:<{what_width}}{release}")


@main.command()
@click.argument("name", required=False)
@data_option
@library_errors
def orders(name: str | None, data: str) -> None:
    """The named watch orders; with NAME, that order in full.

    'release' and 'in-universe' are derived from the data; the rest are written in its
    orders: section.
    """
    from mcugraph.continuity import order_items
    from mcugraph.continuity import orders as all_orders

    universe = load_universe(data)
    if name is None:
        for order in all_orders(universe):
            how = "derived" if order.derived else f"{order.kind}"
            echo(f"{order.id:<24} {order.name} ({len(order.items)} works, {how})")
        return
    order, items = order_items(universe, name)
    secho(f"{order.name}  ({order.id}, {len(items)} works)", bold=True)
    for item in items:
        date = item.released.isoformat() if item.released else "unreleased"
        echo(f"  {item.position:>3}. {item.label:<50} released {date:<10}  set {item.setting}")


def print_state_at(universe: Any, entity: str, at: str) -> None:
    """``mcugraph show ENTITY --at DATE``: what is true of a character or organization then."""
    from mcugraph.continuity import resolve_timeline, state_at
    from mcugraph.continuity.questions import parse_at

    kind, ident = resolve_argument(universe, entity, kinds=("character", "organization", "secret"))
    tl = resolve_timeline(universe)
    try:
        point = parse_at(at, universe, tl)
    except MCUGraphError as exc:
        raise click.ClickException(f"--at: {exc}") from None
    if kind == "secret":
        from mcugraph.continuity.knowledge import knower_lines

        secho(f"{universe.label(kind, ident)}  ({kind}:{ident}) at {point.label}", bold=True)
        echo("  known by:")
        for line in knower_lines(universe, tl, ident, point.work or point.point):
            echo(f"    - {line}")
        return
    state = state_at(universe, kind, ident, point, timeline=tl)
    secho(f"{universe.label(kind, ident)}  ({kind}:{ident}) at {state.date}", bold=True)
    echo(f"  {'state' if kind == 'organization' else 'life'}: {state.life} ({state.why})")
    for title, values in (
        ("status", state.statuses),
        ("where", state.places),
        ("affiliations", state.affiliations),
        ("relationships", state.relationships),
        ("knows", state.knowledge),
    ):
        if values:
            echo(f"  {title}:")
            for value in values:
                echo(f"    - {value}")
