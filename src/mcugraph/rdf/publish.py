"""Publishing to a triple store with the SPARQL 1.1 Graph Store HTTP Protocol.

One ``PUT`` replaces the named graph (or the default graph) with the export, so a store
never holds a mix of old and new data. Any store that speaks the protocol works:
Oxigraph server (``/store``), Apache Jena Fuseki (``/DATASET/data``), GraphDB, Virtuoso.
The standard library's HTTP client is used, so publishing needs no extra package.
"""

from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

from mcugraph.errors import OutputError
from mcugraph.model import Universe
from mcugraph.rdf.dataset import RdfDataset

__all__ = ["publish", "PublishReport", "graph_store_url"]


@dataclass(frozen=True, slots=True)
class PublishReport:
    store: str
    graph: str | None
    triples: int
    status: int

    def __str__(self) -> str:
        target = f"graph <{self.graph}>" if self.graph else "the default graph"
        return f"published {self.triples:,} triples to {target} at {self.store} (HTTP {self.status})"


def graph_store_url(store: str, graph: str | None) -> str:
    """The request URL: ``?graph=IRI`` for a named graph, ``?default`` for the default graph."""
    parts = urllib.parse.urlsplit(store)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise OutputError(f"'{store}' is not an http(s) URL of a Graph Store Protocol endpoint")
    query = "default" if graph is None else urllib.parse.urlencode({"graph": graph})
    joined = f"{parts.query}&{query}" if parts.query else query
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, parts.path, joined, ""))


def publish(
    universe: Universe,
    store: str,
    *,
    graph: str | None = None,
    default_graph: bool = False,
    timeout: float = 60.0,
    dataset: RdfDataset | None = None,
) -> PublishReport:
    """Replace ``graph`` (default: the universe's base IRI) in the store with the dataset."""
    target = None if default_graph else (graph or universe.info.base_iri)
    url = graph_store_url(store, target)
    ds = dataset if dataset is not None else RdfDataset(universe)
    body = ds.ntriples.encode("utf-8")
    request = urllib.request.Request(
        url, data=body, method="PUT", headers={"Content-Type": "application/n-triples", "Accept": "*/*"}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (the user names the store)
            status = response.status
    except urllib.error.HTTPError as exc:
        detail = exc.read(500).decode("utf-8", "replace").strip()
        hint = " (is the store read-only, or does it need credentials?)" if exc.code in (401, 403) else ""
        raise OutputError(
            f"the store at {store} refused the data: HTTP {exc.code} {exc.reason}{hint}"
            + (f": {detail}" if detail else "")
        ) from None
    except urllib.error.URLError as exc:
        reason = getattr(exc.reason, "strerror", None) or str(exc.reason)
        raise OutputError(f"cannot reach the store at {store}: {reason}; is it running?") from None
    except (TimeoutError, OSError) as exc:
        raise OutputError(f"cannot reach the store at {store}: {exc}") from None
    return PublishReport(store, target, len(ds.triples), status)
