"""The command group, the shared ``--data`` option and the error edge."""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from typing import Any, TypeVar

import click

from mcugraph import __version__
from mcugraph._text import visible
from mcugraph.errors import MCUGraphError, SourceError

__all__ = ["main", "data_option", "load_universe", "library_errors", "DEFAULT_DATA", "echo", "secho"]

DEFAULT_DATA = "data/universe.yaml"
F = TypeVar("F", bound=Callable[..., Any])


def echo(text: str = "", **kwargs: Any) -> None:
    """``click.echo`` for text a person reads: control characters and direction overrides,
    wherever they came from, are printed as visible escapes (``\x1b``, ``\u202e``)."""
    click.echo(visible(text), **kwargs)


def secho(text: str = "", **kwargs: Any) -> None:
    """``click.secho`` with the same escaping (the style is added after it)."""
    click.secho(visible(text), **kwargs)


class _SafeException(click.ClickException):
    """A library error for the terminal: its text escaped."""

    def format_message(self) -> str:
        return visible(self.message)


class _Group(click.Group):
    """Lists commands in the order they were added, as the docs do."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(self.commands)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="mcugraph")
def main() -> None:
    """A knowledge graph and continuity engine for a shared screen universe.

    Reads the YAML source of truth (--data, default data/universe.yaml or
    $MCUGRAPH_DATA) and answers fans, writers and researchers from it.
    """


def data_option(func: F) -> F:
    """The ``--data PATH`` option every command takes."""
    return click.option(
        "--data",
        "data",
        type=click.Path(dir_okay=False, path_type=str),
        default=lambda: os.environ.get("MCUGRAPH_DATA", DEFAULT_DATA),
        show_default="data/universe.yaml or $MCUGRAPH_DATA",
        help="The root YAML file of the universe.",
    )(func)


class SourceProblems(click.ClickException):
    """Diagnostics already printed; exit 1 with a count."""

    def __init__(self, error: SourceError) -> None:
        count = len(error.diagnostics)
        super().__init__(f"{count} problem{'s' if count != 1 else ''} found; nothing was written")
        self.error = error

    def show(self, file: Any = None) -> None:
        out = file or sys.stderr
        for diagnostic in self.error.diagnostics:
            click.echo(visible(str(diagnostic)), file=out)
        click.echo(f"Error: {self.message}", file=out)


def library_errors(func: F) -> F:
    """Turn library errors into click errors (exit 1, no traceback)."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except SourceError as exc:
            raise SourceProblems(exc) from None
        except MCUGraphError as exc:
            raise _SafeException(str(exc)) from None

    return wrapper  # type: ignore[return-value]


def load_universe(data: str) -> Any:
    """Load the universe for a command; errors surface through :func:`library_errors`."""
    from mcugraph import load

    if not os.path.exists(data):
        raise click.ClickException(f"no data file at '{data}': pass --data PATH or set MCUGRAPH_DATA")
    return load(data)
