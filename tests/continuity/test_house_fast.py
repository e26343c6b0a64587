"""House rules through the one runner on a bare Oxigraph store, vetted without rdflib.

The fast path (one store per folder, holding what its rules can match) must give exactly
the findings of every rule on a store of the whole export; a refused query must stay
refused, with the same message; a malformed one must say where.
"""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

import mcugraph
from mcugraph.continuity import Finding, check, house
from mcugraph.continuity.house import HouseRuleError, read_house_rules
from mcugraph.continuity.registry import Context
from mcugraph.continuity.timeline import resolve_timeline
from mcugraph.rdf import RdfDataset
from mcugraph.rdf import store as store_module
from mcugraph.sparql.footprint import Footprint

from ._helpers import line_of, text_of, universe

vetting = importlib.import_module("mcugraph.sparql.vet")  # the package re-exports a function of that name

ROOT = Path(__file__).resolve().parents[2]
SHIPPED_RULES = ROOT / "queries" / "rules"

BODY = """\
works:
  - {id: film, kind: film, title: Film, released: 2012-05-04, sources: [src]}
  - {id: show, kind: series, title: Show, sources: [src]}
  - {id: show-s1, kind: season, series: show, number: 1, released: 2015-11-20, sources: [src]}
  - {id: show-s1e01, kind: episode, season: show-s1, number: 1, title: Pilot}
  - {id: show-s1e02, kind: episode, season: show-s1, number: 2, title: Two}
characters:
  - {id: seen, name: Seen}
  - {id: ghost, name: Ghost}
  - {id: busy, name: Busy Bee}
appearances:
  - {character: seen, works: [film], sources: [src]}
  - {character: busy, works: [film, show-s1e01, show-s1e02], sources: [src]}
"""

# Rules that exercise what the fast path converts: prefixes the query does not declare
# (xsd:, schema:), aggregates, computed decimals and doubles (which rdflib prints its own
# way), dates, years, durations, booleans, language-tagged text, unbound variables and a
# subject that is not the first variable.
EXTRA_RULES = {
    "busy-character.rq": """\
        # id: busy-character
        # severity: info
        # message: {character} is in {n} works (mean episode {mean}, {twice} doubled, first {first})
        PREFIX mcg: <https://w3id.org/mcugraph/ontology#>
        SELECT ?character (COUNT(DISTINCT ?work) AS ?n) (AVG(COALESCE(?number, 2)) AS ?mean)
               (xsd:double(COUNT(DISTINCT ?work)) * 2 AS ?twice) (MIN(?date) AS ?first)
        WHERE {
          ?character a mcg:Character ; mcg:appearsIn ?work .
          OPTIONAL { ?work schema:episodeNumber ?number }
          OPTIONAL { ?work schema:datePublished ?date }
        }
        GROUP BY ?character
        HAVING (COUNT(DISTINCT ?work) > 1)
        ORDER BY ?character
        """,
    "work-literals.rq": """\
        # id: work-literals
        # severity: warning
        # message: {work} is {title}: {year} {long} {yes} {tagged} {nothing} {ratio}
        # subject: work
        SELECT ?title ?work (YEAR(?date) AS ?year) ("P14M"^^xsd:duration AS ?long) (BOUND(?date) AS ?yes)
               (STRLANG(?title, "en") AS ?tagged) ?nothing (1.0e0 / 3 AS ?ratio)
        WHERE {
          ?work a ?class ; schema:name ?title .
          FILTER (?class IN (schema:Movie, schema:TVSeason))
          OPTIONAL { ?work schema:datePublished ?date }
          OPTIONAL { ?work <https://example.org/none> ?nothing }
        }
        ORDER BY ?work
        LIMIT 40
        """,
}


@pytest.fixture(scope="module")
def shipped() -> mcugraph.model.Universe:
    return mcugraph.load(ROOT / "data" / "universe.yaml")


def rules_folder(tmp_path: Path, rules: dict[str, str]) -> Path:
    folder = tmp_path / "rules"
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in rules.items():
        (folder / name).write_text(textwrap.dedent(text), encoding="utf-8")
    return folder


def with_shipped_and_extra(tmp_path: Path) -> Path:
    rules = {p.name: p.read_text(encoding="utf-8") for p in SHIPPED_RULES.glob("*.rq")}
    return rules_folder(tmp_path, {**rules, **EXTRA_RULES})


def house_findings(u: mcugraph.model.Universe, folder: Path) -> list[Finding]:
    """The findings of the house rules of ``folder`` only."""
    ids = {r.id for r in read_house_rules(folder)}
    return [f for f in check(u, rules_dir=folder).findings if f.rule in ids]


def runner_findings(u: mcugraph.model.Universe, folder: Path, monkeypatch: pytest.MonkeyPatch) -> list[Finding]:
    with monkeypatch.context() as patch:
        patch.setattr(house, "RUN_ON_FULL_STORE", True)
        return house_findings(u, folder)


def one_rule(tmp_path: Path, query: str, *, name: str = "r.rq", message: str = "{s}") -> Path:
    return rules_folder(tmp_path, {name: f"# id: r\n# severity: error\n# message: {message}\n{query}\n"})


def refusal(u: mcugraph.model.Universe, folder: Path) -> str:
    with pytest.raises(HouseRuleError) as info:
        check(u, rules_dir=folder)
    return str(info.value)


# -- the same findings as the full runner --------------------------------------------


def test_same_findings_as_the_runner_on_the_shipped_data(
    shipped: mcugraph.model.Universe, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = with_shipped_and_extra(tmp_path)
    fast = house_findings(shipped, folder)
    assert {f.rule for f in fast} == {"busy-character", "work-literals"}  # both rules have rows to compare
    assert len(fast) > 20
    assert fast == runner_findings(shipped, folder, monkeypatch)


def test_the_shipped_rule_is_silent_on_the_shipped_data(shipped: mcugraph.model.Universe) -> None:
    assert [f for f in check(shipped, rules_dir=SHIPPED_RULES).findings if f.rule == "character-in-no-work"] == []


def test_same_findings_as_the_runner_on_a_small_universe(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    u = universe(BODY)
    folder = with_shipped_and_extra(tmp_path)
    fast = house_findings(u, folder)
    assert fast == runner_findings(u, folder, monkeypatch)
    by_rule = {f.rule: f for f in fast if f.rule != "work-literals"}
    ghost = by_rule["character-in-no-work"]
    assert (ghost.subject, ghost.kind, ghost.mark.line) == ("ghost", "character", line_of(BODY, "id: ghost"))
    busy = by_rule["busy-character"]
    assert (
        busy.message
        == "Busy Bee (busy) is in 3 works (mean episode 1.666666666666666666, 6.0 doubled, first 2012-05-04)"
    )
    assert busy.mark.line == line_of(BODY, "id: busy")
    literals = [f.message for f in fast if f.rule == "work-literals"]
    assert literals == [
        "Film (film) is Film: 2012 P1Y2M true Film (unbound) 0.3333333333333333",
        "Show season 1 (show-s1) is Show season 1: 2015 P1Y2M true Show season 1 (unbound) 0.3333333333333333",
    ]
    assert [f.subject for f in fast if f.rule == "work-literals"] == ["film", "show-s1"]


def test_the_store_holds_exactly_the_export(shipped: mcugraph.model.Universe, tmp_path: Path) -> None:
    import pyoxigraph as ox

    # a rule that may read any predicate gets the whole export
    (rule,) = read_house_rules(one_rule(tmp_path, "SELECT ?s WHERE { ?s ?p ?o FILTER(false) }"))
    store, prefixes = house.store_for(Context(shipped, resolve_timeline(shipped)), rule)
    dataset = RdfDataset(shipped)
    expected = ox.Store()
    expected.bulk_load(dataset.ntriples, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.DefaultGraph())
    assert len(store) == len(expected) == len(dataset.triples)
    assert {str(q) for q in store} == {str(q) for q in expected}
    assert dataset.prefixes.items() <= prefixes.items()


def test_a_plain_rule_gets_the_triples_it_can_match_without_rdflib(
    shipped: mcugraph.model.Universe, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mcugraph.sparql import footprint as footprints

    def refuse(*args: object) -> None:
        raise AssertionError("rdflib's footprint was asked")

    monkeypatch.setattr(footprints, "footprint", refuse)
    (rule,) = read_house_rules(SHIPPED_RULES)
    store, _ = house.store_for(Context(shipped, resolve_timeline(shipped)), rule)
    mcg = "https://w3id.org/mcugraph/ontology#"
    kept = Footprint(
        frozenset({"http://www.w3.org/1999/02/22-rdf-syntax-ns#type", mcg + "appearsIn", mcg + "character"}),
        frozenset({mcg + "Character"}),
    )
    expected = {
        f"<{s}> <{p}> <{o}>" for s, p, o in RdfDataset(shipped).triples if isinstance(o, str) and kept.keeps(p, o)
    }
    assert {f"{q.subject} {q.predicate} {q.object}" for q in store} == expected
    assert 0 < len(expected) < len(RdfDataset(shipped).triples) / 5


def test_a_rule_the_tokens_cannot_tell_gets_the_whole_export_on_a_small_universe(
    shipped: mcugraph.model.Universe, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mcugraph.sparql import footprint as footprints

    asked: list[str] = []
    real = footprints.footprint
    monkeypatch.setattr(footprints, "footprint", lambda text, prefixes: asked.append(text) or real(text, prefixes))
    graph = "SELECT ?s WHERE { ?s a mcg:Character . OPTIONAL { GRAPH ?g { ?s mcg:appearsIn ?w } } }"
    (rule,) = read_house_rules(one_rule(tmp_path, graph))
    store, _ = house.store_for(Context(shipped, resolve_timeline(shipped)), rule)
    assert len(store) == len(RdfDataset(shipped).triples) and asked == []
    monkeypatch.setattr(house, "FOOTPRINT_FROM", 0)  # the shipped data counts as large: rdflib tells
    store, _ = house.store_for(Context(shipped, resolve_timeline(shipped)), rule)
    assert len(store) < len(RdfDataset(shipped).triples) / 5 and len(asked) == 1


# -- over a large universe, a store with only what the rules can read -----------------


@pytest.mark.parametrize("extra", ["busy-character.rq", "work-literals.rq"])
def test_the_cut_store_gives_the_same_findings(
    shipped: mcugraph.model.Universe, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, extra: str
) -> None:
    rules = {p.name: p.read_text(encoding="utf-8") for p in SHIPPED_RULES.glob("*.rq")}
    folder = rules_folder(tmp_path, {**rules, extra: EXTRA_RULES[extra]})
    whole = house_findings(shipped, folder)
    assert {f.rule for f in whole} >= {extra.removesuffix(".rq")}
    sizes: list[int] = []
    real_to_store = store_module.to_store

    def counting(universe: mcugraph.model.Universe, **kwargs: Any) -> Any:
        store = real_to_store(universe, **kwargs)
        sizes.append(len(store))
        return store

    monkeypatch.setattr(store_module, "to_store", counting)
    monkeypatch.setattr(house, "FOOTPRINT_FROM", 0)  # the shipped data counts as large
    assert house_findings(shipped, folder) == whole
    monkeypatch.setattr(house, "FOOTPRINT_FROM", 10**9)  # the tokens tell, without rdflib
    assert house_findings(shipped, folder) == whole
    assert runner_findings(shipped, folder, monkeypatch) == whole
    large, small, full = sizes  # one store per check, shared by the folder's rules; then the runner's
    if extra == "busy-character.rq":
        assert large == small < full / 5
    else:  # '?work a ?class' may match the description's types: the whole export, counts right
        assert large == small == full


def test_a_rule_that_reads_any_predicate_gets_the_whole_export(
    shipped: mcugraph.model.Universe, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = rules_folder(
        tmp_path,
        {
            "a.rq": (SHIPPED_RULES / "character-in-no-work.rq").read_text(encoding="utf-8"),
            "b.rq": "# id: b\n# severity: info\n# message: {s}\n"
            "SELECT ?s WHERE { ?s ?p ?o FILTER(?o = <https://example.org/nothing>) }\n",
        },
    )
    monkeypatch.setattr(house, "FOOTPRINT_FROM", 0)
    ctx = Context(shipped, resolve_timeline(shipped))
    rules = read_house_rules(folder)
    store, _ = house.store_for(ctx, rules[0])
    assert house.store_for(ctx, rules[1])[0] is store  # one store for the folder's rules
    assert len(store) == len(RdfDataset(shipped).triples)


def test_a_rule_with_parameters_goes_through_the_runner(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = one_rule(
        tmp_path,
        "# param: who (character) = ghost -- the character\n"
        "PREFIX mcg: <https://w3id.org/mcugraph/ontology#>\nSELECT ?who ?s WHERE { ?who a mcg:Character . BIND(?who AS ?s) }",
    )
    calls: list[str] = []
    monkeypatch.setattr(house, "_store", lambda *a: calls.append("store"))
    [f] = house_findings(universe(BODY), folder)
    assert (f.subject, f.message, calls) == ("ghost", "Ghost (ghost)", [])


# -- vetting without rdflib -----------------------------------------------------------


def no_rdflib(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Make rdflib's vetting fail the test if it is called; return the texts it was asked about."""
    asked: list[str] = []

    def refuse(text: str) -> str:
        asked.append(text)
        raise AssertionError("rdflib's parser was asked")

    monkeypatch.setattr(vetting, "query_form", refuse)
    return asked


def modules_after(script: str) -> list[str]:
    """The heavy RDF modules a new process holds after running ``script``."""
    probe = (
        "\nimport json, sys\n"
        "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules}"
        " & {'rdflib', 'oxrdflib', 'pyparsing', 'pyoxigraph'})))\n"
    )
    done = subprocess.run([sys.executable, "-c", script + probe], capture_output=True, text=True, check=True)
    return json.loads(done.stdout.splitlines()[-1])


def test_a_plain_rule_is_never_parsed_by_rdflib(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    u = universe(BODY)
    asked = no_rdflib(monkeypatch)
    [f] = [f for f in check(u, rules_dir=SHIPPED_RULES).findings if f.rule == "character-in-no-work"]
    assert f.subject == "ghost" and asked == []


def test_a_check_with_house_rules_does_not_import_rdflib(tmp_path: Path) -> None:
    data = tmp_path / "u.yaml"
    data.write_text(text_of(BODY), encoding="utf-8")
    script = (
        "import mcugraph\n"
        "from mcugraph.continuity import check\n"
        f"report = check(mcugraph.load({str(data)!r}), rules_dir={str(SHIPPED_RULES)!r})\n"
        "assert [f.subject for f in report.findings if f.rule == 'character-in-no-work'] == ['ghost']\n"
    )
    assert modules_after(script) == ["pyoxigraph"]


@pytest.mark.parametrize("how", ["--no-house-rules", "an empty rules folder", "no rules folder"])
def test_a_check_without_house_rules_imports_neither_rdflib_nor_oxigraph(tmp_path: Path, how: str) -> None:
    data = tmp_path / "data" / "u.yaml"
    data.parent.mkdir()
    data.write_text(text_of(BODY), encoding="utf-8")
    args = ["check", "--data", str(data)]
    if how == "--no-house-rules":
        rules_folder(tmp_path, {"r.rq": (SHIPPED_RULES / "character-in-no-work.rq").read_text(encoding="utf-8")})
        (tmp_path / "queries").mkdir()
        (tmp_path / "rules").rename(tmp_path / "queries" / "rules")  # the default folder beside the data
        args.append("--no-house-rules")
    elif how == "an empty rules folder":
        (tmp_path / "queries" / "rules").mkdir(parents=True)
    script = f"from mcugraph.cli import main\ntry:\n    main({args!r})\nexcept SystemExit as exit:\n    assert not exit.code\n"
    assert modules_after(script) == []


def test_a_syntax_error_points_at_the_rule_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = one_rule(tmp_path, "SELECT ?s WHERE { ?s ?p ?o . FILTER(?s = }")
    built: list[str] = []
    monkeypatch.setattr(house, "_store", lambda *a: built.append("store"))
    message = refusal(universe(BODY), folder)
    assert message.startswith(f"{folder / 'r.rq'}: SPARQL syntax error at line 5, column 1: the query ends before")
    assert built == []  # found before the universe is converted


def test_an_undeclared_prefix_is_named(tmp_path: Path) -> None:
    folder = one_rule(tmp_path, "SELECT ?s WHERE { ?s undeclared:p ?o }")
    message = refusal(universe(BODY), folder)
    assert message.startswith(
        f"{folder / 'r.rq'}: SPARQL syntax error at line 4, column 34: the prefix 'undeclared:' is not declared"
    )


@pytest.mark.parametrize(
    ("query", "form"),
    [
        ("ASK { ?s ?p ?o }", "ASK"),
        ("CONSTRUCT WHERE { ?s ?p ?o }", "CONSTRUCT"),
        ("PREFIX describe: <https://e.org/#>\n# describe or construct?\ndescribe describe:x", "DESCRIBE"),
        (
            "BASE <https://e.org/>\nPREFIX c: <https://e.org/select#> construct { ?s c:p ?o } WHERE { ?s ?p ?o }",
            "CONSTRUCT",
        ),
    ],
)
def test_a_rule_that_is_not_a_select_is_refused_without_rdflib(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, query: str, form: str
) -> None:
    folder = one_rule(tmp_path, query)
    no_rdflib(monkeypatch)
    assert refusal(universe(BODY), folder) == f"{folder / 'r.rq'}:1:1: a house rule must be a SELECT query, not {form}"


def test_a_refusal_in_a_new_process_does_not_import_rdflib(tmp_path: Path) -> None:
    folder = one_rule(tmp_path, "ASK { ?s ?p ?o }")
    script = (
        "import mcugraph\n"
        "from mcugraph.continuity import check\n"
        "from mcugraph.continuity.house import HouseRuleError\n"
        f"u = mcugraph.loads({text_of(BODY)!r}, path='t.yaml')\n"
        "try:\n"
        f"    check(u, rules_dir={str(folder)!r})\n"
        "except HouseRuleError as exc:\n"
        "    assert str(exc).endswith('not ASK'), exc\n"
    )
    assert modules_after(script) == ["pyoxigraph"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (
            "SELECT ?s WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
            "SERVICE is not allowed: queries may not call other endpoints",
        ),
        (
            "SELECT ?s FROM <file:///etc/passwd> WHERE { ?s ?p ?o }",
            "FROM <file:///etc/passwd>: this dataset has no such graph; its one graph is <https://",
        ),
        (
            "SELECT ?s FROM NAMED <http://127.0.0.1:9/g> WHERE { GRAPH ?g { ?s ?p ?o } }",
            "FROM NAMED <http://127.0.0.1:9/g>: this dataset has no such graph",
        ),
        (
            "INSERT DATA { <http://e/s> <http://e/p> <http://e/o> }",
            "updates are not allowed (INSERT): this is a read-only query service",
        ),
        (
            "select ?s where { service <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
            "SERVICE is not allowed: queries may not call other endpoints",
        ),
    ],
)
def test_a_refused_rule_is_refused_with_the_runners_message(tmp_path: Path, query: str, expected: str) -> None:
    folder = one_rule(tmp_path, query)
    assert refusal(universe(BODY), folder).startswith(f"{folder / 'r.rq'}: {expected}")


def test_keywords_in_names_and_strings_do_not_refuse_a_rule(tmp_path: Path) -> None:
    folder = one_rule(
        tmp_path,
        "PREFIX mcg: <https://w3id.org/mcugraph/ontology#>\n"
        "SELECT ?removed WHERE { ?removed a mcg:Character FILTER(?removed != 'from') }",
        message="{removed}",
    )
    assert len(house_findings(universe(BODY), folder)) == 3


def test_a_long_rule_runs(tmp_path: Path) -> None:
    notes = "# a long explanation\n" * 1000
    folder = one_rule(tmp_path, f"{notes}SELECT ?s WHERE {{ ?s ?p ?o }} LIMIT 1")
    assert len(house_findings(universe(BODY), folder)) == 1


def test_deep_nesting_is_no_crash(tmp_path: Path) -> None:
    # Oxigraph's parser recurses: on a thread's usual stack, 3,000 nested groups crash the process
    depth = 5_000
    query = "SELECT ?s WHERE " + "{" * depth + " ?s a ?c " + "}" * depth + " LIMIT 1"
    folder = one_rule(tmp_path, query)
    script = (
        "import mcugraph\n"
        "from mcugraph.continuity import check\n"
        f"u = mcugraph.loads({text_of(BODY)!r}, path='t.yaml')\n"
        f"print(len([f for f in check(u, rules_dir={str(folder)!r}).findings if f.rule == 'r']))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env={**os.environ})
    assert (done.returncode, done.stdout.strip()) == (0, "1"), done.stderr[-2000:]


# -- limits ---------------------------------------------------------------------------


def test_a_rule_past_its_time_limit_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(house, "TIMEOUT", 0.2)
    # about a second of work on this universe: the abandoned thread ends soon after the test
    folder = one_rule(
        tmp_path,
        "SELECT ?s WHERE { ?s ?b ?c . ?d ?e ?f . ?g ?h ?i VALUES ?x { 1 2 3 4 5 6 7 8 } } LIMIT 1 OFFSET 100000000",
    )
    u = mcugraph.loads(text_of("works:\n  - {id: film, kind: film, title: Film, sources: [src]}\n"), path="t.yaml")
    assert refusal(u, folder) == (
        f"{folder / 'r.rq'}: the query ran past its time limit of 0.2 s; narrow it down or add a LIMIT"
    )


def test_rows_past_the_limit_are_dropped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(house, "LIMIT", 2)
    folder = one_rule(
        tmp_path, "PREFIX mcg: <https://w3id.org/mcugraph/ontology#>\nSELECT ?s WHERE { ?s a mcg:Character }"
    )
    assert len(house_findings(universe(BODY), folder)) == 2


def test_an_engine_error_names_the_rule(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = one_rule(tmp_path, "SELECT ?s WHERE { ?s ?p }")
    monkeypatch.setattr(house, "_vet", lambda *a: None)  # as if vetting had let the text through
    message = refusal(universe(BODY), folder)
    assert message.startswith(f"{folder / 'r.rq'}: SPARQL syntax error at line 5, column 1")  # Oxigraph's, reworded


def test_the_query_thread_stack_is_set_only_for_it(monkeypatch: pytest.MonkeyPatch) -> None:
    import threading

    before = threading.stack_size()
    [f] = [f for f in check(universe(BODY), rules_dir=SHIPPED_RULES).findings if f.rule == "character-in-no-work"]
    assert f.subject == "ghost" and threading.stack_size() == before

    def unsettable(size: int = 0) -> int:
        raise ValueError("size not valid")

    monkeypatch.setattr(threading, "stack_size", unsettable)  # a platform that cannot set it
    [f] = [f for f in check(universe(BODY), rules_dir=SHIPPED_RULES).findings if f.rule == "character-in-no-work"]
    assert f.subject == "ghost"
