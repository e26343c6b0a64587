"""Text that cannot attack a terminal: refused in the data, escaped wherever else it comes from."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

import mcugraph
from mcugraph.cli import main
from mcugraph.errors import ValidationError

HEAD = 'universe: {id: t, name: Test, base_iri: "https://example.org/t/", license: CC0-1.0}\n'


@pytest.mark.parametrize(
    ("value", "what"),
    [
        ('"Kil\\e[2Jgrave"', "U+001B ESCAPE at character 4"),
        ('"Trish\\u202eWalker"', "U+202E RIGHT-TO-LEFT OVERRIDE at character 6"),
        ('"a\\u2067b"', "U+2067 RIGHT-TO-LEFT ISOLATE at character 2"),
        ('"bell\\a"', "U+0007 BELL at character 5"),
        ('"c1\\x85"', "U+0085"),
        ('"two\\nlines"', "U+000A LINE FEED at character 4"),
    ],
)
def test_validate_refuses_control_and_direction_characters_in_names(value: str, what: str) -> None:
    with pytest.raises(ValidationError) as info:
        mcugraph.loads(HEAD + f"characters:\n  - {{id: a, name: {value}}}\n", path="u.yaml")
    [diagnostic] = info.value.diagnostics
    assert str(diagnostic).startswith("u.yaml:3:19: error: 'name' holds ")
    assert what in diagnostic.message


@pytest.mark.parametrize("key", ["aliases", "codenames"])
def test_lists_of_names_are_checked_too(key: str) -> None:
    with pytest.raises(ValidationError) as info:
        mcugraph.loads(HEAD + f'characters:\n  - {{id: a, name: A, {key}: [ok, "b\\u202ed"]}}\n', path="u.yaml")
    assert f"'{key}' holds U+202E" in str(info.value.diagnostics[0])


def test_notes_keep_tabs_and_newlines_but_not_escapes() -> None:
    u = mcugraph.loads(HEAD + 'characters:\n  - {id: a, name: A, note: "one\\tcolumn\\nand a line"}\n', path="u.yaml")
    assert u.characters["a"].note == "one\tcolumn\nand a line"
    with pytest.raises(ValidationError) as info:
        mcugraph.loads(HEAD + 'characters:\n  - {id: a, name: A, note: "x\\e[31m"}\n', path="u.yaml")
    assert "'note' holds U+001B ESCAPE" in str(info.value.diagnostics[0])


def test_titles_of_works_and_sources(tmp_path: Path) -> None:
    body = 'sources:\n  - {id: s, kind: other, title: "T\\e]0;pwned\\a"}\n'
    with pytest.raises(ValidationError) as info:
        mcugraph.loads(HEAD + body, path="u.yaml")
    assert "'title' holds U+001B ESCAPE" in str(info.value.diagnostics[0])


def test_the_cli_escapes_what_reaches_it_from_elsewhere(tmp_path: Path) -> None:
    path = tmp_path / "u.yaml"
    path.write_text(HEAD + "characters:\n  - {id: a, name: A}\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["show", "\x1b[2J\u202eevil", "--data", str(path)])
    assert result.exit_code != 0
    assert "\x1b" not in result.stderr and "\u202e" not in result.stderr
    assert "\\x1b[2J\\u202eevil" in result.stderr


def test_a_query_table_escapes_its_own_literals(tmp_path: Path) -> None:
    path = tmp_path / "u.yaml"
    path.write_text(HEAD + "characters:\n  - {id: a, name: A}\n", encoding="utf-8")
    query = tmp_path / "q.rq"
    query.write_text('SELECT ?x WHERE { BIND("bad\\u001B[2J" AS ?x) }\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["query", str(query), "--data", str(path)])
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.stdout and "bad\\x1b[2J" in result.stdout
