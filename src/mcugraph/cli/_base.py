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

__all__ = [
    "main",
    "data_option",
    "load_universe",
    "library_errors",
    "option_words",
    "DEFAULT_DATA",
    "echo",
    "secho",
    "WrongCall",
    "resolve_argument",
]

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


class WrongCall(click.ClickException):
    """The command was called wrongly (an unknown or ambiguous name, a bad value): exit 2,
    click's code for a usage error, with a message that says how to call it."""

    exit_code = 2

    def format_message(self) -> str:
        return visible(self.message)


def resolve_argument(universe: Any, text: str, *, kinds: tuple[str, ...] | None = None) -> tuple[str, str]:
    """The entity a command-line argument names, as ``(kind, id)``.

    A name that fits several entities is asked about on a terminal and otherwise listed,
    each candidate in the exact form to type; a name of the wrong kind says what it is; an
    unknown name suggests the nearest. The last two, and an ambiguity not asked about,
    are wrong calls (exit 2).
    """
    from mcugraph.errors import AmbiguousError, NotFoundError
    from mcugraph.resolve import resolve

    try:
        return resolve(universe, text, kinds=kinds)
    except AmbiguousError as exc:
        candidates = [tuple(c.split(":", 1)) for c in exc.candidates]
        if sys.stdin.isatty() and sys.stdout.isatty():
            echo(f"'{text}' could mean:", err=True)
            for n, (kind, ident) in enumerate(candidates, 1):
                echo(f"  {n}. {kind}:{ident}  {universe.label(kind, ident)} ({_what(universe, kind, ident)})", err=True)
            choice = click.prompt("Which one", type=click.IntRange(1, len(candidates)), err=True)
            return candidates[choice - 1]  # type: ignore[return-value]
        lines = [
            f"  {kind}:{ident}  {universe.label(kind, ident)} ({_what(universe, kind, ident)})"
            for kind, ident in candidates
        ]
        raise WrongCall(f"'{text}' could mean several things; name one of them exactly:\n" + "\n".join(lines)) from None
    except NotFoundError as exc:
        raise WrongCall(str(exc)) from None


def _what(universe: Any, kind: str, ident: str) -> str:
    from mcugraph.resolve import _what as what

    return what(universe, kind, ident)


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
    """Turn library errors into click errors, with no traceback: a name that matches nothing
    or several things is a wrong call (exit 2, as click's usage errors); anything else the
    library refuses is a problem of the data or a finding (exit 1). A query parameter that is
    missing, unknown or wrong is a wrong call too."""
    from mcugraph.errors import AmbiguousError, NoPathError, NotFoundError, ParamError

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except SourceError as exc:
            raise SourceProblems(exc) from None
        except NoPathError as exc:
            raise _SafeException(str(exc)) from None
        except (NotFoundError, AmbiguousError, ParamError) as exc:
            raise WrongCall(str(exc) + option_words(exc)) from None
        except MCUGraphError as exc:
            raise _SafeException(str(exc) + option_words(exc)) from None

    return wrapper  # type: ignore[return-value]


#: what the CLI adds to a library error about one argument: the option that sets it
#: (``{}`` is the rest of ``about``, such as a parameter's name)
_OPTION_WORDS = {
    "focus": ", or leave out --focus",
    "rules": " (--no-house-rules)",
    "port": "; pick another --port",
    "host": "; check --host (an address of this machine, such as 127.0.0.1)",
    "params": "; pass {}",
    "resume_from": " (--resume-from)",
    "graph": " (--graph)",
}
#: the words for each name when ``about`` names several (``"params a b"``)
_EACH_WORDS = {"params": "--param {}=VALUE"}


def option_words(exc: MCUGraphError) -> str:
    """The CLI's words for the argument ``exc`` is about, or ``""``."""
    if exc.about is None:
        return ""
    head, _, rest = exc.about.partition(" ")
    words = _OPTION_WORDS.get(head)
    if words is None:
        return ""
    each = _EACH_WORDS.get(head)
    return words.format(" ".join(each.format(name) for name in rest.split()) if each else rest)


def load_universe(data: str) -> Any:
    """Load the universe for a command; errors surface through :func:`library_errors`."""
    from mcugraph import load

    if not os.path.exists(data):
        raise click.ClickException(f"no data file at '{data}': pass --data PATH or set MCUGRAPH_DATA")
    return load(data)
