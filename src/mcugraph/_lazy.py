"""Names a package exports but imports only on first use (PEP 562's module ``__getattr__``).

A package that keeps heavy modules out of ``import`` lists each lazy name with the
submodule that defines it::

    __getattr__, __dir__ = lazy_names(__name__, {"to_json": "formats"}, __all__)

The first look-up imports the submodule and stores the value in the package, so later
look-ups do not come back here.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Iterable, Mapping
from typing import Any

__all__ = ["lazy_names"]


def lazy_names(
    package: str, homes: Mapping[str, str], exported: Iterable[str] = ()
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """The ``__getattr__`` and ``__dir__`` of ``package``, which loads ``name`` from
    ``package.homes[name]`` when it is first asked for."""
    namespace = sys.modules[package].__dict__
    listed = tuple(exported)

    def __getattr__(name: str) -> Any:
        home = homes.get(name)
        if home is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(f"{package}.{home}"), name)
        namespace[name] = value  # later look-ups find it without calling this function
        return value

    def __dir__() -> list[str]:
        return sorted({*namespace, *homes, *listed})

    return __getattr__, __dir__
