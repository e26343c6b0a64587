"""``docs/performance.md``'s generated part and its plot, from ``results.json``.

Only the text between :data:`BEGIN` and :data:`END` is ever replaced; the hand-written
sections around it stay as they are.
"""

from __future__ import annotations

import statistics
from pathlib import Path
from typing import Any

from _common import fmt_mb, fmt_ratio, fmt_time
from budgets import suite_ratio
from stages import EXPORT_FORMATS, SIZES, label

__all__ = ["BEGIN", "END", "replace_region", "render", "table", "plot", "PLOT_GROUPS", "MEASURES"]

BEGIN = "<!-- bench:begin -->"
END = "<!-- bench:end -->"

#: The plot's panels and the stages drawn in each ("queries" is the suite, summed).
PLOT_GROUPS = {
    "Reading, graph and RDF": [
        "read",
        "graph",
        "rdf-triples",
        "rdf-load",
        "store-load",
        *(f"export:{f}" for f in EXPORT_FORMATS),
        "publish",
    ],
    "Queries, check and explorer": [
        "queries",
        "slowest-query",
        "check",
        "check-house",
        "html",
        "draw:opening",
        "draw:all",
    ],
}
_DERIVED = {"queries": "query suite (sum of medians)", "slowest-query": "slowest query"}


def replace_region(text: str, generated: str) -> str:
    """``text`` with what lies between the markers replaced by ``generated``.

    Without markers the region goes in after the first heading; markers out of order, or
    only one of them, are an error rather than a guess.
    """
    region = f"{BEGIN}\n{generated.strip()}\n{END}"
    start, end = text.find(BEGIN), text.find(END)
    if start == -1 and end == -1:
        head, _, rest = text.partition("\n")
        return f"{head}\n\n{region}\n\n{rest.lstrip()}" if rest.strip() else f"{head}\n\n{region}\n"
    if start == -1 or end == -1 or end < start or text.count(BEGIN) > 1 or text.count(END) > 1:
        raise ValueError(f"the document must have {BEGIN} and then {END}, once each")
    return text[:start] + region + text[end + len(END) :]


def table(header: list[str], rows: list[list[str]], align: str = "") -> str:
    """A Markdown table; ``align`` gives one letter a column (``l`` or ``r``, left by default)."""
    marks = ["---:" if (align[i : i + 1] == "r") else "---" for i in range(len(header))]
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join(marks) + " |"]
    lines += ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in rows]
    return "\n".join(lines)


# -- reading the results ------------------------------------------------------------------------


def _sizes(results: dict[str, Any]) -> list[str]:
    return [s.name for s in SIZES if s.name in results.get("sizes", {})]


def _stages(results: dict[str, Any], size: str) -> dict[str, Any]:
    stages: dict[str, Any] = results["sizes"][size].get("stages", {})
    return stages


def derived(results: dict[str, Any], size: str, stage_id: str) -> dict[str, Any] | None:
    """A stage's record, or the suite's (``queries``, ``slowest-query``) made from the queries."""
    stages = _stages(results, size)
    if stage_id not in _DERIVED:
        return stages.get(stage_id)
    queries = {k: v for k, v in stages.items() if k.startswith("query:")}
    if not queries:
        return None
    failed = [v["not_run"] for v in queries.values() if "not_run" in v]
    if failed:
        return {"not_run": f"{len(failed)} of {len(queries)} queries did not run ({failed[0]})"}
    medians = {k: v["median_s"] for k, v in queries.items()}
    peak = max((v.get("peak_mb") or 0 for v in queries.values()), default=0) or None
    if stage_id == "queries":
        return {"median_s": sum(medians.values()), "peak_mb": peak}
    worst = max(medians, key=lambda k: medians[k])
    return {"median_s": medians[worst], "peak_mb": queries[worst].get("peak_mb"), "which": worst.partition(":")[2]}


def _cell(record: dict[str, Any] | None, *, memory: bool = True) -> str:
    if record is None:
        return ""
    if "not_run" in record:
        return f"not run: {record['not_run']}"
    text = fmt_time(record.get("median_s"))
    if memory and record.get("peak_mb"):
        text += f" ({fmt_mb(record['peak_mb'])})"
    return text


def _label(stage_id: str) -> str:
    return _DERIVED.get(stage_id) or label(stage_id)


# -- the sections ---------------------------------------------------------------------------------


def _machine(results: dict[str, Any]) -> str:
    m, s = results["machine"], results["settings"]
    versions = ", ".join(f"{k} {v}" for k, v in m["versions"].items() if v != "not installed")
    runs = {name: results["sizes"][name]["runs"] for name in _sizes(results)}
    sizes = ", ".join(f"{name} ({n} run{'' if n == 1 else 's'})" for name, n in runs.items())
    return "\n".join(
        [
            f"- **Machine**: {m['cpu']}, {m['cores']} cores, {m['memory_gb']} GB of memory, {m['os']}; "
            f"shared with other work: load average {'/'.join(map(str, m['load_start']))} at the start, "
            f"{'/'.join(map(str, m.get('load_end', [])))} at the end (1, 5 and 15 minutes).",
            f"- **Software**: Python {m['python']}; {versions}; commit {m['commit']}.",
            f"- **Run**: {m['date']}, {s['mode']} run, {fmt_time(results.get('seconds'))} in all; sizes: {sizes}. "
            f"Every time is a median of that many runs; each size runs in a fresh process and its peak "
            f"memory (in brackets) is that process's resident high-water mark during the stage, reset "
            f"before each stage. Limits: {s['stage_timeout_s']:g} s for each run of a stage, "
            f"{fmt_mb(s['memory_limit_mb'])} of memory.",
            "- **Whole-process timings** are with the package's bytecode compiled (`python -m compileall`), "
            "as an installed package has it.",
            *([f"- **Merged**: {s['merged']}"] if s.get("merged") else []),
        ]
    )


def _budgets(results: dict[str, Any]) -> str:
    rows = []
    for b in results.get("budgets", []):
        met = {True: "yes", False: "**no**", None: "not measured"}[b["met"]]
        measured = b["measured"] + (f" ({b['note']})" if b["note"] else "")
        rows.append([b["what"], b["size"], b["limit"], measured, met])
    return table(["budget", "size", "limit", "measured", "met"], rows)


def _size_facts(results: dict[str, Any]) -> str:
    rows = []
    for name in _sizes(results):
        size = results["sizes"][name]
        facts = size.get("facts", {})

        def count(key: str, facts: dict[str, Any] = facts) -> str:
            return f"{facts[key]:,}" if key in facts else "–"

        yaml_mb = f"{facts['bytes'] / 1e6:.1f} MB in {facts['files']} files" if "bytes" in facts else "–"
        rows.append(
            [
                name,
                str(size["scale"] or "–"),
                count("entities"),
                yaml_mb,
                count("nodes"),
                count("edges"),
                count("triples"),
                str(size["runs"]),
            ]
        )
    return table(
        ["size", "scale", "entities", "YAML", "graph nodes", "graph edges", "triples", "runs"], rows, "lrrrrrrr"
    )


def _stage_table(results: dict[str, Any]) -> str:
    sizes = _sizes(results)
    rows = []
    for group in PLOT_GROUPS.values():
        for stage_id in group:
            cells = [_cell(derived(results, size, stage_id)) for size in sizes]
            if any(cells):
                rows.append([_label(stage_id), *cells])
    return table(["stage", *sizes], rows, "l" + "r" * len(sizes))


def _whole_process(results: dict[str, Any]) -> str:
    rows = []
    for record in results.get("whole_process", {}).values():
        command = "`" + " ".join(["mcugraph", *record["command"][1:]]) + "`"
        size = record.get("size", "shipped")
        if "error" in record:
            rows.append([command, size, f"failed: {record['error']}", "", ""])
        else:
            median, runs = fmt_time(record["median_s"]), str(len(record["runs_s"]))
            rows.append([command, size, median, runs, fmt_mb(record["peak_mb"])])
    return table(["command", "size", "median", "runs", "peak memory"], rows, "llrrr")


def _queries(results: dict[str, Any]) -> str:
    sizes = [s for s in _sizes(results) if any(k.startswith("query:") for k in _stages(results, s))]
    if not sizes:
        return "No query was measured."
    names = sorted({k.partition(":")[2] for s in sizes for k in _stages(results, s) if k.startswith("query:")})
    rows = []
    for name in names:
        first = _stages(results, sizes[0]).get(f"query:{name}", {})
        cells = [fmt_time(first["first_s"]) if "first_s" in first else ""]
        cells += [_cell(_stages(results, s).get(f"query:{name}"), memory=False) for s in sizes]
        rows.append([name, *cells])
    header = ["query", f"{sizes[0]}, first run", *sizes]
    return table(header, rows, "lr" + "r" * len(sizes))


def _rdflib(results: dict[str, Any]) -> str:
    sizes = [s for s in _sizes(results) if any(k.startswith("rdflib:") for k in _stages(results, s))]
    if not sizes:
        return "rdflib's memory store was not measured in this run."
    timeout = results["settings"]["rdflib_timeout_s"]
    names = sorted({k.partition(":")[2] for s in sizes for k in _stages(results, s) if k.startswith("rdflib:")})
    rows = []
    for name in names:
        row = [name]
        for size in sizes:
            ours = _stages(results, size).get(f"query:{name}", {})
            theirs = _stages(results, size).get(f"rdflib:{name}", {})
            ratio = ""
            if "not_run" not in ours and "median_s" in ours and "median_s" in theirs:
                ratio = fmt_ratio(theirs["median_s"] / ours["median_s"])
            elif "not_run" not in ours and "timed out" in theirs.get("not_run", ""):
                ratio = f"> {fmt_ratio(timeout / ours['median_s'])}"
            row += [_cell(ours, memory=False), _cell(theirs, memory=False), ratio]
        rows.append(row)
    suite = ["**suite**"]
    for size in sizes:
        found = suite_ratio(results, size)
        if found is None:
            suite += ["", "", ""]
            continue
        ratio, compared, left_out, bound = found
        note = f" ({compared} queries{f', {left_out} left out' if left_out else ''})"
        suite += ["", "", f"**{'≥ ' if bound else ''}{fmt_ratio(ratio)}**{note}"]
    rows.append(suite)
    header = ["query"] + [f"{s}: {what}" for s in sizes for what in ("Oxigraph", "rdflib", "ratio")]
    return table(header, rows, "l" + "r" * 3 * len(sizes))


def _readers(results: dict[str, Any]) -> str:
    rows = []
    for size in _sizes(results):
        record = _stages(results, size).get("peers:yaml")
        if record is None:
            continue
        if "not_run" in record:
            rows.append([size, "", _cell(record), "", "", "", ""])
            continue
        peers = record["peers"]
        strict = peers["strict"]["median_s"]
        rows.append(
            [
                size,
                f"{record['bytes'] / 1e6:.2f} MB",
                fmt_time(strict),
                fmt_time(peers["safe_load"]["median_s"]),
                fmt_ratio(peers["safe_load"]["median_s"] / strict),
                fmt_time(peers["csafe"]["median_s"]),
                fmt_ratio(peers["csafe"]["median_s"] / strict),
            ]
        )
    if not rows:
        return "The readers were not compared in this run."
    header = [
        "size",
        "YAML",
        "strict reader",
        "`yaml.safe_load`",
        "its time / strict",
        "`CSafeLoader`",
        "its time / strict",
    ]
    return table(header, rows, "lrrrrrr")


def _explorer(results: dict[str, Any]) -> str:
    rows = []
    for size in _sizes(results):
        stages = _stages(results, size)
        if "draw:opening" not in stages and "pyvis" not in stages:
            continue
        opening, whole, pyvis = (stages.get(k) for k in ("draw:opening", "draw:all", "pyvis"))
        ratio = ""
        if pyvis and whole and "median_s" in pyvis and whole.get("median_s"):
            ratio = fmt_ratio(pyvis["median_s"] / whole["median_s"])
        elif pyvis and "timed_out_s" in pyvis and whole and whole.get("median_s"):
            ratio = f"> {fmt_ratio(pyvis['timed_out_s'] / whole['median_s'])}"
        html = stages.get("html", {})
        size_text = f"{html['bytes'] / 1e6:.2f} MB" if "bytes" in html else ""
        rows.append([size, size_text, _cell(opening, memory=False), _cell(whole, memory=False)])
        rows[-1] += [_cell(pyvis, memory=False) if pyvis else "not measured at this size", ratio]
    if not rows:
        return "The explorer was not drawn in this run."
    header = ["size", "page", "opening view", "whole map", "pyvis defaults (physics on)", "pyvis / whole map"]
    return table(header, rows, "lrrrrr")


def _endpoint(results: dict[str, Any]) -> str:
    record = results.get("sizes", {}).get("shipped", {}).get("stages", {}).get("endpoint")
    if record is None:
        return "The endpoint was not loaded in this run."
    if "not_run" in record:
        return f"Not run: {record['not_run']}."
    from endpoint_load import _table  # the load test's own table, as it prints it when run alone

    intro = (
        "`benchmarks/endpoint_load.py`: keep-alive clients send the curated queries to `mcugraph serve`; "
        "*with slow* adds one client whose query runs past the time limit. The peer is Oxigraph's own "
        "server, same dump, same queries.\n\n"
    )
    return intro + _table(record["endpoint"])


def render(
    results: dict[str, Any],
    *,
    plot_path: str = "img/performance.png",
    memory_plot_path: str = "img/performance-memory.png",
) -> str:
    """The generated part of ``docs/performance.md``."""
    sections = [
        "_Generated by `make bench` (`benchmarks/run.py`) from `build/bench/results.json`; "
        "edit the scripts, not this part._",
        "### The machine and the run\n\n" + _machine(results),
        "### Budgets\n\nEach budget of the issues, judged on this run at the size it names.\n\n" + _budgets(results),
        "### Sizes\n\n" + _size_facts(results),
        "### Medians per stage\n\nMedian time, and the process's peak memory during the stage in brackets. "
        "The RDF exports are streamed from the universe to a file, converting included (as "
        "`mcugraph export -o` writes them); GraphML and JSON time the format alone, from the model; "
        "the check with house rules builds its own triples. Publishing sends the N-Triples export to "
        "an Oxigraph server the stage starts (the client's memory; the server's is in the "
        "results file). Draws are in headless "
        "Chromium (browser memory is not counted).\n\n" + _stage_table(results),
        f"![Median time against entities, log-log, one line per stage]({plot_path})",
        "Peak memory against entities, on the same axes (the process's high-water mark during "
        "each stage, so a stage given the universe counts it too):\n\n"
        f"![Peak memory against entities, log-log, one line per stage]({memory_plot_path})",
        "### Whole processes\n\n" + _whole_process(results),
        "### Peers, side by side in the same run\n\n#### The strict reader and PyYAML on the same files\n\n"
        + _readers(results)
        + "\n\n#### Curated queries: Oxigraph and rdflib's memory store\n\n"
        + f"rdflib's queries are limited to {results['settings']['rdflib_timeout_s']:g} s each.\n\n"
        + _rdflib(results)
        + "\n\n#### The explorer and pyvis\n\n"
        + _explorer(results),
        "### Every curated query\n\nMedians on the Oxigraph store; the first run is cold (it includes "
        "vetting). Synthetic sizes bind parameters to records of the synthetic universe.\n\n" + _queries(results),
        "### The endpoint under load\n\n" + _endpoint(results),
    ]
    return "\n\n".join(sections)


# -- the plot ----------------------------------------------------------------------------------


#: what a plot can draw: the record's field, the y axis label, the title
MEASURES = {
    "time": ("median_s", "median time (s)", "Time against entities (log-log; the dotted line is linear growth)"),
    "memory": (
        "peak_mb",
        "peak resident memory (MB)",
        "Peak memory against entities (log-log; the dotted line is linear growth)",
    ),
}


def plot(results: dict[str, Any], path: Path, *, measure: str = "time") -> bool:
    """``measure`` (time or peak memory) against entities, log-log, one line per stage;
    False when there is nothing to draw.

    A stage's peak memory is its process's high-water mark, so it includes what the
    stage was given (the universe, the triples); draws have none (the browser's is not counted).
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    field, ylabel, title_all = MEASURES[measure]
    sizes = [s for s in _sizes(results) if results["sizes"][s].get("facts", {}).get("entities")]
    fig, axes = plt.subplots(1, len(PLOT_GROUPS), figsize=(14, 7.5), sharey=True)
    drawn = False
    markers = "osD^v<>pX*h"
    for ax, (title, stage_ids) in zip(axes, PLOT_GROUPS.items(), strict=True):
        xs_all: list[float] = []
        for i, stage_id in enumerate(stage_ids):
            points = []
            for size in sizes:
                record = derived(results, size, stage_id)
                if record and "not_run" not in record and record.get(field):
                    points.append((results["sizes"][size]["facts"]["entities"], record[field]))
            if not points:
                continue
            xs, ys = zip(*points, strict=True)
            xs_all += xs
            style = "-" if i < 5 else "--"
            ax.plot(
                xs, ys, style, marker=markers[i % len(markers)], color=f"C{i}", label=_label(stage_id), linewidth=1.6
            )
            drawn = True
        if xs_all:
            _linear_guide(ax, min(xs_all), max(xs_all))
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_title(title)
        ax.set_xlabel("entities")
        ax.grid(True, which="major", alpha=0.35)
        ax.grid(True, which="minor", alpha=0.12)
        if ax.get_legend_handles_labels()[0]:
            ax.legend(fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=2, frameon=False)
    axes[0].set_ylabel(ylabel)
    fig.suptitle(title_all)
    fig.tight_layout()
    if drawn:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.tmp")
        fig.savefig(tmp, dpi=100, format="png")
        tmp.replace(path)
    plt.close(fig)
    return drawn


def _linear_guide(ax: Any, low: float, high: float) -> None:
    """A slope-one line through the middle of the panel, for the eye to compare against."""
    if high <= low:
        return
    ys = [line.get_ydata() for line in ax.get_lines()]
    middle = statistics.median(float(y) for series in ys for y in series)
    centre = (low * high) ** 0.5
    ax.plot([low, high], [middle * low / centre, middle * high / centre], ":", color="grey", linewidth=1)
