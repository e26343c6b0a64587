"""Which triples a query can read: its footprint, for loading a store with only those.

A SPARQL query reaches the data only through its triple patterns. When every pattern
names its predicate (an IRI, or a property path made of IRIs), no triple with another
predicate can ever match, so a store without those triples gives the same answers. When
``rdf:type`` is only ever asked for with a named class (``?c a mcg:Character``), the same
holds for the type triples of the other classes.

A house rule over a large universe is the case this serves: its query reads a handful of
predicates, while converting and loading the whole export costs more than the rest of
``mcugraph check`` together (``docs/performance.md``).

:func:`footprint` answers None, "any triple", whenever it cannot be sure: a variable in
predicate position (``?s ?p ?o``), a negated property set (``!mcg:knows``, which matches
every other predicate), ``rdf:type`` with a variable or a path for its class, or a text
that does not parse. The analysis reads rdflib's algebra of the query.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

__all__ = ["Footprint", "footprint", "merge"]

_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


@dataclass(frozen=True, slots=True)
class Footprint:
    """The triples a query can match: the predicates it names, and the classes it asks ``rdf:type`` for.

    ``classes`` is None when the type triples of every class may be read; it is empty when
    ``rdf:type`` is not among ``predicates``.
    """

    predicates: frozenset[str]
    classes: frozenset[str] | None = frozenset()

    def keeps(self, predicate: str, obj: str) -> bool:
        """Can a triple with this predicate and object (an IRI or a literal's text) be matched?"""
        if predicate not in self.predicates:
            return False
        return predicate != _RDF_TYPE or self.classes is None or obj in self.classes


def merge(footprints: Iterable[Footprint | None]) -> Footprint | None:
    """The footprint of several queries run on one store: None when any of them needs every triple."""
    predicates: set[str] = set()
    classes: set[str] | None = set()
    for one in footprints:
        if one is None:
            return None
        predicates |= one.predicates
        if classes is not None:
            classes = None if one.classes is None else classes | one.classes
    return Footprint(frozenset(predicates), None if classes is None else frozenset(classes))


def footprint(text: str, prefixes: Mapping[str, str] | None = None) -> Footprint | None:
    """The footprint of a query, or None when it may read any triple.

    ``prefixes`` are those the query is run with (undeclared prefixes it may use).

    >>> fp = footprint("PREFIX e: <http://e.org/> SELECT ?x WHERE { ?x a e:C ; e:p/^e:q ?y }")
    >>> sorted(fp.predicates), sorted(fp.classes)
    (['http://e.org/p', 'http://e.org/q', 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type'], ['http://e.org/C'])
    >>> footprint("SELECT * WHERE { ?s ?p ?o }") is None
    True
    """
    try:
        from rdflib import Namespace
        from rdflib.plugins.sparql import algebra, parser

        tree = parser.parseQuery(text)
        query = algebra.translateQuery(tree, initNs={k: Namespace(v) for k, v in (prefixes or {}).items()})
    except Exception:  # noqa: BLE001 - a text rdflib cannot read (nesting too deep included): every triple
        return None
    predicates: set[str] = set()
    classes: set[str] | None = set()
    for _, predicate, obj in _patterns(query.algebra):
        named = _path_iris(predicate)
        if named is None:
            return None
        predicates |= named
        if _RDF_TYPE in named and classes is not None:
            if _is_iri(predicate) and _is_iri(obj):
                classes.add(str(obj))
            else:
                classes = None
    if _RDF_TYPE not in predicates:
        return Footprint(frozenset(predicates))
    return Footprint(frozenset(predicates), None if classes is None else frozenset(classes))


def _patterns(root: Any) -> Iterable[tuple[Any, Any, Any]]:
    """Every triple pattern of the algebra: in BGPs, and in the triple blocks EXISTS keeps untranslated."""
    from rdflib.plugins.sparql.parserutils import CompValue

    stack = [root]
    while stack:
        item = stack.pop()
        if isinstance(item, CompValue):
            if item.name in ("BGP", "TriplesBlock"):
                for pattern in item.get("triples") or ():
                    subject, predicate, obj = pattern
                    yield subject, predicate, obj
            stack.extend(item.values())
        elif isinstance(item, list | tuple):
            stack.extend(item)
        elif isinstance(item, dict):
            stack.extend(item.values())


def _is_iri(term: Any) -> bool:
    from rdflib import URIRef

    return isinstance(term, URIRef)


def _path_iris(term: Any) -> set[str] | None:
    """The IRIs a predicate or property path can match on, or None when it can match any."""
    from rdflib import URIRef
    from rdflib.paths import AlternativePath, InvPath, MulPath, SequencePath

    if isinstance(term, URIRef):
        return {str(term)}
    if isinstance(term, InvPath):
        return _path_iris(term.arg)
    if isinstance(term, MulPath):
        return _path_iris(term.path)
    if isinstance(term, SequencePath | AlternativePath):
        found: set[str] = set()
        for part in term.args:
            inner = _path_iris(part)
            if inner is None:
                return None
            found |= inner
        return found
    return None  # a variable, a negated property set, or anything not known here
