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

:func:`quick_footprint` finds the same footprint without rdflib, from the query's tokens
(:mod:`mcugraph.sparql.lexer`, which vetting has read anyway): importing rdflib and its
SPARQL parser costs more than loading the whole export of the shipped universe. It reads
the plain shapes rules are written in (triple patterns and paths, ``OPTIONAL``, ``MINUS``,
``UNION``, ``FILTER`` and ``BIND`` with ``EXISTS`` inside, subqueries, ``VALUES``, blank
node property lists, solution modifiers) and answers None, "ask rdflib", for anything
else: ``GRAPH``, a collection, CONSTRUCT or DESCRIBE, an escape, a relative IRI.
A variable in predicate position gives None too, as it does for :func:`footprint`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

__all__ = ["Footprint", "footprint", "quick_footprint", "merge"]

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
                    # a BGP holds triples; a block left untranslated, one flat run of terms per
                    # subject (``?x e:a ?y ; e:b ?z`` is six terms)
                    terms = list(pattern)
                    if len(terms) % 3:
                        yield None, None, None  # a shape not known here: any triple
                    for at in range(0, len(terms) - 2, 3):
                        yield terms[at], terms[at + 1], terms[at + 2]
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


# -- the same, from the tokens -------------------------------------------------------------


class _Unsure(Exception):
    """The text holds something the token reading does not follow: rdflib must tell."""


#: an IRI that needs no base to resolve (a scheme, then a colon)
_ABSOLUTE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
#: what a verb (a predicate, or a path) starts with
_VERB_START = frozenset({"(", "^", "!"})
#: the deepest nesting of groups (and of parentheses in a path) read here
_DEEPEST = 64


def quick_footprint(text: str, prefixes: Mapping[str, str] | None = None) -> Footprint | None:
    """The footprint of a SELECT query of the usual shapes, read from its tokens; None when unsure.

    Where it answers, it answers as :func:`footprint` does (the tests hold it to that), so a
    caller with rdflib at hand falls back to :func:`footprint` on None.

    >>> fp = quick_footprint("PREFIX e: <http://e.org/> SELECT ?x WHERE { ?x a e:C ; e:p/^e:q ?y }")
    >>> sorted(fp.predicates), sorted(fp.classes)
    (['http://e.org/p', 'http://e.org/q', 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type'], ['http://e.org/C'])
    >>> quick_footprint("SELECT * WHERE { ?s ?p ?o }") is None
    True
    """
    if "\\u" in text or "\\U" in text:  # escapes expand before parsing: leave those texts to rdflib
        return None
    try:
        return _Reader(text, prefixes or {}).read()
    except _Unsure:
        return None


class _Reader:
    """A SELECT query's tokens read for the verbs of its triple patterns (see :func:`quick_footprint`)."""

    def __init__(self, text: str, prefixes: Mapping[str, str]) -> None:
        from mcugraph.sparql.lexer import Token, tokens

        items: list[Token] = []
        for token in tokens(text):
            # the lexer lets a prefixed name end with dots, which SPARQL reads as full stops
            if token.kind == "pname" and token.text.endswith("."):
                name = token.text.rstrip(".")
                items.append(Token("pname", name, token.offset))
                items.extend(Token("punct", ".", token.offset) for _ in range(len(token.text) - len(name)))
            else:
                items.append(token)
        self.items = items
        self.defaults = prefixes
        self.prefixes: dict[str, str] = dict(prefixes)
        self.predicates: set[str] = set()
        self.classes: set[str] | None = set()
        self.depth = 0

    # -- tokens --------------------------------------------------------------------

    def kind(self, i: int) -> str:
        return self.items[i].kind if i < len(self.items) else ""

    def text(self, i: int) -> str:
        return self.items[i].text if i < len(self.items) else ""

    def word(self, i: int) -> str:
        """The keyword at ``i``, upper-cased ("" if none is there)."""
        return self.text(i).upper() if self.kind(i) == "word" else ""

    def punct(self, i: int, *marks: str) -> bool:
        return self.kind(i) == "punct" and self.text(i) in marks

    def expect(self, i: int, mark: str) -> int:
        if not self.punct(i, mark):
            raise _Unsure
        return i + 1

    def iri(self, i: int) -> str:
        """The full IRI of the IRI or prefixed name at ``i``."""
        kind, value = self.kind(i), self.text(i)
        if kind == "iri":
            found = value[1:-1]
        elif kind == "pname":
            prefix, _, local = value.partition(":")
            if "\\" in local or prefix not in self.prefixes:
                raise _Unsure
            found = self.prefixes[prefix] + local
        else:
            raise _Unsure
        # a relative IRI needs the base; parentheses are left to rdflib, as nothing may hide in an IRI
        if not _ABSOLUTE.match(found) or "(" in found or ")" in found:
            raise _Unsure
        return found

    # -- the query -------------------------------------------------------------------

    def read(self) -> Footprint:
        i = self.prologue(0)
        if self.word(i) not in ("SELECT", "ASK") or self.query(i, inner=False) != len(self.items):
            raise _Unsure
        predicates = frozenset(self.predicates)
        if _RDF_TYPE not in predicates:
            return Footprint(predicates)
        return Footprint(predicates, None if self.classes is None else frozenset(self.classes))

    def prologue(self, i: int) -> int:
        while True:
            if self.word(i) == "PREFIX" and self.kind(i + 1) == "pname" and self.text(i + 1).endswith(":"):
                name = self.text(i + 1)[:-1]
                target = self.iri(i + 2) if self.kind(i + 2) == "iri" else None
                if target is None or self.defaults.get(name, target) != target:
                    raise _Unsure  # a default prefix declared anew: which wins is the engine's business
                self.prefixes[name] = target
                i += 3
            elif self.word(i) == "BASE" and self.kind(i + 1) == "iri":
                i += 2  # relative IRIs are refused where they would matter
            else:
                return i

    def query(self, i: int, *, inner: bool) -> int:
        """Past a SELECT (or ASK) query at ``i``; a subquery (``inner``) ends before its closing brace."""
        i = self.clause(i + 1, before_group=True, inner=inner)
        i = self.group(i)
        return self.clause(i, before_group=False, inner=inner)

    def clause(self, i: int, *, before_group: bool, inner: bool) -> int:
        """Past the tokens before or after a query's group (projection, FROM, modifiers), EXISTS read."""
        while i < len(self.items):
            if self.punct(i, "("):
                i = self.expression(i)
            elif self.word(i) == "EXISTS":
                i = self.group(i + 1)
            elif self.word(i) == "VALUES" and not before_group:
                i = self.values(i + 1)
            elif (before_group and self.punct(i, "{")) or (inner and not before_group and self.punct(i, "}")):
                return i
            elif self.punct(i, "{", "}", "[", "]", ")"):
                raise _Unsure
            else:
                i += 1
        if before_group or inner:
            raise _Unsure
        return i

    def values(self, i: int) -> int:
        """Past the variables and the data block of VALUES (terms only: nothing there is matched)."""
        if self.kind(i) == "var":
            i += 1
        else:
            i = self.expect(i, "(")
            while self.kind(i) == "var":
                i += 1
            i = self.expect(i, ")")
        i = self.expect(i, "{")
        while not self.punct(i, "}"):
            if i >= len(self.items) or self.punct(i, "{", "[", "]"):
                raise _Unsure
            i += 1
        return i + 1

    def expression(self, i: int) -> int:
        """Past a parenthesized expression starting at ``i``; an EXISTS in it is read as a group."""
        i = self.expect(i, "(")
        depth = 1
        while depth:
            if i >= len(self.items):
                raise _Unsure
            if self.punct(i, "("):
                depth += 1
            elif self.punct(i, ")"):
                depth -= 1
            elif self.word(i) == "EXISTS":
                i = self.group(i + 1)
                continue
            elif self.punct(i, "{", "}", "[", "]"):
                raise _Unsure
            i += 1
        return i

    def nest(self) -> None:
        """One level deeper into groups or paths: a text nested past :data:`_DEEPEST` is left to rdflib."""
        self.depth += 1
        if self.depth > _DEEPEST:
            raise _Unsure

    def group(self, i: int) -> int:
        """Past the group graph pattern starting at ``i``, every triple pattern in it read."""
        self.nest()
        try:
            return self._group(i)
        finally:
            self.depth -= 1

    def _group(self, i: int) -> int:
        i = self.expect(i, "{")
        if self.word(i) == "SELECT":  # a subquery
            return self.expect(self.query(i, inner=True), "}")
        while True:
            if i >= len(self.items):
                raise _Unsure
            word = self.word(i)
            if self.punct(i, "}"):
                return i + 1
            if self.punct(i, "{"):
                i = self.group(i)
                while self.word(i) == "UNION":
                    i = self.group(i + 1)
            elif self.punct(i, "."):
                i += 1
            elif word in ("OPTIONAL", "MINUS"):
                i = self.group(i + 1)
            elif word == "FILTER":
                i = self.constraint(i + 1)
            elif word == "BIND":
                i = self.expression(i + 1)
            elif word == "VALUES":
                i = self.values(i + 1)
            elif self.kind(i) == "word" and word not in ("TRUE", "FALSE"):
                raise _Unsure  # GRAPH, VALUES, SERVICE, a subquery's SELECT, ...
            else:
                i = self.triples(i)

    def constraint(self, i: int) -> int:
        word = self.word(i)
        if word == "NOT" and self.word(i + 1) == "EXISTS":
            return self.group(i + 2)
        if word == "EXISTS":
            return self.group(i + 1)
        if self.punct(i, "("):
            return self.expression(i)
        if (self.kind(i) in ("word", "iri", "pname")) and self.punct(i + 1, "("):
            return self.expression(i + 1)  # a function call
        raise _Unsure

    # -- triple patterns -------------------------------------------------------------

    def triples(self, i: int) -> int:
        """Past the triples of one subject at ``i``."""
        if self.punct(i, "["):
            if self.punct(i + 1, "]"):
                return self.properties(i + 2, required=True)
            return self.properties(self.blank(i), required=False)
        i = self.term(i)
        return self.properties(i, required=True)

    def blank(self, i: int) -> int:
        """Past ``[ verb object ... ]`` at ``i``."""
        i = self.properties(i + 1, required=True)
        return self.expect(i, "]")

    def term(self, i: int) -> int:
        """Past one subject or object that is not a blank node property list."""
        kind = self.kind(i)
        if kind in ("var", "iri", "pname", "bnode"):
            return i + 1
        if kind == "string":
            if self.kind(i + 1) == "lang":
                return i + 2
            if self.punct(i + 1, "^^"):
                self.iri(i + 2)
                return i + 3
            return i + 1
        if self.punct(i, "+", "-") and self.kind(i + 1) == "number":
            return i + 2
        if kind == "number" or self.word(i) in ("TRUE", "FALSE"):
            return i + 1
        raise _Unsure  # a collection, or what this reading does not know

    def properties(self, i: int, *, required: bool) -> int:
        """Past a property list (verbs and their objects) at ``i``."""
        if not self.starts_verb(i):
            if required:
                raise _Unsure
            return i
        while True:
            named, simple, i = self.path(i)
            self.predicates |= named
            typed = _RDF_TYPE in named
            if typed and not simple:
                self.classes = None
            while True:
                if self.punct(i, "["):
                    if typed:
                        self.classes = None
                    i = i + 2 if self.punct(i + 1, "]") else self.blank(i)
                else:
                    if typed and self.classes is not None:
                        if self.kind(i) in ("iri", "pname"):
                            self.classes.add(self.iri(i))
                        else:
                            self.classes = None
                    i = self.term(i)
                if not self.punct(i, ","):
                    break
                i += 1
            if not self.punct(i, ";"):
                return i
            while self.punct(i, ";"):
                i += 1
            if not self.starts_verb(i):
                return i

    def starts_verb(self, i: int) -> bool:
        kind = self.kind(i)
        if kind == "var":
            raise _Unsure  # a variable predicate may match any triple
        return kind in ("iri", "pname") or self.text(i) == "a" and kind == "word" or self.punct(i, *_VERB_START)

    def path(self, i: int) -> tuple[set[str], bool, int]:
        """The IRIs a predicate or path at ``i`` can step on, whether it is one plain IRI, and past it."""
        self.nest()
        try:
            return self._path(i)
        finally:
            self.depth -= 1

    def _path(self, i: int) -> tuple[set[str], bool, int]:
        named: set[str] = set()
        steps = 0
        while True:
            while True:
                if self.punct(i, "^"):
                    steps += 2
                    i += 1
                if self.punct(i, "!"):
                    raise _Unsure  # a negated property set matches every other predicate
                if self.punct(i, "("):
                    inner, _, i = self.path(i + 1)
                    named |= inner
                    steps += 2
                    i = self.expect(i, ")")
                elif self.kind(i) == "word" and self.text(i) == "a":
                    named.add(_RDF_TYPE)
                    i += 1
                elif self.kind(i) in ("iri", "pname"):
                    named.add(self.iri(i))
                    i += 1
                else:
                    raise _Unsure
                steps += 1
                if self.punct(i, "*", "+", "?"):
                    steps += 2
                    i += 1
                if not self.punct(i, "/"):
                    break
                i += 1
            if not self.punct(i, "|"):
                return named, steps == 1, i
            i += 1
