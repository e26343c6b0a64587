"""A small invented universe that uses every field the RDF export knows about."""

from __future__ import annotations

from pathlib import Path

import pytest

import mcugraph
from mcugraph.model import Universe

RICH_YAML = (Path(__file__).parent / "harbor.yaml").read_text(encoding="utf-8")
#: the ontology namespace of a universe that names its own (the ``own`` fixture)
OWN = "https://ontology.example.net/story#"

TINY_YAML = """
universe: {id: tiny, name: Tiny, base_iri: "https://example.org/tiny#", license: CC0-1.0}
works:
  - {id: one, kind: film, title: "One", released: 2001-01-01}
people:
  - {id: al, name: Al}
characters:
  - {id: hero, name: Hero}
portrayals:
  - {person: al, character: hero, works: [one]}
"""


@pytest.fixture(scope="session")
def rich() -> Universe:
    return mcugraph.loads(RICH_YAML)


@pytest.fixture(scope="session")
def tiny() -> Universe:
    return mcugraph.loads(TINY_YAML)


@pytest.fixture(scope="session")
def own() -> Universe:
    """The rich universe under its own ontology namespace, :data:`OWN`."""
    text = RICH_YAML.replace(
        "  base_iri: https://example.org/harbor/\n",
        f"  base_iri: https://example.org/harbor/\n  ontology_iri: '{OWN}'\n",
    )
    assert text != RICH_YAML
    return mcugraph.loads(text)
