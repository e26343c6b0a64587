"""Small invented universes for the explorer's tests."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

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


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Headless Chromium for one test module (the browser tests launch it through browser.py)."""
    pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
    from browser import launch

    with launch() as chromium:
        yield chromium
