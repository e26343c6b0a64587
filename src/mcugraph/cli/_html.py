"""``mcugraph html``: the fans' offline explorer."""

from __future__ import annotations

import click

from mcugraph.cli._base import data_option, library_errors, load_universe, main

__all__ = ["html"]


@main.command()
@data_option
@click.option(
    "-o",
    "--output",
    "output",
    required=True,
    type=click.Path(dir_okay=False, allow_dash=True),
    help="The HTML file to write ('-' writes the page to standard output).",
)
@click.option(
    "--focus",
    metavar="ENTITY",
    help="The entity the page opens on: an id, kind:id, name or alias. "
    "Default: the hub where crossover characters meet (or, with --watched-through, "
    "the season or film watched last).",
)
@click.option(
    "--depth",
    type=click.IntRange(0, 20),
    metavar="N",
    help="Keep only what lies within N steps of the focus (a smaller page to share).",
)
@click.option(
    "--watched-through",
    "watched_through",
    metavar="WORK",
    help="Spoiler shield: a film, season or episode; everything revealed after it in --order is left out of the file.",
)
@click.option(
    "--order",
    default="release",
    show_default=True,
    metavar="NAME",
    help="The watch order for the shield and the page's 'watched up to' control, as 'mcugraph orders'"
    " lists them: release, in-universe (the story order; also called chronological) or the id of an"
    " order in the data.",
)
@library_errors
def html(data: str, output: str, focus: str | None, depth: int | None, watched_through: str | None, order: str) -> None:
    """Write the explorer: one self-contained HTML file that works offline.

    Search, legend, filters, focus on an entity and its neighbours, an info panel with
    facts, appearances, relationships and sources, permalinks (FILE#ID, or FILE#kind:ID),
    and a spoiler shield. The file loads nothing from the network.
    """
    from mcugraph.explorer import to_html, write_html

    universe = load_universe(data)
    if output == "-":
        click.echo(to_html(universe, focus=focus, depth=depth, watched_through=watched_through, order=order), nl=False)
        return
    path = write_html(universe, output, focus=focus, depth=depth, watched_through=watched_through, order=order)
    size = path.stat().st_size
    click.echo(f"wrote {path} ({size / 1e6:.1f} MB)" if size >= 1e5 else f"wrote {path} ({size / 1e3:.0f} kB)")
