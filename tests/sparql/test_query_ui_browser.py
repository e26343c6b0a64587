"""The query page in a real browser (Debian's Chromium): YASGUI loads from the package, asks
no other host, offers the curated queries and runs one against the endpoint."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest

from _procs import stop_process
from explorer.browser import CHROMIUM, launch

from .conftest import RICH_YAML

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason=f"Chromium is not installed at {CHROMIUM}"),
]

NAMES_QUERY = """# title: Character names
# description: Every character's name.
PREFIX schema: <http://schema.org/>
PREFIX mcg: <https://w3id.org/mcugraph/ontology#>
SELECT ?name WHERE { ?c a mcg:Character ; schema:name ?name } ORDER BY ?name
"""
HOSTILE_QUERY = """# title: </button><img src=x onerror=alert('title')>
# description: a title and a text that try to break out of the page
SELECT ?x WHERE { ?x ?y "</script><script>alert('text')</script>" }
"""


@dataclass
class Served:
    process: subprocess.Popen[bytes]
    url: str


@dataclass
class Watched:
    page: Any
    errors: list[str] = field(default_factory=list)
    elsewhere: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    folder = tmp_path_factory.mktemp("query-ui")
    (folder / "universe.yaml").write_text(RICH_YAML, encoding="utf-8")
    (folder / "queries").mkdir()
    (folder / "queries" / "names.rq").write_text(NAMES_QUERY, encoding="utf-8")
    (folder / "queries" / "hostile.rq").write_text(HOSTILE_QUERY, encoding="utf-8")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [
        sys.executable,
        "-m",
        "mcugraph",
        "serve",
        "--data",
        "universe.yaml",
        "--port",
        str(port),
        "--workers",
        "1",
    ]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    process = subprocess.Popen(command, cwd=folder, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, env=env)
    assert process.stderr is not None
    line = process.stderr.readline().decode()  # the server says where it serves once it is ready
    if not line.startswith("serving"):
        stop_process(process)
        pytest.fail(f"the server did not start: {line}{process.stderr.read().decode()}")
    url = f"http://127.0.0.1:{port}/sparql"
    assert url in line
    try:
        yield Served(process, url)
    finally:
        stop_process(process)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
    with launch() as chromium:
        yield chromium


@pytest.fixture
def watched(browser: Any, served: Served) -> Iterator[Watched]:
    context = browser.new_context(service_workers="block")
    page = context.new_page()
    seen = Watched(page)
    origin = served.url.rsplit("/sparql", 1)[0]
    page.on("console", lambda m: seen.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: seen.errors.append(str(e)))
    page.on("dialog", lambda d: (seen.dialogs.append(d.message), d.dismiss()))

    def route(r: Any) -> None:
        if r.request.url.startswith(origin + "/"):
            r.continue_()
        else:
            seen.elsewhere.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.goto(served.url)
    page.wait_for_function("document.body.dataset.ready === 'yes'")
    try:
        yield seen
    finally:
        context.close()


def test_the_page_loads_yasgui_and_asks_no_other_host(watched: Watched) -> None:
    page = watched.page
    assert page.locator(".yasqe .CodeMirror").count() >= 1
    assert page.evaluate("typeof Yasgui") == "function"
    assert watched.errors == [] and watched.elsewhere == [] and watched.dialogs == []


def test_the_curated_queries_are_offered_and_hostile_titles_stay_text(watched: Watched) -> None:
    page = watched.page
    buttons = page.locator("#examples-list button")
    assert sorted(buttons.all_inner_texts()) == sorted(
        ["</button><img src=x onerror=alert('title')>", "Character names"]
    )
    assert page.locator("#examples-list img").count() == 0
    page.click("button[data-example=hostile]")
    page.wait_for_function("document.body.dataset.example === 'hostile'")
    text = page.evaluate("mcugraphQueryUI.yasgui.getTab().getQuery()")
    assert text == HOSTILE_QUERY
    assert watched.dialogs == [] and watched.errors == []


def test_an_example_runs_against_this_endpoint(watched: Watched, served: Served) -> None:
    page = watched.page
    page.click("button[data-example=names]")
    page.wait_for_function("document.body.dataset.example === 'names'")
    assert page.evaluate("mcugraphQueryUI.yasgui.getTab().getEndpoint()") == served.url
    page.evaluate("document.body.dataset.answered = ''")
    page.click(".tabPanel.active .yasqe_queryButton")
    page.wait_for_function("document.body.dataset.answered !== ''")
    page.wait_for_selector(".tabPanel.active .yasr table.dataTable td")
    cells = page.locator(".tabPanel.active .yasr table.dataTable tbody td").all_inner_texts()
    assert {"Lena Dusk", "Mara Vell", "Otto Krane", "Pip"} <= {c.strip().strip('"') for c in cells}
    assert watched.errors == [] and watched.elsewhere == []
