"""Text that cannot attack a terminal or a reader: control characters and bidirectional
overrides found, refused, or shown as visible escapes.

An escape sequence in a name (``ESC[2J``) clears the screen of whoever prints it; a
right-to-left override (U+202E) reverses the text after it. ``validate`` refuses both in
the data (:func:`unsafe_character`), and the CLI shows any that reach it from elsewhere (a
command-line argument, a query's own text) as escapes (:func:`visible`).

>>> visible("Kil\\x1b[2Jgrave")
'Kil\\\\x1b[2Jgrave'
>>> unsafe_character("Trish\\u202eWalker")
(5, 'U+202E RIGHT-TO-LEFT OVERRIDE')
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["unsafe_character", "visible", "UNSAFE"]

#: C0 and C1 controls (tab and newline apart), DEL, and the bidirectional marks, embeddings,
#: overrides and isolates
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_LINE_BREAKS = re.compile("[\t\n]")


def unsafe_character(text: str, *, multiline: bool = True) -> tuple[int, str] | None:
    """The first character of ``text`` that must not be there, as (index, description);
    with ``multiline=False`` tabs and newlines count too (names and titles are one line)."""
    match = UNSAFE.search(text) or (None if multiline else _LINE_BREAKS.search(text))
    if match is None:
        return None
    char = match.group()
    name = unicodedata.name(char, "") or _CONTROLS.get(ord(char), "CONTROL CHARACTER")
    return match.start(), f"U+{ord(char):04X} {name}"


_CONTROLS = {0x00: "NULL", 0x07: "BELL", 0x08: "BACKSPACE", 0x09: "TAB", 0x0A: "LINE FEED", 0x0D: "CARRIAGE RETURN"}
_CONTROLS[0x1B] = "ESCAPE"


def visible(text: str) -> str:
    """``text`` with every unsafe character written as an escape (``\\x1b``, ``\\u202e``)."""
    return UNSAFE.sub(lambda m: _escape(m.group()), text)


def _escape(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
