"""Generate ``docs/cli.md`` from the real ``--help`` of every command.

``python -m mcugraph.cli.reference > docs/cli.md`` (or ``make docs``); a test checks the
committed page equals this output, so the reference never drifts from the code.
"""

from __future__ import annotations

import click
from click.testing import CliRunner

from mcugraph.cli import main

__all__ = ["cli_reference"]

_INTRO = """# Command-line reference

Generated from the real `--help` of each command by `make docs`
(`python -m mcugraph.cli.reference`); a test keeps this page in sync.

Every command takes `--data PATH` (default `data/universe.yaml`, or `$MCUGRAPH_DATA`).
Exit codes: 0 success, 1 the data or a finding failed, 2 the command was called wrongly.
"""


def _help(args: list[str]) -> str:
    result = CliRunner().invoke(main, [*args, "--help"], prog_name="mcugraph", terminal_width=100)
    return result.output.rstrip()


def cli_reference() -> str:
    parts = [_INTRO, "## mcugraph\n", "```text", _help([]), "```\n"]
    ctx = click.Context(main)
    for name in main.list_commands(ctx):
        command = main.get_command(ctx, name)
        assert command is not None
        parts += [f"## mcugraph {name}\n", "```text", _help([name]), "```\n"]
        if isinstance(command, click.Group):
            sub_ctx = click.Context(command)
            for sub in command.list_commands(sub_ctx):
                parts += [f"### mcugraph {name} {sub}\n", "```text", _help([name, sub]), "```\n"]
    return "\n".join(parts)


if __name__ == "__main__":
    click.echo(cli_reference(), nl=False)
