"""References are kept as columns until every file is read, and the same id is one string.

Both are there for memory at a million entities (docs/performance.md, "Reading at
scale"); what a user sees must not change: every unknown reference is reported at its
own file, line and column, in order, list items and bare placements included.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

import mcugraph
from mcugraph.errors import Mark, SourceError
from mcugraph.source import parse_text
from mcugraph.validate.convert import References

HEAD = 'universe: {id: t, name: T, base_iri: "https://example.org/t/", license: CC0-1.0}\n'


def test_references_come_back_in_order_with_their_positions() -> None:
    root = parse_text("a: x\nb:\n  - y\n  - z\n", path="f.yaml")
    a, b = root.get("a"), root.get("b")
    refs = References()
    refs.add("characters", "x", a, "a")
    refs.add("works|events", "y", b.items[0], "b")
    refs.add("characters", "z", b.items[1], "a")
    assert len(refs) == 3
    got = [(sections, ident, key, refs.mark(at)) for sections, ident, key, at in refs]
    assert got == [
        ("characters", "x", "a", Mark("f.yaml", 1, 4)),
        ("works|events", "y", "b", Mark("f.yaml", 3, 5)),
        ("characters", "z", "a", Mark("f.yaml", 4, 5)),
    ]
    assert [refs.mark(at) for *_, at in refs] == [a.mark, b.items[0].mark, b.items[1].mark]


def test_unknown_references_in_several_files_are_each_reported_where_they_are(tmp_path: Path) -> None:
    (tmp_path / "root.yaml").write_text(
        HEAD + "include: [more.yaml]\nsources:\n  - {id: src, kind: database, title: S}\n"
    )
    (tmp_path / "more.yaml").write_text(
        textwrap.dedent(
            """\
            works:
              - {id: show, kind: series, title: Show, sources: [src, scr]}
              - {id: show-s1, kind: season, series: shwo, number: 1}
            events:
              - {id: fight, name: Fight, when: {after: fihgt}}
            """
        )
    )
    with pytest.raises(SourceError) as info:
        mcugraph.load(tmp_path / "root.yaml")
    got = [str(d) for d in info.value.diagnostics]
    assert got == [
        f"{tmp_path / 'more.yaml'}:2:58: error: 'sources' refers to unknown source 'scr'; did you mean 'src'?",
        f"{tmp_path / 'more.yaml'}:3:41: error: 'series' refers to unknown work 'shwo'; did you mean 'show'?",
        f"{tmp_path / 'more.yaml'}:5:44: error: 'after' refers to unknown event or work 'fihgt'; did you mean 'fight'?",
    ]


def test_an_id_and_every_reference_to_it_are_one_string() -> None:
    universe = mcugraph.loads(
        HEAD
        + textwrap.dedent(
            """\
            sources:
              - {id: src, kind: database, title: S}
            works:
              - {id: show, kind: series, title: Show, sources: [src]}
              - {id: show-s1, kind: season, series: show, number: 1, sources: [src]}
            """
        )
    )
    show, season = universe.works["show"], universe.works["show-s1"]
    assert show.sources[0] is season.sources[0]  # the same text, read twice, kept once
    assert season.series is show.id
    assert show.kind == "series" and season.kind == "season"
