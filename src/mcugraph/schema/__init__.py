"""The JSON Schema (draft-07) of a data file, generated from the source specification.

Editors with the YAML language server read it through the comment at the top of each
data file. ``python -m mcugraph.schema`` prints it; a test keeps the shipped copy
(``universe.schema.json``) equal to what this module generates.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from mcugraph.model.time import BASES
from mcugraph.validate.spec import ID_PATTERN, OBJECTS, QID_PATTERN, SECTIONS, FieldSpec

__all__ = ["json_schema", "to_json", "shipped_schema", "SCHEMA_FILE"]

SCHEMA_FILE = "universe.schema.json"
_DATE = r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$"


def _time() -> dict[str, Any]:
    partial = {"anyOf": [{"type": "integer"}, {"type": "string", "pattern": _DATE}]}
    interval = {
        "type": "object",
        "additionalProperties": False,
        "minProperties": 1,
        "properties": {"from": partial, "to": partial},
    }
    ref = {"type": "string", "pattern": r"^((event|work):)?[a-z0-9]+(-[a-z0-9]+)*$"}
    placed = {
        "type": "object",
        "additionalProperties": False,
        "minProperties": 1,
        "properties": {
            "in": {"anyOf": [partial, interval]},
            "from": partial,
            "to": partial,
            "after": ref,
            "before": ref,
            "during": ref,
            "gap": {"$ref": "#/definitions/gap"},
            "basis": {"type": "string", "enum": list(BASES)},
            "sources": {"type": "array", "items": {"type": "string", "pattern": ID_PATTERN}},
            "note": {"type": "string", "minLength": 1},
        },
    }
    return {
        "description": (
            "In-universe time: YYYY, YYYY-MM, YYYY-MM-DD, {from, to}, {after|before|during: EVENT-OR-WORK, gap},"
            " a combination such as {in: 2015, after: X, before: Y} with basis/sources/note, or a list of these"
            " (all hold)."
        ),
        "anyOf": [partial, placed, {"type": "array", "minItems": 1, "items": {"anyOf": [partial, placed]}}],
    }


def _field(field: FieldSpec) -> dict[str, Any]:
    kind = field.type
    schema: dict[str, Any]
    if kind == "text":
        schema = {"type": "string", "minLength": 1}
    elif kind == "int":
        schema = {"type": "integer", "minimum": 0 if field.key == "age" else 1}
    elif kind == "bool":
        schema = {"type": "boolean"}
    elif kind == "date":
        schema = {"type": "string", "pattern": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}
    elif kind == "time":
        schema = {"$ref": "#/definitions/time"}
    elif kind == "gap":
        schema = {"$ref": "#/definitions/gap"}
    elif kind in ("id", "ref"):
        schema = {"type": "string", "pattern": ID_PATTERN}
    elif kind == "qid":
        schema = {"type": "string", "pattern": QID_PATTERN}
    elif kind == "iri":
        schema = {"type": "string", "format": "uri", "pattern": "^https?://"}
    elif kind == "enum":
        schema = {"type": "string", "enum": list(field.choices)}
    elif kind == "object":
        assert field.obj is not None
        schema = {"$ref": f"#/definitions/{field.obj}"}
    else:  # pragma: no cover - the spec only uses the kinds above
        raise ValueError(kind)
    if field.many:
        schema = {"type": "array", "items": schema}
    schema["description"] = field.doc + (f" Refers to {field.ref.replace('|', ' or ')}." if field.ref else "")
    return schema


def json_schema() -> dict[str, Any]:
    """The schema of one data file (any section; `universe` in the root file)."""
    definitions: dict[str, Any] = {
        "time": _time(),
        "gap": {
            "type": "string",
            "pattern": r"^[0-9]+ (day|week|month|year)s?$",
            "description": "An approximate span: N days, weeks, months or years.",
        },
    }
    for name, spec in OBJECTS.items():
        definitions[name] = {
            "type": "object",
            "description": spec.doc,
            "additionalProperties": False,
            "required": [f.key for f in spec.fields if f.required],
            "properties": {f.key: _field(f) for f in spec.fields},
        }
    properties: dict[str, Any] = {
        "universe": {"$ref": "#/definitions/universe"},
        "include": {
            "type": "array",
            "items": {"type": "string", "pattern": r"\.ya?ml$"},
            "description": "Other data files, relative to this one.",
        },
    }
    for section, spec in SECTIONS.items():
        properties[section] = {
            "type": ["array", "null"],
            "items": {"$ref": f"#/definitions/{spec.name}"},
            "description": spec.doc,
        }
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "$id": "https://w3id.org/mcugraph/schema/universe.schema.json",
        "title": "mcugraph universe data file",
        "type": "object",
        "additionalProperties": False,
        "properties": properties,
        "definitions": definitions,
    }


def to_json() -> str:
    return json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"


def shipped_schema() -> str:
    return resources.files(__package__).joinpath(SCHEMA_FILE).read_text(encoding="utf-8")
