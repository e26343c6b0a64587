"""Library messages speak of their own arguments; the CLI adds the option that sets one."""

from __future__ import annotations

import io
import re
import tokenize
from pathlib import Path

import pytest
from click.testing import CliRunner

from mcugraph.cli import main
from mcugraph.cli._base import option_words
from mcugraph.errors import MCUGraphError, NotFoundError, QueryError

#: an option as a command line spells it: --name, after a space or a quote
OPTION = re.compile(r"(?:^|[\s'\"(])--[a-z][a-z-]*")


@pytest.fixture
def mini(write_data, mini_text: str) -> Path:
    return write_data(mini_text)


def test_an_error_about_an_argument_gets_the_option_s_words() -> None:
    assert option_words(QueryError("x", about="params day")) == "; pass --param day=VALUE"
    assert option_words(NotFoundError("x", about="focus")) == ", or leave out --focus"
    assert option_words(MCUGraphError("x")) == "" and option_words(MCUGraphError("x", about="nothing-known")) == ""


def test_a_missing_parameter_names_the_option_on_the_command_line(mini: Path, tmp_path: Path) -> None:
    query = tmp_path / "q.rq"
    query.write_text("# param: who (character) -- whom\nSELECT * WHERE { ?s ?p ?who } LIMIT 1\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["query", str(query), "--data", str(mini)])
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: the query 'q' needs a value for 'who' (a character of this universe, e.g. night-watch);"
        " pass --param who=VALUE\n"
    )


def test_several_missing_parameters_get_one_option_each() -> None:
    assert option_words(QueryError("x", about="params a b")) == "; pass --param a=VALUE --param b=VALUE"


def _strings(path: Path) -> list[tuple[int, str]]:
    """The string literals of a module that are not docstrings, with their line numbers."""
    tokens = list(tokenize.generate_tokens(io.StringIO(path.read_text(encoding="utf-8")).readline))
    starts = (tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT, tokenize.NL, tokenize.ENCODING)
    out = []
    for before, token, after in zip(tokens, tokens[1:], tokens[2:], strict=False):
        if token.type != tokenize.STRING:
            continue
        if before.type in starts and after.type == tokenize.NEWLINE:
            continue  # a docstring: the options it names are for readers of the code
        out.append((token.start[0], token.string))
    return out


def test_no_library_message_names_a_cli_option() -> None:
    src = Path(__file__).resolve().parents[2] / "src" / "mcugraph"
    offenders = [
        f"{path.relative_to(src)}:{line}: {text}"
        for path in sorted(src.rglob("*.py"))
        if "cli" not in path.relative_to(src).parts
        for line, text in _strings(path)
        if OPTION.search(text)
    ]
    assert offenders == []
