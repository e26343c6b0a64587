"""The on-disk store: a large universe's export in an Oxigraph store on disk, kept while the data is unchanged.

``mcugraph query --store DIR`` and ``mcugraph serve --store DIR`` open a store folder
with :func:`open_store`. The first time, and whenever a YAML file of the universe has
changed since, the store is built in a process of its own (:mod:`.build`) and swapped
in atomically (:mod:`.folder`); otherwise it is opened as it is, without reading the
universe, which at 1000x saves a minute and 6.7 GB (:mod:`.fingerprint` tells).

>>> from mcugraph.disk import open_store
>>> with open_store("/tmp/mcu-store", "data/universe.yaml") as disk:  # doctest: +SKIP
...     len(disk.query_store().store) > 10_000
True
"""

from __future__ import annotations

from mcugraph.disk.folder import LOCK, MANIFEST, DiskStore, NotAStore, StoreBusy, open_store, read_manifest
from mcugraph.errors import StoreError

__all__ = ["open_store", "DiskStore", "StoreError", "NotAStore", "StoreBusy", "MANIFEST", "LOCK", "read_manifest"]
