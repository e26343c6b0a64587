"""The continuity package has no import cycles: the solver and the timeline know nothing of
rules, the lives nothing of the registry, and the rules sit on top of them all."""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx

import mcugraph.continuity

PACKAGE = Path(mcugraph.continuity.__file__).parent


def _imports(path: Path) -> set[str]:
    """The continuity modules a module imports, anywhere in its text (lazy imports too)."""
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            if node.module == "mcugraph.continuity":
                out.update(alias.name for alias in node.names if (PACKAGE / f"{alias.name}.py").exists())
            elif node.module.startswith("mcugraph.continuity."):
                out.add(node.module.split(".")[2])
        elif isinstance(node, ast.Import):
            out.update(a.name.split(".")[2] for a in node.names if a.name.startswith("mcugraph.continuity."))
    return out


def test_no_module_of_the_package_imports_itself_back() -> None:
    graph = nx.DiGraph()
    for path in PACKAGE.glob("*.py"):
        if path.stem == "__init__":
            continue
        graph.add_node(path.stem)
        for target in _imports(path) - {path.stem}:
            graph.add_edge(path.stem, target)
    assert {"solver", "timeline", "lives", "registry", "life"} <= set(graph)
    assert list(nx.simple_cycles(graph)) == []
    # the layers: the solver and the timeline below everything that reasons about findings
    for low in ("solver", "words", "timeline", "lives"):
        assert not nx.descendants(graph, low) & {"registry", "findings", "engine", "life", "placement"}, low
