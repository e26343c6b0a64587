"""Small invented universes for the explorer's tests."""

from __future__ import annotations

import pytest
from explorer_fixtures import SPOILERS

import mcugraph
from mcugraph.model import Universe


@pytest.fixture(scope="session")
def spoilers() -> Universe:
    return mcugraph.loads(SPOILERS)


@pytest.fixture
def mini(mini_text: str) -> Universe:
    return mcugraph.loads(mini_text)


@pytest.fixture(autouse=True)
def _private_layout_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests never write to the user's cache folder."""
    monkeypatch.setenv("MCUGRAPH_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "layout-cache"))
