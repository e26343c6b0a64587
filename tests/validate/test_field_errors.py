"""One bad field costs only that field; a record that cannot be kept costs one line, not one per reference."""

from __future__ import annotations

import textwrap

import pytest

import mcugraph
from mcugraph.errors import SourceError

HEAD = (
    'universe: {id: t, name: T, base_iri: "https://example.org/t/", license: CC0-1.0}\n'
    "sources:\n"
    "  - {id: src, kind: other, title: Invented}\n"
    "works:\n"
    "  - {id: film-1, kind: film, title: Film One}\n"
    "  - {id: film-2, kind: film, title: Film Two}\n"
)
HEAD_LINES = HEAD.count("\n")

#: three references to 'pal': two appearances and a relationship
USES = """\
appearances:
  - {character: pal, works: [film-1]}
  - {character: pal, works: [film-2]}
relationships:
  - {type: ally, from: hero, to: pal, works: [film-1]}
"""


def problems(characters: str) -> list[str]:
    text = HEAD + "characters:\n" + textwrap.dedent(characters) + USES
    with pytest.raises(SourceError) as info:
        mcugraph.loads(text, path="u.yaml")
    return [str(d) for d in info.value.diagnostics]


def at(line: int, column: int) -> str:
    """``u.yaml:LINE:COL`` for a line counted from the ``characters:`` line's next (1)."""
    return f"u.yaml:{HEAD_LINES + 1 + line}:{column}"


def test_an_unknown_field_is_one_error_and_the_record_stays() -> None:
    found = problems(
        """\
        - {id: hero, name: Hero}
        - id: pal
          name: Pal
          status: zombie
        """
    )
    assert len(found) == 1, found
    assert found[0].startswith(f"{at(4, 3)}: error: unknown field 'status' in character")


def test_a_wrong_optional_value_is_one_error_and_the_record_stays() -> None:
    found = problems(
        """\
        - {id: hero, name: Hero}
        - id: pal
          name: Pal
          aliases: {not: a list}
        """
    )
    assert found == [f"{at(4, 12)}: error: 'aliases' must be a list, found a mapping"], found


def test_a_wrong_item_of_a_list_costs_only_itself() -> None:
    found = problems(
        """\
        - {id: hero, name: Hero}
        - id: pal
          name: Pal
          sources: [src, [nested]]
        """
    )
    assert len(found) == 1 and found[0].startswith(at(4, 18)), found


def test_references_to_a_record_that_could_not_be_kept_are_folded_into_one_line() -> None:
    found = problems(
        """\
        - {id: hero, name: Hero}
        - id: pal
          name: [Pal, Palsy]
        """
    )
    assert found[0] == f"{at(3, 9)}: error: 'name' must be a single value, found a list"
    assert len(found) == 2, found
    (folded,) = found[1:]
    assert folded.endswith(
        f"error: 'character' refers to 'pal', which was left out for the error at {at(3, 9)}"
        " (and 2 more references to it)"
    )
    assert "did you mean" not in folded  # 'pal' is no misspelling


def test_a_single_reference_to_a_dropped_record_says_no_count() -> None:
    text = (
        HEAD
        + "characters:\n  - {id: hero, name: Hero}\n  - {id: pal, name: {}}\n"
        + "appearances:\n  - {character: pal, works: [film-1]}\n"
    )
    with pytest.raises(SourceError) as info:
        mcugraph.loads(text, path="u.yaml")
    found = [str(d) for d in info.value.diagnostics]
    assert len(found) == 2 and found[1].endswith("which was left out for the error at " + found[0].split(": ")[0]), (
        found
    )


def test_a_misspelt_reference_still_gets_its_hint() -> None:
    text = HEAD + "characters:\n  - {id: hero, name: Hero}\nappearances:\n  - {character: heroo, works: [film-1]}\n"
    with pytest.raises(SourceError) as info:
        mcugraph.loads(text, path="u.yaml")
    (found,) = [str(d) for d in info.value.diagnostics]
    assert "refers to unknown character 'heroo'; did you mean 'hero'?" in found


@pytest.mark.parametrize(
    "value",
    ["{a: {b: {c: {d: [1, 2, {e: 3}]}}}}", "[[[[[]]]]]", '"\\u202eevil"', "!!binary aGVsbG8="],
)
def test_hostile_values_in_a_field_are_a_precise_message(value: str) -> None:
    found = problems(f"- {{id: hero, name: Hero}}\n- {{id: pal, name: Pal, note: {value}}}\n")
    assert len(found) == 1 and found[0].startswith(at(2, 1)[:-2]), found
