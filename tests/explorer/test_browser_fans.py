"""The explorer as fans meet it, in Chromium: the in-page shield, the watch order, phones,
labels, the keyboard, search, odd text and accessibility (axe-core).

Each test opens a page written by the library and acts on it the way a fan would, then
checks what the page shows against what the data says.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser import CHROMIUM, Opened, file_url, launch, open_page
from explorer_fixtures import SPOILERS

import mcugraph
from mcugraph.explorer import shield, write_html
from mcugraph.graph import to_networkx

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason=f"Chromium is not installed at {CHROMIUM}"),
]
SHIPPED = Path(__file__).resolve().parents[2] / "data" / "universe.yaml"
AXE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1400, "height": 900}
LONG_NAME = "Lord " + "Verylongname" * 420  # about 5,000 characters, no space to break at

ODD = SPOILERS.replace(
    "  - {id: twist, name: Twist}\n",
    f"  - {{id: twist, name: Twist}}\n  - {{id: longest, name: {LONG_NAME}, note: 'עברית and English'}}\n",
).replace(
    "  - {character: hero, works: [movie], mode: mention}\n",
    "  - {character: hero, works: [movie], mode: mention}\n  - {character: longest, works: [show-s1e01]}\n",
)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
    with launch() as chromium:
        yield chromium


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("fan-pages")
    with pytest.MonkeyPatch.context() as patch:  # never the user's cache folder
        patch.setenv("MCUGRAPH_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "fan-layout-cache"))
        shipped = mcugraph.load(SHIPPED)
        return {
            "shipped": write_html(shipped, folder / "shipped.html"),
            "shielded": write_html(shipped, folder / "shielded.html", watched_through="jessica-jones-s1e03"),
            "spoilers": write_html(mcugraph.loads(SPOILERS), folder / "spoilers.html"),
            "odd": write_html(mcugraph.loads(ODD), folder / "odd.html"),
        }


def clean(opened: Opened) -> None:
    assert opened.errors == [], opened.errors
    assert opened.requests == [], opened.requests


def box(opened: Opened, selector: str) -> dict[str, float]:
    found = opened.page.locator(selector).bounding_box()
    assert found is not None, selector
    return found


def overlaps(a: dict[str, float], b: dict[str, float]) -> bool:
    return (
        a["x"] < b["x"] + b["width"]
        and b["x"] < a["x"] + a["width"]
        and a["y"] < b["y"] + b["height"]
        and b["y"] < a["y"] + a["height"]
    )


# ---- phones and small screens -------------------------------------------------------------


def test_on_a_phone_the_map_takes_most_of_the_screen_and_the_filters_are_a_drawer(
    browser: Any, pages: dict[str, Path]
) -> None:
    with open_page(browser, file_url(pages["shipped"]), **PHONE) as opened:
        page = opened.page
        assert page.locator("#controls").is_visible() is False
        assert page.locator("#controls-toggle").is_visible()
        hint, graph = box(opened, "#hint"), box(opened, "#graph")
        assert not overlaps(hint, graph), "the hint covers the map"
        assert graph["height"] >= 0.5 * PHONE["height"], graph
        page.click("#controls-toggle")
        assert page.get_attribute("#controls-toggle", "aria-expanded") == "true"
        page.wait_for_function("() => document.getElementById('controls').getBoundingClientRect().left >= 0")  # slid in
        drawer = box(opened, "#controls")
        assert page.locator("#controls").is_visible() and drawer["x"] >= 0 and drawer["width"] <= PHONE["width"]
        assert page.locator("#legend-kinds input").first.is_visible()
        page.keyboard.press("Escape")
        assert page.get_attribute("#controls-toggle", "aria-expanded") == "false"
        page.wait_for_function("() => getComputedStyle(document.getElementById('controls')).visibility === 'hidden'")
        page.click("#hint-close")
        assert page.locator("#hint").is_visible() is False
        assert box(opened, "#graph")["height"] > graph["height"]
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        clean(opened)


def test_on_a_desktop_the_filters_are_beside_the_map_and_the_hint_above_it(
    browser: Any, pages: dict[str, Path]
) -> None:
    with open_page(browser, file_url(pages["shipped"]), **DESKTOP) as opened:
        assert opened.page.locator("#controls").is_visible()
        assert opened.page.locator("#controls-toggle").is_visible() is False
        assert not overlaps(box(opened, "#hint"), box(opened, "#graph"))
        assert not overlaps(box(opened, "#controls"), box(opened, "#graph"))
        clean(opened)


# ---- the in-page shield and the watch order -----------------------------------------------


def test_the_in_page_shield_counts_lists_and_sizes_only_what_was_watched(browser: Any, pages: dict[str, Path]) -> None:
    spoilers = mcugraph.loads(SPOILERS)
    with open_page(browser, file_url(pages["spoilers"], "view=all")) as opened:
        page = opened.page
        page.select_option("#watched", "2")  # The Show 1x02
        seen = to_networkx(shield(spoilers, watched_through="show-s1e02"))
        assert page.inner_text("#count") == f"{seen.number_of_nodes()} entities"
        tops = opened.js("Array.from(document.querySelectorAll('#top-filter option')).map(o => o.textContent)")
        assert tops == ["All series and films", "The Movie (film)", "The Show (series)"]
        hero = opened.js("mcugraph.byLink['hero']")
        degree = len(set(seen.to_undirected(as_view=True).neighbors("character:hero")))
        title = opened.js(f"mcugraph.nodes.get({hero}).title")
        assert title.endswith(f"{degree} links"), title
        kinds = opened.js(
            "Array.from(document.querySelectorAll('#legend-kinds label:not([hidden]) .count')).map(c => c.textContent)"
        )
        assert sum(int(k) for k in kinds) == seen.number_of_nodes()
        # later steps are listed by number, without their titles
        later = opened.js("Array.from(document.querySelectorAll('#watched option')).map(o => o.textContent)")
        assert later[-1] == "The Show 2x01" and "Return" not in " ".join(later)
        assert page.inner_text("#next-up") == "Next up: The Show 1x03"
        assert "Three" not in page.inner_text("#controls")
        clean(opened)


def test_the_watch_list_ticks_set_the_watched_point(browser: Any, pages: dict[str, Path]) -> None:
    with open_page(browser, file_url(pages["spoilers"], "view=all")) as opened:
        page = opened.page
        page.check("#watch-list input[data-step='1']")
        assert opened.js("mcugraph.state.step") == 1
        assert opened.js("Array.from(document.querySelectorAll('#watch-list input')).map(b => b.checked)") == [
            True,
            True,
            False,
            False,
            False,
        ]
        assert page.inner_text("#next-up") == "Next up: The Show 1x02"
        page.uncheck("#watch-list input[data-step='1']")
        assert opened.js("mcugraph.state.step") == 0
        assert "character:villain" not in opened.visible_keys()
        clean(opened)


def test_the_watched_point_is_kept_in_the_address_and_across_reloads(browser: Any, pages: dict[str, Path]) -> None:
    with open_page(browser, file_url(pages["spoilers"], "view=all")) as opened:
        page = opened.page
        page.select_option("#watched", "1")
        assert "watched=1" in page.evaluate("location.hash")
        # a reload without the watched point in the address takes it from the browser
        page.goto(file_url(pages["spoilers"], "twist"))
        page.wait_for_function("() => document.body.dataset.ready === '1'")
        assert opened.js("mcugraph.state.step") == 1
        assert opened.js("mcugraph.state.focus") is None, "a later character's address opened its panel"
        assert "hidden by the spoiler shield" in page.inner_text("#hint-text")
        assert "Twist" not in page.inner_text("#info")
        # an address that says where the fan is wins
        page.goto(file_url(pages["spoilers"], "twist&watched=4"))
        page.wait_for_function("() => document.body.dataset.ready === '1'")
        assert opened.focused_key() == "character:twist"
        clean(opened)


# ---- labels ---------------------------------------------------------------------------------


def label_boxes(opened: Opened) -> list[list[float]]:
    """The screen box of every label drawn in the current view (below its node's shape)."""
    return opened.js(
        """() => {
        const net = mcugraph.network, hidden = new Set(mcugraph.hiddenLabels()), out = [];
        for (const id of mcugraph.visibleNodes()) {
          if (hidden.has(id)) continue;
          const bb = net.getBoundingBox(id), p = net.getPositions([id])[id];
          const a = net.canvasToDOM({x: bb.left, y: 2 * p.y - bb.top}), b = net.canvasToDOM({x: bb.right, y: bb.bottom});
          if (b.y - a.y >= 11) out.push([a.x, a.y, b.x, b.y]);
        }
        return out;
      }"""
    )


def test_focus_views_draw_no_label_over_another(browser: Any, pages: dict[str, Path]) -> None:
    with open_page(browser, file_url(pages["shipped"], "claire-temple"), **DESKTOP) as opened:
        page = opened.page
        page.wait_for_function("() => mcugraph.labelsSettled()")
        assert opened.js("mcugraph.hiddenLabels().length") > 0  # the crowded ring culls labels
        boxes = label_boxes(opened)
        assert len(boxes) > 5
        clashes = [
            (a, b)
            for i, a in enumerate(boxes)
            for b in boxes[i + 1 :]
            if a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]
        ]
        assert clashes == []
        graph = box(opened, "#graph")
        # label boxes are in the canvas' own coordinates: 0 is the map's left edge
        assert all(b[0] >= -1 and b[2] <= graph["width"] + 1 for b in boxes), "a label is clipped"
        # zooming in first makes more labels big enough to draw (and so to clash); beyond the
        # labels' largest size it only spreads the nodes, and hidden labels come back
        page.locator("#graph").focus()
        for _ in range(3):
            page.keyboard.press("+")
        page.wait_for_function("() => mcugraph.labelsSettled()")
        crowded = len(opened.js("mcugraph.hiddenLabels()"))
        for _ in range(5):
            page.keyboard.press("+")
        page.wait_for_function("() => mcugraph.labelsSettled()")
        assert len(opened.js("mcugraph.hiddenLabels()")) < crowded
        clean(opened)


def test_a_series_filter_fits_the_series_to_the_screen(browser: Any, pages: dict[str, Path]) -> None:
    with open_page(browser, file_url(pages["shipped"], "view=all"), **DESKTOP) as opened:
        page = opened.page
        page.select_option("#top-filter", label="Luke Cage (series)")
        page.wait_for_function("() => !mcugraph.network.view.animationTimer && mcugraph.labelsSettled()")
        spread = opened.js(
            """() => { const pos = mcugraph.network.getPositions(mcugraph.visibleNodes());
              const xs = Object.values(pos).map(p => mcugraph.network.canvasToDOM(p).x);
              return Math.max(...xs) - Math.min(...xs); }"""
        )
        assert spread > 0.5 * box(opened, "#graph")["width"], spread
        clean(opened)


# ---- the keyboard and state ---------------------------------------------------------------------


def test_bracket_keys_walk_the_neighbours_in_both_directions(browser: Any, pages: dict[str, Path]) -> None:
    with open_page(browser, file_url(pages["shipped"], "jessica-jones"), **DESKTOP) as opened:
        page = opened.page
        buttons = opened.js("Array.from(document.querySelectorAll('#info button.link')).map(b => b.dataset.node)")
        assert len(buttons) > 3
        active = "document.activeElement.dataset.node"
        page.locator("#graph").focus()
        page.keyboard.press("]")
        assert page.evaluate(active) == buttons[0]
        page.keyboard.press("]")
        assert page.evaluate(active) == buttons[1]
        page.keyboard.press("[")
        assert page.evaluate(active) == buttons[0]
        page.keyboard.press("[")
        assert page.evaluate(active) == buttons[-1]
        clean(opened)


@pytest.mark.parametrize("how", ["escape", "button"])
def test_whole_map_closes_the_panel_of_the_focus(browser: Any, pages: dict[str, Path], how: str) -> None:
    with open_page(browser, file_url(pages["spoilers"], "villain")) as opened:
        page = opened.page
        assert page.inner_text("#info h2") == "Villain"
        if how == "escape":
            page.locator("#graph").focus()
            page.keyboard.press("Escape")
        else:
            page.click("#overview")
        assert page.inner_text("#info h2") == "Spoiler Test"
        assert opened.js("mcugraph.network.getSelectedNodes()") == []
        clean(opened)


def test_arrow_down_then_enter_opens_the_first_result(browser: Any, pages: dict[str, Path]) -> None:
    with open_page(browser, file_url(pages["spoilers"])) as opened:
        page = opened.page
        page.fill("#search", "vill")
        first = page.locator("#results li").first.get_attribute("data-node")
        page.press("#search", "ArrowDown")
        page.press("#search", "Enter")
        assert str(opened.js("mcugraph.state.focus")) == first
        clean(opened)


def test_the_hint_follows_the_focus_and_forgets_a_bad_address(browser: Any, pages: dict[str, Path]) -> None:
    with open_page(browser, file_url(pages["spoilers"], "nobody-at-all")) as opened:
        page = opened.page
        assert page.inner_text("#hint-text").startswith("Nothing called")
        page.evaluate("location.hash = 'villain'")
        page.wait_for_function("() => mcugraph.state.focus !== null")
        assert page.inner_text("#hint-text").startswith("You are looking at Villain")
        opened.js("mcugraph.focus(mcugraph.byLink['hero'])")
        assert page.inner_text("#hint-text").startswith("You are looking at Hero")
        clean(opened)


# ---- search -----------------------------------------------------------------------------------


def results(opened: Opened, query: str) -> list[str]:
    opened.page.fill("#search", query)
    return opened.js("Array.from(document.querySelectorAll('#results li .name')).map(n => n.textContent)")


def test_search_finds_fan_names_series_first_episodes_in_order_and_word_starts(
    browser: Any, pages: dict[str, Path]
) -> None:
    with open_page(browser, file_url(pages["shipped"])) as opened:
        assert results(opened, "Kingpin")[0] == "Wilson Fisk"
        assert results(opened, "Bullseye")[0] == "Benjamin Poindexter"
        jessica = results(opened, "Jessica")
        assert jessica.index("Jessica Jones") < 3
        episodes = [r for r in results(opened, "AKA") if r.startswith("Jessica Jones 1x")]
        assert episodes == sorted(episodes) and len(episodes) >= 5
        assert not any("Righteous" in r for r in results(opened, "igh"))
        clean(opened)


def test_search_reads_notes_after_names(browser: Any, pages: dict[str, Path]) -> None:
    with open_page(browser, file_url(pages["spoilers"])) as opened:
        found = results(opened, "dies")  # only the note of The Show 1x03 says it
        assert found and found[0].startswith("The Show 1x03")
        assert opened.js("document.querySelector('#results li .alias').textContent") == "in its note"
        clean(opened)


# ---- odd text ---------------------------------------------------------------------------------


def test_a_very_long_name_is_shortened_in_labels_and_lists_and_whole_in_the_heading(
    browser: Any, pages: dict[str, Path]
) -> None:
    with open_page(browser, file_url(pages["odd"], "longest"), **DESKTOP) as opened:
        page = opened.page
        idx = opened.js("mcugraph.byLink['longest']")
        label = opened.js(f"mcugraph.nodes.get({idx}).label")
        assert len(label) <= 48 and label.endswith("\u2026")
        assert page.inner_text("#info h2") == LONG_NAME
        width = page.evaluate("document.getElementById('info').scrollWidth")
        assert width <= box(opened, "#info")["width"] + 1
        assert page.evaluate("document.documentElement.scrollWidth") <= DESKTOP["width"]
        assert page.locator("#info h2 bdi").count() == 1
        assert page.get_attribute("#info .note", "dir") == "auto"
        opened.js("mcugraph.focus(mcugraph.byLink['show-s1e01'])")
        link = page.locator(f"#info button.link[data-node='{idx}']")
        assert len(link.inner_text()) <= 48
        clean(opened)


# ---- accessibility -------------------------------------------------------------------------------


def axe(browser: Any, url: str, size: dict[str, int], before: str | None = None) -> list[str]:
    """Serious and critical axe-core findings on a page (the page's CSP is bypassed so axe can run)."""
    context = browser.new_context(viewport=size, bypass_csp=True, service_workers="block")
    try:
        page = context.new_page()
        page.goto(url)
        page.wait_for_function("() => document.body.dataset.ready === '1'")
        if before:
            page.evaluate(before)
        page.add_script_tag(path=str(AXE))
        found = page.evaluate(
            "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
            ".filter(v => v.impact === 'serious' || v.impact === 'critical')"
            ".map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).slice(0, 3).join(', '))"
        )
        return list(found)
    finally:
        context.close()


@pytest.mark.parametrize(
    ("page", "fragment", "size", "before"),
    [
        ("shipped", "", DESKTOP, None),
        ("shipped", "view=all", DESKTOP, None),
        ("shipped", "claire-temple", DESKTOP, None),
        ("shielded", "", DESKTOP, None),
        ("shipped", "", PHONE, "document.getElementById('controls-toggle').click()"),
    ],
    ids=["opening", "whole-map", "focus", "shielded", "phone"],
)
def test_axe_finds_nothing_serious(
    browser: Any, pages: dict[str, Path], page: str, fragment: str, size: dict[str, int], before: str | None
) -> None:
    assert axe(browser, file_url(pages[page], fragment), size, before) == []


def test_every_entity_can_be_reached_from_the_keyboard_through_the_panel(browser: Any, pages: dict[str, Path]) -> None:
    with open_page(browser, file_url(pages["spoilers"], "villain")) as opened:
        page = opened.page
        page.locator("#info button.link").first.focus()
        page.keyboard.press("Enter")
        assert opened.js("mcugraph.state.focus") is not None
        seen = {opened.focused_key()}
        for _ in range(12):  # walk: open the first link of each panel in turn
            page.locator("#info button.link").last.focus()
            page.keyboard.press("Enter")
            seen.add(opened.focused_key())
        assert len(seen) >= 3
        clean(opened)


def test_the_page_offers_every_watch_order_and_keeps_a_point_per_order(browser: Any, pages: dict[str, Path]) -> None:
    spoilers = mcugraph.loads(SPOILERS)
    with open_page(browser, file_url(pages["spoilers"], "view=all")) as opened:
        page = opened.page
        names = opened.js("Array.from(document.querySelectorAll('#watch-order option')).map(o => o.textContent)")
        assert names[0] == "Release order" and "The Binge" in names and "Story Order" in names
        page.select_option("#watch-order", label="The Binge")  # the first season, then the film
        assert opened.js("mcugraph.state.step") is None or opened.js("mcugraph.state.step") > 10**9
        page.select_option("#watched", "2")  # The Show 1x03 in this order
        seen = to_networkx(shield(spoilers, watched_through="show-s1e03", order="binge"))
        assert opened.visible_keys() == set(seen.nodes)
        assert "order=binge" in page.evaluate("location.hash")
        page.select_option("#watch-order", label="Release order")
        assert opened.js("mcugraph.state.step") > 10**9  # nothing was chosen in this order yet
        page.select_option("#watch-order", label="The Binge")
        assert opened.js("mcugraph.state.step") == 2  # the point chosen in this order, kept
        clean(opened)
