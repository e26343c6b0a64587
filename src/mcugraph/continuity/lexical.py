"""What a house rule's text shows without a SPARQL parser: that it cannot reach outside.

Vetting (:mod:`mcugraph.sparql.vet`) parses every query with rdflib's SPARQL parser and
refuses ``SERVICE``, ``FROM``/``FROM NAMED`` and updates. Importing that parser costs
about 0.3 s per process, more than the rest of a house rule run. :func:`plainly_safe`
proves, by reading the text line by line, that a query cannot spell any of those tokens
at all, whatever parser reads it; such a text is safe to hand to Oxigraph directly, which
then gives the syntax check and the query form (:mod:`mcugraph.continuity.house`).

The check is deliberately coarse, so that it can only err on the safe side:

* SPARQL ``\\u``/``\\U`` escapes are expanded before parsing (by rdflib and Oxigraph alike)
  and could spell a keyword or a line break, so a text holding one is not plain; neither
  is one with a triple-quoted string (the only token that spans lines) or a line break
  other than CR and LF (the only ones SPARQL knows).
* With those gone, every token ends on its own line, so a line whose first non-blank
  character is ``#`` is a comment to any SPARQL parser. The house rule header, where
  prose such as "add" or "from" lives, is such lines.
* Every other line, strings, IRIs and trailing comments included, must be ASCII (no
  case-folding tricks) and must not hold ``SERVICE``, ``FROM``, ``NAMED`` or any update
  keyword, in any letter case and even inside a longer word. A text that passes cannot
  spell those tokens at all.
* The text is at most :data:`MAX_PLAIN` characters long. Oxigraph's parser recurses on
  nesting, and a short text cannot nest deeper than the query thread's stack allows
  (:data:`mcugraph._threads.STACK_SIZE`).

A text that is not plain is not unsafe: it is vetted by rdflib, as every query of
``mcugraph query`` is (``?removed`` contains ``MOVE``: slower, never less safe).
"""

from __future__ import annotations

import re

__all__ = ["plainly_safe", "query_form", "MAX_PLAIN"]

#: the longest text read here; longer ones go to rdflib's vetting
MAX_PLAIN = 16 * 1024
_LINES = re.compile(r"\r\n|\r|\n")
_ODD_BREAKS = re.compile("[\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
_REFUSED_WORDS = re.compile(
    r"SERVICE|FROM|NAMED|INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH|USING", re.IGNORECASE
)
# A query's prologue (BASE and PREFIX declarations, with blanks and comments between the
# tokens), then the keyword of its form. IRIs hold no blank and no '>', prefix names no
# '#' or ':', so the pattern cannot run into a comment or out of a token.
_BLANK = r"(?:\s|#[^\r\n]*)*"
_FORM = (  # compiled on first use (a refusal), not on import
    rf"{_BLANK}(?:(?:BASE{_BLANK}<[^>\s]*>|PREFIX{_BLANK}[^\s#:]*:{_BLANK}<[^>\s]*>){_BLANK})*"
    r"(SELECT|ASK|CONSTRUCT|DESCRIBE)\b"
)


def plainly_safe(text: str) -> bool:
    """True when ``text`` provably holds no SERVICE, FROM or update, read without a parser.

    False means "not provable this way", not "unsafe": such texts are vetted by rdflib.

    >>> plainly_safe("# add: a comment line may say anything\\nSELECT ?s WHERE { ?s ?p ?o }")
    True
    >>> plainly_safe("SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }")
    False
    """
    if len(text) > MAX_PLAIN or "\\u" in text or "\\U" in text or '"""' in text or "'''" in text:
        return False
    if _ODD_BREAKS.search(text):
        return False
    for line in _LINES.split(text):
        if line.lstrip(" \t").startswith("#"):
            continue
        if not line.isascii() or _REFUSED_WORDS.search(line):
            return False
    return True


def query_form(text: str) -> str | None:
    """The form keyword (``SELECT``, ``ASK``, ``CONSTRUCT``, ``DESCRIBE``) of a query that parses.

    Read from the prologue, which holds nothing but declarations; None when the text does
    not start that way (then it is no query a parser accepted).

    >>> query_form("# id: r\\nPREFIX describe: <http://e.org/#>\\nconstruct WHERE { ?s describe:p ?o }")
    'CONSTRUCT'
    """
    found = re.match(_FORM, text, re.IGNORECASE)
    return found.group(1).upper() if found else None
