"""Dereferencing: what an IRI of the dataset answers, for people (HTML) and for programs (RDF).

Every IRI under the universe's base (records, minted records, the nodes below them, the
dataset itself) is described by the triples whose subject is that IRI or lies below it
(``character/kilgrave`` takes ``character/kilgrave/died`` along), followed by the triples
that point at it. The ontology IRI is described by the shipped ontology, and its shapes
IRI by the shapes. Each description comes in four representations, picked from the
request's ``Accept`` header by :func:`negotiate`: HTML, Turtle, N-Triples and JSON-LD.

>>> negotiate("text/turtle;q=0.9, application/ld+json").name
'jsonld'
>>> negotiate("image/png") is None
True
"""

from __future__ import annotations

import bisect
import html
import json
import urllib.parse
from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

from mcugraph.errors import NotFoundError
from mcugraph.hints import suggest
from mcugraph.model import Universe
from mcugraph.rdf.jsonld import to_jsonld
from mcugraph.rdf.terms import Lit, Object, Triple, lang_lit, sort_key, to_ntriples
from mcugraph.rdf.turtle import Compactor, to_turtle
from mcugraph.rdf.vocab import RDF_TYPE, RDFS, SCHEMA, ontology_of

if TYPE_CHECKING:
    from rdflib import Graph

__all__ = [
    "Representation",
    "REPRESENTATIONS",
    "BY_EXTENSION",
    "negotiate",
    "acceptable",
    "Descriptions",
    "StoreDescriptions",
    "UnknownResource",
    "from_oxigraph",
]


@dataclass(frozen=True, slots=True)
class Representation:
    """One way an IRI's description is written: a name, its media type and the document
    extension that asks for it without negotiation."""

    name: str
    media_type: str
    extension: str
    also: tuple[str, ...] = ()

    @property
    def content_type(self) -> str:
        return f"{self.media_type}; charset=utf-8"


#: In the server's order of preference: a tie in the client's qualities goes to the first.
REPRESENTATIONS: tuple[Representation, ...] = (
    Representation("html", "text/html", "html", ("application/xhtml+xml",)),
    Representation("turtle", "text/turtle", "ttl", ("application/x-turtle",)),
    Representation("ntriples", "application/n-triples", "nt"),
    Representation("jsonld", "application/ld+json", "jsonld", ("application/json",)),
)
BY_EXTENSION = {r.extension: r for r in REPRESENTATIONS}


def _ranges(accept: str) -> list[tuple[str, float]]:
    out = []
    for part in accept.split(","):
        media, *params = (p.strip() for p in part.split(";"))
        if not media:
            continue
        q = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        out.append((media.lower(), q))
    return out


def negotiate(accept: str | None) -> Representation | None:
    """The representation ``accept`` (an HTTP ``Accept`` value) prefers, or None when it
    takes none of them. No header, or ``*/*``, gets HTML."""
    if accept is None or not accept.strip():
        return REPRESENTATIONS[0]
    ranges = _ranges(accept)
    best: tuple[float, int, int] | None = None
    chosen = None
    for order, rep in enumerate(REPRESENTATIONS):
        types = (rep.media_type, *rep.also)
        quality, specificity = -1.0, -1
        for media, q in ranges:
            if media in types:
                level = 2
            elif media.endswith("/*") and rep.media_type.startswith(media[:-1]):  # aliases are not ranged
                level = 1
            elif media == "*/*":
                level = 0
            else:
                continue
            if level > specificity:  # the most specific range that matches decides
                quality, specificity = q, level
        if quality <= 0:
            continue
        key = (quality, specificity, -order)
        if best is None or key > best:
            best, chosen = key, rep
    return chosen


def acceptable() -> str:
    """The media types an IRI answers in, for a 406 message."""
    return ", ".join(r.media_type for r in REPRESENTATIONS)


class UnknownResource(NotFoundError):
    """No description: the IRI names nothing in the dataset."""


class Descriptions:
    """The descriptions of every IRI of one dataset, indexed once.

    ``triples`` is the dataset in canonical order; ``prefixes`` those its Turtle uses.
    """

    def __init__(self, universe: Universe, triples: list[Triple], prefixes: dict[str, str]) -> None:
        self._name(universe.info.name, universe.info.base_iri, universe.info.ontology_iri, prefixes)
        self._by_subject: dict[str, list[Triple]] = defaultdict(list)
        self._by_object: dict[str, list[Triple]] = defaultdict(list)
        for triple in triples:
            self._by_subject[triple[0]].append(triple)
            if not isinstance(triple[2], Lit):
                self._by_object[triple[2]].append(triple)
        self._subjects = sorted(self._by_subject)

    def _name(self, name: str, base_iri: str, namespace: str, prefixes: dict[str, str]) -> None:
        """What every description needs to know of the dataset: its name, base IRI and ontology namespace."""
        self.name = name
        self.base = base_iri
        self.namespace = namespace
        self.prefixes = prefixes
        self.ontology = ontology_of(namespace)
        self.shapes = self.ontology + "/shapes"

    # -- which IRIs ---------------------------------------------------------------

    def knows(self, iri: str) -> bool:
        return iri in self._by_subject or iri in (self.ontology, self.shapes)

    def local_path(self, iri: str) -> str | None:
        """The path this server answers ``iri`` at (the IRI's own path), for IRIs it describes."""
        if not (iri.startswith(self.base) or iri.startswith(self.ontology)):
            return None
        parts = urllib.parse.urlsplit(iri)
        return parts.path + (f"#{parts.fragment}" if parts.fragment else "")

    def iri_at(self, path: str) -> str:
        """The IRI whose description a request for ``path`` asks for."""
        parts = urllib.parse.urlsplit(self.base)
        return f"{parts.scheme}://{parts.netloc}{path}"

    def _unknown(self, iri: str) -> UnknownResource:
        rest = iri[len(self.base) :] if iri.startswith(self.base) else iri
        kind = rest.split("/", 1)[0]
        candidates = [
            s[len(self.base) :]
            for s in self._subjects
            if s.startswith(f"{self.base}{kind}/") and "/" not in s[len(self.base) + len(kind) + 1 :]
        ]
        hint = suggest(rest, candidates) if candidates and len(candidates) < 5000 else ""
        return UnknownResource(f"<{iri}> names nothing in {self.name}{hint}", about="iri")

    # -- the triples ----------------------------------------------------------------

    def triples(self, iri: str) -> list[Triple]:
        """The description of ``iri``: its own triples and those below it, then the links to it."""
        if iri in (self.ontology, self.shapes):
            return self._vocabulary(iri)
        if iri not in self._by_subject:
            raise self._unknown(iri)
        below = iri + "/"
        start = bisect.bisect_left(self._subjects, below)
        own = list(self._by_subject[iri])
        for subject in self._subjects[start:]:
            if not subject.startswith(below):
                break
            own.extend(self._by_subject[subject])
        incoming = [t for t in self._by_object.get(iri, ()) if not t[0].startswith(below) and t[0] != iri]
        return sorted(set(own) | set(incoming), key=sort_key)

    def _vocabulary(self, iri: str) -> list[Triple]:
        graph = self._ontology_graph if iri == self.ontology else self._shapes_graph
        return _plain_triples(graph)

    @cached_property
    def _ontology_graph(self) -> Graph:
        from mcugraph.rdf.shapes import ontology_graph

        return ontology_graph(self.namespace)

    @cached_property
    def _shapes_graph(self) -> Graph:
        from mcugraph.rdf.shapes import shapes_graph

        return shapes_graph(self.namespace)

    # -- the representations ------------------------------------------------------------

    def render(self, iri: str, rep: Representation) -> str:
        """The description of ``iri`` written as ``rep``; :class:`UnknownResource` if there is none."""
        if iri in (self.ontology, self.shapes):
            return self._render_vocabulary(iri, rep)
        triples = self.triples(iri)
        if rep.name == "turtle":
            return to_turtle(triples, self.prefixes)
        if rep.name == "ntriples":
            return to_ntriples(triples)
        if rep.name == "jsonld":
            return to_jsonld(triples, base_iri=self.base, ontology=self.namespace)
        return self._html(iri, triples)

    def _render_vocabulary(self, iri: str, rep: Representation) -> str:
        graph = self._ontology_graph if iri == self.ontology else self._shapes_graph
        if rep.name == "turtle":
            from mcugraph.rdf.shapes import ONTOLOGY_FILE, SHAPES_FILE, packaged_text

            return packaged_text(ONTOLOGY_FILE if iri == self.ontology else SHAPES_FILE, self.namespace)
        if rep.name == "ntriples":
            return "".join(sorted(line + "\n" for line in graph.serialize(format="nt").splitlines() if line.strip()))
        if rep.name == "jsonld":
            return json.dumps(json.loads(graph.serialize(format="json-ld")), indent=1, sort_keys=True) + "\n"
        return self._vocabulary_html(iri, graph)

    # -- HTML ------------------------------------------------------------------------------

    def _href(self, iri: str) -> str:
        local = self.local_path(iri)
        return local if local is not None else iri

    def _link(self, iri: str, compact: Compactor) -> str:
        shown = compact.iri(iri)
        shown = shown[1:-1] if shown.startswith("<") else shown
        return f'<a href="{html.escape(self._href(iri))}">{html.escape(shown)}</a>'

    def _value(self, term: Object, compact: Compactor) -> str:
        if isinstance(term, Lit):
            text = html.escape(term.lexical)
            if term.language:
                return f'<span lang="{html.escape(term.language)}">{text}</span>'
            if term.datatype.endswith("#string"):
                return text
            return f'{text} <span class="type">({html.escape(compact.iri(term.datatype))})</span>'
        return self._link(term, compact)

    def label(self, iri: str) -> str:
        for _, p, o in self._by_subject.get(iri, ()):
            if p in (RDFS + "label", SCHEMA + "name") and isinstance(o, Lit):
                return o.lexical
        return iri

    def _page(self, iri: str, title: str, body: str) -> str:
        path = self.local_path(iri) or ""
        path = path.split("#", 1)[0]
        alternates = "".join(
            f'<link rel="alternate" type="{r.media_type}" href="{html.escape(path)}.{r.extension}">\n'
            for r in REPRESENTATIONS[1:]
        )
        formats = " · ".join(
            f'<a href="{html.escape(path)}.{r.extension}">{html.escape(r.name)}</a>' for r in REPRESENTATIONS[1:]
        )
        return (
            '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{html.escape(title)}</title>\n{alternates}"
            "<style>body{font:16px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem}"
            "table{border-collapse:collapse;width:100%}td,th{border-top:1px solid #ddd;padding:.3rem .5rem;"
            "text-align:left;vertical-align:top}th{width:14rem;font-weight:600}.type,.iri{color:#666}</style>\n"
            f"</head><body>\n<h1>{html.escape(title)}</h1>\n"
            f'<p class="iri"><code>{html.escape(iri)}</code></p>\n'
            f'<p>Also as {formats} · in <a href="/">{html.escape(self.name)}</a></p>\n'
            f"{body}</body></html>\n"
        )

    def _html(self, iri: str, triples: list[Triple]) -> str:
        compact = Compactor(self.prefixes)
        own: dict[str, list[Triple]] = defaultdict(list)
        incoming: list[Triple] = []
        below = iri + "/"
        for t in triples:
            if t[0] == iri or t[0].startswith(below):
                own[t[0]].append(t)
            else:
                incoming.append(t)
        sections = []
        for subject in sorted(own, key=lambda s: (s != iri, s)):
            rows = "".join(
                f"<tr><th>{self._link(p, compact)}</th><td>{self._value(o, compact)}</td></tr>\n"
                for _, p, o in sorted(own[subject], key=lambda t: (t[1] != RDF_TYPE, sort_key(t)))
            )
            heading = (
                ""
                if subject == iri
                else f'<h2 id="{html.escape(subject[len(below) :])}">{self._link(subject, compact)}</h2>\n'
            )
            sections.append(f"{heading}<table>\n{rows}</table>\n")
        if incoming:
            rows = "".join(
                f"<tr><td>{self._link(s, compact)}</td><th>{self._link(p, compact)}</th></tr>\n" for s, p, _ in incoming
            )
            sections.append(f"<h2>Links here</h2>\n<table>\n{rows}</table>\n")
        return self._page(iri, self.label(iri), "".join(sections))

    def _vocabulary_html(self, iri: str, graph: Graph) -> str:
        compact = Compactor(self.prefixes)
        by_subject: dict[str, list[tuple[str, Object]]] = defaultdict(list)
        for s, p, o in _plain_triples(graph):
            by_subject[s].append((p, o))
        sections = []
        for subject in sorted(by_subject, key=lambda s: (s != iri, s)):
            anchor = urllib.parse.urlsplit(subject).fragment
            rows = "".join(
                f"<tr><th>{self._link(p, compact)}</th><td>{self._value(o, compact)}</td></tr>\n"
                for p, o in sorted(by_subject[subject])
            )
            ident = f' id="{html.escape(anchor)}"' if anchor else ""
            sections.append(f"<h2{ident}>{self._link(subject, compact)}</h2>\n<table>\n{rows}</table>\n")
        title = "Shapes" if iri == self.shapes else "Ontology"
        return self._page(iri, f"{title}: {iri}", "".join(sections))


class StoreDescriptions(Descriptions):
    """The same descriptions, read from an Oxigraph store one IRI at a time: nothing is indexed in memory.

    ``graph`` names the store's graph that holds the data. The nodes below an IRI are
    found by following its links down (``character/kilgrave`` links to
    ``character/kilgrave/died``): every node the converter mints below a record is linked
    from the record or from a node between them. An unknown IRI gets no "did you mean":
    that would need every IRI of its kind.
    """

    def __init__(
        self, store: Any, graph: Any, *, name: str, base_iri: str, namespace: str, prefixes: dict[str, str]
    ) -> None:
        self._name(name, base_iri, namespace, prefixes)
        self.store = store
        self.graph = graph

    def _about(self, iri: str, *, incoming: bool = False) -> list[Triple]:
        import pyoxigraph as ox

        try:
            node = ox.NamedNode(iri)
        except ValueError:  # not an IRI at all: it names nothing
            return []
        pattern = (None, None, node) if incoming else (node, None, None)
        return [from_oxigraph(q) for q in self.store.quads_for_pattern(*pattern, self.graph)]

    def knows(self, iri: str) -> bool:
        return iri in (self.ontology, self.shapes) or bool(self._about(iri))

    def _unknown(self, iri: str) -> UnknownResource:
        return UnknownResource(f"<{iri}> names nothing in {self.name}", about="iri")

    def triples(self, iri: str) -> list[Triple]:
        if iri in (self.ontology, self.shapes):
            return self._vocabulary(iri)
        own = self._about(iri)
        if not own:
            raise self._unknown(iri)
        below = iri + "/"
        seen = {iri}
        todo = [iri]
        found: list[Triple] = []
        while todo:
            subject = todo.pop()
            triples = own if subject == iri else self._about(subject)
            found.extend(triples)
            for _, _, o in triples:
                if isinstance(o, str) and o.startswith(below) and o not in seen:
                    seen.add(o)
                    todo.append(o)
        incoming = [t for t in self._about(iri, incoming=True) if not t[0].startswith(below) and t[0] != iri]
        return sorted(set(found) | set(incoming), key=sort_key)

    def label(self, iri: str) -> str:
        for _, p, o in sorted(self._about(iri), key=sort_key):
            if p in (RDFS + "label", SCHEMA + "name") and isinstance(o, Lit):
                return o.lexical
        return iri


def from_oxigraph(triple: Any) -> Triple:
    """A pyoxigraph ``Triple`` (or ``Quad``) in this package's terms; blank nodes as ``_:id``."""

    def node(term: Any) -> str:
        return str(term.value) if type(term).__name__ == "NamedNode" else f"_:{term.value}"

    o = triple.object
    if type(o).__name__ == "Literal":
        obj: Object = Lit(o.value, o.datatype.value, o.language) if o.language else Lit(o.value, o.datatype.value)
    else:
        obj = node(o)
    return (node(triple.subject), str(triple.predicate.value), obj)


def _plain_triples(graph: Graph) -> list[Triple]:
    """An rdflib graph's triples as this package's terms; blank nodes as ``_:id``."""
    from rdflib import BNode, Literal

    def term(value: Any) -> Object:
        if isinstance(value, Literal):
            if value.language:
                return lang_lit(str(value), value.language)
            return Lit(str(value), str(value.datatype) if value.datatype else Lit("").datatype)
        if isinstance(value, BNode):
            return f"_:{value}"
        return str(value)

    out = [(str(s) if not isinstance(s, BNode) else f"_:{s}", str(p), term(o)) for s, p, o in graph]
    return sorted(out, key=sort_key)
