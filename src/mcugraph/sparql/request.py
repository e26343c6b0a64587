"""Reading a SPARQL 1.1 Protocol request: which query, which dataset, or why the request is refused.

:func:`read_request` takes the parts of an HTTP request (method, raw query string,
Content-Type, body) and returns a :class:`QueryRequest`, or raises :class:`BadRequest`
with the HTTP status and a message that says what was wrong. It knows nothing of
sockets or of the web framework, so every case of the protocol is tested on it directly
as well as over HTTP.

The cases (SPARQL 1.1 Protocol, section 2.1):

- ``GET`` with ``query`` in the URL, once; ``POST`` of a form
  (``application/x-www-form-urlencoded``) with ``query`` in the body, once; ``POST`` of
  the query itself (``application/sparql-query``), the URL holding only the other
  parameters. Text must be UTF-8.
- ``default-graph-uri`` and ``named-graph-uri`` may be given any number of times, in the
  URL or in the form.
- Two ``query`` parameters, a form without one, a query in both the URL and a direct
  POST, a missing or another Content-Type, a charset other than UTF-8, bytes that are
  not UTF-8: 400, or 415 for the media type. An update (``update`` parameter or
  ``application/sparql-update``): 403, since this is a read-only service. A method other
  than GET and POST: 405. A URL past :data:`MAX_URL` bytes: 414; a body past
  :data:`MAX_BODY` bytes: 413.
"""

from __future__ import annotations

import urllib.parse
from dataclasses import dataclass, field

__all__ = ["QueryRequest", "BadRequest", "read_request", "media_type", "MAX_URL", "MAX_BODY", "PARAM_PREFIX"]

#: the longest query string of a GET and the largest POST body, in bytes: room for a query
#: of the longest length allowed (100,000 characters), percent-encoded or in UTF-8
MAX_URL = 400_000
MAX_BODY = 400_000
#: query parameters of curated queries come as ``param.NAME=VALUE``
PARAM_PREFIX = "param."
_QUERY_TYPE = "application/sparql-query"
_FORM_TYPE = "application/x-www-form-urlencoded"
_UPDATE_TYPE = "application/sparql-update"
_READ_ONLY = "updates are not allowed: this endpoint is read-only"


class BadRequest(Exception):
    """A request the endpoint does not answer: ``status`` and a message that says why."""

    def __init__(self, status: int, message: str, *, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.headers = headers or {}


@dataclass(frozen=True, slots=True)
class QueryRequest:
    """A well-formed query request; ``query`` is None for a GET that asks for the service description."""

    query: str | None
    default_graph_uris: tuple[str, ...] = ()
    named_graph_uris: tuple[str, ...] = ()
    params: dict[str, str] = field(default_factory=dict)


def media_type(content_type: str | None) -> tuple[str, dict[str, str]]:
    """(media type in lower case, its parameters) of a Content-Type header.

    >>> media_type("Application/SPARQL-Query; charset=UTF-8")
    ('application/sparql-query', {'charset': 'UTF-8'})
    """
    if not content_type:
        return "", {}
    media, *options = content_type.split(";")
    params = {}
    for option in options:
        key, _, value = option.partition("=")
        if key.strip():
            params[key.strip().lower()] = value.strip().strip('"')
    return media.strip().lower(), params


def _pairs(text: bytes, where: str) -> list[tuple[str, str]]:
    try:
        decoded = text.decode("ascii")
    except UnicodeDecodeError:
        raise BadRequest(400, f"the {where} holds bytes that are not percent-encoded; encode it as UTF-8") from None
    try:
        return urllib.parse.parse_qsl(decoded, keep_blank_values=True, encoding="utf-8", errors="strict")
    except UnicodeDecodeError:
        raise BadRequest(400, f"the {where} is not UTF-8 once percent-decoded; SPARQL requests are UTF-8") from None
    except ValueError as exc:
        raise BadRequest(400, f"the {where} cannot be read: {exc}") from None


def _utf8(body: bytes, charset: str | None, what: str) -> str:
    if charset is not None and charset.lower().replace("_", "-") not in ("utf-8", "utf8"):
        raise BadRequest(415, f"the {what} is {charset}; send it as UTF-8 (charset=utf-8)")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadRequest(
            400, f"the {what} is not UTF-8 (byte {exc.start + 1} is 0x{body[exc.start]:02x}); send it as UTF-8"
        ) from None


def read_request(method: str, query_string: bytes, content_type: str | None, body: bytes) -> QueryRequest:
    """The query request in these parts of an HTTP request; :class:`BadRequest` if it is not one."""
    method = method.upper()
    if method not in ("GET", "POST"):
        raise BadRequest(
            405,
            f"{method} is not a SPARQL Protocol method: send a query with GET or POST",
            headers={"Allow": "GET, POST, OPTIONS"},
        )
    if len(query_string) > MAX_URL:
        status = 414 if method == "GET" else 400
        raise BadRequest(
            status,
            f"the request URL's query string is {len(query_string):,} bytes; the limit is {MAX_URL:,}: "
            "send a long query with POST",
        )
    pairs = _pairs(query_string, "URL's query string")
    direct: str | None = None
    if method == "POST":
        media, options = media_type(content_type)
        if len(body) > MAX_BODY:
            raise BadRequest(413, f"the request body is {len(body):,} bytes; the limit is {MAX_BODY:,}")
        if media == _UPDATE_TYPE:
            raise BadRequest(403, _READ_ONLY)
        if media == _QUERY_TYPE:
            direct = _utf8(body, options.get("charset"), "query")
            if any(key == "query" for key, _ in pairs):
                raise BadRequest(400, "the query is both in the body and in the URL: send it once")
        elif media == _FORM_TYPE:
            if options.get("charset") is not None:
                _utf8(b"", options["charset"], "form")
            pairs += _pairs(body, "form body")
        elif not media:
            raise BadRequest(
                415,
                f"a POST needs a Content-Type: {_QUERY_TYPE} for a query in the body, or {_FORM_TYPE} for a form",
            )
        else:
            raise BadRequest(
                415, f"cannot read a POST of {media}: send the query as {_QUERY_TYPE} or as a form ({_FORM_TYPE})"
            )
    queries = [value for key, value in pairs if key == "query"]
    if any(key in ("update", "using-graph-uri", "using-named-graph-uri") for key, _ in pairs):
        raise BadRequest(403, _READ_ONLY)
    if len(queries) > 1:
        raise BadRequest(400, f"the request gives {len(queries)} query parameters; give exactly one")
    query = direct if direct is not None else (queries[0] if queries else None)
    defaults = tuple(v for k, v in pairs if k == "default-graph-uri")
    named = tuple(v for k, v in pairs if k == "named-graph-uri")
    params = {k[len(PARAM_PREFIX) :]: v for k, v in pairs if k.startswith(PARAM_PREFIX)}
    if query is None:
        if method == "POST":
            raise BadRequest(400, "the form has no query parameter: send query=... (URL-encoded)")
        if defaults or named or params:
            raise BadRequest(400, "the request has no query parameter: add query=... to the URL")
    return QueryRequest(query, defaults, named, params)
