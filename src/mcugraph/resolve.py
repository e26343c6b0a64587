"""Find entities the way a person names them: by id, ``kind:id``, name or alias.

Case and accents are ignored ("elodie yung" finds Élodie Yung). A name shared by several
entities (the character and the series "Jessica Jones") raises
:class:`~mcugraph.errors.AmbiguousError` listing them; an unknown one raises
:class:`~mcugraph.errors.NotFoundError` with the nearest names.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable

from mcugraph.errors import AmbiguousError, NotFoundError
from mcugraph.hints import suggest
from mcugraph.model import ENTITY_KINDS, Universe

__all__ = ["fold", "resolve", "find", "pick"]


def fold(text: str) -> str:
    """Lower-case, accent-free, single-spaced text for matching."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.casefold().replace("’", "'").split())


#: kinds found by id or kind:id only: a source titled "Jessica Jones" is not what a
#: person typing that name means
_BY_ID_ONLY = ("source", "order")


def _names(record: object) -> list[str]:
    names = []
    for attr in ("name", "title"):
        value = getattr(record, attr, None)
        if value:
            names.append(value)
    for attr in ("aliases", "codenames"):
        names.extend(getattr(record, attr, ()) or ())
    names.extend(other.name for other in getattr(record, "other_names", ()))  # comics and fan names
    return names


def find(universe: Universe, text: str) -> list[tuple[str, str]]:
    """Every ``(kind, id)`` that ``text`` names exactly (id, ``kind:id``, name, alias)."""
    kind, sep, ident = text.partition(":")
    if sep and kind in ENTITY_KINDS:
        return [(kind, ident)] if universe.get(kind, ident) is not None else []
    by_id = [(k, text) for k in ENTITY_KINDS if universe.get(k, text) is not None]
    key = fold(text)
    by_name = [
        (k, record.id)
        for k, record in universe.entities()
        if k not in _BY_ID_ONLY and any(fold(n) == key for n in _names(record))
    ]
    out: list[tuple[str, str]] = []
    for item in by_id + by_name:
        if item not in out:
            out.append(item)
    return out


_ARTICLES = {"organization": "an organization", "event": "an event", "episode": "an episode"}


def _a(kind: str) -> str:
    return _ARTICLES.get(kind, f"a {kind}")


def _either(kinds: tuple[str, ...]) -> str:
    """'a character, a location or a work'."""
    named = [_a(k) for k in kinds]
    return named[0] if len(named) == 1 else ", ".join(named[:-1]) + " or " + named[-1]


def _what(universe: Universe, kind: str, ident: str) -> str:
    """What a person calls the record: 'series', 'episode', 'character'."""
    return str(universe.works[ident].kind) if kind == "work" else kind


def resolve(universe: Universe, text: str, *, kinds: tuple[str, ...] | None = None) -> tuple[str, str]:
    """The one entity ``text`` names, as ``(kind, id)``."""
    return pick(
        text,
        kinds,
        find=lambda name: find(universe, name),
        label=universe.label,
        what=lambda kind, ident: _what(universe, kind, ident),
        nearest=lambda name, kinds: _nearest(universe, name, kinds),
    )


def pick(
    text: str,
    kinds: tuple[str, ...] | None,
    *,
    find: Callable[[str], list[tuple[str, str]]],
    label: Callable[[str, str], str],
    what: Callable[[str, str], str],
    nearest: Callable[[str, tuple[str, ...] | None], str],
) -> tuple[str, str]:
    """The one ``(kind, id)`` among ``find(text)`` of one of ``kinds`` (any kind if None),
    or the error that says why there is not one.

    The universe in memory and the on-disk store's record index (``mcugraph.disk``) give
    the same messages this way: each passes its own lookup, ``label`` (the name shown in a
    list of choices), ``what`` (what a person calls the record) and ``nearest`` (the
    "; did you mean ..." hint, or "").
    """
    found = find(text)
    matches = [m for m in found if kinds is None or m[0] in kinds]
    if len(matches) == 1:
        return matches[0]
    if matches:
        listing = "; ".join(f"{k}:{i} ({label(k, i)})" for k, i in matches)
        raise AmbiguousError(
            f"'{text}' could mean several things: {listing}. Write one of them as kind:id.",
            [f"{k}:{i}" for k, i in matches],
        )
    if kinds is not None:
        elsewhere = [m for m in found if m[0] not in kinds]
        if elsewhere:
            k, i = elsewhere[0]
            raise NotFoundError(f"'{text}' is {_a(what(k, i))} ({k}:{i}), not {_either(kinds)}")
    raise NotFoundError(f"nothing is called '{text}'{nearest(text, kinds)}")


def _nearest(universe: Universe, text: str, kinds: tuple[str, ...] | None) -> str:
    """The hint for an unknown name: the nearest ids and names of ``kinds``."""
    pool: dict[str, str] = {}
    for k, record in universe.entities():
        if kinds is not None and k not in kinds:
            continue
        rid = record.id
        if k in _BY_ID_ONLY:
            if kinds is not None:  # asked for by kind: suggest its ids, the one way to name it
                pool[fold(rid)] = f"{k}:{rid}"
            continue
        pool[fold(rid)] = f"{k}:{rid}"
        for n in _names(record):
            pool[fold(n)] = n
    return suggest(fold(text), pool, shown=pool, quote=repr, last=", ")
