"""The ``check`` stage of ``mcugraph build``: write the reports, fail on open errors."""

from __future__ import annotations

from pathlib import Path

from mcugraph._io import atomic_write
from mcugraph.continuity.engine import check, default_rules_dir
from mcugraph.continuity.formats import to_json, to_sarif
from mcugraph.errors import MCUGraphError
from mcugraph.model.universe import Universe

__all__ = ["check_stage", "ContinuityError"]


class ContinuityError(MCUGraphError):
    """Unacknowledged error findings remain; the build stops."""


def check_stage(universe: Universe, outdir: Path) -> list[Path]:
    """Write ``check.sarif`` and ``check.json``; raise if an open error finding remains."""
    report = check(universe, rules_dir=default_rules_dir(universe))
    sarif, json_path = outdir / "check.sarif", outdir / "check.json"
    atomic_write(sarif, to_sarif(report))
    atomic_write(json_path, to_json(report))
    failing = report.failing("error")
    if failing:
        first = failing[0]
        more = f" (and {len(failing) - 1} more)" if len(failing) > 1 else ""
        raise ContinuityError(f"continuity check failed: {first}{more}; see {json_path} or run `mcugraph check`")
    return [sarif, json_path]
