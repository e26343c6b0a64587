"""The query page of ``mcugraph serve``: a YASGUI editor for browsers that open ``/sparql``.

A browser that asks for ``/sparql`` (``Accept: text/html``) without a ``query``
parameter gets a page with YASGUI, bundled in the package (``static/yasgui/``, the npm
package ``@zazuko/yasgui``, MIT, its licence and its dependencies' beside it) and set to
fetch nothing from elsewhere. The curated queries are offered as examples. Every other
request to ``/sparql`` (SPARQL clients, which do not ask for HTML) goes on to the
endpoint unchanged: the page is a middleware in front of it, not a change to it.
"""

from __future__ import annotations

import html
import json
import os
import urllib.parse
from importlib import resources
from typing import Any

from mcugraph.sparql.catalog import DEFAULT_QUERIES, read_catalog

__all__ = ["QueryPage", "query_page", "query_ui_routes", "wants_html", "STATIC_FILES"]

#: file name -> media type, everything under /static/ the page uses
STATIC_FILES: dict[str, str] = {
    "yasgui/yasgui.min.js": "text/javascript; charset=utf-8",
    "yasgui/yasgui.min.css": "text/css; charset=utf-8",
    "yasgui/LICENSE": "text/plain; charset=utf-8",
    "yasgui/THIRD-PARTY-LICENSES.txt": "text/plain; charset=utf-8",
    "query-ui.js": "text/javascript; charset=utf-8",
}


def wants_html(accept: str | None) -> bool:
    """Whether an ``Accept`` header names HTML outright (browsers do; SPARQL clients do not,
    and ``*/*`` alone keeps getting the service description)."""
    for part in (accept or "").split(","):
        media, *params = (p.strip() for p in part.split(";"))
        if media.lower() not in ("text/html", "application/xhtml+xml"):
            continue
        q = next((p.partition("=")[2] for p in params if p.partition("=")[0].strip().lower() == "q"), "1")
        try:
            if float(q) > 0:
                return True
        except ValueError:
            continue
    return False


def _script_json(value: object) -> str:
    """JSON that can sit inside a ``<script>`` element: no ``<``, ``>`` or ``&`` as themselves."""
    text = json.dumps(value, ensure_ascii=False)
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def query_page(name: str, queries: str | os.PathLike[str] = DEFAULT_QUERIES) -> str:
    """The page for universe ``name``, with the curated queries in ``queries`` as examples."""
    folder = os.fspath(queries)
    catalog = read_catalog(folder) if os.path.isdir(folder) else {}
    examples = [{"name": q.name, "title": q.title or q.name, "text": q.text} for q in catalog.values()]
    buttons = "\n".join(
        f'<li><button type="button" data-example="{html.escape(e["name"])}" '
        f'title="{html.escape(e["name"])}">{html.escape(e["title"])}</button></li>'
        for e in examples
    )
    title = html.escape(f"SPARQL: {name}")
    return (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{title}</title>\n"
        '<link rel="stylesheet" href="/static/yasgui/yasgui.min.css">\n'
        "<style>body{font:15px/1.4 system-ui,sans-serif;margin:0 1rem}"
        "#examples-list{display:flex;flex-wrap:wrap;gap:.3rem;list-style:none;padding:0}"
        "#examples-list button{font:inherit;cursor:pointer}</style>\n"
        f"</head><body>\n<h1>{title}</h1>\n"
        "<p>Read-only SPARQL 1.1 endpoint at <code>/sparql</code>; the dumps are under "
        '<a href="/data/">/data/</a>. Examples (the curated queries; a parameter left '
        "unbound matches every value):</p>\n"
        f'<ul id="examples-list">\n{buttons}\n</ul>\n'
        '<div id="yasgui"></div>\n'
        f'<script type="application/json" id="examples">{_script_json(examples)}</script>\n'
        '<script src="/static/yasgui/yasgui.min.js"></script>\n'
        '<script src="/static/query-ui.js"></script>\n'
        '<p><small>YASGUI (@zazuko/yasgui, MIT): <a href="/static/yasgui/LICENSE">licence</a>, '
        '<a href="/static/yasgui/THIRD-PARTY-LICENSES.txt">its components</a>.</small></p>\n'
        "</body></html>\n"
    )


class QueryPage:
    """ASGI middleware: answers a browser's plain ``GET /sparql`` with the query page."""

    def __init__(self, app: Any, *, page: str, path: str = "/sparql") -> None:
        self.app = app
        self.body = page.encode("utf-8")
        self.path = path

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "http" and scope["method"] in ("GET", "HEAD") and scope["path"] == self.path:
            args = urllib.parse.parse_qs(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True)
            headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", ())}
            if "query" not in args and "update" not in args and wants_html(headers.get("accept")):
                await send(
                    {
                        "type": "http.response.start",
                        "status": 200,
                        "headers": [
                            (b"content-type", b"text/html; charset=utf-8"),
                            (b"content-length", str(len(self.body)).encode()),
                            (b"vary", b"Accept"),
                        ],
                    }
                )
                await send({"type": "http.response.body", "body": b"" if scope["method"] == "HEAD" else self.body})
                return
        await self.app(scope, receive, send)


def query_ui_routes() -> list[Any]:
    """The routes of the page's static files (``/static/...``), read from the package."""
    from starlette.requests import Request
    from starlette.responses import Response
    from starlette.routing import Route

    package = resources.files("mcugraph.sparql").joinpath("static")

    async def static(request: Request) -> Response:
        name = request.path_params["name"]
        media = STATIC_FILES.get(name)
        if media is None:
            return Response(f"no file /static/{name}\n", status_code=404, media_type="text/plain; charset=utf-8")
        body = package.joinpath(name).read_bytes()
        return Response(body, media_type=media, headers={"Cache-Control": "public, max-age=3600"})

    return [Route("/static/{name:path}", static, methods=["GET", "HEAD"])]
