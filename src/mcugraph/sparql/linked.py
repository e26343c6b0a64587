"""The Linked Data routes of ``mcugraph serve``: every IRI of the dataset answers at its own path.

An IRI such as ``https://w3id.org/mcugraph/mcu/character/jessica-jones`` is answered at
the path ``/mcugraph/mcu/character/jessica-jones`` of the server: once w3id.org redirects
the namespace to a host that runs ``serve`` (docs/w3id/.htaccess), the IRI itself
resolves. The answer is negotiated directly on that path (200 with ``Vary: Accept``, no
303): HTML for browsers, Turtle, N-Triples or JSON-LD by ``Accept``, and
``Content-Location`` names the document (``….ttl``) that gives the same bytes without
negotiation. An IRI the dataset does not hold gets 404; an ``Accept`` that takes none of
the four gets 406 with the list.
"""

from __future__ import annotations

import asyncio
import urllib.parse
from typing import Any

from mcugraph.model import Universe
from mcugraph.rdf.dataset import RdfDataset
from mcugraph.rdf.deref import (
    BY_EXTENSION,
    Descriptions,
    Representation,
    StoreDescriptions,
    UnknownResource,
    acceptable,
    negotiate,
)

__all__ = ["linked_routes", "described_routes", "resource_paths"]

_TEXT = "text/plain; charset=utf-8"


def resource_paths(universe: Universe) -> tuple[str, ...]:
    """The path prefixes the routes answer: the base IRI's path, the ontology's and the shapes'.

    A base IRI ending in ``#`` names fragments of one document, which the dumps serve;
    its records get no route of their own.
    """
    from mcugraph.rdf.describe import ontology_iri, shapes_iri

    return _paths(universe.info.base_iri, ontology_iri(universe), shapes_iri(universe))


def _paths(base_iri: str, ontology: str, shapes: str) -> tuple[str, ...]:
    paths = [urllib.parse.urlsplit(iri).path for iri in (shapes, ontology)]
    if base_iri.endswith("/"):  # last: a base above the ontology must not swallow it
        paths.append(urllib.parse.urlsplit(base_iri).path)
    return tuple(paths)


def linked_routes(universe: Universe, dataset: RdfDataset) -> list[Any]:
    """Starlette routes that dereference the IRIs of ``dataset`` (register them after the others)."""
    return described_routes(Descriptions(universe, dataset.triples, dataset.prefixes))


def described_routes(descriptions: Descriptions) -> list[Any]:
    """Starlette routes that answer each IRI ``descriptions`` describes (an in-memory index, or a store)."""
    from starlette.requests import Request
    from starlette.responses import Response
    from starlette.routing import Route

    on_disk = isinstance(descriptions, StoreDescriptions)

    def text(status: int, message: str, **headers: str) -> Response:
        return Response(message.rstrip() + "\n", status_code=status, media_type=_TEXT, headers=headers)

    async def answer(request: Request) -> Response:
        path = request.url.path
        head, dot, extension = path.rpartition(".")
        fixed: Representation | None = None
        if dot and "/" not in extension and extension in BY_EXTENSION:
            path, fixed = head, BY_EXTENSION[extension]
        iri = descriptions.iri_at(path)
        vary = {} if fixed is not None else {"Vary": "Accept"}
        if on_disk:  # a store answers from disk: off the event loop
            known = await asyncio.to_thread(descriptions.knows, iri)
        else:
            known = descriptions.knows(iri)
        if not known:
            try:
                descriptions.triples(iri)
            except UnknownResource as exc:
                return text(404, f"{exc}\nThe dumps and the description are listed at /data/.", **vary)
        rep = fixed or negotiate(request.headers.get("accept"))
        if rep is None:
            documents = ", ".join(f"{path}.{r.extension}" for r in BY_EXTENSION.values())
            return text(
                406,
                f"cannot answer in {request.headers.get('accept')!r}: <{iri}> is described as {acceptable()} "
                f"(or ask for a document: {documents})",
                **vary,
            )
        body = await asyncio.to_thread(descriptions.render, iri, rep)
        headers = dict(vary)
        if fixed is None:
            headers["Content-Location"] = f"{path}.{rep.extension}"
        return Response(body.encode("utf-8"), media_type=rep.content_type, headers=headers)

    routes = []
    for prefix in _paths(descriptions.base, descriptions.ontology, descriptions.shapes):
        if prefix.endswith("/"):
            routes.append(Route(prefix + "{rest:path}", answer, methods=["GET", "HEAD"]))
        else:
            routes.append(Route(prefix, answer, methods=["GET", "HEAD"]))
            for extension in BY_EXTENSION:
                routes.append(Route(f"{prefix}.{extension}", answer, methods=["GET", "HEAD"]))
    return routes
