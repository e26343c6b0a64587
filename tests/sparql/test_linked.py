"""Dereferencing: every IRI of the dataset answers at its own path, by content negotiation."""

from __future__ import annotations

import json
import warnings
from collections.abc import Iterator
from html.parser import HTMLParser

import pyoxigraph as ox
import pytest

import mcugraph
from mcugraph.model import Universe
from mcugraph.rdf.deref import negotiate
from mcugraph.sparql.endpoint import ServeOptions, create_app

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # starlette's note about httpx2
    from starlette.testclient import TestClient

HOSTILE_YAML = """
universe: {id: evil, name: "Evil <b>Universe</b>", base_iri: "https://w3id.org/evil/", license: CC0-1.0}
works:
  - {id: pilot, kind: film, title: "Pilot </title><script>alert('t')</script>", released: 2001-01-01}
people:
  - {id: al, name: "Al \\"Quote\\" & <i>Co</i>"}
characters:
  - id: hero
    name: "<script>alert(1)</script>"
    aliases: ["<img src=x onerror=alert(2)>"]
    note: "</td></tr></table><iframe src=javascript:alert(3)>"
portrayals:
  - {person: al, character: hero, works: [pilot]}
"""
BASE = "https://w3id.org/evil/"


@pytest.fixture(scope="module")
def hostile() -> Universe:
    return mcugraph.loads(HOSTILE_YAML)


@pytest.fixture(scope="module")
def client(hostile: Universe) -> Iterator[TestClient]:
    # no lifespan: the dereferencing routes need no query workers
    yield TestClient(create_app(hostile, ServeOptions()))


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.hrefs.extend(v or "" for k, v in attrs if k == "href")

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _parse(body: str) -> _Tags:
    tags = _Tags()
    tags.feed(body)
    return tags


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        (None, "html"),
        ("*/*", "html"),
        ("text/html,application/xhtml+xml;q=0.9,*/*;q=0.8", "html"),
        ("text/turtle", "turtle"),
        ("application/n-triples", "ntriples"),
        ("application/ld+json", "jsonld"),
        ("application/json", "jsonld"),
        ("text/*;q=0.5, application/ld+json;q=0.4", "html"),
        ("text/html;q=0.1, text/turtle", "turtle"),
        ("application/*, text/html;q=0", "ntriples"),
        ("text/turtle;q=0, */*;q=0.5", "html"),
        ("image/png", None),
        ("text/html;q=0", None),
    ],
)
def test_negotiate(accept: str | None, expected: str | None) -> None:
    chosen = negotiate(accept)
    assert (chosen.name if chosen else None) == expected


@pytest.mark.parametrize(
    ("accept", "media", "parse"),
    [
        ("text/turtle", "text/turtle", ox.RdfFormat.TURTLE),
        ("application/n-triples", "application/n-triples", ox.RdfFormat.N_TRIPLES),
        ("application/ld+json", "application/ld+json", ox.RdfFormat.JSON_LD),
    ],
)
def test_an_entity_iri_answers_rdf_by_accept(client: TestClient, accept: str, media: str, parse: ox.RdfFormat) -> None:
    response = client.get("/evil/character/hero", headers={"Accept": accept})
    assert response.status_code == 200
    assert response.headers["content-type"] == f"{media}; charset=utf-8"
    assert "Accept" in response.headers["vary"]
    extension = {"text/turtle": "ttl", "application/n-triples": "nt", "application/ld+json": "jsonld"}[media]
    assert response.headers["content-location"] == f"/evil/character/hero.{extension}"
    triples = set(ox.parse(response.content, format=parse, base_iri=BASE))
    subjects = {t.subject.value for t in triples}
    assert BASE + "character/hero" in subjects
    # the links to it come along: the portrayal that names the character
    assert BASE + "portrayal/hero--al" in subjects
    names = {t.object.value for t in triples if t.predicate.value == "http://schema.org/name"}
    assert "<script>alert(1)</script>" in names
    document = client.get(f"/evil/character/hero.{extension}")
    assert document.status_code == 200 and document.content == response.content
    assert "Accept" not in document.headers.get("vary", "")  # a document is not negotiated


def test_an_entity_iri_answers_html_to_a_browser_with_every_text_escaped(client: TestClient) -> None:
    response = client.get("/evil/character/hero", headers={"Accept": "text/html,*/*;q=0.8"})
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    page = _parse(response.text)
    assert not {"script", "img", "iframe", "b", "i"} & set(page.tags)
    text = "".join(page.text)
    assert "<script>alert(1)</script>" in text  # shown as text, not run
    assert "<img src=x onerror=alert(2)>" in text
    assert "</td></tr></table><iframe src=javascript:alert(3)>" in text
    assert "/evil/work/pilot" in page.hrefs  # links stay on this server
    assert "/evil/character/hero.ttl" in page.hrefs


def test_every_page_of_a_hostile_universe_is_escaped(client: TestClient, hostile: Universe) -> None:
    for kind, record in hostile.entities():
        page = client.get(f"/evil/{kind}/{record.id}", headers={"Accept": "text/html"})
        assert page.status_code == 200, (kind, record.id)
        assert not {"script", "img", "iframe", "b", "i"} & set(_parse(page.text).tags), (kind, record.id)


def test_minted_records_below_nodes_and_the_dataset_dereference(client: TestClient) -> None:
    for path in ("/evil/portrayal/hero--al", "/evil/dataset", "/evil/dataset/class/1"):
        response = client.get(path, headers={"Accept": "application/n-triples"})
        assert response.status_code == 200, path
        assert f"<https://w3id.org{path}> " in response.text


def test_an_unknown_entity_is_404_with_a_hint(client: TestClient) -> None:
    response = client.get("/evil/character/heroo", headers={"Accept": "text/turtle"})
    assert response.status_code == 404
    assert response.headers["content-type"] == "text/plain; charset=utf-8"
    assert response.text.startswith(
        "<https://w3id.org/evil/character/heroo> names nothing in Evil <b>Universe</b>; did you mean 'character/hero'?"
    )
    assert client.get("/evil/nothing-here/at-all.ttl").status_code == 404
    assert client.get("/evil/").status_code == 404


def test_an_unknown_format_is_406_listing_the_known_ones(client: TestClient) -> None:
    response = client.get("/evil/character/hero", headers={"Accept": "application/pdf, image/*"})
    assert response.status_code == 406
    assert response.headers["vary"].startswith("Accept")
    assert "text/html, text/turtle, application/n-triples, application/ld+json" in response.text
    assert "/evil/character/hero.ttl" in response.text
    # an unknown entity is 404 whatever the Accept says
    assert client.get("/evil/character/nobody", headers={"Accept": "image/png"}).status_code == 404


def test_an_unknown_extension_is_an_unknown_resource(client: TestClient) -> None:
    assert client.get("/evil/character/hero.pdf").status_code == 404


def test_the_ontology_and_shapes_iris_dereference(client: TestClient) -> None:
    turtle = client.get("/mcugraph/ontology", headers={"Accept": "text/turtle"})
    assert turtle.status_code == 200
    triples = set(ox.parse(turtle.content, format=ox.RdfFormat.TURTLE))
    assert any(t.subject.value == "https://w3id.org/mcugraph/ontology#Character" for t in triples)
    ld = client.get("/mcugraph/ontology", headers={"Accept": "application/ld+json"})
    assert len(set(ox.parse(ld.content, format=ox.RdfFormat.JSON_LD))) == len(triples)
    nt = client.get("/mcugraph/ontology.nt")
    assert len(set(ox.parse(nt.content, format=ox.RdfFormat.N_TRIPLES))) == len(triples)
    page = client.get("/mcugraph/ontology", headers={"Accept": "text/html"})
    assert 'id="Character"' in page.text  # the term IRI's fragment lands on its section
    shapes = client.get("/mcugraph/ontology/shapes", headers={"Accept": "text/turtle"})
    assert shapes.status_code == 200 and "sh:NodeShape" in shapes.text
    assert client.get("/mcugraph/ontology", headers={"Accept": "image/png"}).status_code == 406


def test_the_other_routes_still_win(client: TestClient) -> None:
    assert client.get("/data/").status_code == 200
    assert "evil.ttl" in client.get("/data/").text


def test_the_shipped_universe_dereferences_its_w3id_iris() -> None:
    from pathlib import Path

    shipped = mcugraph.load(Path(__file__).resolve().parents[2] / "data" / "universe.yaml")
    client = TestClient(create_app(shipped, ServeOptions()))
    response = client.get("/mcugraph/mcu/character/jessica-jones", headers={"Accept": "application/ld+json"})
    assert response.status_code == 200
    document = json.loads(response.text)
    assert any(node["@id"] == "character/jessica-jones" for node in document["@graph"])


def test_the_w3id_redirect_lands_on_the_paths_serve_answers() -> None:
    """docs/w3id/.htaccess sends each IRI below w3id.org/mcugraph/ to the path serve answers it at."""
    import re
    import urllib.parse
    from pathlib import Path

    from mcugraph.sparql.linked import resource_paths

    root = Path(__file__).resolve().parents[2]
    rules = [
        line.split()[1:4]
        for line in (root / "docs" / "w3id" / ".htaccess").read_text(encoding="utf-8").splitlines()
        if line.startswith("RewriteRule ")
    ]
    (target,) = [r[1][len("[E=TARGET:") : -1] for r in rules if r[0] == "^" and r[2].startswith("[E=TARGET:")]
    redirects = [r for r in rules if r[0] != "^"]
    shipped = mcugraph.load(root / "data" / "universe.yaml")
    client = TestClient(create_app(shipped, ServeOptions()))
    for iri in (
        "https://w3id.org/mcugraph/mcu/character/jessica-jones",
        "https://w3id.org/mcugraph/mcu/dataset",
        "https://w3id.org/mcugraph/ontology",
        "https://w3id.org/mcugraph/ontology/shapes",
    ):
        local = iri[len("https://w3id.org/mcugraph/") :]
        pattern, substitution, flags = next((p, s, f) for p, s, f in redirects if re.match(p, local))
        assert "R=303" in flags
        url = re.sub(pattern, substitution.replace("%{ENV:TARGET}", target).replace("$1", r"\1"), local)
        path = urllib.parse.urlsplit(url).path
        assert path == urllib.parse.urlsplit(iri).path
        assert any(path.startswith(prefix) for prefix in resource_paths(shipped))
        assert client.get(path, headers={"Accept": "text/turtle"}).status_code == 200, path
