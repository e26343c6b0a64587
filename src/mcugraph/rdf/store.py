"""The universe in a bare Oxigraph store: SPARQL over the export without rdflib.

:func:`to_store` returns a ``pyoxigraph.Store`` holding exactly the triples of the export
(``RdfDataset(universe).triples``: the data and its VoID/DCAT description). House rules
query it directly: importing rdflib and building an rdflib graph would cost
more than converting the universe.

The store keeps neither order nor duplicates, so this path skips what the exports need
for byte-identical output (sorting, deduplicating, triples as tuples): the converter
writes each triple straight as an N-Triples line, and every :data:`CHUNK` lines go to
Oxigraph in one load. A universe of one chunk (the shipped one) is loaded in one call.
A larger one is loaded on a helper thread while the converter writes the next chunk:
Oxigraph releases the interpreter while it parses, so the two overlap (at 200,000
triples, a third less time). With small chunks the hand-overs would cost more than they
save: a waiting thread gets the interpreter back only every few milliseconds. The
description's counts are gathered on the way; the number of distinct triples is the
store's own count once the data is in.

With ``only`` (a :class:`~mcugraph.sparql.footprint.Footprint`), the store holds just the
triples a set of queries can match: the converter still walks every record, but the
other triples are neither written nor loaded. At 100,000 entities a house rule that reads
three predicates loads 112,000 of its 1.5 million triples. The description is left out then,
unless the footprint reaches it, in which case the whole export is loaded, counts right.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from mcugraph._perf import paused_gc
from mcugraph.model import Universe
from mcugraph.rdf.convert import TAGGED, _Converter
from mcugraph.rdf.describe import Summary, describe
from mcugraph.rdf.terms import RDF_LANGSTRING, Lit, Object, nt_literal, to_ntriples
from mcugraph.rdf.vocab import MCG, RDF_TYPE

if TYPE_CHECKING:
    from pyoxigraph import Store

    from mcugraph.sparql.footprint import Footprint

__all__ = ["to_store"]

#: N-Triples lines loaded at a time (about 3 MB of text): the text of a large universe is
#: never all in memory at once
CHUNK = 20_000


def to_store(universe: Universe, *, positions: bool = False, only: Footprint | None = None) -> Store:
    """A new in-memory ``pyoxigraph.Store`` holding the universe's export, description included.

    ``positions`` is as for :func:`~mcugraph.rdf.convert.to_triples`. The triples go to the
    default graph. With ``only``, the store may hold just the triples that footprint keeps:
    the queries it was taken from give the same answers on it as on the whole export.

    >>> import mcugraph
    >>> store = to_store(mcugraph.load("data/universe.yaml"))  # doctest: +SKIP
    >>> len(store) > 10_000  # doctest: +SKIP
    True
    """
    import pyoxigraph as ox

    if universe.info.ontology_iri != MCG:
        # the writer streams terms as written, under the default namespace: this universe's
        # terms live elsewhere, so it is loaded from the converter's moved triples
        from mcugraph.rdf.dataset import RdfDataset

        store = ox.Store()
        _load(store, RdfDataset(universe, positions=positions).ntriples)
        return store
    if only is not None and _reaches_description(universe, only):
        only = None
    store = ox.Store()
    loader = _Loader(store)
    try:
        with paused_gc():
            writer = (
                _Writer(universe, loader.put, positions=positions)
                if only is None
                else _FilteredWriter(universe, loader.put, positions=positions, keep=only)
            )
            writer.fill()
        loader.finish(writer.rest())
    except BaseException:
        loader.stop(cancel=True)
        raise
    if only is not None:
        return store
    # every data triple is in: the store counts the distinct ones
    summary = Summary(len(store), len(writer.subjects), frozenset(writer.predicates), writer.classes())
    _load(store, to_ntriples(describe(universe, summary)))
    return store


def _load(store: Store, text: str) -> None:
    import pyoxigraph as ox

    # lenient: the text is our own canonical export; re-validating its IRIs is a third of the load
    store.load(text, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.DefaultGraph(), lenient=True)


class _Writer(_Converter):
    """The converter, writing N-Triples lines and handing them on every :data:`CHUNK` lines."""

    def __init__(self, universe: Universe, hand_on: Callable[[str], None], *, positions: bool) -> None:
        super().__init__(universe, positions=positions)
        self.hand_on = hand_on
        self.lines: list[str] = []
        self.subjects: set[str] = set()
        self.predicates: set[str] = set()
        self.typed: set[tuple[str, str]] = set()

    def add(self, s: str, p: str, o: Object) -> None:
        lines = self.lines
        if isinstance(o, Lit):
            if p in TAGGED and o.language is None:
                o = Lit(o.lexical, RDF_LANGSTRING, self.language)
            lines.append(f"<{s}> <{p}> {nt_literal(o)} .\n")
        else:
            lines.append(f"<{s}> <{p}> <{o}> .\n")
            if p == RDF_TYPE:
                self.typed.add((s, o))
        self.subjects.add(s)
        self.predicates.add(p)
        if len(lines) >= CHUNK:
            self.flush()

    def flush(self) -> None:
        self.hand_on(self.rest())

    def rest(self) -> str:
        """The lines not handed on yet, as one text."""
        text = "".join(self.lines)
        self.lines.clear()
        return text

    def classes(self) -> tuple[tuple[str, int], ...]:
        members: dict[str, int] = {}
        for _, cls in self.typed:
            members[cls] = members.get(cls, 0) + 1
        return tuple(sorted(members.items()))


def _reaches_description(universe: Universe, only: Footprint) -> bool:
    """Could a query with this footprint match a triple of the description (counts aside)?"""
    return any(
        only.keeps(p, o if isinstance(o, str) else o.lexical)
        for _, p, o in describe(universe, Summary(0, 0, frozenset(), ()))
    )


class _FilteredWriter(_Writer):
    """The writer, leaving out every triple its footprint does not keep."""

    def __init__(self, universe: Universe, hand_on: Callable[[str], None], *, positions: bool, keep: Footprint) -> None:
        super().__init__(universe, hand_on, positions=positions)
        self.keep = keep

    def add(self, s: str, p: str, o: Object) -> None:
        keep = self.keep
        if p in keep.predicates and (p != RDF_TYPE or keep.classes is None or o in keep.classes):
            super().add(s, p, o)


class _Loader:
    """Loads the chunks it is handed, in order, on a thread started with the first one."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.pending: queue.SimpleQueue[str | None] = queue.SimpleQueue()
        self.failed: list[BaseException] = []
        self.thread: threading.Thread | None = None
        self.cancelled = False

    def put(self, text: str) -> None:
        """A full chunk; more follow."""
        if self.thread is None:
            self.thread = threading.Thread(target=self._work, name="mcugraph-load", daemon=True)
            self.thread.start()
        self.pending.put(text)

    def finish(self, text: str) -> None:
        """The last chunk: loaded, with every chunk before it, when this returns."""
        if self.thread is None:
            _load(self.store, text)
            return
        self.pending.put(text)
        self.stop()
        if self.failed:
            raise self.failed[0]

    def stop(self, *, cancel: bool = False) -> None:
        """Wait for the thread to end; with ``cancel``, it skips what it has not loaded yet."""
        self.cancelled = cancel
        if self.thread is not None:
            self.pending.put(None)
            self.thread.join()
            self.thread = None

    def _work(self) -> None:
        while (text := self.pending.get()) is not None:
            if self.failed or self.cancelled:
                continue
            try:
                _load(self.store, text)
            except BaseException as exc:  # raised on the caller's thread by finish()
                self.failed.append(exc)
