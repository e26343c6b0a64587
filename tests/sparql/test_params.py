"""Query parameters checked against the universe at hand: values named as people name them,
defaults written for another universe turned into parameters to give."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

from mcugraph.errors import ParamError
from mcugraph.model import Universe
from mcugraph.sparql.catalog import parse_header, read_catalog
from mcugraph.sparql.params import check_params, what_it_takes
from mcugraph.sparql.run import run_query

ROOT = Path(__file__).resolve().parents[2]
CATALOG = read_catalog(ROOT / "queries")
B = "https://example.org/harbor/"


def refused(universe: Universe, header_text: str, values: dict[str, str], **kw: str) -> ParamError:
    with pytest.raises(ParamError) as caught:
        check_params(universe, parse_header(header_text), values, **kw)
    return caught.value


def test_a_default_of_another_universe_makes_the_parameter_one_to_give(rich_universe: Universe) -> None:
    error = refused(rich_universe, CATALOG["cast-of-work"].text, {}, query="cast-of-work")
    assert str(error) == (
        "the query 'cast-of-work' needs a value for 'work'"
        " (a film, series, season, episode or special of this universe, e.g. harbor-watch)"
    )
    assert error.about == "params work"


def test_every_missing_parameter_is_named_in_one_message(rich_universe: Universe) -> None:
    error = refused(rich_universe, CATALOG["who-knows"].text, {})
    assert str(error) == (
        "the query needs values for 'secret' (a secret of this universe, e.g. pip-is-the-gull) and 'as_of'"
        " (a film, series, season, episode or special of this universe, e.g. harbor-watch)"
    )
    assert error.about == "params secret as_of"


def test_a_default_that_holds_here_is_used(rich_universe: Universe) -> None:
    header = "# param: who (character) = pip -- who\n# param: day (date) = 2015-01-01\n# param: n (integer) = 2"
    assert check_params(rich_universe, parse_header(header), {}) == {"who": "pip", "day": "2015-01-01", "n": "2"}


@pytest.mark.parametrize(
    ("header", "message"),
    [
        ("# param: n (integer)", "the query needs a value for 'n' (a whole number)"),
        ("# param: day (date)", "'day' (a day YYYY-MM-DD, or a work or an event of this universe, e.g. harbor-watch)"),
        (
            "# param: r (iri) = order:nope",
            "'r' (a record of this universe as kind:id or an IRI, e.g. order:story-order)",
        ),
    ],
)
def test_a_missing_value_says_what_to_give(rich_universe: Universe, header: str, message: str) -> None:
    assert message in str(refused(rich_universe, header, {}))


def test_a_universe_with_none_of_the_kind_says_so(rich_universe: Universe) -> None:
    from dataclasses import replace

    empty = replace(rich_universe, secrets={})
    assert str(refused(empty, "# param: s (secret) = x", {})) == (
        "the query needs a value for 's' (a secret, and this universe has no secrets)"
    )


@pytest.mark.parametrize(
    ("value", "bound"),
    [
        ("pip", "pip"),
        ("character:pip", "pip"),
        ("Captain Vell", "mara-vell"),
        ("riptide", "mara-vell"),
        (f"<{B}character/pip>", "pip"),
        (f"{B}character/pip", "pip"),
    ],
)
def test_a_record_is_named_by_id_name_alias_or_iri(rich_universe: Universe, value: str, bound: str) -> None:
    assert check_params(rich_universe, parse_header("# param: who (character)"), {"who": value}) == {"who": bound}


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (
            "Mara Vel",
            "parameter 'who' (a character of this universe, e.g. mara-vell): nothing is called 'Mara Vel';"
            " did you mean 'Mara Vell'",
        ),
        ("jessica-jones", "parameter 'who' (a character of this universe, e.g. mara-vell): nothing is called"),
        ("watch-s1", "parameter 'who': 'watch-s1' is a season (work:watch-s1), not a character"),
        (f"{B}character/nobody", "parameter 'who' (a character of this universe, e.g. mara-vell): nothing is called"),
        (
            "https://elsewhere.example/character/pip",
            "parameter 'who': https://elsewhere.example/character/pip is not the IRI of a character of this universe"
            f" (its characters are {B}character/ID)",
        ),
    ],
)
def test_a_value_that_names_nothing_here_is_refused(rich_universe: Universe, value: str, message: str) -> None:
    assert message in str(refused(rich_universe, "# param: who (character) = pip", {"who": value}))


def test_an_order_is_suggested_by_its_id(rich_universe: Universe) -> None:
    error = refused(rich_universe, "# param: order (order)", {"order": "story-ordr"})
    assert str(error).endswith("nothing is called 'story-ordr'; did you mean 'order:story-order'?")


def test_an_iri_parameter_is_checked_where_it_points_into_the_universe(rich_universe: Universe) -> None:
    header = parse_header("# param: r (iri)")
    assert check_params(rich_universe, header, {"r": "character:pip"}) == {"r": "character:pip"}
    assert check_params(rich_universe, header, {"r": "mcg:Character"}) == {"r": "mcg:Character"}
    assert check_params(rich_universe, header, {"r": "http://schema.org/Movie"}) == {"r": "http://schema.org/Movie"}
    assert "nothing is called 'pop'; did you mean 'Pip'" in str(
        refused(rich_universe, "# param: r (iri)", {"r": "character:pop"})
    )


def test_a_date_takes_a_point_of_the_story(rich_universe: Universe) -> None:
    header = parse_header("# param: day (date)")
    assert check_params(rich_universe, header, {"day": "2015"}) == {"day": "2015-12-31"}
    assert check_params(rich_universe, header, {"day": "2015-06-01"}) == {"day": "2015-06-01"}
    assert check_params(rich_universe, header, {"day": "watch-s1"}) == {"day": "2015-06-30"}
    assert str(refused(rich_universe, "# param: day (date)", {"day": "nowhen"})).startswith(
        "parameter 'day': nothing is called 'nowhen'"
    )


def test_an_undeclared_name_is_refused_before_a_missing_value(rich_universe: Universe) -> None:
    error = refused(rich_universe, "# param: work (work) = jessica-jones", {"wrok": "harbor-watch"})
    assert str(error).startswith("the query takes no parameter 'wrok'; did you mean 'work'? (it takes: work)")


def test_what_a_work_parameter_takes_follows_the_kinds_the_universe_has(shipped: Universe) -> None:
    param = parse_header("# param: work (work)").params[0]
    assert what_it_takes(shipped, param) == "a film, series, season or episode of this universe, e.g. iron-man"


@pytest.mark.parametrize("name", sorted(CATALOG))
def test_every_curated_query_runs_with_its_defaults_on_the_shipped_data(
    name: str, shipped: Universe, shipped_graph: Graph
) -> None:
    curated = CATALOG[name]
    values = check_params(shipped, curated.header, {}, query=name)
    assert set(values) == {p.name for p in curated.header.params}
    run_query(shipped_graph, curated.text, params=values)
