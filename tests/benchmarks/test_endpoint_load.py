"""The pure parts of the endpoint load benchmark: the query mix, percentiles, the summaries.

Nothing here starts a server or times anything; ``benchmarks/endpoint_load.py`` is run
for real by the benchmark suite.
"""

from __future__ import annotations

import sys
import urllib.parse
from pathlib import Path

import pytest

import mcugraph
from mcugraph.rdf import RdfDataset
from mcugraph.sparql.catalog import read_catalog
from mcugraph.sparql.vet import query_form

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))

import endpoint_load  # noqa: E402
from endpoint_load import Request, percentile, query_mix, summarize  # noqa: E402


def write(folder: Path, name: str, text: str) -> None:
    (folder / f"{name}.rq").write_text(text, encoding="utf-8")


@pytest.mark.parametrize(
    ("values", "fraction", "expected"),
    [
        ([5, 1, 4, 2, 3], 0.5, 3),
        ([1, 2, 3, 4], 0.5, 2),
        (list(range(1, 101)), 0.99, 99),
        (list(range(1, 1001)), 0.99, 990),
        ([7], 0.99, 7),
        ([3, 1, 2], 1.0, 3),
    ],
)
def test_percentile_is_the_nearest_rank(values: list[int], fraction: float, expected: int) -> None:
    assert percentile(values, fraction) == expected


def test_percentile_refuses_nothing_and_bad_fractions() -> None:
    with pytest.raises(ValueError, match="no values"):
        percentile([], 0.5)
    with pytest.raises(ValueError, match=r"fraction must be in \(0, 1\], not 0"):
        percentile([1.0], 0)
    with pytest.raises(ValueError, match="not 99"):
        percentile([1.0], 99)


def test_summarize_gives_milliseconds_and_throughput() -> None:
    summary = summarize([0.010, 0.030, 0.020, 0.100], ["503: busy"], elapsed=2.0)
    assert summary["queries"] == 4
    assert summary["errors"] == 1
    assert summary["first_error"] == "503: busy"
    assert summary["median_ms"] == 20.0
    assert summary["p99_ms"] == 100.0
    assert summary["max_ms"] == 100.0
    assert summary["qps"] == 2.0


def test_summarize_an_empty_run() -> None:
    summary = summarize([], [], elapsed=0.0)
    assert summary["queries"] == 0
    assert summary["median_ms"] is None and summary["p99_ms"] is None and summary["qps"] is None


def test_mix_sends_each_query_with_its_defaults(tmp_path: Path) -> None:
    write(
        tmp_path,
        "b-cast",
        "# title: Cast\n# param: work (work) = show-s1 -- the work\nSELECT ?x WHERE { ?x ?p ?work }\n",
    )
    write(tmp_path, "a-plain", "SELECT * WHERE { ?s ?p ?o }\n")
    write(tmp_path, "c-needs", "# param: who (character) -- no default\nSELECT ?x WHERE { ?who ?p ?x }\n")
    mix = query_mix(read_catalog(tmp_path))
    assert [r.name for r in mix] == ["a-plain", "b-cast"]  # c-needs has no value to send
    assert mix[0].params == ()
    assert mix[1].params == (("work", "show-s1"),)
    form = urllib.parse.parse_qs(mix[1].form().decode())
    assert form == {"query": [mix[1].text], "param.work": ["show-s1"]}
    assert urllib.parse.parse_qs(mix[0].form().decode()) == {"query": [mix[0].text]}


def test_mix_covers_the_shipped_catalog() -> None:
    catalog = read_catalog(ROOT / "queries")
    mix = query_mix(catalog)
    assert [r.name for r in mix] == list(catalog)
    assert all(dict(r.params).keys() == {p.name for p in catalog[r.name].header.params} for r in mix)


def test_peer_text_writes_the_parameters_in(mini_text: str, tmp_path: Path) -> None:
    write(tmp_path, "cast", "# param: work (work) = night-watch-s1 -- the work\nSELECT ?x WHERE { ?x ?p ?work }\n")
    curated = read_catalog(tmp_path)["cast"]
    dataset = RdfDataset(mcugraph.loads(mini_text))
    text = endpoint_load.peer_text(query_mix({"cast": curated})[0], curated.header, dataset.prefixes)
    assert "VALUES ?work { <https://example.org/mini/work/night-watch-s1> }" in text


def test_the_slow_query_is_a_select_the_endpoint_accepts() -> None:
    assert query_form(endpoint_load.SLOW_QUERY) == "SELECT"
    assert Request("slow", endpoint_load.SLOW_QUERY).params == ()


def test_slow_summary_counts_every_status() -> None:
    runs = [(503, 2.1, "time limit"), (503, 2.3, "time limit"), (None, 60.0, "no answer")]
    summary = endpoint_load._slow_summary(runs)
    assert summary["slow_queries"] == 3
    assert summary["slow_status"] == 503
    assert summary["slow_statuses"] == {"503": 2, "no answer": 1}
    assert summary["slow_seconds"] == 2.3
    assert summary["slow_max_seconds"] == 60.0
    assert summary["slow_message"] == "time limit"
