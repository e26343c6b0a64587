"""The shipped JSON Schema and CLI reference stay in sync with the code; every command is documented."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import click
import jsonschema
import yaml

from mcugraph.cli import main
from mcugraph.cli.reference import cli_reference
from mcugraph.schema import json_schema, shipped_schema, to_json

ROOT = Path(__file__).resolve().parents[1]


def test_shipped_schema_is_generated_from_the_model() -> None:
    assert shipped_schema() == to_json(), "run `make schema` to regenerate src/mcugraph/schema/universe.schema.json"


def test_schema_is_valid_draft07() -> None:
    jsonschema.Draft7Validator.check_schema(json_schema())


def _plain(value: object) -> object:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def test_every_shipped_data_file_matches_the_schema_and_references_it() -> None:
    validator = jsonschema.Draft7Validator(json_schema())
    files = sorted((ROOT / "data").glob("*.yaml"))
    assert files
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert text.startswith("# yaml-language-server: $schema=../src/mcugraph/schema/universe.schema.json"), path
        errors = [e.message for e in validator.iter_errors(_plain(yaml.safe_load(text)))]
        assert errors == [], f"{path.name}: {errors[:3]}"


def test_schema_rejects_what_validation_rejects(mini_text: str) -> None:
    validator = jsonschema.Draft7Validator(json_schema())
    good = _plain(yaml.safe_load(mini_text))
    assert list(validator.iter_errors(good)) == []
    bad = json.loads(json.dumps(good))
    bad["characters"][0]["colour"] = "red"
    bad["works"][0]["kind"] = "flim"
    assert len(list(validator.iter_errors(bad))) == 2


def test_cli_reference_is_in_sync() -> None:
    committed = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    assert committed == cli_reference(), "run `make docs` to regenerate docs/cli.md"


def test_every_command_has_help_and_a_section() -> None:
    ctx = click.Context(main)
    committed = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    for name in main.list_commands(ctx):
        command = main.get_command(ctx, name)
        assert command is not None and command.help, f"command {name} has no help text"
        assert f"## mcugraph {name}\n" in committed
        for param in command.params:
            if isinstance(param, click.Option) and param.name not in ("help",):
                assert param.help, f"option {param.opts} of {name} has no help text"
