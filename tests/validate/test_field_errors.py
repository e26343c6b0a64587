"""One bad field costs that field: the record stays, and nothing that refers to it fails too.

Where a record cannot be kept (its id or a required field is wrong), what refers to it is
one line that points at the error, after it, with no "did you mean" (a wrong fix).
"""

from __future__ import annotations

import re
import shutil
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

import mcugraph
from mcugraph.cli import main
from mcugraph.errors import SourceError, ValidationError
from mcugraph.source import parse_text
from mcugraph.validate.convert import Converter
from mcugraph.validate.spec import SECTIONS

HEAD = 'universe: {id: t, name: T, base_iri: "https://example.org/t/", license: CC0-1.0}\n'
WORKS = "works: [{id: w, kind: film, title: W}]\n"
SHIPPED = Path(__file__).resolve().parents[2] / "data"


def problems(body: str) -> list[str]:
    with pytest.raises(SourceError) as info:
        mcugraph.loads(HEAD + textwrap.dedent(body), path="u.yaml")
    return [str(d) for d in info.value.diagnostics]


def entry(section: str, text: str) -> tuple[object, list[str]]:
    """The record one entry of ``section`` gives, and the problems converting it found."""
    conv = Converter()
    node = parse_text(f"{section}:\n  - {text}\n", path="u.yaml").get(section).items[0]  # type: ignore[union-attr]
    record = conv.build(node, SECTIONS[section], where="entry")
    return record, [str(d) for d in conv.diagnostics]


# -- one bad field -------------------------------------------------------------------------


def test_an_unknown_field_keeps_the_record_and_is_the_only_error() -> None:
    got = problems(
        """\
        characters:
          - {id: karen-page, name: Karen Page, status: zombie}
          - {id: luke-cage, name: Luke Cage}
        appearances:
          - {character: karen-page, works: [w]}
          - {character: karen-page, works: [w]}
        relationships:
          - {type: ally, from: luke-cage, to: karen-page}
        """
        + WORKS
    )
    assert len(got) == 1
    assert got[0].startswith("u.yaml:3:40: error: unknown field 'status' in character")


def test_the_record_is_kept_without_its_unknown_field() -> None:
    record, errors = entry("characters", "{id: a, name: A, status: zombie, species: Kree}")
    assert len(errors) == 1
    assert record is not None
    assert (record.id, record.name, record.species) == ("a", "A", "Kree")  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("species: [Kree]", "'species' must be a single value, found a list"),
        ("born: sometime", "'born': "),
        ("aliases: Foo", "'aliases' must be a list, found text `Foo`"),
        ("variant_of: Not_An_Id", "'Not_An_Id' is not a valid id"),
        ("wikidata: X1", "'X1' is not a Wikidata QID"),
        ("stated_ages: [{age: old}]", "'age' must be a whole number, found text `old`"),
    ],
)
def test_a_wrong_optional_field_keeps_the_record(text: str, message: str) -> None:
    got = problems(f"characters:\n  - {{id: a, name: A, {text}}}\nappearances: [{{character: a, works: [w]}}]\n{WORKS}")
    assert len(got) == 1, got
    assert message in got[0]
    assert got[0].startswith("u.yaml:3:")


def test_a_wrong_optional_field_is_left_out_and_its_default_applies() -> None:
    record, errors = entry("events", "{id: e, name: E, kind: fight, when: 2012-13, depicted_in: [w]}")
    assert len(errors) == 2
    assert errors[0].startswith("u.yaml:2:28: error: 'fight' is not a valid kind")
    assert errors[1] == "u.yaml:2:41: error: 'when': '2012-13' has no month 13: months run from 01 to 12"
    assert record is not None
    assert record.kind == "other"  # type: ignore[attr-defined]  # the default, as if 'kind' were not written
    assert record.when is None  # type: ignore[attr-defined]
    assert record.depicted_in == ("w",)  # type: ignore[attr-defined]


def test_a_bad_item_of_a_list_costs_that_item() -> None:
    record, errors = entry("appearances", "{character: a, works: [w1, Bad_Id, w3]}")
    assert len(errors) == 1 and "'Bad_Id' is not a valid id" in errors[0]
    assert record is not None
    assert record.works == ("w1", "w3")  # type: ignore[attr-defined]
    # the kept items keep their own positions
    assert [m.column for m in record.work_marks] == [28, 40]  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("section", "text", "field", "value", "errors"),
    [
        ("people", "{id: p, name: P, roles: [actor, writer]}", "roles", ("actor", "writer"), []),
        ("people", "{id: p, name: P, roles: [actor, astronaut]}", "roles", ("actor",),
         ["u.yaml:2:37: error: 'astronaut' is not a valid roles (one of: actor, creator, showrunner, director, "
          "writer, producer)"]),
        ("characters", "{id: c, name: C, aliases: [Hero, Pal]}", "aliases", ("Hero", "Pal"), []),
        ("characters", '{id: c, name: C, aliases: [Hero, "Bad\\tTab"]}', "aliases", ("Hero",),
         ["u.yaml:2:38: error: 'aliases' holds U+0009 TAB at character 4: remove it ('aliases' is one line)"]),
        ("works", "{id: e, kind: episode, season: s, number: 3}", "number", 3, []),
        ("works", "{id: e, kind: episode, season: s, number: true}", "number", None,
         ["u.yaml:2:47: error: 'number' must be a whole number, found a boolean `true`"]),
        ("works", "{id: e, kind: episode, season: s, number: '3'}", "number", None,
         ["u.yaml:2:47: error: 'number' must be a whole number, found text `3`"]),
        ("characters", "{id: c, name: C, stated_ages: [{age: 0, at: 2001}]}", "stated_ages", 0, []),
    ],
)  # fmt: skip
def test_choices_counts_and_list_items_are_checked_alike_inline_or_not(
    section: str, text: str, field: str, value: object, errors: list[str]
) -> None:
    """Well-formed choices, counts and list items are taken in a fast inline step; the rest
    goes through the full check, which keeps every message."""
    record, got = entry(section, text)
    assert got == errors
    kept = getattr(record, field)
    assert (kept[0].age if field == "stated_ages" else kept) == value  # an age may be 0, a count not


def test_a_bad_nested_entry_costs_that_entry() -> None:
    record, errors = entry("events", "{id: e, name: E, participants: [{role: x}, {character: a, role: [x]}]}")
    assert [e.split(": error: ")[1] for e in errors] == [
        "participant is missing the required field 'character'",
        "'role' must be a single value, found a list",
    ]
    assert record is not None
    assert [(p.character, p.role) for p in record.participants] == [("a", None)]  # type: ignore[attr-defined]


def test_a_broken_universe_record_is_not_also_a_missing_one() -> None:
    with pytest.raises(ValidationError) as info:
        mcugraph.loads("universe: {id: t, name: T, license: CC0-1.0}\n", path="u.yaml")
    assert [str(d) for d in info.value.diagnostics] == [
        "u.yaml:1:11: error: universe is missing the required field 'base_iri'"
    ]


# -- a record that cannot be kept ----------------------------------------------------------


def test_references_to_a_record_not_kept_are_one_line_after_the_real_error() -> None:
    got = problems(
        """\
        relationships:
          - {type: ally, from: luke-cage, to: karen-page}
        characters:
          - {id: karen-page, name: 42}
          - {id: luke-cage, name: Luke Cage}
        appearances:
          - {character: karen-page, works: [w]}
          - {character: karen-page, works: [w]}
        """
        + WORKS
    )
    assert got == [
        "u.yaml:5:28: error: 'name' must be text, found a number `42`; YAML 1.1 reads 42 as 42:"
        " quote it ('42') if text is meant",
        # at the first reference, which comes before the record in the file, yet is listed after its cause
        "u.yaml:3:39: error: 'to' refers to character 'karen-page', which was not kept because of the error"
        " at u.yaml:5:28 (and 2 more references to it)",
    ]
    assert not any("did you mean" in line for line in got)


def test_a_missing_required_field_and_one_reference() -> None:
    got = problems("works:\n  - {id: s, title: S}\n  - {id: s1, kind: season, series: s, number: 1}\n")
    assert got == [
        "u.yaml:3:5: error: work is missing the required field 'kind'",
        "u.yaml:4:36: error: 'series' refers to work 's', which was not kept because of the error at u.yaml:3:5",
    ]


def test_a_broken_id_is_matched_to_the_references_it_was_meant_for() -> None:
    got = problems(
        "characters:\n  - {id: Karen_Page, name: Karen}\n  - {id: karen-pag, name: Someone}\n"
        "appearances: [{character: karen-page, works: [w]}, {character: karen-page, works: [w]}]\n" + WORKS
    )
    assert got == [
        "u.yaml:3:10: error: 'Karen_Page' is not a valid id: use lower-case words joined by '-' (kebab-case)",
        "u.yaml:5:27: error: 'character' refers to character 'karen-page', which was not kept because of the"
        " error at u.yaml:3:10 (and 1 more reference to it)",
    ]


def test_a_near_id_is_not_taken_for_a_record_not_kept() -> None:
    got = problems(
        "characters:\n  - {id: karen-page, name: 42}\nappearances: [{character: karen-pag, works: [w]}]\n" + WORKS
    )
    assert got[1] == "u.yaml:4:27: error: 'character' refers to unknown character 'karen-pag'"


def test_the_real_error_comes_first_across_files(write_data) -> None:
    root = write_data(
        {
            "universe.yaml": HEAD + "include: [a.yaml, z.yaml]\n" + WORKS,
            "a.yaml": "appearances:\n  - {character: hero, works: [w]}\n  - {character: pal, works: [w]}\n",
            "z.yaml": "characters:\n  - {id: pal, name: Pal, kind: x, born: [[2000]]}\n  - {id: hero, name: ''}\n",
        }
    )
    with pytest.raises(ValidationError) as info:
        mcugraph.load(root)
    got = [(Path(d.mark.path).name, d.mark.line, d.mark.column, d.message) for d in info.value.diagnostics]
    assert [g[:3] for g in got] == [
        ("z.yaml", 2, 26),  # unknown field 'kind': pal is kept, so a.yaml's reference to it is fine
        ("z.yaml", 2, 42),  # a list in a list of placements: 'born' is left out
        ("z.yaml", 3, 22),  # an empty name: hero is not kept
        ("a.yaml", 2, 17),  # the reference to hero, in a file read before, listed after its cause
    ]
    assert "unknown field 'kind'" in got[0][3]
    assert got[2][3] == "'name' must not be empty"
    assert got[3][3].startswith("'character' refers to character 'hero', which was not kept because of the error at ")
    assert got[3][3].endswith("z.yaml:3:22")


# -- hostile shapes: a precise message, never a traceback ----------------------------------


def test_a_huge_nested_mapping_as_a_field_is_one_error() -> None:
    deep = "x"
    for level in range(60):
        deep = f"{{k{level}: {deep}}}"
    got = problems(
        f"characters:\n  - {{id: a, name: A, species: {deep}}}\nappearances: [{{character: a, works: [w]}}]\n{WORKS}"
    )
    assert got == ["u.yaml:3:31: error: 'species' must be a single value, found a mapping"]


def test_lists_and_mappings_in_the_wrong_places() -> None:
    got = problems(
        """\
        characters:
          - [a, b]
          - {id: b, name: B, stated_ages: {age: 3}}
          - {id: c, name: C, stated_ages: [[1]]}
        events:
          - {id: e, name: E, participants: [[b]], when: {after: [b]}}
        """
    )
    assert got == [
        "u.yaml:3:5: error: an entry of 'characters': expected a mapping of fields, found a list",
        "u.yaml:4:35: error: 'stated_ages' must be a list, found a mapping",
        "u.yaml:5:36: error: 'stated_ages' entry: expected a mapping of fields, found a list",
        "u.yaml:7:37: error: 'participants' entry: expected a mapping of fields, found a list",
        "u.yaml:7:57: error: 'after' takes the id of an event or a work, found a list",
    ]


# -- the shipped data, through the command -------------------------------------------------


def _shipped_with(tmp_path: Path, old: str, new: str) -> Path:
    data = tmp_path / "data"
    shutil.copytree(SHIPPED, data)
    path = data / "daredevil.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, new), encoding="utf-8")
    return data / "universe.yaml"


KAREN = "  - id: karen-page\n    name: Karen Page\n"


def test_issue_12_one_unknown_field_in_the_shipped_data_is_one_error(tmp_path: Path) -> None:
    root = _shipped_with(tmp_path, KAREN, KAREN + "    status: zombie\n")
    result = CliRunner().invoke(main, ["validate", "--data", str(root)])
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 2, lines
    assert re.fullmatch(r".*daredevil\.yaml:\d+:5: error: unknown field 'status' in character .*", lines[0])
    assert lines[1] == "Error: 1 problem found; nothing was written"


def test_issue_12_a_record_lost_in_the_shipped_data_is_two_lines(tmp_path: Path) -> None:
    root = _shipped_with(tmp_path, KAREN, "  - id: karen-page\n    name: 42\n")
    result = CliRunner().invoke(main, ["validate", "--data", str(root)])
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 3, lines
    real = re.fullmatch(r"(.*daredevil\.yaml:\d+:11): error: 'name' must be text, found a number `42`.*", lines[0])
    assert real is not None
    references = sum(
        len(re.findall(r"(?:character|from|to): karen-page\b", p.read_text(encoding="utf-8")))
        for p in root.parent.glob("*.yaml")
    )
    assert references > 2  # the data still refers to her several times
    assert lines[1].endswith(
        f": error: 'character' refers to character 'karen-page', which was not kept because of the error at"
        f" {real.group(1)} (and {references - 1} more references to it)"
    )
    assert "did you mean" not in result.stderr
    assert lines[2] == "Error: 2 problems found; nothing was written"
