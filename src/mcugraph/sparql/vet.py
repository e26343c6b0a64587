"""Vetting: every query is parsed before it runs, and refused if it could reach outside.

Both rdflib and Oxigraph follow ``SERVICE <url>`` (an outbound HTTP request from a query);
``FROM <url>`` can make rdflib load a remote document or a local file; an update can
``LOAD`` or change the data. No engine has a switch for these, so the query is parsed with
rdflib's SPARQL parser first and the parse tree is searched for them. Parsing is cached
by text: a query run again (with other parameters) is not parsed again.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from mcugraph.errors import QueryError

__all__ = [
    "vet_query",
    "query_form",
    "clear_cache",
    "cache_info",
    "QueryRefused",
    "QuerySyntaxError",
    "MAX_QUERY_LENGTH",
    "FORMS",
]

MAX_QUERY_LENGTH = 100_000
FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
_FORM_NAMES = {"SelectQuery": "SELECT", "AskQuery": "ASK", "ConstructQuery": "CONSTRUCT", "DescribeQuery": "DESCRIBE"}
_REFUSED_NODES = {
    "ServiceGraphPattern": "SERVICE is not allowed: queries may not call other endpoints",
    "DatasetClause": "FROM and FROM NAMED are not allowed: queries run over this dataset only",
}
_UPDATE_WORDS = re.compile(r"\b(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b", re.IGNORECASE)


class QuerySyntaxError(QueryError):
    """The text is not a SPARQL 1.1 query; the message says where, as the parser saw it."""


class QueryRefused(QueryError):
    """The query parses but asks for something a read-only, offline endpoint does not do."""


def _walk(node: Any, depth: int = 0) -> Any:
    """Every parse-tree node below ``node`` (CompValues, ParseResults, lists)."""
    from pyparsing import ParseResults
    from rdflib.plugins.sparql.parserutils import CompValue

    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, CompValue):
            yield item
            stack.extend(item.values())
        elif isinstance(item, ParseResults | list | tuple):
            stack.extend(item)


def _syntax_message(text: str, exc: Exception) -> str:
    line = getattr(exc, "lineno", None)
    column = getattr(exc, "col", None)
    detail = str(getattr(exc, "msg", "") or exc)
    found = re.search(r"found '((?:[^'\\]|\\.)*)'", str(exc))
    if found:
        detail += f", found '{found.group(1)}'"
    if line is None or column is None:
        return f"SPARQL syntax error: {detail}"
    lines = text.splitlines()
    source = lines[line - 1] if 0 < line <= len(lines) else ""
    pointer = f"\n  {source}\n  {' ' * (column - 1)}^" if source.strip() else ""
    return f"SPARQL syntax error at line {line}, column {column}: {detail[0].lower() + detail[1:]}{pointer}"


@lru_cache(maxsize=1024)
def _check(text: str) -> tuple[str, str | None, bool]:
    """(form, error message, refused?) for a query text."""
    from pyparsing import ParseBaseException
    from rdflib.plugins.sparql import parser

    if len(text) > MAX_QUERY_LENGTH:
        return "", f"the query is {len(text):,} characters long; the limit is {MAX_QUERY_LENGTH:,}", True
    if not text.strip():
        return "", "the query is empty", False
    try:
        tree = parser.parseQuery(text)
    except ParseBaseException as exc:
        try:
            parser.parseUpdate(text)
        except (ParseBaseException, RecursionError):
            return "", _syntax_message(text, exc), False
        word = _UPDATE_WORDS.search(text)
        what = f" ({word.group(1).upper()})" if word else ""
        return "", f"updates are not allowed{what}: this is a read-only query service", True
    except RecursionError:
        return "", "the query is nested too deeply to be parsed", True
    form = _FORM_NAMES.get(getattr(tree[1], "name", ""), "")
    for node in _walk(tree):
        reason = _REFUSED_NODES.get(node.name)
        if reason is not None:
            return form, reason, True
    return form, None, False


def clear_cache() -> None:
    """Forget every vetted text, so that the next vetting of each parses it again (benchmarks use this)."""
    _check.cache_clear()


def cache_info() -> Any:
    """How the cache of vetted texts has done: ``hits``, ``misses``, ``currsize`` (a functools cache info)."""
    return _check.cache_info()


def query_form(text: str) -> str:
    """Vet ``text`` and return its form: ``SELECT``, ``ASK``, ``CONSTRUCT`` or ``DESCRIBE``.

    Raises :class:`QuerySyntaxError` when it does not parse, :class:`QueryRefused` for an
    update, ``SERVICE``, ``FROM`` or ``FROM NAMED``.
    """
    form, error, refused = _check(text)
    if error is not None:
        raise (QueryRefused if refused else QuerySyntaxError)(error)
    return form


def vet_query(query_text: str) -> None:
    """Raise :class:`~mcugraph.errors.QueryError` unless ``query_text`` is a safe read-only query.

    >>> vet_query("SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }")
    Traceback (most recent call last):
    ...
    mcugraph.sparql.vet.QueryRefused: SERVICE is not allowed: queries may not call other endpoints
    """
    query_form(query_text)
