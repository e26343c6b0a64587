"""The ``crew:`` section and the ``other_names`` field: types, references, rules, hostile input."""

from __future__ import annotations

import textwrap

import pytest

import mcugraph
from mcugraph.errors import SourceError
from mcugraph.model import Credit, OtherName

HEAD = (
    'universe: {id: t, name: T, base_iri: "https://example.org/t/", license: CC0-1.0}\n'
    "sources:\n"
    "  - {id: src, kind: other, title: Invented}\n"
    "works:\n"
    "  - {id: show, kind: series, title: Show}\n"
    "  - {id: show-s1, kind: season, series: show, number: 1}\n"
    "  - {id: show-s1e01, kind: episode, season: show-s1, number: 1, title: One, released: 2020-01-01}\n"
    "  - {id: show-s1e02, kind: episode, season: show-s1, number: 2, title: Two}\n"
    "  - {id: film-1, kind: film, title: Film One, released: 2021-05-01}\n"
    "people:\n"
    "  - {id: ann-lee, name: Ann Lee, roles: [director, writer]}\n"
    "  - {id: bo-chan, name: Bo Chan, roles: [writer]}\n"
)
HEAD_LINES = HEAD.count("\n")


def load(body: str) -> mcugraph.Universe:
    return mcugraph.loads(HEAD + textwrap.dedent(body), path="u.yaml")


def problems(body: str) -> list[str]:
    with pytest.raises(SourceError) as info:
        load(body)
    return [str(d) for d in info.value.diagnostics]


def at(line: int, column: int) -> str:
    return f"u.yaml:{HEAD_LINES + line}:{column}"


def test_crew_records_load_with_job_credit_works_and_position() -> None:
    u = load(
        """\
        crew:
          - {person: ann-lee, job: director, works: [show-s1e01, film-1], sources: [src]}
          - {person: bo-chan, job: writer, credit: teleplay, works: [show-s1e02]}
        """
    )
    assert u.crew == [
        Credit("ann-lee", "director", ("show-s1e01", "film-1"), sources=("src",)),
        Credit("bo-chan", "writer", ("show-s1e02",), credit="teleplay"),
    ]
    assert u.crew[1].mark.line == HEAD_LINES + 3
    assert [m.line for m in u.crew[0].work_marks] == [HEAD_LINES + 2, HEAD_LINES + 2]


def test_crew_refers_to_people_and_works_and_is_typed() -> None:
    found = problems(
        """\
        crew:
          - {person: ann-le, job: director, works: [show-s1e01]}
          - {person: ann-lee, job: grip, works: [show-s1e01]}
          - {person: ann-lee, job: writer, works: [show-s1e09]}
          - {person: ann-lee, job: writer, credit: ghost, works: [show-s1e01]}
          - {job: writer, works: [show-s1e01]}
        """
    )
    assert any(p.startswith(at(2, 14)) and "unknown person 'ann-le'" in p and "ann-lee" in p for p in found)
    assert any(p.startswith(at(3, 28)) and "'grip' is not a valid job (one of: director, writer)" in p for p in found)
    assert any(p.startswith(at(4, 44)) and "unknown work 'show-s1e09'" in p for p in found)
    assert any(p.startswith(at(5, 44)) and "'ghost'" in p and "written-by, teleplay, story" in p for p in found)
    assert any(p.startswith(at(6, 5)) and "'person'" in p for p in found)


def test_a_credit_kind_belongs_to_writers_and_a_series_is_not_directed() -> None:
    found = problems(
        """\
        crew:
          - {person: ann-lee, job: director, credit: story, works: [show-s1e01]}
          - {person: bo-chan, job: writer, works: [show-s1e01, show]}
        """
    )
    assert found == [
        f"{at(2, 5)}: error: 'credit: story' says how a writer is credited; 'ann-lee' is credited here as director",
        f"{at(3, 56)}: error: 'show' is a series: a writer is credited on its episodes (or a season, which stands"
        " for its episodes)",
    ]


def test_other_names_say_where_they_come_from() -> None:
    u = load(
        """\
        characters:
          - id: villain
            name: Villain
            other_names:
              - {name: The Boss, origin: comics, sources: [src]}
              - {name: Big V, origin: fans}
        """
    )
    assert u.characters["villain"].other_names == (
        OtherName("The Boss", "comics", sources=("src",)),
        OtherName("Big V", "fans"),
    )


def test_other_names_refuse_an_unknown_origin_and_a_missing_name() -> None:
    found = problems(
        """\
        characters:
          - id: villain
            name: Villain
            other_names:
              - {name: The Boss, origin: screen}
              - {origin: comics}
        """
    )
    assert any(p.startswith(at(5, 34)) and "'screen'" in p and "comics, fans, marketing" in p for p in found)
    assert any(p.startswith(at(6, 9)) and "'name'" in p for p in found)


@pytest.mark.parametrize(
    "body",
    [
        "crew: {person: ann-lee}\n",
        "crew:\n  - [ann-lee, director]\n",
        "crew:\n  - {person: ann-lee, job: director, works: show-s1e01}\n",
        "characters:\n  - {id: v, name: V, other_names: Kingpin}\n",
        "characters:\n  - {id: v, name: V, other_names: [{name: {a: 1}, origin: comics}]}\n",
    ],
)
def test_hostile_shapes_are_located_errors_not_tracebacks(body: str) -> None:
    found = problems(body)
    assert found and all(p.startswith("u.yaml:") for p in found)
