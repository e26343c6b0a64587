"""The explorer in a real browser (Debian's Chromium driven by Playwright).

Every page must load with no console error and no network request; search, filters,
focus, permalinks, keys and the in-page spoiler shield are exercised as a fan would.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser import CHROMIUM, Opened, file_url, launch, open_page, take_screenshots
from explorer_fixtures import HOSTILE, HOSTILE_NAMES, SPOILERS

import mcugraph
from mcugraph.explorer import to_html, write_html
from mcugraph.graph import to_networkx

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason=f"Chromium is not installed at {CHROMIUM}"),
]
SHIPPED = Path("data/universe.yaml")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
    with launch() as chromium:
        yield chromium


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("pages")
    spoilers = mcugraph.loads(SPOILERS)
    with pytest.MonkeyPatch.context() as patch:  # never the user's cache folder
        patch.setenv("MCUGRAPH_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "layout-cache"))
        return {
            "shipped": write_html(mcugraph.load(SHIPPED), folder / "shipped.html"),
            "spoilers": write_html(spoilers, folder / "spoilers.html"),
            "hostile": write_html(mcugraph.loads(HOSTILE), folder / "hostile.html"),
            "shielded": write_html(spoilers, folder / "shielded.html", watched_through="show-s1e02"),
        }


def clean(opened: Opened) -> None:
    assert opened.errors == [], opened.errors
    assert opened.requests == [], opened.requests
    assert opened.dialogs == [], opened.dialogs


@pytest.mark.parametrize("name", ["shipped", "spoilers", "hostile", "shielded"])
def test_loads_with_no_errors_and_no_requests(browser: Any, pages: dict[str, Path], name: str) -> None:
    with open_page(browser, file_url(pages[name])) as opened:
        opened.js("mcugraph.overview()")
        opened.page.wait_for_timeout(400)
        clean(opened)
        assert opened.js("window.mcugraphDrawnAt") > 0


def test_node_count_equals_the_entities_exported(browser: Any, pages: dict[str, Path]) -> None:
    expected = set(to_networkx(mcugraph.load(SHIPPED)).nodes)
    with open_page(browser, file_url(pages["shipped"], "view=all")) as opened:
        assert opened.js("mcugraph.nodes.length") == len(expected)
        assert opened.visible_keys() == expected
        assert opened.js("mcugraph.network.body.nodeIndices.length") == len(expected)
        clean(opened)


def test_opens_on_a_readable_hub_with_a_hint(browser: Any, pages: dict[str, Path]) -> None:
    with open_page(browser, file_url(pages["shipped"])) as opened:
        focus = opened.focused_key()
        assert focus is not None
        visible = opened.visible_keys()
        assert focus in visible and 5 < len(visible) < 120
        hint = opened.page.inner_text("#hint-text")
        label = opened.js("mcugraph.data.nodes[mcugraph.state.focus].label")
        assert hint.startswith(f"You are looking at {label} and what it links to.")
        assert opened.page.inner_text("#info h2") == label


def test_search_ignores_case_and_accents_then_focuses(browser: Any, pages: dict[str, Path]) -> None:
    with open_page(browser, file_url(pages["shipped"])) as opened:
        page = opened.page
        page.fill("#search", "ELODIE")
        first = page.locator("#results li").first
        assert first.inner_text().startswith("Élodie Yung")
        page.press("#search", "Enter")
        assert opened.focused_key() == "person:elodie-yung"
        assert page.inner_text("#info h2") == "Élodie Yung"
        assert opened.js("mcugraph.network.getSelectedNodes().map(i => mcugraph.data.nodes[i].key)") == [
            "person:elodie-yung"
        ]
        assert page.evaluate("location.hash") == "#elodie-yung"
        assert "character:elektra-natchios" in opened.visible_keys()
        clean(opened)


def test_search_finds_aliases(browser: Any, pages: dict[str, Path]) -> None:
    with open_page(browser, file_url(pages["spoilers"])) as opened:
        opened.page.fill("#search", "masked")
        assert opened.page.locator("#results li").first.inner_text().split("\n")[:2] == ["Hero", "The Masked One"]
        opened.page.fill("#search", "zzz")
        assert opened.page.inner_text("#results") == "Nothing matches"


def test_kind_filter_hides_every_node_of_that_kind(browser: Any, pages: dict[str, Path]) -> None:
    with open_page(browser, file_url(pages["shipped"], "view=all")) as opened:
        before = opened.visible_keys()
        opened.page.uncheck("#legend-kinds input[data-kind='person']")
        after = opened.visible_keys()
        assert after == {k for k in before if not k.startswith("person:")}
        assert len(after) < len(before)
        opened.page.check("#legend-kinds input[data-kind='person']")
        assert opened.visible_keys() == before


def test_relation_filter_hides_those_edges(browser: Any, pages: dict[str, Path]) -> None:
    with open_page(browser, file_url(pages["spoilers"], "view=all")) as opened:
        rels = "mcugraph.visibleEdges().map(i => mcugraph.data.edges[i][2])"
        assert "enemy" in opened.js(rels)
        opened.page.uncheck("#legend-relations input[data-category='enmity']")
        left = opened.js(rels)
        assert "enemy" not in left and "ally" in left


def test_series_or_film_filter(browser: Any, pages: dict[str, Path]) -> None:
    with open_page(browser, file_url(pages["spoilers"], "view=all")) as opened:
        opened.page.select_option("#top-filter", label="The Movie (film)")
        assert opened.visible_keys() == {"work:movie", "character:hero"}


def test_clicking_a_node_focuses_it_and_its_neighbours(browser: Any, pages: dict[str, Path]) -> None:
    with open_page(browser, file_url(pages["spoilers"], "view=all")) as opened:
        opened.page.wait_for_timeout(300)
        box = opened.page.locator("#graph").bounding_box()
        x, y = opened.js(
            "(() => { const i = mcugraph.byLink['villain']; const p = mcugraph.network.getPosition(i);"
            " const d = mcugraph.network.canvasToDOM(p); return [d.x, d.y]; })()"
        )
        opened.page.mouse.click(box["x"] + x, box["y"] + y)
        assert opened.focused_key() == "character:villain"
        assert opened.visible_keys() == {
            "character:villain",
            "character:hero",
            "person:actor-villain",
            "event:villain-death",
            "work:show-s1e02",
            "work:show-s1e03",
        }
        opened.page.select_option("#depth", "2")
        assert "work:show-s1" in opened.visible_keys()
        panel = opened.page.text_content("#info") or ""
        for words in (
            "Villain",
            "died",
            "during Death of the Villain",
            "enemy of",
            "Hero",
            "Secretly the hero's father.",
        ):
            assert words in panel
        clean(opened)


def test_permalinks(browser: Any, pages: dict[str, Path]) -> None:
    with open_page(browser, file_url(pages["shipped"], "jessica-jones")) as opened:
        assert opened.focused_key() == "character:jessica-jones"
        assert opened.page.inner_text("#info h2") == "Jessica Jones"
        assert "Krysten Ritter" in opened.page.inner_text("#info")
        opened.page.evaluate("location.hash = '#work:jessica-jones'")
        opened.page.wait_for_function("mcugraph.state.focus === mcugraph.byLink['work:jessica-jones']")
        opened.page.evaluate("location.hash = '#view=all'")
        opened.page.wait_for_function("mcugraph.state.focus === null")
        clean(opened)
    with open_page(browser, file_url(pages["spoilers"], "nobody-at-all")) as opened:
        assert opened.page.inner_text("#hint-text") == "Nothing called “nobody-at-all” is in this page."
        assert opened.focused_key() == "work:show-s1"


def test_keyboard_navigation(browser: Any, pages: dict[str, Path]) -> None:
    with open_page(browser, file_url(pages["spoilers"])) as opened:
        page = opened.page
        page.click("#hint-close")
        page.keyboard.press("/")
        assert page.evaluate("document.activeElement.id") == "search"
        page.keyboard.type("villan")  # a typo still finds nothing, then the right word does
        page.keyboard.press("Control+a")
        page.keyboard.type("vill")
        page.keyboard.press("ArrowDown")
        page.keyboard.press("ArrowUp")
        page.keyboard.press("Enter")
        assert opened.focused_key() == "character:villain"
        page.locator("#graph").focus()
        page.keyboard.press("]")
        active = page.evaluate("document.activeElement.getAttribute('data-node')")
        assert active is not None
        target = opened.js(f"mcugraph.data.nodes[{active}].key")
        page.keyboard.press("Enter")
        assert opened.focused_key() == target
        page.locator("#graph").focus()
        page.keyboard.press("Escape")
        assert opened.focused_key() is None
        assert len(opened.visible_keys()) == opened.js("mcugraph.nodes.length")
        # the physics toggle is gone (it sent every node to the origin): "p" moves nothing
        before = opened.js("mcugraph.network.getPositions()")
        page.keyboard.press("p")
        assert page.locator("#physics").count() == 0
        assert opened.js("mcugraph.network.physics.physicsEnabled") is False
        assert opened.js("mcugraph.network.getPositions()") == before
        clean(opened)


def test_in_page_shield_matches_the_library(browser: Any, pages: dict[str, Path]) -> None:
    spoilers = mcugraph.loads(SPOILERS)
    with open_page(browser, file_url(pages["spoilers"], "view=all")) as opened:
        options = opened.js("Array.from(document.querySelectorAll('#watched option')).map(o => o.value)")
        assert options == ["all", "0", "1", "2", "3", "4"]
        for step, through in enumerate(["movie", "show-s1e01", "show-s1e02", "show-s1e03", "show-s2e01"]):
            opened.page.select_option("#watched", str(step))
            shielded = to_networkx(mcugraph.explorer.shield(spoilers, watched_through=through))
            assert opened.visible_keys() == set(shielded.nodes), through
            edges = opened.js(
                "mcugraph.visibleEdges().map(i => mcugraph.data.edges[i]).map(e =>"
                " [mcugraph.data.nodes[e[0]].key, mcugraph.data.nodes[e[1]].key, e[2]])"
            )
            assert {tuple(e) for e in edges} == set(shielded.edges(keys=True)), through
        opened.page.select_option("#watched", "2")
        opened.js("mcugraph.focus(mcugraph.byLink['villain'])")
        panel = opened.page.text_content("#info") or ""
        assert "died" not in panel and "Death of the Villain" not in panel and "Secretly" not in panel
        opened.page.fill("#search", "twist")
        assert opened.page.inner_text("#results") == "Nothing matches"
        opened.page.select_option("#watched", "3")
        assert "during Death of the Villain" in opened.page.inner_text("#info")
        opened.page.select_option("#watched", "all")
        opened.page.locator("#graph").focus()
        opened.page.keyboard.press("Escape")
        assert "character:twist" in opened.visible_keys()
        clean(opened)


def test_shielded_file_holds_nothing_later(browser: Any, pages: dict[str, Path]) -> None:
    with open_page(browser, file_url(pages["shielded"], "view=all")) as opened:
        assert opened.visible_keys() == set(
            to_networkx(mcugraph.explorer.shield(mcugraph.loads(SPOILERS), watched_through="show-s1e02")).nodes
        )
        assert opened.js("Array.from(document.querySelectorAll('#watched option')).map(o => o.textContent)") == [
            "Everything in this file",
            "The Movie",
            'The Show 1x01 "One"',
            'The Show 1x02 "Two"',
        ]
        assert "watched through The Show 1x02" in opened.page.inner_text("header")
        opened.page.fill("#search", "return")
        assert opened.page.inner_text("#results") == "Nothing matches"
        clean(opened)


def test_hostile_text_is_shown_as_text_and_runs_nothing(browser: Any, pages: dict[str, Path]) -> None:
    universe = mcugraph.loads(HOSTILE)
    with open_page(browser, file_url(pages["hostile"], "view=all")) as opened:
        page = opened.page
        page.click("#hint-close")
        assert page.inner_text("h1") == universe.info.name
        assert page.title().startswith(universe.info.name)
        for key, name in HOSTILE_NAMES.items():
            opened.js(f"mcugraph.focus(mcugraph.byLink['{key}'], {{animate: false}})")
            assert page.inner_text("#info h2") == name
            assert 'a note with href="x" <i>' in page.inner_text("#info")
            # hover the node: vis-network's tooltip shows the name as text
            box = page.locator("#graph").bounding_box()
            x, y = opened.js(
                f"(() => {{ const p = mcugraph.network.getPosition(mcugraph.byLink['{key}']);"
                " const d = mcugraph.network.canvasToDOM(p); return [d.x, d.y]; })()"
            )
            page.mouse.move(box["x"] + x, box["y"] + y)
            page.wait_for_selector("div.vis-tooltip", state="visible", timeout=3000)
            assert page.inner_text("div.vis-tooltip").split("\n")[0] == name
            page.mouse.move(box["x"] + 2, box["y"] + 2)
        page.fill("#search", "{{ 7")
        assert page.locator("#results li").first.inner_text().startswith("{{ 7*7 }}")
        assert opened.js("typeof window.__pwned") == "undefined"
        counts = opened.js(
            "['script', 'img', 'iframe', 'svg', 'b', 'u', 'i', 'a'].map(t => document.getElementsByTagName(t).length)"
        )
        assert counts == [3, 0, 0, 0, 0, 0, 0, 1]  # the one <a> is the panel's own permalink
        assert page.get_attribute("#info a.permalink", "href") == "#comment"
        clean(opened)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_served_over_http_it_still_asks_for_nothing(browser: Any, pages: dict[str, Path]) -> None:
    port = _free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "http.server",
            str(port),
            "--bind",
            "127.0.0.1",
            "--directory",
            str(pages["shipped"].parent),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.05)
        with open_page(browser, f"http://127.0.0.1:{port}/shipped.html") as opened:
            opened.js("mcugraph.overview()")
            opened.page.wait_for_timeout(300)
            clean(opened)
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_screenshots(browser: Any, tmp_path: Path) -> None:
    shots = take_screenshots(browser, SHIPPED, tmp_path)
    assert [s.name for s in shots] == [
        "explorer-overview.png",
        "explorer-whole-map.png",
        "explorer-focus.png",
        "explorer-shield.png",
    ]
    for shot in shots:
        assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 20_000


def test_to_html_page_is_what_the_browser_gets(pages: dict[str, Path]) -> None:
    assert pages["spoilers"].read_text(encoding="utf-8") == to_html(mcugraph.loads(SPOILERS))
