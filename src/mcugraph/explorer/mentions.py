"""What a piece of text gives away: the latest reveal step of the names it mentions.

The spoiler shield dates records (a source, a note, a fact) by the works they rest on,
but free text says more than its record: a recap of a season finale cited by a character
who appears in the first episode names the finale's title, a note on the Battle of New
York names the episodes that refer to it. So every string the explorer holds is also
dated by what it *mentions*: the names and titles of the universe's works, characters,
people, events, organizations and places, each revealed at its own step. A string is
shown only once every name in it is, which is the one definition of "revealed by W" that
the file shield and the in-page shield both apply.

Matching is on words, not characters: text and names are folded (case, accents) and cut
at anything that is not a letter or a digit, with apostrophes dropped, so a URL slug
``aka-ive-got-the-blues`` mentions "AKA I've Got the Blues". Every name found counts,
overlapping ones too: "Destruction of Midland Circle" waits for the event and for the
place inside it, whichever comes later.
"""

from __future__ import annotations

import re
import unicodedata
import weakref
from collections.abc import Iterable, Iterator
from typing import Any

from mcugraph.model.records import NamedEntity

__all__ = ["words", "Mentions"]

Step = int | None

#: universe -> text -> the names it mentions (the names of a universe do not depend on the order)
_FOUND: weakref.WeakKeyDictionary[Any, dict[str, list[tuple[str, ...]]]] = weakref.WeakKeyDictionary()
_APOSTROPHES = re.compile(r"['\u2019\u2018`]")
_NOT_WORD = re.compile(r"[^0-9a-z]+")
#: names shorter than this (in letters) are too common to date a text by ("Pop", "Ed")
_SHORTEST = 4


def words(text: str) -> tuple[str, ...]:
    """``text`` as folded words: lower case, no accents, no apostrophes, split at the rest."""
    if not text.isascii():
        text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return tuple(w for w in _NOT_WORD.split(_APOSTROPHES.sub("", text.casefold())) if w)


def _later(a: Step, b: Step) -> Step:
    return None if a is None or b is None else max(a, b)


class Mentions:
    """The reveal step of every name of a universe, and of any text by the names in it."""

    def __init__(
        self, named: Iterable[tuple[str, Step]], *, found: dict[str, list[tuple[str, ...]]] | None = None
    ) -> None:
        self._steps: dict[tuple[str, ...], Step] = {}
        self._known: set[tuple[str, ...]] = set()
        #: first word -> the lengths (in words) of the names that start with it
        self._starts: dict[str, set[int]] = {}
        longest = 1
        for name, step in named:
            key = words(name)
            if not key or sum(len(w) for w in key) < _SHORTEST or (len(key) == 1 and key[0].isdigit()):
                continue
            if key in self._known:  # one string, several records: it is out once any of them is
                old = self._steps[key]
                self._steps[key] = step if old is None else old if step is None else min(old, step)
            else:
                self._known.add(key)
                self._steps[key] = step
                self._starts.setdefault(key[0], set()).add(len(key))
            longest = max(longest, len(key))
        self._longest = longest
        #: text -> the latest step of the names it mentions (the same strings come back often)
        self._seen: dict[str, Step] = {}
        #: text -> the names in it; the same for every order of a universe, so it may be shared
        self._found: dict[str, list[tuple[str, ...]]] = {} if found is None else found

    @classmethod
    def of(cls, reveal: object) -> Mentions:
        """The names of the universe of a :class:`~mcugraph.explorer.spoilers.Reveal`, each
        with its reveal step: titles and aliases of works, names, aliases, codenames and other
        names of everything else."""
        from mcugraph.explorer.spoilers import Reveal

        assert isinstance(reveal, Reveal)
        r = reveal
        u = r.universe

        def named() -> Iterator[tuple[str, Step]]:
            for w in u.works.values():
                step = r.works.get(w.id)
                if w.title:
                    yield w.title, step
                yield u.label("work", w.id), step
                for alias in w.aliases:
                    yield alias, step
            tables: list[tuple[dict[str, NamedEntity], dict[str, Step]]] = [
                (u.characters, r.characters),  # type: ignore[list-item]
                (u.people, r.people),  # type: ignore[list-item]
                (u.events, r.events),  # type: ignore[list-item]
                (u.organizations, r.organizations),  # type: ignore[list-item]
                (u.locations, r.locations),  # type: ignore[list-item]
            ]
            for records, steps in tables:
                for record in records.values():
                    step = steps.get(record.id)
                    yield record.name, step
                    for other in record.other_names:
                        yield other.name, step
                    codenames = getattr(record, "codenames", ())
                    for alias in (*record.aliases, *codenames):
                        yield alias, r.alias(record, alias) if record.id in u.characters else step  # type: ignore[arg-type]

        return cls(named(), found=_FOUND.setdefault(u, {}))

    def found(self, text: str) -> list[tuple[str, ...]]:
        """Every name ``text`` mentions, as folded words, overlapping ones included: "Marvel's
        The Punisher Season 2" names the series and its second season."""
        known = self._found.get(text)
        if known is not None:
            return known
        ws = words(text)
        starts = self._starts
        self._found[text] = found = [
            ws[i : i + k]
            for i, w in enumerate(ws)
            if w in starts
            for k in starts[w]
            if i + k <= len(ws) and ws[i : i + k] in self._known
        ]
        return found

    def step(self, text: str | None, own: Step = 0) -> Step:
        """When ``text`` (held by something revealed at ``own``) gives nothing away:
        ``own``, or later if it names something revealed later; ``None`` if it names
        something never revealed."""
        if not text:
            return own
        if text not in self._seen:
            step: Step = 0
            for key in self.found(text):
                step = _later(step, self._steps[key])
                if step is None:
                    break
            self._seen[text] = step
        return _later(own, self._seen[text])
