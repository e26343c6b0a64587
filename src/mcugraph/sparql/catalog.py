"""Curated queries: ``queries/*.rq`` files with a header of comments, and their parameters.

A header is the run of ``#`` lines at the top of the file::

    # title: Cast of a work
    # description: Who plays whom in a work, its seasons and its episodes,
    #   with the billing of each portrayal.
    # param: work (work) = jessica-jones-s1 -- the film, series, season or episode

Lines indented by two or more spaces after ``#`` continue the previous field. A parameter
names a variable of the query (``?work``), its type (a kind of record such as ``work``
or ``character``, or ``iri``, ``string``, ``date``, ``integer``), an optional default and
what it means. Values are bound as RDF terms by the engine, never pasted into the text.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from mcugraph.errors import NotFoundError, ParamError, QueryError
from mcugraph.hints import suggest
from mcugraph.model import ENTITY_KINDS

__all__ = [
    "Param",
    "Header",
    "CuratedQuery",
    "PARAM_TYPES",
    "parse_header",
    "check_names",
    "read_query",
    "read_catalog",
    "find_query",
    "DEFAULT_QUERIES",
]

DEFAULT_QUERIES = "queries"
PARAM_TYPES = (*ENTITY_KINDS, "iri", "string", "date", "integer")
_FIELD = re.compile(r"^#\s?(title|description|param)\s*:\s*(.*)$", re.IGNORECASE)
_CONTINUATION = re.compile(r"^#\s{2,}(\S.*)$")
_PARAM = re.compile(
    r"^(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*\((?P<type>[a-z]+)\)"
    r"(?:\s*=\s*(?P<default>\S+))?(?:\s*--\s*(?P<doc>.*))?$"
)


@dataclass(frozen=True, slots=True)
class Param:
    """A parameter of a query: the variable it binds, its type, default and meaning."""

    name: str
    type: str
    default: str | None = None
    doc: str = ""

    def __str__(self) -> str:
        default = f" = {self.default}" if self.default is not None else ""
        return f"{self.name} ({self.type}){default}" + (f" -- {self.doc}" if self.doc else "")


@dataclass(frozen=True, slots=True)
class Header:
    title: str = ""
    description: str = ""
    params: tuple[Param, ...] = ()

    def param(self, name: str) -> Param | None:
        return next((p for p in self.params if p.name == name), None)


@dataclass(frozen=True, slots=True)
class CuratedQuery:
    """A query file of the catalog."""

    name: str
    path: Path
    text: str
    header: Header

    @property
    def title(self) -> str:
        return self.header.title


def parse_header(text: str, *, where: str = "query") -> Header:
    """The header of a query text (empty for a query without one).

    Raises :class:`~mcugraph.errors.QueryError` for a malformed ``param`` line.
    """
    fields: dict[str, list[str]] = {"title": [], "description": []}
    params: list[Param] = []
    last: str | None = None
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.rstrip()
        if not line.startswith("#"):
            if line.strip():
                break
            continue
        field = _FIELD.match(line)
        if field is not None:
            key, value = field.group(1).lower(), field.group(2).strip()
            if key == "param":
                params.append(_parse_param(value, where=f"{where}:{number}"))
                last = None
            else:
                fields[key] = [value] if value else []
                last = key
            continue
        more = _CONTINUATION.match(line)
        if more is not None and last is not None:
            fields[last].append(more.group(1).strip())
        else:
            last = None
    names = [p.name for p in params]
    duplicate = next((n for n in names if names.count(n) > 1), None)
    if duplicate is not None:
        raise QueryError(f"{where}: parameter '{duplicate}' is declared twice")
    return Header(" ".join(fields["title"]), " ".join(fields["description"]), tuple(params))


def _parse_param(value: str, *, where: str) -> Param:
    match = _PARAM.match(value)
    if match is None:
        raise QueryError(
            f"{where}: cannot read the parameter '{value}'; write: # param: NAME (TYPE) = DEFAULT -- what it means"
        )
    if match.group("type") not in PARAM_TYPES:
        raise QueryError(
            f"{where}: parameter '{match.group('name')}' has unknown type '{match.group('type')}'; "
            f"use one of {', '.join(PARAM_TYPES)}"
        )
    return Param(match.group("name"), match.group("type"), match.group("default"), (match.group("doc") or "").strip())


def check_names(header: Header, values: Iterable[str]) -> None:
    """Refuse a value for a parameter the header does not declare (with the nearest name).

    Raises :class:`~mcugraph.errors.ParamError`.
    """
    declared = [p.name for p in header.params]
    unknown = sorted(set(values) - set(declared))
    if unknown:
        raise ParamError(
            f"the query takes no parameter '{unknown[0]}'{suggest(unknown[0], declared)}"
            + (f" (it takes: {', '.join(declared)})" if declared else " (it takes none)")
            + "; if you wrote the query, list the parameter in a comment line at its top:"
            " # param: NAME (TYPE) -- what it means"
        )


def read_query(path: str | os.PathLike[str]) -> CuratedQuery:
    """Read one ``.rq`` file and its header."""
    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise QueryError(f"cannot read the query file {file}: {reason}") from None
    return CuratedQuery(file.stem, file, text, parse_header(text, where=str(file)))


def read_catalog(folder: str | os.PathLike[str] = DEFAULT_QUERIES) -> dict[str, CuratedQuery]:
    """Every ``*.rq`` file directly in ``folder``, by name (the file name without ``.rq``)."""
    return {q.name: q for q in (read_query(p) for p in sorted(Path(folder).glob("*.rq")))}


def find_query(name_or_path: str, folder: str | os.PathLike[str] = DEFAULT_QUERIES) -> CuratedQuery:
    """A query given as a file path, or by its name in the catalog folder."""
    candidate = Path(name_or_path)
    if candidate.is_file():
        return read_query(candidate)
    catalog_dir = Path(folder)
    name = candidate.name.removesuffix(".rq")
    path = catalog_dir / f"{name}.rq"
    if path.is_file():
        return read_query(path)
    if name_or_path.endswith(".rq") or "/" in name_or_path or os.sep in name_or_path:
        # written as a file, so meant as one: say so, rather than list the catalog
        where = "" if candidate.parent == Path(".") else f" (looked in {candidate.parent}/)"
        raise NotFoundError(f"no such query file: '{name_or_path}'{where}")
    names = [p.stem for p in sorted(catalog_dir.glob("*.rq"))]
    if not names:
        raise NotFoundError(f"no query file '{name_or_path}', and no queries in {catalog_dir}/ to look it up by name")
    hint = (
        suggest(name, names, cutoff=0.5, quote=str, last=", ")
        or f"; the queries in {catalog_dir}/ are: {', '.join(names)}"
    )
    raise NotFoundError(f"no query file or query named '{name_or_path}'{hint}")
