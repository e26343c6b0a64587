"""The generated part of docs/performance.md: the marked region, the tables, not-run stages."""

from __future__ import annotations

import pytest
from report import BEGIN, END, render, replace_region, table


def test_only_the_marked_region_is_replaced() -> None:
    doc = f"# Performance\n\nIntro.\n\n{BEGIN}\nold numbers\n{END}\n\n## History\n\nKept.\n"
    out = replace_region(doc, "new numbers")
    assert out == f"# Performance\n\nIntro.\n\n{BEGIN}\nnew numbers\n{END}\n\n## History\n\nKept.\n"
    assert replace_region(out, "new numbers") == out


def test_a_document_without_markers_gets_them_after_its_title() -> None:
    out = replace_region("# Performance\n\n## History\n", "numbers")
    assert out == f"# Performance\n\n{BEGIN}\nnumbers\n{END}\n\n## History\n"


@pytest.mark.parametrize(
    "doc",
    [f"# P\n{BEGIN}\nonly the start\n", f"# P\n{END}\nx\n{BEGIN}\n", f"# P\n{BEGIN}\n{END}\n{BEGIN}\n{END}\n"],
)
def test_broken_markers_are_refused(doc: str) -> None:
    with pytest.raises(ValueError, match="once each"):
        replace_region(doc, "numbers")


def test_table_aligns_columns_and_escapes_pipes() -> None:
    assert table(["a", "b"], [["x|y", "1"]], "lr") == "| a | b |\n| --- | ---: |\n| x\\|y | 1 |"


def _results() -> dict:
    record = {"runs_s": [0.2, 0.3, 0.25], "median_s": 0.25, "peak_mb": 64.0}
    return {
        "machine": {
            "cpu": "Test CPU",
            "cores": 2,
            "memory_gb": 8.0,
            "os": "Linux",
            "python": "3.11.2",
            "versions": {"mcugraph": "0.1.0"},
            "commit": "abc1234",
            "date": "2024-01-01 00:00 UTC",
            "load_start": [1.0, 1.0, 1.0],
            "load_end": [2.0, 2.0, 2.0],
        },
        "settings": {"mode": "quick", "stage_timeout_s": 300, "memory_limit_mb": 8000, "rdflib_timeout_s": 60},
        "seconds": 12.0,
        "whole_process": {},
        "sizes": {
            "shipped": {
                "scale": None,
                "runs": 3,
                "facts": {"entities": 1034},
                "stages": {
                    "read": record,
                    "graph": {"not_run": "ran past the 300 s limit"},
                    "query:deaths": {**record, "median_s": 0.004, "first_s": 0.05},
                    "rdflib:deaths": {**record, "median_s": 0.2},
                    "publish": {**record, "median_s": 1.5, "peak_mb": 120.0, "triples": 12_000},
                },
            }
        },
        "budgets": [
            {"what": "read", "size": "shipped", "limit": "1 s", "measured": "250 ms", "met": True, "note": ""},
            {"what": "x", "size": "100x", "limit": "1 s", "measured": "not measured", "met": None, "note": "why"},
        ],
    }


def test_render_says_what_did_not_run_and_why() -> None:
    text = render(_results())
    assert "| read and validate | 250 ms (64 MB) |" in text
    assert "| graph build (networkx) | not run: ran past the 300 s limit |" in text
    assert "| read | shipped | 1 s | 250 ms | yes |" in text
    assert "| x | 100x | 1 s | not measured (why) | not measured |" in text
    assert "| deaths | 4.00 ms | 200 ms | 50x |" in text
    assert "Test CPU, 2 cores" in text
    assert "| publish to an Oxigraph server | 1.50 s (120 MB) |" in text
    assert "Merged" not in text


def test_render_says_where_a_merged_record_came_from() -> None:
    results = _results()
    results["settings"]["merged"] = "From a partial run of commit def5678: publish."
    assert "- **Merged**: From a partial run of commit def5678: publish." in render(results)
