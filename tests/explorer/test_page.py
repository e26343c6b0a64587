"""The explorer page as HTML: offline, safe with hostile text, and holding exactly the data it should."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from explorer_fixtures import HOSTILE, HOSTILE_NAMES, SPOILERS

import mcugraph
from mcugraph.errors import AmbiguousError, NotFoundError
from mcugraph.explorer import to_html, write_html
from mcugraph.explorer.page import vis_network_js
from mcugraph.graph import ego_graph, to_networkx
from mcugraph.model import Universe


class Page(HTMLParser):
    """Collects every tag with its attributes, and the text of scripts, styles and the title."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self.styles: list[str] = []
        self.title = ""
        self._in: tuple[str, dict[str, str | None]] | None = None
        self._text: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag in ("script", "style", "title"):
            self._in = (tag, dict(attrs))
            self._text = []

    def handle_data(self, data: str) -> None:
        if self._in is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if self._in is not None and tag == self._in[0]:
            text = "".join(self._text)
            if tag == "script":
                self.scripts.append((self._in[1], text))
            elif tag == "style":
                self.styles.append(text)
            else:
                self.title = text
            self._in = None

    def data(self) -> dict:
        [payload] = [text for attrs, text in self.scripts if attrs.get("type") == "application/json"]
        return json.loads(payload)


@pytest.fixture(scope="module")
def hostile_html() -> str:
    return to_html(mcugraph.loads(HOSTILE))


def _sha(text: str) -> str:
    return base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()


def test_nothing_is_loaded_from_anywhere(hostile_html: str) -> None:
    page = Page(hostile_html)
    for tag, attrs in page.tags:
        for name in ("src", "href", "action", "srcset", "poster", "data"):
            value = attrs.get(name)
            if value is None:
                continue
            assert value.startswith("#") or value == "data:,", f"<{tag} {name}={value!r}>"
    assert not [t for t, a in page.tags if t == "link" and a.get("rel") != "icon"]
    assert not [t for t, a in page.tags if t in ("iframe", "img", "object", "embed", "base", "form")]
    for css in page.styles:
        assert "@import" not in css
        assert re.findall(r"url\(", css) == []
    assert all("src" not in attrs for attrs, _ in page.scripts)


def test_content_security_policy_allows_only_the_pages_own_code(hostile_html: str) -> None:
    page = Page(hostile_html)
    [csp] = [a["content"] for t, a in page.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"]
    assert csp is not None
    assert "default-src 'none'" in csp
    code = [text for attrs, text in page.scripts if attrs.get("type") != "application/json"]
    assert len(code) == 2
    for text in code:
        assert f"'sha256-{_sha(text)}'" in csp
    assert f"'sha256-{_sha(page.styles[0])}'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert code[0] == vis_network_js()


def test_hostile_text_stays_text(hostile_html: str) -> None:
    page = Page(hostile_html)
    # no element or attribute came out of the data
    assert [t for t, _ in page.tags].count("script") == 3
    assert not [a for _, attrs in page.tags for a in attrs if a.startswith("on")]
    assert page.title.startswith("<b>Evil</b> {{ 6*7 }} </title><script>window.__pwned = 4</script>")
    for raw in ("<script>alert(1)", "</script><script>window.__pwned", "<img src=x", "<svg onload", "<!-- <script>"):
        assert raw not in hostile_html
    data = page.data()
    labels = {n["label"] for n in data["nodes"]}
    assert set(HOSTILE_NAMES.values()) <= labels
    assert "{{ 7*7 }} {% if true %}yes{% endif %}" in labels  # not rendered by Jinja
    assert '<iframe src="https://example.org/"></iframe>' in labels
    payload = [text for attrs, text in page.scripts if attrs.get("type") == "application/json"][0]
    assert "<" not in payload and ">" not in payload and "&" not in payload


def test_one_node_per_entity_with_position_and_permalink(mini: Universe) -> None:
    data = Page(to_html(mini)).data()
    graph = to_networkx(mini)
    assert {n["key"] for n in data["nodes"]} == set(graph.nodes)
    assert len(data["edges"]) == graph.number_of_edges()
    assert len(data["info"]) == len(data["nodes"])
    links = {n["key"]: n["link"] for n in data["nodes"]}
    # the character keeps the bare id; the series with the same id is named kind:id
    assert links["character:night-watch"] == "night-watch"
    assert links["work:night-watch"] == "work:night-watch"
    assert links["person:ana-lopez"] == "ana-lopez"
    assert all(isinstance(n["x"], float) and isinstance(n["y"], float) for n in data["nodes"])


def test_search_names_are_folded_like_the_cli(mini: Universe) -> None:
    data = Page(to_html(mini)).data()
    [ana] = [n for n in data["nodes"] if n["key"] == "person:ana-lopez"]
    assert ana["names"][0][:2] == ["Ána López", "ana lopez"]
    [watch] = [n for n in data["nodes"] if n["key"] == "character:night-watch"]
    assert ["The Watcher", "the watcher"] in [n[:2] for n in watch["names"]]


def in_release(value: object) -> object:
    """The payload as the release order (the page's first) sees it: a step given per order
    (a list of ints or nulls, one per order) is its first entry."""
    if isinstance(value, dict):
        return {k: in_release(v) for k, v in value.items()}
    if isinstance(value, list):
        if value and all(v is None or type(v) is int for v in value) and len(value) == ORDERS:
            return value[0]
        return [in_release(v) for v in value]
    return value


#: the spoiler universe's orders: release, in-universe, and its own two
ORDERS = 4


def test_a_page_without_a_shield_holds_every_order_and_a_step_per_order(spoilers: Universe) -> None:
    data = Page(to_html(spoilers)).data()
    assert [o["id"] for o in data["orders"]] == ["release", "in-universe", "binge", "story"]
    assert data["order"] == data["orders"][0]
    index = {n["key"]: i for i, n in enumerate(data["nodes"])}
    villain = data["info"][index["character:villain"]]
    # the villain dies in 1x03: step 3 in release order, and step 2 in the binge (the film comes after the season)
    assert ["died", "during Death of the Villain", [3, 3, 2, 3]] in villain["facts"]
    shielded = Page(to_html(spoilers, watched_through="show-s1e02")).data()
    assert [o["id"] for o in shielded["orders"]] == ["release"]


def test_info_panel_facts_sources_and_positions(spoilers: Universe) -> None:
    data = in_release(Page(to_html(spoilers)).data())
    index = {n["key"]: i for i, n in enumerate(data["nodes"])}
    villain = data["info"][index["character:villain"]]
    assert ["died", "during Death of the Villain", 3] in villain["facts"]
    assert villain["note"] == ["Secretly the hero's father.", None]
    assert villain["iri"] == "https://example.org/sp/character/villain"
    assert villain["mark"] == "<string>:" + villain["mark"].split(":", 1)[1]
    show = data["info"][index["work:show"]]
    # the article's title names the series, so it waits for the series' first episode (step 1)
    assert show["sources"] == [["An article about the show https://example.org/article", 1, "", None]]
    hero = data["info"][index["character:hero"]]
    assert ["codename", "Nightfall", 1] in hero["facts"]
    assert ["also called", "The Masked One", None] in hero["facts"]


def test_edges_carry_their_reveal_step_and_details(spoilers: Universe) -> None:
    data = in_release(Page(to_html(spoilers)).data())
    keys = [n["key"] for n in data["nodes"]]
    edges = {(keys[a], keys[b], rel): (step, detail) for a, b, rel, step, detail in data["edges"]}
    assert edges[("character:hero", "character:villain", "enemy")] == (
        2,
        [['The Show 1x02 "Two"', 2], ["until during Death of the Villain", 3]],
    )
    assert edges[("character:villain", "character:hero", "parent-of")] == (None, [])
    assert edges[("character:hero", "work:movie", "appears_in")] == (0, [["mention", 0]])
    assert edges[("character:villain", "event:villain-death", "took_part_in")] == (3, [["victim", 3]])


def test_the_order_and_the_opening_focus(spoilers: Universe) -> None:
    data = Page(to_html(spoilers)).data()
    assert data["order"]["name"] == "release order"
    assert data["order"]["cut"] is None
    assert [s[0] for s in data["order"]["steps"]][:2] == ["The Movie", 'The Show 1x01 "One"']
    assert data["start"]["depth"] == 1
    # the hub: the node that most crossover characters (here the hero, in the film and the show) link to
    assert data["nodes"][data["start"]["focus"]]["key"] == "work:show-s1"
    binge = Page(to_html(spoilers, order="binge", focus="The Movie", depth=2)).data()
    assert binge["order"]["name"] == "order 'The Binge'"
    assert binge["nodes"][binge["start"]["focus"]]["key"] == "work:movie"
    assert binge["start"]["depth"] == 2


def test_watched_through_leaves_later_facts_out_of_the_file(spoilers: Universe) -> None:
    html = to_html(spoilers, watched_through="show-s1e02")
    data = Page(html).data()
    keys = {n["key"] for n in data["nodes"]}
    assert "character:villain" in keys and "character:twist" not in keys
    for word in ("Twist", "The Return", "Death of the Villain", "Secretly", "Masked", "s2e01", "Return"):
        assert word not in html, word
    assert "parent-of" not in {e[2] for e in data["edges"]}
    assert data["order"]["cut"] == 2
    assert len(data["order"]["steps"]) == 3
    steps = [n["step"] for n in data["nodes"]]
    steps += [e[3] for e in data["edges"]] + [d[1] for e in data["edges"] for d in e[4]]
    steps += [f[2] for i in data["info"] for f in i["facts"]] + [s[1] for i in data["info"] for s in i["sources"]]
    assert all(s is not None and s <= 2 for s in steps)
    # a fan behind the shield starts where they stopped watching
    assert data["nodes"][data["start"]["focus"]]["key"] == "work:show-s1"
    assert "spoiler shield: watched through The Show 1x02" in html


def test_depth_keeps_only_the_neighbourhood(spoilers: Universe) -> None:
    data = Page(to_html(spoilers, focus="villain", depth=1)).data()
    expected = set(ego_graph(to_networkx(spoilers), "character:villain", depth=1).nodes)
    assert {n["key"] for n in data["nodes"]} == expected
    assert data["nodes"][data["start"]["focus"]]["key"] == "character:villain"
    alone = Page(to_html(spoilers, focus="villain", depth=0)).data()
    assert [n["key"] for n in alone["nodes"]] == ["character:villain"]


def test_focus_errors(spoilers: Universe, mini: Universe) -> None:
    with pytest.raises(AmbiguousError) as err:
        to_html(mini, focus="night-watch")
    assert str(err.value).startswith("'night-watch' could mean several things: character:night-watch (Night Watch);")
    with pytest.raises(NotFoundError) as err2:
        to_html(spoilers, focus="twist", watched_through="movie")
    assert str(err2.value) == (
        "'Twist' is not revealed by The Movie in the release order: choose an entity seen by then"
    )
    assert err2.value.about == "focus"
    with pytest.raises(NotFoundError) as err3:
        to_html(spoilers, focus="article")
    assert str(err3.value) == (
        "'article' is a source (source:article), not a character, a person, a work, an event, an organization"
        " or a location"
    )
    with pytest.raises(ValueError):
        to_html(spoilers, depth=-1)


def test_same_data_same_page(spoilers: Universe) -> None:
    assert to_html(spoilers) == to_html(mcugraph.loads(SPOILERS))


def test_write_html_is_atomic_and_reports_unwritable_paths(spoilers: Universe, tmp_path: Path) -> None:
    target = write_html(spoilers, tmp_path / "out" / "explorer.html")
    assert target.read_text(encoding="utf-8").startswith("<!doctype html>")
    assert [p.name for p in target.parent.iterdir()] == ["explorer.html"]
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(mcugraph.errors.OutputError) as err:
        write_html(spoilers, blocker / "explorer.html")
    assert str(err.value).startswith(f"cannot write {blocker / 'explorer.html'}: ")


def test_empty_universe_still_makes_a_page() -> None:
    empty = mcugraph.loads('universe: {id: e, name: Empty, base_iri: "https://example.org/e/", license: CC0-1.0}\n')
    data = Page(to_html(empty)).data()
    assert data["nodes"] == [] and data["start"]["focus"] is None


def test_shipped_page_is_small_enough_and_knows_the_cast() -> None:
    universe = mcugraph.load("data/universe.yaml")
    html = to_html(universe)
    assert len(html.encode()) < 3_000_000
    data = Page(html).data()
    keys = [n["key"] for n in data["nodes"]]
    assert len(keys) == to_networkx(universe).number_of_nodes()
    edges = {(keys[a], keys[b], rel) for a, b, rel, *_ in data["edges"]}
    assert ("character:jessica-jones", "person:krysten-ritter", "portrayed_by") in edges
    elodie = [n for n in data["nodes"] if n["key"] == "person:elodie-yung"]
    assert elodie and elodie[0]["names"][0][:2] == ["Élodie Yung", "elodie yung"]
