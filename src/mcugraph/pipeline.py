"""``mcugraph build``: every artifact derived from one validated universe.

Each stage is a function ``(universe, outdir) -> list[Path]`` named in ``STAGES``; it
imports what it needs when it runs, and writes atomically.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from mcugraph.model import Universe

__all__ = ["STAGES", "BuildResult", "build"]

#: (name, "module:function") of each build stage, run in this order.
STAGES: list[tuple[str, str]] = [
    ("check", "mcugraph.continuity.stage:check_stage"),
    ("explorer", "mcugraph.explorer:build_stage"),
    ("rdf", "mcugraph.rdf.stage:build_stage"),
]


@dataclass(frozen=True, slots=True)
class BuildResult:
    outdir: Path
    written: tuple[Path, ...]


def build(universe: Universe, outdir: str | Path, *, progress: Callable[[str], None] | None = None) -> BuildResult:
    """Run every stage into ``outdir`` and return what was written."""
    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for name, target in STAGES:
        module_name, _, func_name = target.partition(":")
        stage = getattr(importlib.import_module(module_name), func_name)
        if progress is not None:
            progress(name)
        written.extend(stage(universe, out))
    return BuildResult(out, tuple(written))
