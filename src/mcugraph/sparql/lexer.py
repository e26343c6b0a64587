"""Reading a SPARQL text as tokens, without a parser and without recursion.

Vetting (:mod:`mcugraph.sparql.vet`) needs to know four things about a query before any
engine sees it: its form, whether it holds ``SERVICE`` or an update keyword, which
graphs its ``FROM`` and ``FROM NAMED`` clauses name, and how deeply it nests. All four
are properties of the token stream, so :func:`scan` reads the text once, left to right,
with one regular expression and a counter for the nesting: a query nested 10,000 levels
deep costs what any text of its length costs, and nothing here can run out of stack.

Tokens are SPARQL 1.1's: strings (all four quotings), IRIs in angle brackets, variables,
prefixed names, blank node labels, language tags, numbers, bare words (keywords) and
punctuation. A keyword is a bare word only: ``ex:service``, ``?service``, ``"service"``
and ``@service`` are not. SPARQL expands ``\\u`` and ``\\U`` escapes before it parses,
anywhere in the text, so :func:`expand_escapes` does that first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

__all__ = ["Token", "Scan", "scan", "expand_escapes", "position", "UPDATE_KEYWORDS", "FORMS"]

FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
#: the keywords an update can start with (none of them is a keyword of a query)
UPDATE_KEYWORDS = frozenset({"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"})

_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_PN_CHARS_BASE = (
    "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d"
    "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff"
)
_PN_CHARS = _PN_CHARS_BASE + "_0-9\u00b7\u0300-\u036f\u203f-\u2040-"


def _one_of(chars: str) -> str:
    """A class matching exactly the characters of ``[chars]``, written as its complement.

    ``chars`` holds single characters and ``a-b`` ranges (a ``-`` at the end stands for
    itself). The re module walks every character of each range it is given: the names'
    classes span 55,000 characters, their complements 12,000, and compiling the tokens'
    pattern takes a tenth of the time (it is compiled on every import, on every check).
    """
    spans: list[tuple[int, int]] = []
    at = 0
    while at < len(chars):
        if at + 2 < len(chars) and chars[at + 1] == "-":
            spans.append((ord(chars[at]), ord(chars[at + 2])))
            at += 3
        else:
            spans.append((ord(chars[at]), ord(chars[at])))
            at += 1
    gaps: list[str] = []
    nxt = 0
    for low, high in sorted(spans):
        if low > nxt:
            gaps.append(f"\\U{nxt:08x}-\\U{low - 1:08x}")
        nxt = max(nxt, high + 1)
    if nxt <= 0x10FFFF:
        gaps.append(f"\\U{nxt:08x}-\\U{0x10FFFF:08x}")
    return f"[^{''.join(gaps)}]"


_NAME_START = _one_of(_PN_CHARS_BASE)  # [PN_CHARS_BASE]
_NAME = _one_of(_PN_CHARS)  # [PN_CHARS]
_NAME_OR_DOT = _one_of(_PN_CHARS + ".")  # [PN_CHARS.]
_WORD_START = _one_of(_PN_CHARS_BASE + "_")  # [PN_CHARS_BASE_]
_LOCAL = rf"(?:{_one_of(_PN_CHARS + ':.')}|%[0-9A-Fa-f]{{2}}|\\[_~.\-!$&'()*+,;=/?#@%])*"
_TOKENS = re.compile(
    "|".join(
        (
            r"(?P<space>[ \t\r\n]+)",
            r"(?P<comment>#[^\r\n]*)",
            r"(?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^\"\\]|\\.|\"(?!\"\"))*\"\"\""
            r"|'(?:[^'\\\r\n]|\\.)*'|\"(?:[^\"\\\r\n]|\\.)*\")",
            r"(?P<iri><[^<>\"{}|^`\\\x00-\x20]*>)",
            rf"(?P<var>[?$]{_NAME}+)",
            rf"(?P<bnode>_:{_NAME}+(?:{_NAME_OR_DOT}*{_NAME})?)",
            r"(?P<lang>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)",
            rf"(?P<pname>(?:{_NAME_START}{_NAME_OR_DOT}*)?:{_LOCAL})",
            r"(?P<number>[0-9]+(?:\.[0-9]*)?(?:[eE][+-]?[0-9]+)?|\.[0-9]+(?:[eE][+-]?[0-9]+)?)",
            rf"(?P<word>{_WORD_START}{_NAME}*)",
            r"(?P<punct>\^\^|&&|\|\||!=|<=|>=|.)",
        )
    ),
    re.DOTALL,
)
_OPEN = {"{": "}", "(": ")", "[": "]"}
_DOTTED_SERVICE = re.compile(r"\.service(?![\w-])", re.IGNORECASE)
_CLOSE = frozenset(_OPEN.values())


@dataclass(frozen=True, slots=True)
class Token:
    kind: str  # string, iri, var, bnode, lang, pname, number, word, punct
    text: str
    offset: int


@dataclass(slots=True)
class Scan:
    """What the token stream of a text shows (see :func:`scan`)."""

    #: the first keyword after the prologue, upper-cased ("" if the text has none)
    keyword: str = ""
    #: a bare SERVICE keyword anywhere
    service: bool = False
    #: the first bare update keyword anywhere, upper-cased
    update: str = ""
    #: the deepest nesting of braces, parentheses and brackets
    depth: int = 0
    #: the IRIs the FROM and FROM NAMED clauses give, as written (``<iri>`` or a prefixed name)
    from_default: list[str] = field(default_factory=list)
    from_named: list[str] = field(default_factory=list)
    #: PREFIX declarations of the prologue, and its last BASE, as written
    prefixes: dict[str, str] = field(default_factory=dict)
    base: str | None = None


def expand_escapes(text: str) -> str:
    """``text`` with its ``\\uXXXX`` and ``\\UXXXXXXXX`` escapes replaced, as SPARQL does before parsing.

    >>> expand_escapes(r"\\u0053ERVICE")
    'SERVICE'
    """
    if "\\u" not in text and "\\U" not in text:
        return text

    def char(found: re.Match[str]) -> str:
        code = int(found.group(1) or found.group(2), 16)
        return chr(code) if code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else found.group(0)

    return _ESCAPE.sub(char, text)


def tokens(text: str) -> list[Token]:
    """Every token of ``text`` (spaces and comments left out), in order."""
    out = []
    for found in _TOKENS.finditer(text):
        kind = found.lastgroup or "punct"
        if kind in ("space", "comment"):
            continue
        out.append(Token(kind, found.group(), found.start()))
    return out


def scan(text: str) -> Scan:
    """Read ``text`` once; see :class:`Scan` for what it finds.

    >>> found = scan("PREFIX ex: <http://e.org/> SELECT * FROM ex:g { { ?s ?p 'SERVICE' } }")
    >>> found.keyword, found.service, found.depth, found.from_default
    ('SELECT', False, 2, ['ex:g'])
    """
    result = Scan()
    items = tokens(text)
    depth = 0
    prologue = True
    i = 0
    while i < len(items):
        token = items[i]
        kind, value = token.kind, token.text
        if kind == "punct":
            if value in _OPEN:
                depth += 1
                result.depth = max(result.depth, depth)
            elif value in _CLOSE:
                depth = max(0, depth - 1)
        elif kind == "word":
            word = value.upper()
            following = items[i + 1] if i + 1 < len(items) else None
            if prologue and word == "PREFIX" and following is not None and following.kind == "pname":
                target = items[i + 2] if i + 2 < len(items) else None
                if target is not None and target.kind == "iri":
                    result.prefixes[following.text[:-1]] = target.text[1:-1]
                    i += 3
                    continue
            if prologue and word == "BASE" and following is not None and following.kind == "iri":
                result.base = following.text[1:-1]
                i += 2
                continue
            if prologue:
                prologue = False
                result.keyword = word
            if word == "SERVICE":
                result.service = True
            elif word in UPDATE_KEYWORDS and not result.update:
                result.update = word
            elif word == "FROM" and following is not None:
                named = following.kind == "word" and following.text.upper() == "NAMED"
                target = items[i + 2] if named and i + 2 < len(items) else following
                if target.kind in ("iri", "pname"):
                    (result.from_named if named else result.from_default).append(target.text)
        else:
            if kind in ("pname", "bnode") and _DOTTED_SERVICE.search(value):
                # a name may hold dots, so 'ex:o.SERVICE' is one token here; were a parser to
                # end the name at the dot, SERVICE would follow: refused either way
                result.service = True
            if prologue:
                prologue = False
        i += 1
    return result


def position(text: str, offset: int) -> tuple[int, int]:
    """(line, column) of ``offset`` in ``text``, both counted from 1, lines ended by CR, LF or CRLF."""
    before = text[:offset]
    breaks = list(re.finditer(r"\r\n|\r|\n", before))
    line = len(breaks) + 1
    start = breaks[-1].end() if breaks else 0
    return line, offset - start + 1
