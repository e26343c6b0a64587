"""House rules: SPARQL SELECT files that run as continuity rules, no Python needed.

A house rule is a ``.rq`` file whose leading comment lines give its header::

    # id: character-in-no-work
    # severity: warning
    # message: {character} is in no work at all
    # subject: character            (optional: the variable whose entity the finding is about)
    SELECT ?character WHERE { ... }

Each result row becomes one finding at the YAML line of the entity it names. The query
is vetted like every query (no SERVICE, no updates, FROM only of its own graph: :mod:`mcugraph.sparql.vet`)
and runs with the SPARQL runner's time and row limits over the RDF export of the
universe, with the same prefixes and the same IRIs as ``mcugraph query``.

It runs through the one SPARQL runner (:func:`mcugraph.sparql.run.execute`) on a bare
``pyoxigraph.Store`` holding the export (:func:`mcugraph.rdf.store.to_store`), vetted as
every query is (:mod:`mcugraph.sparql.vet`, which needs no rdflib): importing rdflib and
building its graph would cost more than the rule. A rule that declares ``# param:``
lines gets its header's defaults bound, on a store holding the whole export.

The house rules read from one folder share one store, which holds only the triples
their queries can match (:mod:`mcugraph.sparql.footprint`), loaded with the union of
their footprints. A query of the usual shapes shows its footprint in its tokens
(:func:`~mcugraph.sparql.footprint.quick_footprint`); for any other, rdflib's parser
must tell, and it is asked only over a large universe (:data:`FOOTPRINT_FROM` records or
more): below that size the whole export is cheaper to load than rdflib is to import.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar
from weakref import WeakKeyDictionary

from mcugraph._threads import Abandoned, run_within
from mcugraph.continuity.findings import SEVERITIES, Finding
from mcugraph.continuity.registry import RULES, Context, Rule
from mcugraph.errors import Mark, QueryError, Severity

if TYPE_CHECKING:
    from mcugraph.sparql.footprint import Footprint

__all__ = [
    "HouseRule",
    "HouseRuleError",
    "parse_house_rule",
    "read_house_rules",
    "store_for",
    "RUN_ON_FULL_STORE",
    "FOOTPRINT_FROM",
]

_HEADER = re.compile(r"^#\s*([a-z]+)\s*:\s*(.*?)\s*$")
_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")
_MAX_FILE = 256 * 1024


class HouseRuleError(QueryError):
    """A house rule file is malformed, or its query failed."""


@dataclass(frozen=True, slots=True)
class HouseRule:
    """A parsed house rule: its header and its query."""

    id: str
    severity: Severity
    message: str
    query: str
    path: str
    subject: str | None = None

    @property
    def placeholders(self) -> list[str]:
        return _PLACEHOLDER.findall(self.message)


def parse_house_rule(text: str, *, path: str = "<string>") -> HouseRule:
    """Read the header of a house rule; raise :class:`HouseRuleError` naming the line."""
    header: dict[str, tuple[str, int]] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped:
            continue
        if not stripped.startswith("#"):
            break
        match = _HEADER.match(stripped)
        if match is None:
            continue
        key, value = match.groups()
        if key in ("id", "severity", "message", "subject"):
            if key in header:
                raise HouseRuleError(f"{path}:{number}:1: '# {key}:' is given twice (first on line {header[key][1]})")
            header[key] = (value, number)
    for key in ("id", "severity", "message"):
        if key not in header or not header[key][0]:
            raise HouseRuleError(
                f"{path}:1:1: a house rule starts with '# id:', '# severity:' and '# message:' lines; '# {key}:' is missing"
            )
    rule_id, id_line = header["id"]
    if not _ID.match(rule_id):
        raise HouseRuleError(f"{path}:{id_line}:1: rule id '{rule_id}' must be kebab-case (letters, digits, hyphens)")
    if rule_id in RULES:
        raise HouseRuleError(f"{path}:{id_line}:1: '{rule_id}' is a built-in rule; give the house rule another id")
    severity, severity_line = header["severity"]
    if severity not in SEVERITIES:
        raise HouseRuleError(f"{path}:{severity_line}:1: severity '{severity}' is not one of {', '.join(SEVERITIES)}")
    subject = header["subject"][0].lstrip("?") if "subject" in header else None
    return HouseRule(rule_id, Severity(severity), header["message"][0], text, path, subject)


def read_house_rules(folder: str | os.PathLike[str]) -> list[Rule]:
    """Every ``*.rq`` file of ``folder`` as a rule, in file-name order."""
    base = Path(folder)
    if not base.is_dir():
        raise HouseRuleError(f"no house rule folder at '{base}'")
    rules: list[Rule] = []
    houses: list[HouseRule] = []
    seen: dict[str, str] = {}
    for path in sorted(base.glob("*.rq")):
        try:
            if path.stat().st_size > _MAX_FILE:
                raise HouseRuleError(f"{path}:1:1: a house rule file is limited to {_MAX_FILE // 1024} KiB")
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            raise HouseRuleError(f"{path}:1:1: not UTF-8 text") from None
        except OSError as exc:
            raise HouseRuleError(f"{path}: cannot read: {exc.strerror or exc}") from None
        house = parse_house_rule(text, path=str(path))
        if house.id in seen:
            raise HouseRuleError(f"{path}:1:1: rule id '{house.id}' is also used by {seen[house.id]}")
        seen[house.id] = str(path)
        houses.append(house)
    family = _Family(tuple(houses))
    for house in houses:
        summary = _PLACEHOLDER.sub(lambda m: m.group(1), house.message)
        rules.append(Rule(house.id, house.severity, summary, partial(_run, house, family), origin=str(path)))
    return rules


class _Family:
    """The house rules read together, which share one store per check."""

    __slots__ = ("houses", "__weakref__")

    def __init__(self, houses: tuple[HouseRule, ...]) -> None:
        self.houses = houses

    def footprint(self, prefixes: dict[str, str], *, parse: bool) -> Footprint | None:
        """The triples the family's queries can match (those with ``# param:`` lines run elsewhere).

        Read from each query's tokens; where they cannot tell, from rdflib's parse of it when
        ``parse`` is true, else None (every triple).
        """
        from mcugraph.sparql.footprint import footprint, merge, quick_footprint

        found: list[Footprint | None] = []
        for house in self.houses:
            if _declares_params(house.query):
                continue
            one = quick_footprint(house.query, prefixes)
            if one is None:
                if not parse:
                    return None
                one = footprint(house.query, prefixes)
            found.append(one)
        return merge(found)


# -- running --------------------------------------------------------------------------


#: the size of universe, in records, from which rdflib's parser is asked for the footprint
#: of a query whose tokens do not show it (below it, such a query's family gets the whole export)
FOOTPRINT_FROM = 10_000
#: run every house rule on a store of its own holding the whole export, as rules with
#: ``# param:`` lines always run: slower, and the reference that the fast path (one store
#: per folder, holding only what the folder's rules can match) is tested against
RUN_ON_FULL_STORE = False
#: how long one house rule may run, in seconds, and how many rows it may give (the
#: defaults of :func:`mcugraph.sparql.run.run_query`, which rules with parameters use)
TIMEOUT = 10.0
LIMIT = 10_000
_PARAM_FIELD = re.compile(r"^#\s?param\s*:", re.IGNORECASE)
_XSD = "http://www.w3.org/2001/XMLSchema#"
# Literals whose lexical form rdflib would print unchanged when it has this shape; any
# other typed literal is printed by rdflib itself, so messages read as they always have.
# (Patterns as text: the re module compiles them on first use, not on import.)
_AS_IS = {
    _XSD + "string": None,
    _XSD + "integer": r"0|-?[1-9][0-9]*",
    _XSD + "boolean": r"true|false",
    _XSD + "date": r"[0-9]{4}-[0-9]{2}-[0-9]{2}",
    _XSD + "gYear": r"[0-9]{4}",
    _XSD + "gYearMonth": r"[0-9]{4}-[0-9]{2}",
}
_STORES: WeakKeyDictionary[Context, WeakKeyDictionary[_Family, tuple[Any, dict[str, str]]]] = WeakKeyDictionary()
#: the whole export of a check's universe, for the rules that run on it
_FULL: WeakKeyDictionary[Context, Any] = WeakKeyDictionary()
_T = TypeVar("_T")


def _select(ctx: Context, house: HouseRule, family: _Family) -> tuple[list[str], list[dict[str, str]]]:
    """Vet the query, run it on the universe's store; return its variables and rows as text."""
    if RUN_ON_FULL_STORE or _declares_params(house.query):
        return _select_with_runner(ctx, house)
    try:
        _vet(house, _prefixes(ctx))
        store, prefixes = _store(ctx, house, family)
        return _within(TIMEOUT, partial(_solutions, store, house.query, prefixes, ctx.universe.info.base_iri))
    except HouseRuleError:
        raise
    except QueryError as exc:
        raise HouseRuleError(f"{house.path}: {exc}") from None


def _declares_params(text: str) -> bool:
    """Does the header hold a ``# param:`` line (read as :func:`mcugraph.sparql.parse_header` does)?"""
    for raw in text.splitlines():
        line = raw.rstrip()
        if not line.startswith("#"):
            if line.strip():
                return False
            continue
        if _PARAM_FIELD.match(line):
            return True
    return False


def _vet(house: HouseRule, prefixes: dict[str, str]) -> None:
    """Refuse the query unless it is a safe SELECT (vetted as every query is, Oxigraph's parse included)."""
    try:
        from mcugraph.sparql.vet import DEEPEST, Limits, vet
    except ImportError:  # pragma: no cover - ships with mcugraph
        raise HouseRuleError(
            f"{house.path}: house rules need the SPARQL vetting of mcugraph.sparql; check without the house rules",
            about="rules",
        ) from None
    try:
        # a rule is the writer's own file: it may nest as deep as the engine can take
        limits = Limits(max_length=_MAX_FILE, max_depth=DEEPEST)
        form = _within(TIMEOUT, partial(vet, house.query, prefixes=prefixes, limits=limits)).form
    except QueryError as exc:
        raise HouseRuleError(f"{house.path}: {exc}") from None
    if form != "SELECT":
        raise HouseRuleError(f"{house.path}:1:1: a house rule must be a SELECT query, not {form}")


def _prefixes(ctx: Context) -> dict[str, str]:
    """The prefixes ``mcugraph query`` knows: the vocabularies and the universe's kinds."""
    from mcugraph.rdf.vocab import prefixes_for

    return prefixes_for(ctx.universe.info.base_iri, ctx.universe.info.ontology_iri)


def store_for(ctx: Context, rule: Rule) -> tuple[Any, dict[str, str]]:
    """The Oxigraph store and prefixes that a rule of :func:`read_house_rules` runs on in ``ctx``.

    The rules read from one folder share one store per check (the same object).
    """
    run = rule.run
    if not (isinstance(run, partial) and run.func is _run):
        raise ValueError(f"'{rule.id}' is not a house rule read by read_house_rules")
    house, family = run.args[0], run.args[1]
    return _store(ctx, house, family)


def _store(ctx: Context, house: HouseRule, family: _Family) -> tuple[Any, dict[str, str]]:
    """The universe's export in an Oxigraph store, and its prefixes, once per check and family.

    The same triples and prefixes as :class:`mcugraph.rdf.RdfDataset` (so as ``mcugraph
    query``), loaded without building the rdflib graph: only the triples the family's
    queries can match, when that is known.
    """
    stores = _STORES.setdefault(ctx, WeakKeyDictionary())
    found = stores.get(family)
    if found is None:
        try:
            import pyoxigraph  # noqa: F401

            from mcugraph.rdf.store import to_store
        except ImportError:  # pragma: no cover - both ship with mcugraph
            raise HouseRuleError(
                f"{house.path}: house rules need the RDF export (mcugraph.rdf) and pyoxigraph; "
                "check without the house rules",
                about="rules",
            ) from None
        prefixes = _prefixes(ctx)
        only = family.footprint(prefixes, parse=len(ctx.records) >= FOOTPRINT_FROM)
        found = stores[family] = (to_store(ctx.universe, only=only), prefixes)
    return found


def _solutions(store: Any, text: str, prefixes: dict[str, str], base: str) -> tuple[list[str], list[dict[str, str]]]:
    """Run a SELECT through the runner; every bound value as the text rdflib would give for it."""
    from mcugraph.sparql.run import QueryStore, execute
    from mcugraph.sparql.vet import DEEPEST, Limits

    limits = Limits(max_length=_MAX_FILE, max_depth=DEEPEST)
    result = execute(QueryStore(store, prefixes, base_iri=base, name=base), text, limit=LIMIT, limits=limits)
    if result.form != "SELECT":  # vetting lets only SELECT through
        raise QueryError(f"a house rule must be a SELECT query, not {result.form}")
    seen: dict[Any, str] = {}
    rows: list[dict[str, str]] = []
    for found in result.bindings():
        row: dict[str, str] = {}
        for name, term in found.items():
            known = seen.get(term)
            if known is None:
                known = seen[term] = _text(term)
            row[name] = known
        rows.append(row)
    return list(result.variables), rows


def _text(term: Any) -> str:
    """A term as text: an IRI or blank node as itself, a literal by its lexical form."""
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode | ox.BlankNode):
        return str(term.value)
    if not isinstance(term, ox.Literal):
        raise QueryError(f"the query returned an unsupported term: {term!r}")
    value: str = term.value
    if term.language:
        return value
    datatype = term.datatype.value
    if datatype in _AS_IS:
        shape = _AS_IS[datatype]
        if shape is None or re.fullmatch(shape, value):
            return value
    # rdflib rewrites other lexical forms (1.5E0 is 1.5, P14M is P1Y2M): let it, as before
    from rdflib import Literal, URIRef

    return str(Literal(value, datatype=URIRef(datatype)))


def _within(timeout: float, work: Callable[[], _T]) -> _T:
    """``work()`` on a query thread, given up on after ``timeout`` seconds (as in :mod:`mcugraph.sparql.run`)."""
    try:
        return run_within(timeout, work, name="mcugraph-house-rule")
    except Abandoned:
        raise QueryError(f"the query ran past its time limit of {timeout:g} s; narrow it down or add a LIMIT") from None


def _select_with_runner(ctx: Context, house: HouseRule) -> tuple[list[str], list[dict[str, str]]]:
    """Through the runner on a store of the whole export, which binds the ``# param:`` defaults."""
    try:
        from mcugraph.rdf.store import to_store
    except ImportError:  # pragma: no cover - ships with mcugraph
        raise HouseRuleError(
            f"{house.path}: house rules need the RDF export (mcugraph.rdf) and pyoxigraph; check without the house rules",
            about="rules",
        ) from None
    _vet(house, _prefixes(ctx))
    found = _FULL.get(ctx)
    if found is None:
        found = _FULL[ctx] = to_store(ctx.universe)
    try:
        return _within(TIMEOUT, partial(_solutions, found, house.query, _prefixes(ctx), ctx.universe.info.base_iri))
    except HouseRuleError:
        raise
    except QueryError as exc:
        raise HouseRuleError(f"{house.path}: {exc}") from None


def _run(house: HouseRule, family: _Family, ctx: Context) -> Iterator[Finding]:
    variables, rows = _select(ctx, house, family)
    missing = [p for p in house.placeholders if p not in variables]
    if missing:
        raise HouseRuleError(
            f"{house.path}: the message uses {{{missing[0]}}}, which the query does not select"
            f" (it selects {', '.join('?' + v for v in variables)})"
        )
    if house.subject is not None and house.subject not in variables:
        raise HouseRuleError(f"{house.path}: '# subject: {house.subject}' is not a selected variable")
    records = ctx.records
    base = ctx.universe.info.base_iri
    for row in rows:
        named = {var: _describe(ctx, records, base, value) for var, value in row.items()}
        order = [house.subject] if house.subject else variables
        target = next((hit for v in order if (hit := _entity(records, base, row.get(v))) is not None), None)
        message = _fill(house.message, named)
        if target is None:
            yield Finding(house.id, house.severity, message, Mark(house.path, 1, 1), "", "")
            continue
        kind, record = target
        others = []
        for v in variables:
            hit = _entity(records, base, row.get(v))
            if hit is not None and hit[1] is not record:
                others.append(f"{hit[0]}:{_subject_id(hit[1])}")
        yield Finding(
            house.id,
            house.severity,
            message,
            record.mark,
            _subject_id(record),
            kind,
            conflict=tuple(sorted(set(others))),
        )


def _fill(template: str, values: dict[str, str]) -> str:
    return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), "(unbound)"), template)


def _entity(records: dict[str, object], base: str, value: Any) -> tuple[str, Any] | None:
    if value is None:
        return None
    iri = str(value)
    record = records.get(iri)
    if record is None or not iri.startswith(base):
        return None
    return iri[len(base) :].split("/", 1)[0], record


def _subject_id(record: Any) -> str:
    for attr in ("id", "character", "source"):
        value = getattr(record, attr, None)
        if isinstance(value, str):
            return value
    return ""


def _describe(ctx: Context, records: dict[str, object], base: str, value: Any) -> str:
    found = _entity(records, base, value)
    if found is None:
        return str(value)
    kind, record = found
    ident = getattr(record, "id", None)
    if isinstance(ident, str) and ctx.universe.get(kind, ident) is not None:
        return ctx.name(kind, ident)
    return str(value)[len(base) :]
