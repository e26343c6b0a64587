"""Driving the explorer in Debian's Chromium with Playwright.

The one definition of the browser and its flags: the browser tests, the screenshots and
the draw benchmark (``benchmarks/explorer_draw.py``) all launch it through :func:`launch`.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CHROMIUM = os.environ.get("MCUGRAPH_CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@dataclass
class Opened:
    """A page with everything it said and asked for."""

    page: Any
    url: str
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def js(self, expression: str, arg: Any = None) -> Any:
        return self.page.evaluate(expression, arg)

    def focused_key(self) -> str | None:
        return self.js("mcugraph.state.focus === null ? null : mcugraph.data.nodes[mcugraph.state.focus].key")

    def visible_keys(self) -> set[str]:
        return set(self.js("mcugraph.visibleNodes().map(i => mcugraph.data.nodes[i].key)"))


@contextmanager
def launch() -> Iterator[Any]:
    """Headless Chromium (``$MCUGRAPH_CHROMIUM`` or Debian's), closed when the block ends."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            yield browser
        finally:
            browser.close()


@contextmanager
def open_page(browser: Any, url: str, *, width: int = 1400, height: int = 860) -> Iterator[Opened]:
    """Open ``url`` in a fresh context; record console errors, page errors, dialogs and every other request."""
    context = browser.new_context(viewport={"width": width, "height": height}, service_workers="block")
    page = context.new_page()
    opened = Opened(page, url)
    base = url.split("#", 1)[0]
    page.on("console", lambda m: opened.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: opened.errors.append(str(e)))
    page.on("dialog", lambda d: (opened.dialogs.append(d.message), d.dismiss()))

    def on_request(route: Any) -> None:
        if route.request.url.split("#", 1)[0] == base:
            route.continue_()
        else:
            opened.requests.append(route.request.url)
            route.abort()

    page.route("**/*", on_request)
    page.on(
        "request",
        lambda r: None if r.url.split("#", 1)[0] == base or r.url in opened.requests else opened.requests.append(r.url),
    )
    try:
        page.goto(url)
        page.wait_for_function("document.body.dataset.ready === '1'", timeout=30_000)
        yield opened
    finally:
        context.close()


def file_url(path: Path, fragment: str = "") -> str:
    return path.resolve().as_uri() + (f"#{fragment}" if fragment else "")


def take_screenshots(browser: Any, data: Path, outdir: Path) -> list[Path]:
    """The pictures of docs/explorer.md: the opening view, the whole map, a focused entity, the shield."""
    import tempfile

    import mcugraph
    from mcugraph.explorer import write_html

    universe = mcugraph.load(data)
    outdir.mkdir(parents=True, exist_ok=True)
    shots: list[Path] = []
    with tempfile.TemporaryDirectory() as tmp:
        full = write_html(universe, Path(tmp) / "explorer.html")
        shielded = write_html(universe, Path(tmp) / "shielded.html", watched_through="jessica-jones-s1e03")
        views = [
            ("explorer-overview.png", full, "", False),
            ("explorer-whole-map.png", full, "view=all", True),
            ("explorer-focus.png", full, "jessica-jones", True),
            ("explorer-shield.png", shielded, "jessica-jones", True),
        ]
        for name, path, fragment, close_hint in views:
            with open_page(browser, file_url(path, fragment)) as opened:
                if close_hint:
                    opened.js("document.getElementById('hint').hidden = true")
                opened.page.wait_for_timeout(500)
                target = outdir / name
                opened.page.screenshot(path=str(target))
                shots.append(target)
    return shots


if __name__ == "__main__":  # python tests/explorer/browser.py [DATA] [OUTDIR]
    import sys

    data_path = Path(sys.argv[1] if len(sys.argv) > 1 else "data/universe.yaml")
    out = Path(sys.argv[2] if len(sys.argv) > 2 else "docs/img")
    with launch() as chromium:
        for shot in take_screenshots(chromium, data_path, out):
            print(f"wrote {shot}")
