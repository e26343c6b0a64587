"""The fans' offline explorer: one self-contained HTML file with a spoiler shield.

>>> import mcugraph
>>> from mcugraph.explorer import write_html
>>> write_html(mcugraph.load("data/universe.yaml"), "explorer.html")  # doctest: +SKIP
PosixPath('explorer.html')
"""

from __future__ import annotations

from pathlib import Path

from mcugraph.explorer.page import to_html, write_html
from mcugraph.explorer.spoilers import Reveal, reveal, shield
from mcugraph.explorer.watch import WatchOrder, WatchStep, watch_order
from mcugraph.model import Universe

__all__ = [
    "to_html",
    "write_html",
    "build_stage",
    "shield",
    "reveal",
    "Reveal",
    "watch_order",
    "WatchOrder",
    "WatchStep",
]


def build_stage(universe: Universe, outdir: Path) -> list[Path]:
    """The ``mcugraph build`` stage: the explorer as ``index.html`` in the output folder."""
    return [write_html(universe, Path(outdir) / "index.html")]
