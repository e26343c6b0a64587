"""Vetting: every query is read before it runs, and refused if it could reach outside.

Oxigraph follows ``SERVICE <url>`` (an outbound HTTP request from a query) and would run
an update's ``LOAD``; it has no switch for either. So every query text is first read as
tokens (:mod:`mcugraph.sparql.lexer`: one pass, no recursion, so no nesting is too deep to
read) and refused if it holds a ``SERVICE`` keyword or is an update; then Oxigraph parses
it, on a thread with a deep stack, as the syntax check. ``FROM`` and ``FROM NAMED`` select
graphs of the store and load nothing: they are allowed, and the runner checks that they
name graphs the dataset has.

Limits (:class:`Limits`): a text longer than ``max_length`` characters, or nested deeper
than ``max_depth`` braces, parentheses and brackets, is refused with a message that says
so. The endpoint uses the defaults; ``mcugraph query`` can raise them. Verdicts are cached
by text: a query run again (with other parameters) is not read again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from mcugraph.errors import QueryError
from mcugraph.sparql.lexer import FORMS, Scan, expand_escapes, scan, tokens

__all__ = [
    "vet_query",
    "vet",
    "query_form",
    "clear_cache",
    "cache_info",
    "syntax_message",
    "Limits",
    "Vetted",
    "QueryRefused",
    "QuerySyntaxError",
    "QueryTooLarge",
    "QueryTooDeep",
    "MAX_QUERY_LENGTH",
    "MAX_DEPTH",
    "DEEPEST",
    "FORMS",
]

#: the longest query text, in characters, and the deepest nesting, by default
MAX_QUERY_LENGTH = 100_000
MAX_DEPTH = 2_000
#: the deepest nesting any limit may allow: Oxigraph parses and evaluates recursively, and
#: on the query thread's stack (:data:`mcugraph._threads.STACK_SIZE`) 20,000 nested groups
#: run in about a second, where 40,000 crash the process
DEEPEST = 20_000
#: the base a query's relative IRIs get while it is only checked (the runner gives the real one)
_CHECK_BASE = "http://check.invalid/"
_LINE_COL = re.compile(r"^error at (\d+):(\d+): (.*)", re.DOTALL)


class QuerySyntaxError(QueryError):
    """The text is not a SPARQL 1.1 query; the message says where."""


class QueryRefused(QueryError):
    """The query parses but asks for something a read-only, offline service does not do (a policy)."""


class QueryTooLarge(QueryError):
    """The query text is longer than the limit allows."""


class QueryTooDeep(QueryError):
    """The query nests deeper than the limit allows."""


@dataclass(frozen=True, slots=True)
class Limits:
    """How large a query text may be: ``max_length`` characters, ``max_depth`` levels of nesting."""

    max_length: int = MAX_QUERY_LENGTH
    max_depth: int = MAX_DEPTH

    def __post_init__(self) -> None:
        if self.max_length < 1 or not 1 <= self.max_depth <= DEEPEST:
            raise ValueError(f"limits take a length of 1 or more and a depth from 1 to {DEEPEST:,}")


@dataclass(frozen=True, slots=True)
class Vetted:
    """A query that passed: its form and the graphs its FROM and FROM NAMED clauses name, as written."""

    form: str
    from_default: tuple[str, ...] = ()
    from_named: tuple[str, ...] = ()
    prefixes: tuple[tuple[str, str], ...] = ()
    base: str | None = None


def _refusal(found: Scan) -> str | None:
    if found.update:
        return f"updates are not allowed ({found.update}): this is a read-only query service"
    if found.service:
        return "SERVICE is not allowed: queries may not call other endpoints"
    return None


def syntax_message(text: str, engine_message: str) -> str:
    """A syntax error of Oxigraph's in the project's words: line, column, the token there, a caret."""
    found = _LINE_COL.match(engine_message.strip())
    if found is None:
        first = engine_message.strip().splitlines()[0] if engine_message.strip() else "the query does not parse"
        return f"SPARQL syntax error: {first}"
    line, column, detail = int(found.group(1)), int(found.group(2)), found.group(3)
    starts = [0] + [m.end() for m in re.finditer(r"\r\n|\r|\n", text)]
    lines = re.split(r"\r\n|\r|\n", text)
    source = lines[line - 1] if 0 < line <= len(lines) else ""
    column = max(1, min(column, len(source) + 1))
    if "Prefix not found" in detail:
        names = [t.text for t in tokens(source[:column]) if t.kind == "pname"]
        prefix = names[-1].split(":", 1)[0] if names else ""
        what = (
            f"the prefix '{prefix}:' is not declared: add PREFIX {prefix}: <IRI> before the query"
            if names
            else "a prefix is not declared: add a PREFIX declaration before the query"
        )
    else:
        offset = (starts[line - 1] if 0 < line <= len(starts) else len(text)) + column - 1
        rest = tokens(text[offset : offset + 200])[:1]
        what = f"unexpected '{rest[0].text[:40]}'" if rest else "the query ends before it is complete"
        # Oxigraph lists what it expected; a short list of keywords helps, a list of characters does not
        expected = [quoted or word for quoted, word in re.findall(r'"([^"]+)"|\b([A-Z]{2,})\b', detail)]
        if 0 < len(expected) <= 4 and "[" not in detail:
            what += f" (expected {' or '.join(expected)})"
    pointer = f"\n  {source}\n  {' ' * (column - 1)}^" if source.strip() else ""
    return f"SPARQL syntax error at line {line}, column {column}: {what}{pointer}"


def _parse(text: str, prefixes: dict[str, str], base: str | None) -> str | None:
    """Oxigraph's own syntax check, on an empty store and a deep stack: None, or its message."""
    import pyoxigraph as ox

    from mcugraph._threads import run_deep

    def work() -> str | None:
        try:
            ox.Store().query(text, prefixes=prefixes, base_iri=base or _CHECK_BASE)
        except SyntaxError as exc:
            return str(exc)
        except Exception:  # an evaluation error on an empty store: it parsed
            return None
        return None

    return run_deep(work, name="mcugraph-vet")


@lru_cache(maxsize=1024)
def _check(
    text: str, limits: Limits, prefixes: tuple[tuple[str, str], ...], parse: bool
) -> tuple[Vetted | None, str, str]:
    """(verdict, error message, error kind) for a query text; kind is refused, large or syntax."""
    if len(text) > limits.max_length:
        return None, f"the query is {len(text):,} characters long; the limit is {limits.max_length:,}", "large"
    if not text.strip():
        return None, "the query is empty", "syntax"
    expanded = expand_escapes(text)
    found = scan(expanded)
    if expanded != text:  # read as written too: nothing may be hidden in either reading
        raw = scan(text)
        found.service = found.service or raw.service
        found.update = found.update or raw.update
    refusal = _refusal(found)
    if refusal is not None:
        return None, refusal, "refused"
    if found.depth > limits.max_depth:
        return (
            None,
            f"the query nests {found.depth:,} levels deep (braces, parentheses and brackets); the limit is "
            f"{limits.max_depth:,}",
            "deep",
        )
    if found.keyword not in FORMS:
        what = f"'{found.keyword[:40]}'" if found.keyword else "nothing but a prologue"
        return (
            None,
            f"SPARQL syntax error: a query starts with SELECT, ASK, CONSTRUCT or DESCRIBE, not {what}",
            "syntax",
        )
    error = _parse(text, dict(prefixes), found.base) if parse else None
    if error is not None and not (not prefixes and "Prefix not found" in error):
        return None, syntax_message(text, error), "syntax"
    verdict = Vetted(
        found.keyword,
        tuple(found.from_default),
        tuple(found.from_named),
        tuple(found.prefixes.items()),
        found.base,
    )
    return verdict, "", ""


def vet(
    text: str, *, limits: Limits | None = None, prefixes: dict[str, str] | None = None, parse: bool = True
) -> Vetted:
    """Vet ``text`` (with the default ``prefixes`` the runner will give it); its :class:`Vetted` verdict.

    Raises :class:`QueryRefused` for SERVICE or an update, :class:`QueryTooLarge` past the
    length limit, :class:`QueryTooDeep` past the nesting limit, :class:`QuerySyntaxError`
    when it does not parse. With ``parse`` false,
    Oxigraph's syntax check is left to the caller, which is about to run the query anyway
    (a query parsed twice costs twice: Oxigraph's parser takes 4 s on a 12,000-term sum).
    """
    key = tuple(sorted((prefixes or {}).items()))
    verdict, message, kind = _check(text, limits or Limits(), key, parse)
    if verdict is None:
        raise {"refused": QueryRefused, "large": QueryTooLarge, "deep": QueryTooDeep}.get(kind, QuerySyntaxError)(
            message
        )
    return verdict


def clear_cache() -> None:
    """Forget every vetted text, so that the next vetting of each reads it again (benchmarks use this)."""
    _check.cache_clear()


def cache_info() -> Any:
    """How the cache of vetted texts has done: ``hits``, ``misses``, ``currsize`` (a functools cache info)."""
    return _check.cache_info()


def query_form(text: str, *, limits: Limits | None = None) -> str:
    """Vet ``text`` and return its form: ``SELECT``, ``ASK``, ``CONSTRUCT`` or ``DESCRIBE``.

    Raises as :func:`vet` does.
    """
    return vet(text, limits=limits).form


def vet_query(query_text: str, *, limits: Limits | None = None) -> None:
    """Raise :class:`~mcugraph.errors.QueryError` unless ``query_text`` is a safe read-only query.

    >>> vet_query("SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }")
    Traceback (most recent call last):
    ...
    mcugraph.sparql.vet.QueryRefused: SERVICE is not allowed: queries may not call other endpoints
    """
    vet(query_text, limits=limits)
