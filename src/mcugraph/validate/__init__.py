"""Validation: from YAML nodes to a checked :class:`~mcugraph.model.Universe`."""

from mcugraph.validate.loader import build_universe, parse_universe, read_universe

__all__ = ["build_universe", "parse_universe", "read_universe"]
