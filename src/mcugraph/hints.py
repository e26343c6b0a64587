"""The one "did you mean": near names found, and the hint worded, in one place.

Every message about an unknown name (a field, a section, an id, a rule, an order, a
query) ends with the same kind of hint, made here:

>>> suggest("charcters", ["characters", "works", "events"])
"; did you mean 'characters'?"
>>> suggest("stated-gaps", ["stated-gap", "stated-age", "dead-on-screen"])
"; did you mean 'stated-gap' or 'stated-age'?"
>>> suggest("zzz", ["characters"])
''
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Mapping

__all__ = ["suggest", "close_matches"]


def _quoted(text: str) -> str:
    return f"'{text}'"


def close_matches(
    word: str,
    candidates: Iterable[str],
    *,
    n: int = 3,
    cutoff: float = 0.6,
    shown: Mapping[str, str] | None = None,
) -> list[str]:
    """The candidates nearest to ``word``, nearest first (at most ``n``).

    ``candidates`` may be any iterable of strings (a dict gives its keys). With ``shown``,
    each match is replaced by ``shown[match]``: compare folded forms, show what a person
    should type.
    """
    matches = difflib.get_close_matches(word, list(candidates), n=n, cutoff=cutoff)
    return [shown[m] for m in matches] if shown is not None else matches


def suggest(
    word: str,
    candidates: Iterable[str],
    *,
    n: int = 3,
    cutoff: float = 0.6,
    shown: Mapping[str, str] | None = None,
    quote: Callable[[str], str] = _quoted,
    last: str = " or ",
) -> str:
    """``; did you mean 'x'?`` for the nearest candidates, or ``""`` when none is near.

    ``quote`` writes each candidate (``repr`` for names that may hold a quote, ``str`` for
    bare words); ``last`` joins the last two (``", "`` for a plain list).
    """
    matches = [quote(m) for m in close_matches(word, candidates, n=n, cutoff=cutoff, shown=shown)]
    if not matches:
        return ""
    if len(matches) == 1:
        return f"; did you mean {matches[0]}?"
    return f"; did you mean {', '.join(matches[:-1])}{last}{matches[-1]}?"
