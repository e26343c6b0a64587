"""A Turtle writer for triples in canonical order: one block per subject, readable diffs.

General-purpose serializers order subjects by internal ids or hashes; this one keeps the
canonical order of :func:`~mcugraph.rdf.terms.sort_key`, writes ``a`` first, uses the
prefixes it is given and falls back to ``<IRI>`` where a prefixed name would need escapes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from itertools import groupby

from mcugraph.rdf.blocks import render
from mcugraph.rdf.terms import Lit, Object, Triple
from mcugraph.rdf.vocab import RDF_TYPE, XSD

__all__ = ["to_turtle", "TurtleWriter", "Compactor"]

_LOCAL = re.compile(r"^[A-Za-z0-9_]([A-Za-z0-9_.-]*[A-Za-z0-9_-])?$")
_WIDTH = 90
_INTEGER = re.compile(r"^[+-]?[0-9]+$")
_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t"}
_NEEDS_ESCAPE = re.compile(r'["\\\n\r\t\x00-\x08\x0b\x0c\x0e-\x1f\x7f]')
#: IRIs a :class:`Compactor` remembers: enough for every IRI of a small export; a large one
#: starts again when it is full (the vocabulary comes back at once; the records are met once)
_CACHE_SIZE = 200_000


class Compactor:
    """Writes IRIs as prefixed names where that is safe, remembering which prefixes it used."""

    def __init__(self, prefixes: dict[str, str]) -> None:
        # longest namespace first, so `character:` wins over a shorter base
        self._spaces = sorted(prefixes.items(), key=lambda kv: (-len(kv[1]), kv[0]))
        self.used: set[str] = set()
        self._cache: dict[str, str] = {}
        # a local name holds no '/' or '#': where every namespace ends in one, the only
        # namespace that can fit is the IRI up to its last, one look-up
        self._by_space: dict[str, str] | None = None
        if all(space.endswith(("/", "#")) for space in prefixes.values()):
            self._by_space = {}
            for prefix, space in self._spaces:
                self._by_space.setdefault(space, prefix)

    def iri(self, iri: str) -> str:
        cached = self._cache.get(iri)
        if cached is not None:
            return cached
        out = f"<{iri}>"
        if self._by_space is not None:
            cut = max(iri.rfind("/"), iri.rfind("#")) + 1
            prefix = self._by_space.get(iri[:cut]) if cut else None
            if prefix is not None and _LOCAL.match(iri[cut:]):
                out = f"{prefix}:{iri[cut:]}"
                self.used.add(prefix)
        else:
            for prefix, space in self._spaces:
                if iri.startswith(space) and _LOCAL.match(iri[len(space) :]):
                    out = f"{prefix}:{iri[len(space) :]}"
                    self.used.add(prefix)
                    break
        if len(self._cache) >= _CACHE_SIZE:
            self._cache.clear()
        self._cache[iri] = out
        return out

    def literal(self, lit: Lit) -> str:
        text = _NEEDS_ESCAPE.sub(lambda m: _ESCAPES.get(m.group(0)) or f"\\u{ord(m.group(0)):04X}", lit.lexical)
        if lit.language:
            return f'"{text}"@{lit.language}'
        if lit.datatype == XSD + "string":
            return f'"{text}"'
        if lit.datatype == XSD + "integer" and _INTEGER.match(lit.lexical):
            return lit.lexical
        return f'"{text}"^^{self.iri(lit.datatype)}'

    def term(self, term: Object) -> str:
        return self.literal(term) if isinstance(term, Lit) else self.iri(term)


class TurtleWriter:
    """Turtle, a block per subject: ``a`` first, then each predicate with its objects; the
    opening declares the prefixes the blocks made so far used."""

    separator = "\n"
    opening_first = False

    def __init__(self, prefixes: dict[str, str]) -> None:
        self.prefixes = prefixes
        self.compact = Compactor(prefixes)

    def block(self, subject: str, rows: list[Triple]) -> str:
        compact = self.compact
        types = [o for _, p, o in rows if p == RDF_TYPE]
        others = [(p, o) for _, p, o in rows if p != RDF_TYPE]
        lines: list[str] = []
        if types:
            lines.append("a " + " , ".join(compact.term(o) for o in types))
        for predicate, objects in groupby(others, key=lambda po: po[0]):
            terms = [compact.term(o) for _, o in objects]
            name = compact.iri(predicate)
            values = " , ".join(terms)
            if len(terms) > 1 and len(name) + len(values) > _WIDTH:  # one value a line: diffs stay small
                values = " ,\n        ".join(terms)
            lines.append(f"{name} {values}")
        return compact.iri(subject) + " " + " ;\n    ".join(lines) + " .\n"

    def opening(self) -> str:
        used = self.compact.used
        return "".join(f"@prefix {p}: <{iri}> .\n" for p, iri in self.prefixes.items() if p in used) + "\n"

    def closing(self, blocks: int) -> str:
        return ""


def to_turtle(triples: Iterable[Triple], prefixes: dict[str, str]) -> str:
    """Turtle text of ``triples`` (already in canonical order), declaring the prefixes it uses."""
    return render(TurtleWriter(prefixes), triples)
