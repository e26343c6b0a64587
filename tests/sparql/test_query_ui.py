"""The query page: a browser's GET /sparql gets YASGUI, every SPARQL client gets what it got before."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest

import mcugraph
from mcugraph.model import Universe
from mcugraph.sparql.endpoint import ServeOptions, create_app
from mcugraph.sparql.query_ui import STATIC_FILES, query_page, wants_html

from .conftest import RICH_YAML

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

ROOT = Path(__file__).resolve().parents[2]
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
HOSTILE_QUERY = """# title: </button><script>alert('title')</script>
# description: breaks out </script><img src=x onerror=alert(1)>
SELECT ?x WHERE { ?x ?y "</script><script>alert(2)</script>" }
"""


@pytest.fixture(scope="module")
def universe() -> Universe:
    return mcugraph.loads(RICH_YAML)


@pytest.fixture(scope="module")
def client(universe: Universe) -> Iterator[TestClient]:
    yield TestClient(create_app(universe, ServeOptions()))


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.data: dict[str, list[str]] = {}
        self._open: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if self._open and self._open[-1] == tag:
            self._open.pop()

    def handle_data(self, data: str) -> None:
        if self._open:
            self.data.setdefault(self._open[-1], []).append(data)


def _parse(text: str) -> _Page:
    page = _Page()
    page.feed(text)
    return page


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        (BROWSER, True),
        ("text/html", True),
        ("application/xhtml+xml", True),
        ("*/*", False),
        (None, False),
        ("application/sparql-results+json", False),
        ("text/html;q=0, */*", False),
        ("text/turtle, text/html;q=0.1", True),
    ],
)
def test_wants_html(accept: str | None, expected: bool) -> None:
    assert wants_html(accept) is expected


def test_a_browser_gets_the_editor(client: TestClient) -> None:
    response = client.get("/sparql", headers={"Accept": BROWSER})
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert "Accept" in response.headers["vary"]
    page = _parse(response.text)
    scripts = [a.get("src") for t, a in page.tags if t == "script" and a.get("src")]
    assert scripts == ["/static/yasgui/yasgui.min.js", "/static/query-ui.js"]
    styles = [a.get("href") for t, a in page.tags if t == "link"]
    assert styles == ["/static/yasgui/yasgui.min.css"]
    # nothing from another host: every link, script and style is on this server
    for tag, attrs in page.tags:
        for key in ("src", "href"):
            value = attrs.get(key)
            assert value is None or value.startswith("/"), (tag, attrs)


def test_the_curated_queries_are_the_examples(client: TestClient) -> None:
    page = _parse(client.get("/sparql", headers={"Accept": BROWSER}).text)
    offered = {a["data-example"] for t, a in page.tags if t == "button" and a.get("data-example")}
    curated = {p.stem for p in (ROOT / "queries").glob("*.rq")}
    assert offered == curated


@pytest.mark.parametrize(
    ("path", "headers"),
    [
        ("/sparql", {}),
        ("/sparql", {"Accept": "*/*"}),
        ("/sparql", {"Accept": "text/turtle"}),
    ],
)
def test_sparql_clients_still_get_the_service_description(
    client: TestClient, path: str, headers: dict[str, str]
) -> None:
    response = client.get(path, headers=headers)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/turtle")


def test_a_browser_with_a_query_is_not_given_the_page() -> None:
    seen: list[str] = []

    async def endpoint(scope, receive, send):  # type: ignore[no-untyped-def]
        seen.append(scope["query_string"].decode())
        await send({"type": "http.response.start", "status": 204, "headers": []})
        await send({"type": "http.response.body", "body": b""})

    from mcugraph.sparql.query_ui import QueryPage

    wrapped = TestClient(QueryPage(endpoint, page="page"))
    assert wrapped.get("/sparql?query=ASK%7B%7D", headers={"Accept": BROWSER}).status_code == 204
    assert wrapped.get("/sparql", headers={"Accept": BROWSER}).text == "page"
    assert wrapped.post("/sparql", headers={"Accept": BROWSER}, data={"query": "ASK{}"}).status_code == 204
    assert seen == ["query=ASK%7B%7D", ""]


def test_query_text_and_titles_are_escaped(tmp_path: Path) -> None:
    (tmp_path / "hostile.rq").write_text(HOSTILE_QUERY, encoding="utf-8")
    text = query_page("A <b>bold</b> universe", tmp_path)
    page = _parse(text)
    assert [t for t, _ in page.tags if t == "script"] == ["script", "script", "script"]  # the JSON and two files
    assert not [t for t, _ in page.tags if t in ("img", "b")]
    (button,) = page.data["button"]
    assert button == "</button><script>alert('title')</script>"
    assert "A <b>bold</b> universe" in "".join(page.data["title"])
    import json

    (data,) = [d for d in page.data["script"] if d.strip()]
    (example,) = json.loads(data)
    assert example["text"] == HOSTILE_QUERY
    assert "</script" not in data


def test_no_queries_folder_means_no_examples(tmp_path: Path) -> None:
    page = _parse(query_page("U", tmp_path / "absent"))
    assert not [a for t, a in page.tags if t == "button"]


@pytest.mark.parametrize("name", sorted(STATIC_FILES))
def test_the_bundled_files_are_served(client: TestClient, name: str) -> None:
    response = client.get(f"/static/{name}")
    assert response.status_code == 200
    assert response.headers["content-type"] == STATIC_FILES[name]
    assert len(response.content) > 100


def test_the_licence_sits_beside_the_bundle(client: TestClient) -> None:
    assert "MIT License" in client.get("/static/yasgui/LICENSE").text
    assert "codemirror" in client.get("/static/yasgui/THIRD-PARTY-LICENSES.txt").text


def test_an_unknown_static_file_is_404(client: TestClient) -> None:
    response = client.get("/static/../endpoint.py")
    assert response.status_code == 404
    assert client.get("/static/yasgui/nothing.js").status_code == 404


def test_the_bundle_ships_as_package_data() -> None:
    import tomllib

    patterns = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"][
        "package-data"
    ]["mcugraph"]
    from fnmatch import fnmatch

    for name in STATIC_FILES:
        assert any(fnmatch(f"sparql/static/{name}", p) for p in patterns), name
