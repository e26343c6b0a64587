"""The RDF exports written as they are made, without the whole export in memory.

The converter hands its triples over one by one. Every :data:`RUN` distinct triples are
sorted and spilled to a run file, as their sort keys (:func:`~mcugraph.rdf.terms.sort_key`
strings sort as they are and give the triples back). The runs are then merged
(``heapq.merge``); a triple made twice in two runs meets itself there and is dropped, so
the merge yields exactly the sorted, distinct triples of
:attr:`~mcugraph.rdf.dataset.RdfDataset.data`, and each format writes its blocks as they come
(:mod:`mcugraph.rdf.blocks`: the same writers as the in-memory exports).

The VoID/DCAT description (:func:`~mcugraph.rdf.describe.describe`) counts the whole
data, yet sorts in the middle of it: its subjects all start with the dataset's IRI,
``{base}dataset``, between the data's ``credit/`` and ``event/`` records. So the data that
sorts after it is written, in the format's text, to a temporary file while the merge
counts; the description follows the data before it, then that file is copied in. (A data
subject that starts with the dataset's IRI too, which no converter record makes, is held
in memory and merged with the description, so the order is the in-memory one whatever
the IRIs.) Turtle's opening lists the prefixes its blocks used, so its blocks before the
description wait in a file too.

Publishing and the on-disk store read the export through :func:`ntriples_lines`. A
universe of one run (the shipped one) never touches the disk: it is sorted in memory, as
:class:`~mcugraph.rdf.dataset.RdfDataset` does. Temporary files go to one folder, beside
the output or in the system's temporary folder, removed however the export ends.
"""

from __future__ import annotations

import contextlib
import heapq
import marshal
import os
import tempfile
from collections.abc import Callable, Generator, Iterator, Mapping
from itertools import groupby
from operator import itemgetter
from pathlib import Path
from typing import IO

from mcugraph._io import open_atomic
from mcugraph._perf import paused_gc
from mcugraph.errors import OutputError
from mcugraph.model import Universe
from mcugraph.rdf.blocks import BlockSink, BlockWriter, NTriplesWriter, render
from mcugraph.rdf.convert import _Converter
from mcugraph.rdf.describe import Summary, Tally, dataset_iri, describe
from mcugraph.rdf.terms import Triple, from_sort_key, mover, sort_key
from mcugraph.rdf.vocab import MCG, prefixes_for

__all__ = ["RUN", "RDF_FORMATS", "ntriples_lines", "write_rdf", "write_rdf_to"]

#: Distinct triples sorted in memory at a time (about 100 MB of them at their largest):
#: a universe of fewer is exported without temporary files.
RUN = 250_000
#: The formats written here.
RDF_FORMATS = ("turtle", "ntriples", "jsonld")
#: keys per record of a run file
_BATCH = 4_096
#: blocks made before their text is handed on
_BLOCKS = 1_024
#: characters read back at a time from a temporary file
_READ = 1 << 20


def ntriples_lines(universe: Universe, *, positions: bool = False, run_size: int | None = None) -> Iterator[str]:
    """Each line of the universe's N-Triples export (``"<s> <p> o .\\n"``), in order.

    The lines joined are exactly ``RdfDataset(universe, positions=positions).ntriples``.
    A large universe goes through temporary files, removed when the lines are all read or
    the iterator is closed.
    """
    export = _Export(universe, [NTriplesWriter()], positions=positions, run_size=run_size)
    with contextlib.closing(export.pieces()) as pieces:
        carry = ""
        for _, text in pieces:
            lines = (carry + text).split("\n")  # not splitlines: U+2028 and the like stay inside a literal
            carry = lines.pop()
            for line in lines:
                yield line + "\n"
        if carry:
            yield carry


def write_rdf(
    universe: Universe,
    paths: Mapping[str, str | os.PathLike[str]],
    *,
    positions: bool = False,
    data_url: str | None = None,
    endpoint: str | None = None,
    run_size: int | None = None,
) -> list[Triple]:
    """Write the export in each format of ``paths`` (format -> file) from one conversion,
    and return its description (the VoID/DCAT triples, in canonical order).

    Each file is written atomically: a failure leaves every target as it was. The
    temporary files go beside the first one. ``data_url`` and ``endpoint`` are as for
    :class:`~mcugraph.rdf.dataset.RdfDataset`; ``run_size`` is :data:`RUN` unless given.
    """
    writers = [_writer(universe, format) for format in paths]
    targets = [Path(p) for p in paths.values()]
    for target in targets:
        if target.is_dir():
            raise OutputError(f"cannot write {target}: it is a folder; give a file name such as {target / 'export'}")
    export = _Export(
        universe,
        writers,
        positions=positions,
        run_size=run_size,
        data_url=data_url,
        endpoint=endpoint,
        folder=targets[0].parent,
    )
    with contextlib.ExitStack() as stack:
        handles = [stack.enter_context(open_atomic(target)) for target in targets]
        try:
            with contextlib.closing(export.pieces()) as pieces:
                for i, text in pieces:
                    handles[i].write(text)
        except OSError as exc:  # the disk filled up, or the temporary folder cannot be made
            where = targets[0] if len(targets) == 1 else targets[0].parent
            raise OutputError(f"cannot write {where}: {exc.strerror or exc}") from None
    return export.description


def write_rdf_to(
    universe: Universe, handle: IO[str], *, format: str, positions: bool = False, run_size: int | None = None
) -> None:
    """Write the export in ``format`` to an open text stream as it is made (standard output).

    Temporary files, if the universe needs them, go to the system's temporary folder.
    """
    export = _Export(universe, [_writer(universe, format)], positions=positions, run_size=run_size)
    with contextlib.closing(export.pieces()) as pieces:
        for _, text in pieces:
            handle.write(text)


def _writer(universe: Universe, format: str) -> BlockWriter:
    info = universe.info
    if format == "ntriples":
        return NTriplesWriter()
    if format == "turtle":  # imported here: the N-Triples lines need neither writer
        from mcugraph.rdf.turtle import TurtleWriter

        return TurtleWriter(prefixes_for(info.base_iri, info.ontology_iri))
    if format == "jsonld":
        from mcugraph.rdf.jsonld import JsonLdWriter

        return JsonLdWriter(base_iri=info.base_iri, ontology=info.ontology_iri)
    raise ValueError(f"no streaming writer for {format!r}: use one of {', '.join(RDF_FORMATS)}")


class _Runs(_Converter):
    """The converter, spilling every ``run_size`` distinct triples to a sorted run file."""

    def __init__(self, universe: Universe, *, positions: bool, run_size: int, folder: Callable[[], Path]) -> None:
        super().__init__(universe, positions=positions)
        self.run_size = run_size
        self.folder = folder
        self.move = mover(MCG, universe.info.ontology_iri)
        self.paths: list[Path] = []

    def fill(self) -> None:
        # looked at after each record, not each triple: a run may pass its size by one record's triples
        for _ in self.records():
            if len(self.out) >= self.run_size:
                self.spill()

    def sorted_keys(self) -> list[str]:
        """The sort keys of the triples not spilled yet, terms moved to the universe's
        namespace, sorted; the triples are let go of."""
        out, self.out = self.out, set()
        keys = [sort_key(t) for t in (out if self.move is None else map(self.move, out))]
        del out
        keys.sort()
        return keys

    def spill(self) -> None:
        keys = self.sorted_keys()
        path = self.folder() / f"run-{len(self.paths):05d}"
        with open(path, "wb") as handle:
            for start in range(0, len(keys), _BATCH):
                marshal.dump(keys[start : start + _BATCH], handle)
        self.paths.append(path)


def _read_run(path: Path) -> Generator[str, None, None]:
    with open(path, "rb") as handle:
        while True:
            try:
                batch = marshal.load(handle)
            except EOFError:
                return
            yield from batch


class _Export:
    """One conversion written by several writers: :meth:`pieces` gives their text in order,
    and :attr:`description` is the description once it is made."""

    def __init__(
        self,
        universe: Universe,
        writers: list[BlockWriter],
        *,
        positions: bool,
        run_size: int | None,
        data_url: str | None = None,
        endpoint: str | None = None,
        folder: Path | None = None,
    ) -> None:
        self.universe = universe
        self.writers = writers
        self.positions = positions
        self.run_size = RUN if run_size is None else run_size
        if self.run_size < 1:
            raise ValueError(f"run_size must be 1 or more, not {self.run_size}")
        self.data_url = data_url
        self.endpoint = endpoint
        self.folder = folder
        self.description: list[Triple] = []

    def describe(self, data: list[Triple] | Summary) -> list[Triple]:
        self.description = describe(self.universe, data, data_url=self.data_url, endpoint=self.endpoint)
        return self.description

    def pieces(self) -> Generator[tuple[int, str], None, None]:
        """The text of each writer's document, in order, in pieces: ``(writer index, text)``."""
        made: list[tempfile.TemporaryDirectory[str]] = []

        def workdir() -> Path:
            if not made:
                made.append(tempfile.TemporaryDirectory(prefix=".mcugraph-export-", dir=self.folder))
            return Path(made[0].name)

        try:
            runs = _Runs(self.universe, positions=self.positions, run_size=self.run_size, folder=workdir)
            with paused_gc():  # as in to_triples: many small tuples, none in a cycle
                runs.fill()
            if runs.paths:
                yield from self._merge(runs, workdir())
                return
            with paused_gc():  # one run: sorted in memory, as RdfDataset sorts it
                data = runs.result()
                triples = list(heapq.merge(data, self.describe(data), key=sort_key))
            for i, writer in enumerate(self.writers):
                yield i, render(writer, triples)
        finally:
            for temporary in made:
                temporary.cleanup()

    def _merge(self, runs: _Runs, workdir: Path) -> Iterator[tuple[int, str]]:
        """The documents of several runs: merged, counted, the description in its place."""
        writers = self.writers
        bound = dataset_iri(self.universe)  # every subject of the description starts with it
        readers = [_read_run(path) for path in runs.paths]
        keys = heapq.merge(*readers, runs.sorted_keys())
        tally = Tally()
        middle: list[Triple] = []  # data that would sort among the description: none, in practice
        heads = [BlockSink(writer, first=True) for writer in writers]
        tails = [BlockSink(writer, first=False) for writer in writers]  # the description comes before
        with contextlib.ExitStack() as files:

            def temporary(name: str) -> IO[str]:
                return files.enter_context(open(workdir / name, "w+", encoding="utf-8", newline="\n"))

            head_files = [None if w.opening_first else temporary(f"head-{i}") for i, w in enumerate(writers)]
            tail_files = [temporary(f"tail-{i}") for i in range(len(writers))]
            for i, writer in enumerate(writers):
                if writer.opening_first:
                    yield i, writer.opening()
            distinct = (key for key, _ in groupby(keys))  # a triple made in two runs: side by side
            for subject, group in groupby(map(from_sort_key, distinct), key=itemgetter(0)):
                rows = list(group)
                tally.extend(rows)
                if subject.startswith(bound):
                    middle += rows
                    continue
                ahead = subject < bound
                for i, sink in enumerate(heads if ahead else tails):
                    sink.add(subject, rows)
                    if sink.pending >= _BLOCKS:
                        file = head_files[i] if ahead else tail_files[i]
                        if file is None:
                            yield i, sink.take()
                        else:
                            file.write(sink.take())
            for reader in readers:
                reader.close()
            for path in runs.paths:
                os.unlink(path)  # the disk they take is needed for the output
            rest = list(heapq.merge(middle, self.describe(tally.summary()), key=sort_key))
            for i, writer in enumerate(writers):
                head, tail, head_file, tail_file = heads[i], tails[i], head_files[i], tail_files[i]
                head.extend(rest)
                tail_file.write(tail.take())
                if head_file is None:
                    yield i, head.take()
                else:
                    head_file.write(head.take())
                    yield i, writer.opening()
                    yield from _read_back(i, head_file)
                yield from _read_back(i, tail_file)
                yield i, writer.closing(head.blocks + tail.blocks)


def _read_back(index: int, handle: IO[str]) -> Iterator[tuple[int, str]]:
    handle.seek(0)
    while text := handle.read(_READ):
        yield index, text
    handle.close()
