"""The everyday commands: validate, show, path, stats, build — output and exit codes."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from mcugraph.cli import main


@pytest.fixture
def mini(write_data, mini_text: str) -> Path:
    return write_data(mini_text)


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_validate_ok(mini: Path) -> None:
    code, out, _ = run("validate", "--data", str(mini))
    assert code == 0
    assert out.startswith("ok: Mini Universe: ")
    assert "2 episodes, 1 film, 2 seasons, 2 series; 3 characters" in out


def test_validate_reports_every_problem_and_exits_1(write_data) -> None:
    path = write_data(
        'universe: {id: t, name: T, base_iri: "https://example.org/t/", license: CC0-1.0}\n'
        "characters:\n  - {id: a, name: A, colour: red}\n  - {id: b, name: No}\n"
    )
    code, out, err = run("validate", "--data", str(path))
    assert code == 1
    assert out == ""
    lines = err.splitlines()
    assert (
        lines[0]
        == f"{path}:3:22: error: unknown field 'colour' in character (fields: id, name, aliases, other_names, codenames, species, born, died, stated_ages, locations, variant_of, sources, note, wikidata, former_ids)"
    )
    assert lines[1].startswith(f"{path}:4:19: error: 'name' must be text, found a boolean `No`")
    assert lines[-1] == "Error: 2 problems found; nothing was written"
    assert "Traceback" not in err


def test_missing_data_file(tmp_path: Path) -> None:
    code, _, err = run("validate", "--data", str(tmp_path / "nope.yaml"))
    assert code == 1
    assert err == f"Error: no data file at '{tmp_path / 'nope.yaml'}': pass --data PATH or set MCUGRAPH_DATA\n"


def test_data_from_environment(mini: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MCUGRAPH_DATA", str(mini))
    code, out, _ = run("validate")
    assert code == 0 and "Mini Universe" in out


def test_unknown_command_is_a_usage_error() -> None:
    result = CliRunner().invoke(main, ["valdate"])
    assert result.exit_code == 2
    assert "No such command 'valdate'" in result.stderr
    assert "Did you mean 'validate'?" in result.stderr


def test_show_by_name_ignoring_accents(mini: Path) -> None:
    code, out, _ = run("show", "ana lopez", "--data", str(mini))
    assert code == 0
    assert out.splitlines()[0] == "Ána López  (person:ana-lopez)"
    assert "  portrays: Night Watch" in out


def test_show_character_facts_sources_and_neighbours(mini: Path) -> None:
    code, out, _ = run("show", "villain", "--data", str(mini))
    assert code == 0
    assert "Dr. Villain  (character:villain)" in out
    assert "  portrayed by: Bo Chen" in out
    assert "  took part in: The Battle" in out
    assert "  enemy of: Night Watch" in out
    assert f"  defined at: {mini}:" in out


def test_show_work_lists_inherited_sources(mini: Path) -> None:
    code, out, _ = run("show", "night-watch-s1e01", "--data", str(mini))
    assert code == 0
    assert "    - Invented for tests" in out
    assert "  references: The Battle" in out


def test_show_ambiguous_name_lists_both(mini: Path) -> None:
    code, _, err = run("show", "Night Watch", "--data", str(mini))  # not a terminal: listed, not asked
    assert code == 2
    assert err == (
        "Error: 'Night Watch' could mean several things; name one of them exactly:\n"
        "  character:night-watch  Night Watch (character)\n"
        "  work:night-watch  Night Watch (series)\n"
    )


def test_show_alias_and_qualified_id(mini: Path) -> None:
    assert run("show", "the incident", "--data", str(mini))[1].startswith("The Battle  (event:the-battle)")
    assert run("show", "work:night-watch", "--data", str(mini))[1].startswith("Night Watch  (work:night-watch)")


def test_show_unknown_suggests(mini: Path) -> None:
    code, _, err = run("show", "Dr Villan", "--data", str(mini))
    assert code == 2
    assert err == "Error: nothing is called 'Dr Villan'; did you mean 'Dr. Villain', 'character:villain'?\n"


def test_path_explains_each_edge(mini: Path) -> None:
    code, out, _ = run("path", "Ána López", "The Battle", "--data", str(mini))
    assert code == 0
    assert out.splitlines() == [
        "Ána López —portrays→ Night Watch",
        "Night Watch —enemy of→ Dr. Villain",
        "Dr. Villain —took part in→ The Battle",
    ]


def test_path_not_connected(write_data) -> None:
    path = write_data(
        'universe: {id: t, name: T, base_iri: "https://example.org/t/", license: CC0-1.0}\n'
        "characters: [{id: a, name: A}, {id: b, name: B}]\n"
    )
    code, _, err = run("path", "a", "b", "--data", str(path))
    assert code == 1
    assert err == "Error: 'A' and 'B' are not connected\n"


def test_path_to_a_record_outside_the_graph_is_refused(write_data) -> None:
    path = write_data(
        'universe: {id: t, name: T, base_iri: "https://example.org/t/", license: CC0-1.0}\n'
        "characters: [{id: a, name: A}]\n"
        "secrets: [{id: s, name: A is masked, about: a}]\n"
    )
    code, _, err = run("path", "a", "secret:s", "--data", str(path))
    assert code == 2
    assert err.startswith("Error: 'secret:s' is not in the graph: paths join works, people, characters")


def test_stats(mini: Path) -> None:
    code, out, _ = run("stats", "--data", str(mini))
    assert code == 0
    assert "  episode              2" in out
    assert "  Nurse Joy: Day Shift, Night Watch" in out
    assert "Most connected characters" in out


def test_stats_rejects_bad_top(mini: Path) -> None:
    result = CliRunner().invoke(main, ["stats", "--top", "0", "--data", str(mini)])
    assert result.exit_code == 2
    assert "Invalid value for '--top'" in result.stderr


def test_build_writes_into_output_folder(mini: Path, tmp_path: Path) -> None:
    code, out, _ = run("build", "--data", str(mini), "-o", str(tmp_path / "out"))
    assert code == 0
    assert out.startswith("ok: Mini Universe")
    assert (tmp_path / "out").is_dir()


def test_build_with_bad_data_writes_nothing(write_data, tmp_path: Path) -> None:
    path = write_data("universe: {id: t}\n")
    code, _, err = run("build", "--data", str(path), "-o", str(tmp_path / "out"))
    assert code == 1
    assert "universe is missing the required field 'name'" in err
    assert not (tmp_path / "out").exists()
