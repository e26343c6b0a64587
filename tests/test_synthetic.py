"""The synthetic generator: deterministic, valid, and of the size it promises."""

from __future__ import annotations

import pytest

import mcugraph
from mcugraph.graph import stats, to_networkx
from mcugraph.synthetic import entity_count, generate_text


def test_deterministic() -> None:
    assert generate_text(2) == generate_text(2)
    assert generate_text(2) != generate_text(2, seed=8)


@pytest.mark.parametrize("scale", [1, 3])
def test_valid_and_counted(scale: int) -> None:
    universe = mcugraph.loads(generate_text(scale))
    assert sum(1 for _ in universe.entities()) == entity_count(scale)


def test_realistic_shape() -> None:
    universe = mcugraph.loads(generate_text(2))
    kinds = {w.kind for w in universe.works.values()}
    assert kinds == {"series", "season", "episode", "film"}
    result = stats(universe, to_networkx(universe))
    assert len(result.crossovers) >= 8  # characters who visit another series
    assert any(e.outcomes for e in universe.events.values())
    assert any(loc.within for loc in universe.locations.values())


def test_scale_must_be_positive() -> None:
    with pytest.raises(ValueError, match="scale must be 1 or more"):
        generate_text(0)
