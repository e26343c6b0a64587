"""The small RDF term model the converter writes: IRIs are ``str``, literals are :class:`Lit`.

Building rdflib or pyoxigraph term objects for every triple is slow; the converter instead
collects plain tuples, sorts them into a canonical order and turns them into N-Triples
text, which the Oxigraph store loads in one call. Every serializer starts from that order,
so the same data always gives the same bytes.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from mcugraph.rdf.vocab import RDF, XSD

__all__ = [
    "Lit",
    "lang_lit",
    "RDF_LANGSTRING",
    "Triple",
    "Object",
    "nt_iri",
    "nt_literal",
    "nt_term",
    "to_ntriples",
    "safe_iri",
    "sort_key",
    "rebase",
]

_XSD_STRING = XSD + "string"
RDF_LANGSTRING = RDF + "langString"


class Lit(NamedTuple):
    """A literal: its lexical form and datatype IRI (``xsd:string`` when plain), or its
    language tag (``rdf:langString`` text such as labels and notes: :func:`lang_lit`)."""

    lexical: str
    datatype: str = _XSD_STRING
    language: str | None = None


def lang_lit(text: str, language: str) -> Lit:
    """Text in ``language`` (a BCP 47 tag such as ``en``)."""
    return Lit(text, RDF_LANGSTRING, language)


Object = str | Lit
Triple = tuple[str, str, Object]

_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r"}
_NEEDS_ESCAPE = re.compile(r'["\\\n\r\x00-\x1f\x7f]')
_IRI_UNSAFE = re.compile(r'[\x00-\x20<>"{}|^`\\]')


def _escape_char(match: re.Match[str]) -> str:
    char = match.group(0)
    return _ESCAPES.get(char) or f"\\u{ord(char):04X}"


def nt_literal(lit: Lit) -> str:
    """A literal in canonical N-Triples form (plain strings carry no datatype)."""
    text = _NEEDS_ESCAPE.sub(_escape_char, lit.lexical)
    if lit.language:
        return f'"{text}"@{lit.language}'
    if lit.datatype == _XSD_STRING:
        return f'"{text}"'
    return f'"{text}"^^<{lit.datatype}>'


def nt_iri(iri: str) -> str:
    return f"<{iri}>"


def nt_term(term: Object) -> str:
    return nt_literal(term) if isinstance(term, Lit) else f"<{term}>"


def safe_iri(text: str) -> str:
    """``text`` with the characters an IRI may not hold percent-encoded (for URLs typed by hand)."""
    return _IRI_UNSAFE.sub(lambda m: "".join(f"%{b:02X}" for b in m.group(0).encode("utf-8")), text.strip())


def sort_key(triple: Triple) -> str:
    """Canonical order: by subject, predicate, then IRIs before literals, then value.

    One string per triple (parts joined by NUL, which no IRI or YAML text holds) sorts
    about three times faster than a tuple key, and in the same order.
    """
    s, p, o = triple
    if isinstance(o, Lit):
        return f"{s}\x00{p}\x00\x01{o.lexical}\x00{o.datatype}\x00{o.language or ''}"
    return f"{s}\x00{p}\x00\x00{o}"


def to_ntriples(triples: list[Triple]) -> str:
    """N-Triples text of ``triples``, already in canonical order."""
    return "".join(f"<{s}> <{p}> {nt_term(o)} .\n" for s, p, o in triples)


def rebase(triples: list[Triple], old: str, new: str) -> list[Triple]:
    """``triples`` with every IRI (and datatype) that starts with ``old`` moved under ``new``,
    in canonical order again."""
    if old == new:
        return triples

    def move(iri: str) -> str:
        return new + iri[len(old) :] if iri.startswith(old) else iri

    def move_object(o: Object) -> Object:
        if isinstance(o, Lit):
            return Lit(o.lexical, move(o.datatype), o.language) if o.datatype.startswith(old) else o
        return move(o)

    return sorted(((move(s), move(p), move_object(o)) for s, p, o in triples), key=sort_key)
