"""House rules on a bare Oxigraph store, with rdflib's vetting verdict remembered between runs.

The fast path must give exactly the findings of the full SPARQL runner, and a refused
query must stay refused, with the same message, whatever the cache file holds.
"""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import mcugraph
from mcugraph.continuity import Finding, check, house
from mcugraph.continuity import _vetcache as vetcache
from mcugraph.continuity.house import HouseRuleError, read_house_rules

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
        PREFIX mcg: <https://mcugraph.example.org/ontology#>
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


@pytest.fixture(autouse=True)
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("MCUGRAPH_CACHE_DIR", str(folder))
    return folder


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
        patch.setattr(house, "_select", house._select_with_runner)
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
    # and again from the cache, without rdflib's parser
    assert house_findings(shipped, folder) == fast


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


def test_the_store_holds_exactly_the_export(shipped: mcugraph.model.Universe) -> None:
    import pyoxigraph as ox

    from mcugraph.continuity.registry import Context
    from mcugraph.continuity.timeline import resolve_timeline
    from mcugraph.rdf import RdfDataset

    rule = house.parse_house_rule((SHIPPED_RULES / "character-in-no-work.rq").read_text(encoding="utf-8"))
    store, prefixes = house._store(Context(shipped, resolve_timeline(shipped)), rule)
    dataset = RdfDataset(shipped)
    expected = ox.Store()
    expected.bulk_load(dataset.ntriples, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.DefaultGraph())
    assert len(store) == len(expected) == len(dataset.triples)
    assert {str(q) for q in store} == {str(q) for q in expected}
    assert dataset.prefixes.items() <= prefixes.items()


def test_a_rule_with_parameters_goes_through_the_runner(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = one_rule(
        tmp_path,
        "# param: who (character) = ghost -- the character\n"
        "PREFIX mcg: <https://mcugraph.example.org/ontology#>\nSELECT ?who ?s WHERE { ?who a mcg:Character . BIND(?who AS ?s) }",
    )
    calls: list[str] = []
    monkeypatch.setattr(house, "_store", lambda *a: calls.append("store"))
    [f] = house_findings(universe(BODY), folder)
    assert (f.subject, f.message, calls) == ("ghost", "Ghost (ghost)", [])


# -- the cache -----------------------------------------------------------------------


def test_an_accepted_rule_is_remembered_and_not_parsed_again(
    tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    u = universe(BODY)
    first = check(u, rules_dir=SHIPPED_RULES).findings
    stored = json.loads((cache_dir / "vetted-queries.json").read_text(encoding="utf-8"))
    text = (SHIPPED_RULES / "character-in-no-work.rq").read_text(encoding="utf-8")
    assert stored == {"version": vetcache.CACHE_VERSION, "accepted": [vetcache.key(text)]}

    def no_parse(text: str) -> str:
        raise AssertionError("parsed again")

    monkeypatch.setattr(vetting, "query_form", no_parse)
    assert check(u, rules_dir=SHIPPED_RULES).findings == first


def test_a_warm_process_does_not_import_rdflib(tmp_path: Path, cache_dir: Path) -> None:
    data = tmp_path / "u.yaml"
    data.write_text(text_of(BODY), encoding="utf-8")
    script = (
        "import json, sys, mcugraph\n"
        "from mcugraph.continuity import check\n"
        f"report = check(mcugraph.load({str(data)!r}), rules_dir={str(SHIPPED_RULES)!r})\n"
        "heavy = sorted({m.split('.')[0] for m in sys.modules} & {'rdflib', 'oxrdflib', 'pyparsing'})\n"
        "print(json.dumps([heavy, [f.subject for f in report.findings if f.rule == 'character-in-no-work']]))\n"
    )
    env = {**os.environ, "MCUGRAPH_CACHE_DIR": str(cache_dir)}

    def run() -> list[list[str]]:
        done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, check=True)
        return json.loads(done.stdout)

    cold = run()
    assert "rdflib" in cold[0] and cold[1] == ["ghost"]
    assert run() == [[], ["ghost"]]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (
            "SELECT ?s WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
            "SERVICE is not allowed: queries may not call other endpoints",
        ),
        (
            "SELECT ?s FROM <file:///etc/passwd> WHERE { ?s ?p ?o }",
            "FROM and FROM NAMED are not allowed: queries run over this dataset only",
        ),
        (
            "SELECT ?s FROM NAMED <http://127.0.0.1:9/g> WHERE { GRAPH ?g { ?s ?p ?o } }",
            "FROM and FROM NAMED are not allowed: queries run over this dataset only",
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
def test_a_refused_rule_is_refused_whatever_the_cache_holds(
    tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch, query: str, expected: str
) -> None:
    u = universe(BODY)
    folder = one_rule(tmp_path, query)
    text = (folder / "r.rq").read_text(encoding="utf-8")
    message = f"{folder / 'r.rq'}: {expected}"
    assert not vetcache.plainly_safe(text)

    assert refusal(u, folder) == message  # empty cache
    assert not (cache_dir / "vetted-queries.json").exists()  # refusals are not remembered
    check(u, rules_dir=SHIPPED_RULES)  # the cache now holds another rule
    assert refusal(u, folder) == message
    # a forged entry for this very text
    forged = {"version": vetcache.CACHE_VERSION, "accepted": [vetcache.key(text), "0" * 64]}
    cache_dir.mkdir(exist_ok=True)
    (cache_dir / "vetted-queries.json").write_text(json.dumps(forged), encoding="utf-8")
    with monkeypatch.context() as patch:  # the entry is well formed: only the lexical check keeps it out
        patch.setattr(vetcache, "plainly_safe", lambda text: True)
        assert vetcache.is_vetted(text)
    assert refusal(u, folder) == message
    assert refusal(u, folder) == message


def test_a_malformed_or_non_select_rule_is_never_remembered(tmp_path: Path, cache_dir: Path) -> None:
    u = universe(BODY)
    bad = one_rule(tmp_path / "a", "SELECT ?s WHERE { ?s ?p }")
    assert "SPARQL syntax error" in refusal(u, bad)
    ask = one_rule(tmp_path / "b", "ASK { ?s ?p ?o }")
    assert refusal(u, ask) == f"{ask / 'r.rq'}:1:1: a house rule must be a SELECT query, not ASK"
    assert refusal(u, ask) == f"{ask / 'r.rq'}:1:1: a house rule must be a SELECT query, not ASK"
    assert not (cache_dir / "vetted-queries.json").exists()


@pytest.mark.parametrize(
    "content",
    [
        b"\x00\xffnot json",
        b"{",
        b"[]",
        b'{"version": 1, "accepted": "abc"}',
        b'{"version": 999, "accepted": []}',
        b'{"version": 1, "accepted": [1, null, "zz"]}',
    ],
)
def test_a_corrupt_cache_file_is_ignored(tmp_path: Path, cache_dir: Path, content: bytes) -> None:
    cache_dir.mkdir()
    (cache_dir / "vetted-queries.json").write_bytes(content)
    [f] = [f for f in check(universe(BODY), rules_dir=SHIPPED_RULES).findings if f.rule == "character-in-no-work"]
    assert f.subject == "ghost"
    stored = json.loads((cache_dir / "vetted-queries.json").read_text(encoding="utf-8"))
    assert stored["version"] == vetcache.CACHE_VERSION and len(stored["accepted"]) == 1


def test_a_cache_folder_that_cannot_be_written_is_ignored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("MCUGRAPH_CACHE_DIR", str(blocker / "cache"))  # mkdir fails: a file is in the way
    for _ in range(2):
        [f] = [f for f in check(universe(BODY), rules_dir=SHIPPED_RULES).findings if f.rule == "character-in-no-work"]
        assert f.subject == "ghost"
    assert blocker.read_text(encoding="utf-8") == "not a folder"


def test_a_cache_file_that_is_a_folder_is_ignored(cache_dir: Path) -> None:
    (cache_dir / "vetted-queries.json").mkdir(parents=True)  # cannot be read, nor replaced
    for _ in range(2):
        [f] = [f for f in check(universe(BODY), rules_dir=SHIPPED_RULES).findings if f.rule == "character-in-no-work"]
        assert f.subject == "ghost"
    assert (cache_dir / "vetted-queries.json").is_dir()


def test_a_write_error_is_ignored(tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import mcugraph._io

    def fail(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(mcugraph._io, "atomic_write", fail)
    [f] = [f for f in check(universe(BODY), rules_dir=SHIPPED_RULES).findings if f.rule == "character-in-no-work"]
    assert f.subject == "ghost" and not (cache_dir / "vetted-queries.json").exists()


def test_the_cache_can_be_turned_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MCUGRAPH_CACHE_DIR", "off")
    assert vetcache.cache_file() is None
    check(universe(BODY), rules_dir=SHIPPED_RULES)
    assert not vetcache.is_vetted((SHIPPED_RULES / "character-in-no-work.rq").read_text(encoding="utf-8"))


def test_where_the_cache_lives(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MCUGRAPH_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert vetcache.cache_file() == tmp_path / "xdg" / "mcugraph" / "vetted-queries.json"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/ignored")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert vetcache.cache_file() == tmp_path / "home" / ".cache" / "mcugraph" / "vetted-queries.json"


def test_the_key_depends_on_the_text_and_the_versions(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "SELECT ?s WHERE { ?s ?p ?o }"
    base = vetcache.key(text)
    assert base is not None and base != vetcache.key(text + " ")
    with monkeypatch.context() as patch:
        patch.setattr(vetcache, "__version__", "99.0")
        assert vetcache.key(text) != base
    with monkeypatch.context() as patch:
        patch.setattr(vetcache, "CACHE_VERSION", 99)
        assert vetcache.key(text) != base
    assert vetcache.key(text) == base


# -- the lexical check ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "plain"),
    [
        ("SELECT ?s WHERE { ?s ?p ?o }", True),
        ("# message: add from with load\n  \t# drop\nSELECT ?s WHERE { ?s ?p ?o }", True),
        ("PREFIX m: <https://e.org/o#>\nSELECT ?s WHERE { ?s a m:C }\n", True),
        ("SELECT ?s WHERE { SERVICE <http://x/> { ?s ?p ?o } }", False),
        ("SELECT ?s WHERE { ?s ?p ?o } # service", False),  # a trailing comment counts as code
        ("SELECT ?s WHERE { ?s ?p ?o . FILTER(?o = 'from') }", False),  # strings count as code too
        ("SELECT ?removed WHERE { ?removed ?p ?o }", False),  # MOVE: safe, but not provable here
        ("SELECT ?s WHERE { \\u0053ERVICE <http://x/> { ?s ?p ?o } }", False),
        ("SELECT ?s WHERE { ?s ?p ?o }\n# \\u000ASERVICE <http://x/> {}", False),
        ('SELECT ?s WHERE { ?s ?p """\n# x""" }', False),
        ("SELECT ?s WHERE { ?s ?p ?o }\u2028# SERVICE", False),
        ("SELECT ?s WHERE { ?s ?p ?o }\x0c# x", False),
        ("SELECT ?s WHERE { ?s ?p ?o }\r# a comment line after a bare CR\r", True),
        ("SELECT ?s WHERE { ?s ?p 'ſervice' }", False),  # not ASCII outside comments
        ("x" * 100_001, False),
    ],
)
def test_the_lexical_check(text: str, plain: bool) -> None:
    assert vetcache.plainly_safe(text) is plain


def test_a_cache_entry_for_a_text_that_is_not_plain_is_not_written(cache_dir: Path) -> None:
    vetcache.remember("SELECT ?removed WHERE { ?removed ?p ?o }")
    assert not (cache_dir / "vetted-queries.json").exists()
    vetcache.remember("SELECT ?s WHERE { ?s ?p ?o }")
    assert vetcache.is_vetted("SELECT ?s WHERE { ?s ?p ?o }")


def test_the_cache_keeps_the_most_recent_entries(cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(vetcache, "MAX_ENTRIES", 3)
    texts = [f"SELECT ?s WHERE {{ ?s ?p {n} }}" for n in range(5)]
    for text in texts:
        vetcache.remember(text)
    assert [vetcache.is_vetted(t) for t in texts] == [False, False, True, True, True]


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
        tmp_path, "PREFIX mcg: <https://mcugraph.example.org/ontology#>\nSELECT ?s WHERE { ?s a mcg:Character }"
    )
    assert len(house_findings(universe(BODY), folder)) == 2


def test_an_engine_error_names_the_rule(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = one_rule(tmp_path, "SELECT ?s WHERE { ?s ?p }")
    monkeypatch.setattr(vetcache, "is_vetted", lambda text: True)  # as if a forged cache let the text through
    message = refusal(universe(BODY), folder)
    assert message.startswith(f"{folder / 'r.rq'}: the query failed: ")
