"""Results written by pyoxigraph's serializers, cut at the row limit, and the same as the hand-written writers."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

import pytest

from mcugraph.errors import QueryError
from mcugraph.sparql.run import QueryStore, execute, execute_to

ROWS = "SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o"
TRICKY = r'SELECT ?x ?y WHERE { VALUES (?x ?y) { ("a\nb\tc" "d,e\"f"@en) (1.5 UNDEF) (<http://e.org/x> true) } }'


def json_rows(body: bytes) -> list[dict]:
    return json.loads(body)["results"]["bindings"]


@pytest.mark.parametrize("limit", [1, 7, 10_000])
def test_the_row_limit_cuts_the_stream_and_says_so(rich_graph: QueryStore, limit: int) -> None:
    everything = len(execute(rich_graph, ROWS, limit=100_000).rows)
    for fmt in ("json", "xml", "csv", "tsv"):
        form, body, truncated = execute_to(rich_graph, ROWS, fmt, limit=limit)
        assert form == "SELECT" and truncated is (everything > limit)
        if fmt == "json":
            assert len(json_rows(body)) == min(limit, everything)
        elif fmt == "xml":
            assert len(ET.fromstring(body).findall(".//{http://www.w3.org/2005/sparql-results#}result")) == min(
                limit, everything
            )
        elif fmt == "csv":
            assert len(list(csv.reader(io.StringIO(body.decode())))) == min(limit, everything) + 1
        else:
            assert body.count(b"\n") == min(limit, everything) + 1


def test_pyoxigraphs_writers_say_what_the_hand_written_ones_say(rich_graph: QueryStore) -> None:
    for text in (ROWS, TRICKY):
        ours = execute(rich_graph, text, limit=100_000)
        assert json_rows(execute_to(rich_graph, text, "json")[1]) == json_rows(ours.serialize("json"))
        theirs_csv = list(csv.reader(io.StringIO(execute_to(rich_graph, text, "csv")[1].decode())))
        assert theirs_csv == list(csv.reader(io.StringIO(ours.to_csv())))


def test_ask_and_graphs_through_the_same_path(rich_graph: QueryStore) -> None:
    assert json.loads(execute_to(rich_graph, "ASK { ?s ?p ?o }", "json")[1]) == {"head": {}, "boolean": True}
    form, body, truncated = execute_to(rich_graph, "CONSTRUCT WHERE { ?s ?p ?o }", "ntriples", limit=3)
    assert (form, body.count(b" .\n"), truncated) == ("CONSTRUCT", 3, True)
    with pytest.raises(QueryError, match="a SELECT query gives results: ask for json, xml, csv or tsv, not turtle"):
        execute_to(rich_graph, ROWS, "turtle")
