"""Where mcugraph keeps its caches (explorer layouts).

``$MCUGRAPH_CACHE_DIR`` wins (``off``, ``none``, ``0`` or empty turns caching off); else
``$XDG_CACHE_HOME/mcugraph`` when that is an absolute path (the XDG spec says to ignore a
relative one); else ``~/.cache/mcugraph``. Nothing here imports more than the standard
library, so any module may ask cheaply.
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["cache_dir"]

_OFF = ("", "off", "none", "0")


def cache_dir() -> Path | None:
    """The cache folder, or None when caching is off or no home folder can be found."""
    configured = os.environ.get("MCUGRAPH_CACHE_DIR")
    if configured is not None:
        return None if configured.strip().lower() in _OFF else Path(configured)
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    if os.path.isabs(xdg):
        return Path(xdg) / "mcugraph"
    try:
        return Path.home() / ".cache" / "mcugraph"
    except RuntimeError:  # no home folder to be found
        return None
