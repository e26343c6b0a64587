"""Binding parameters as VALUES blocks, for stores that take no bindings over HTTP.

The embedded engine binds a curated query's parameters as RDF terms (never pasted into
the text). A remote SPARQL endpoint (Oxigraph server, Fuseki, …) has no such channel, so
to run the same curated query there the terms go into ``VALUES`` blocks that open every
``WHERE`` group, subqueries included: that gives the same answers as binding the variable
everywhere (SEP-0007). The terms must already be written in N-Triples/Turtle syntax
(``<iri>``, ``"text"``), as ``str()`` of a pyoxigraph term gives them.
"""

from __future__ import annotations

import re

__all__ = ["bind_as_values"]


def bind_as_values(text: str, values: dict[str, str]) -> str:
    """``text`` with each ``name -> term`` bound by a VALUES block in every WHERE group."""
    if not values:
        return text
    block = " " + " ".join(f"VALUES ?{name} {{ {term} }}" for name, term in values.items()) + " "
    form = re.search(r"^(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", text, re.M)
    if form is None:
        raise ValueError("not a SPARQL query form (SELECT, ASK, CONSTRUCT or DESCRIBE)")
    head, body = text[: form.start()], text[form.start() :]
    if not re.search(r"\bWHERE\s*\{", body):  # ASK { … }
        at = body.index("{") + 1
        return head + body[:at] + block + body[at:]
    return head + re.sub(r"(\bWHERE\s*\{)", lambda m: m.group(1) + block, body)
