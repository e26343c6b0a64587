"""A Turtle writer for triples in canonical order: one block per subject, readable diffs.

General-purpose serializers order subjects by internal ids or hashes; this one keeps the
canonical order of :func:`~mcugraph.rdf.terms.sort_key`, writes ``a`` first, uses the
prefixes it is given and falls back to ``<IRI>`` where a prefixed name would need escapes.
"""

from __future__ import annotations

import re
from itertools import groupby

from mcugraph.rdf.terms import Lit, Object, Triple
from mcugraph.rdf.vocab import RDF_TYPE, XSD

__all__ = ["to_turtle", "Compactor"]

_LOCAL = re.compile(r"^[A-Za-z0-9_]([A-Za-z0-9_.-]*[A-Za-z0-9_-])?$")
_WIDTH = 90
_INTEGER = re.compile(r"^[+-]?[0-9]+$")
_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t"}
_NEEDS_ESCAPE = re.compile(r'["\\\n\r\t\x00-\x08\x0b\x0c\x0e-\x1f\x7f]')


class Compactor:
    """Writes IRIs as prefixed names where that is safe, remembering which prefixes it used."""

    def __init__(self, prefixes: dict[str, str]) -> None:
        # longest namespace first, so `character:` wins over a shorter base
        self._spaces = sorted(prefixes.items(), key=lambda kv: (-len(kv[1]), kv[0]))
        self.used: set[str] = set()
        self._cache: dict[str, str] = {}

    def iri(self, iri: str) -> str:
        cached = self._cache.get(iri)
        if cached is not None:
            return cached
        out = f"<{iri}>"
        for prefix, space in self._spaces:
            if iri.startswith(space) and _LOCAL.match(iri[len(space) :]):
                out = f"{prefix}:{iri[len(space) :]}"
                self.used.add(prefix)
                break
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


def to_turtle(triples: list[Triple], prefixes: dict[str, str]) -> str:
    """Turtle text of ``triples`` (already in canonical order), declaring the prefixes it uses."""
    compact = Compactor(prefixes)
    blocks: list[str] = []
    for subject, group in groupby(triples, key=lambda t: t[0]):
        rows = list(group)
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
        blocks.append(compact.iri(subject) + " " + " ;\n    ".join(lines) + " .\n")
    header = "".join(f"@prefix {p}: <{iri}> .\n" for p, iri in prefixes.items() if p in compact.used)
    return header + "\n" + "\n".join(blocks)
