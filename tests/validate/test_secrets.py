"""The ``secrets:`` and ``knowledge:`` sections: types, references, duplicates, hostile input."""

from __future__ import annotations

import textwrap

import pytest
from yaml_cases import Cases

from mcugraph.model import Knowledge, Secret

HEAD = (
    'universe: {id: t, name: T, base_iri: "https://example.org/t/", license: CC0-1.0}\n'
    "sources:\n"
    "  - {id: src, kind: other, title: Invented}\n"
    "works:\n"
    "  - {id: film-1, kind: film, title: Film One}\n"
    "  - {id: film-2, kind: film, title: Film Two}\n"
    "characters:\n"
    "  - {id: hero, name: Hero}\n"
    "  - {id: pal, name: Pal}\n"
)
CASES = Cases(HEAD)
HEAD_LINES = CASES.head_lines
load, problems, at = CASES.load, CASES.problems, CASES.at


def where(body: str, needle: str) -> str:
    """``u.yaml:LINE:COL`` of the first occurrence of ``needle`` in ``body``."""
    for number, line in enumerate(textwrap.dedent(body).splitlines(), start=1):
        if needle in line:
            return at(number, line.index(needle) + 1)
    raise AssertionError(needle)


SECRET = """\
secrets:
  - {id: hero-is-mask, name: Hero is the Mask, about: hero, identity: the Mask, sources: [src]}
"""


def test_secrets_and_knowledge_load_as_records_with_their_positions() -> None:
    u = load(
        SECRET
        + """\
knowledge:
  - {character: pal, secret: hero-is-mask, learns_in: film-1, how: sees him, sources: [src]}
  - character: pal
    secret: hero-is-mask
    acts_on: [film-1, film-2]
"""
    )
    assert u.secrets == {
        "hero-is-mask": Secret("hero-is-mask", "Hero is the Mask", "hero", "the Mask", ("src",)),
    }
    first, second = u.knowledge
    assert first == Knowledge("pal", "hero-is-mask", "film-1", "sees him", sources=("src",))
    assert second.acts_on == ("film-1", "film-2")
    assert [m.line for m in second.acts_on_marks] == [HEAD_LINES + 7, HEAD_LINES + 7]
    assert [m.column for m in second.acts_on_marks] == [15, 23]
    assert u.get("secret", "hero-is-mask") is u.secrets["hero-is-mask"]
    assert hash(first) == hash(Knowledge("pal", "hero-is-mask", "film-1", "sees him", sources=("src",)))


def test_unknown_ids_are_located_with_a_suggestion() -> None:
    body = """\
secrets:
  - {id: hero-is-mask, name: Hero is the Mask, about: heroo}
knowledge:
  - {character: pall, secret: hero-is-mas, learns_in: film-3, acts_on: [film-9]}
"""
    assert problems(body) == [
        f"{where(body, 'heroo')}: error: 'about' refers to unknown character 'heroo'; did you mean 'hero'?",
        f"{where(body, 'pall')}: error: 'character' refers to unknown character 'pall'; did you mean 'pal'?",
        f"{where(body, 'hero-is-mas,')}: error: 'secret' refers to unknown secret 'hero-is-mas';"
        " did you mean 'hero-is-mask'?",
        f"{where(body, 'film-3')}: error: 'learns_in' refers to unknown work 'film-3'; did you mean 'film-2' or 'film-1'?",
        f"{where(body, 'film-9')}: error: 'acts_on' refers to unknown work 'film-9'; did you mean 'film-2' or 'film-1'?",
    ]


def test_duplicate_secret_id_and_duplicate_knowledge_record() -> None:
    found = problems(
        SECRET
        + """\
  - {id: hero-is-mask, name: Again, about: hero}
knowledge:
  - {character: pal, secret: hero-is-mask, learns_in: film-1}
  - {character: pal, secret: hero-is-mask, learns_in: film-1, how: written twice}
"""
    )
    assert found == [f"{at(3, 5)}: error: duplicate id 'hero-is-mask' in secrets (first at {at(2, 5)})"]
    found = problems(
        SECRET
        + """\
knowledge:
  - {character: pal, secret: hero-is-mask, learns_in: film-1}
  - {character: pal, secret: hero-is-mask, learns_in: film-1, how: written twice}
"""
    )
    assert found == [
        f"{at(5, 5)}: error: duplicate knowledge record: 'pal' and 'hero-is-mask' are recorded the same way"
        f" at {at(4, 5)}; remove one"
    ]


def test_a_record_must_say_something_and_forgetting_needs_learning() -> None:
    found = problems(
        SECRET
        + """\
knowledge:
  - {character: pal, secret: hero-is-mask, how: somehow}
  - {character: pal, secret: hero-is-mask, forgets_in: film-2, acts_on: [film-1]}
  - {character: hero, secret: hero-is-mask, learns_in: film-1, forgets_in: film-1}
"""
    )
    assert found == [
        f"{at(4, 5)}: error: knowledge of 'pal' about 'hero-is-mask' says nothing: give 'learns_in'"
        " (the work where they learn it), 'acts_on' (works where they use it), or both",
        f"{at(5, 5)}: error: 'forgets_in' needs 'learns_in' in the same record (what is forgotten was learnt)",
        f"{at(6, 5)}: error: 'hero' learns and forgets 'hero-is-mask' in the same work 'film-1'",
    ]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("secrets:\n  - {id: s, about: hero}\n", "secret is missing the required field 'name'"),
        ("secrets:\n  - {id: s, name: S}\n", "secret is missing the required field 'about'"),
        ("secrets:\n  - {id: Not An Id, name: S, about: hero}\n", "'Not An Id' is not a valid id"),
        ("secrets:\n  - {id: s, name: S, about: hero, identity: [a, b]}\n", "'identity' must be a single value"),
        ("secrets:\n  - {id: s, name: S, about: hero, identity: yes}\n", "YAML 1.1 reads yes as True"),
        (
            "secrets:\n  - {id: s, name: S, about: hero, identty: x}\n",
            "unknown field 'identty' in secret; did you mean",
        ),
        ("secrets: {id: s}\n", "section 'secrets' must be a list of records"),
        ("secrets:\n  - just text\n", "expected a mapping of fields, found text `just text`"),
        (
            SECRET + "knowledge:\n  - {secret: hero-is-mask, learns_in: film-1}\n",
            "missing the required field 'character'",
        ),
        (SECRET + "knowledge:\n  - {character: pal, learns_in: film-1}\n", "missing the required field 'secret'"),
        (
            SECRET + "knowledge:\n  - {character: pal, secret: hero-is-mask, acts_on: film-1}\n",
            "'acts_on' must be a list",
        ),
        (SECRET + "knowledge:\n  - {character: pal, secret: hero-is-mask, learns_in: 2015}\n", "must be text"),
        (SECRET + "knowledge:\n  - {character: pal, secret: hero-is-mask, learns_in: [film-1]}\n", "single value"),
        (
            SECRET + "knowledge:\n  - {character: pal, secret: hero-is-mask, learnt_in: film-1}\n",
            "did you mean 'learns_in'",
        ),
        (SECRET + "knowledge:\n  - {character: pal, secret: hero-is-mask, how: ''}\n", "'how' must not be empty"),
        (SECRET + "knowledge:\n  - &a {character: pal, secret: hero-is-mask, learns_in: film-1}\n  - *a\n", "alias"),
    ],
)
def test_broken_and_hostile_input_gets_a_precise_message(body: str, message: str) -> None:
    found = problems(body)
    assert found and any(message in line for line in found), found
    assert all(line.startswith("u.yaml:") and ": error: " in line for line in found)


def test_the_cli_refuses_a_broken_secrets_file_with_exit_1(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from click.testing import CliRunner

    from mcugraph.cli import main

    path = tmp_path / "u.yaml"
    path.write_text(HEAD + "secrets:\n  - {id: s, name: S, about: nobody}\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", "--data", str(path)])
    assert result.exit_code == 1
    assert f"{path}:{HEAD_LINES + 2}:" in result.output
    assert "'about' refers to unknown character 'nobody'" in result.output
    assert "Traceback" not in result.output
