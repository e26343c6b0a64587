"""Watch orders expanded into steps: what is started and completed when."""

from __future__ import annotations

import pytest

from mcugraph.errors import NotFoundError
from mcugraph.explorer.spoilers import watched_step
from mcugraph.explorer.watch import order_names, watch_order
from mcugraph.model import Universe


def test_release_order_expands_seasons_into_episodes(spoilers: Universe) -> None:
    order = watch_order(spoilers, "release")
    assert [s.work for s in order.steps] == ["movie", "show-s1e01", "show-s1e02", "show-s1e03", "show-s2e01"]
    assert order.steps[1].label == 'The Show 1x01 "One"'
    assert order.steps[1].group == "The Show season 1"
    assert order.steps[0].group is None


def test_containers_start_with_their_first_part_and_complete_with_their_last(spoilers: Universe) -> None:
    order = watch_order(spoilers)
    assert (order.started["show-s1"], order.completed["show-s1"]) == (1, 3)
    assert (order.started["show"], order.completed["show"]) == (1, 4)
    assert order.index("show-s1e02") == 2
    assert order.index("show-s1") == 3
    assert order.index("show") == 4


def test_named_order_keeps_its_own_sequence(spoilers: Universe) -> None:
    order = watch_order(spoilers, "binge")
    assert [s.work for s in order.steps] == ["show-s1e01", "show-s1e02", "show-s1e03", "movie", "show-s2e01"]
    assert order.name == "order 'The Binge'"
    assert watch_order(spoilers, "The Binge").id == "binge"


def test_chronological_is_the_story_order_as_mcugraph_orders_calls_it(spoilers: Universe) -> None:
    # one name, one meaning: "chronological" is the story order derived from the timeline
    # (as in `mcugraph orders`), not the first data order of that kind
    order = watch_order(spoilers, "chronological")
    assert order.id == "in-universe" == watch_order(spoilers, "in-universe").id
    assert [s.work for s in order.steps][:2] == ["movie", "show-s1e01"]


def test_order_names(spoilers: Universe, mini: Universe) -> None:
    assert order_names(spoilers) == ["release", "in-universe", "binge", "story"]
    assert order_names(mini) == ["release", "in-universe"]


def test_unknown_order_suggests(spoilers: Universe) -> None:
    with pytest.raises(NotFoundError) as err:
        watch_order(spoilers, "bing")
    assert (
        str(err.value)
        == "no order is called 'bing'; did you mean 'binge'? (orders: release, in-universe, binge, story)"
    )


def test_a_universe_without_orders_still_has_its_story_order(mini: Universe) -> None:
    order = watch_order(mini, "chronological")
    assert order.id == "in-universe" and order.steps
    with pytest.raises(NotFoundError) as err:
        watch_order(mini, "chronologcal")
    assert str(err.value) == (
        "no order is called 'chronologcal'; did you mean 'chronological'? (orders: release, in-universe)"
    )


def test_watched_step_accepts_names_and_rejects_works_outside_the_order(spoilers: Universe) -> None:
    release = watch_order(spoilers)
    assert watched_step(spoilers, release, "The Movie") == 0
    assert watched_step(spoilers, release, "work:show-s1e03") == 3
    with pytest.raises(NotFoundError) as err:
        watched_step(spoilers, release, "the movei")
    assert str(err.value) == "nothing is called 'the movei'; did you mean 'The Movie'?"
    story = watch_order(spoilers, "binge")
    assert watched_step(spoilers, story, "show-s2") == 4


def test_a_work_missing_from_the_order_is_a_clear_error(mini: Universe) -> None:
    import dataclasses

    from mcugraph.model.records import Order

    universe = dataclasses.replace(mini, orders={"only-film": Order("only-film", "Only the film", ("big-battle",))})
    order = watch_order(universe, "only-film")
    with pytest.raises(NotFoundError) as err:
        watched_step(universe, order, "night-watch-s1e01")
    assert str(err.value) == (
        "'Night Watch 1x01 \"Pilot\"' is not in the order 'Only the film': "
        "choose a film, season or episode it lists (The Big Battle)"
    )
