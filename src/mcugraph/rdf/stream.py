"""The export as a stream of N-Triples lines, in canonical order, description included.

Publishing and the on-disk store read the export through :func:`ntriples_lines`, so none
of them needs the whole text at once. (Provisional body: it still builds the dataset in
memory; the streaming writer replaces it without changing the interface.)
"""

from __future__ import annotations

from collections.abc import Iterator

from mcugraph.model import Universe

__all__ = ["ntriples_lines"]


def ntriples_lines(universe: Universe, *, positions: bool = False) -> Iterator[str]:
    """Each line of the universe's N-Triples export (``"<s> <p> o .\\n"``), in order.

    The lines joined are exactly ``RdfDataset(universe, positions=positions).ntriples``.
    """
    from mcugraph.rdf.dataset import RdfDataset

    yield from RdfDataset(universe, positions=positions).ntriples.splitlines(keepends=True)
