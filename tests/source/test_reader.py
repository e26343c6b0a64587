"""Tests for the strict YAML reader: one test per rule, each checking message and position.

Corpus files live in ``corpus/`` next to this file; tests that read them run from this
folder so display paths are short and predictable (``corpus/x.yaml``).
"""

from __future__ import annotations

import copy
import datetime
import doctest
import os
import pickle
from pathlib import Path

import pytest
import yaml

from mcugraph.errors import Diagnostic, Mark, SourceError
from mcugraph.source import (
    MAX_ERRORS_PER_FILE,
    Document,
    Mapping,
    Scalar,
    Sequence,
    parse_text,
    read_documents,
    to_python,
)
from mcugraph.source import nodes as nodes_module
from mcugraph.source import reader as reader_module

HERE = Path(__file__).parent
TAG = "tag:yaml.org,2002:"


@pytest.fixture
def in_here(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(HERE)


def errors_of(source: str | bytes, *, max_depth: int = 64) -> list[Diagnostic]:
    with pytest.raises(SourceError) as info:
        parse_text(source, max_depth=max_depth)
    return list(info.value.diagnostics)


def read_errors(path: str | os.PathLike[str], **options: int) -> list[Diagnostic]:
    with pytest.raises(SourceError) as info:
        read_documents(path, **options)
    return list(info.value.diagnostics)


def where(d: Diagnostic) -> tuple[str, int, int]:
    return (d.mark.path, d.mark.line, d.mark.column)


def only(diagnostics: list[Diagnostic]) -> Diagnostic:
    assert len(diagnostics) == 1, [str(d) for d in diagnostics]
    return diagnostics[0]


# --- scalars, values and marks ---------------------------------------------------


def test_scalar_resolution_follows_pyyaml_safe_loader() -> None:
    root = parse_text('a: No\nb: "No"\nc: 2012\nd: 2012-05-04\ne: 1:20\nf: |\n  2012\n')
    a, b, c, d, e, f = (root.get(k) for k in "abcdef")
    assert isinstance(a, Scalar) and a == Scalar(False, "No", TAG + "bool", True, a.mark)
    assert (a.mark.line, a.mark.column) == (1, 4)
    assert isinstance(b, Scalar) and (b.value, b.text, b.tag, b.plain) == ("No", "No", TAG + "str", False)
    assert isinstance(c, Scalar) and (c.value, c.tag, c.plain) == (2012, TAG + "int", True)
    assert isinstance(d, Scalar) and (d.value, d.tag) == (datetime.date(2012, 5, 4), TAG + "timestamp")
    assert isinstance(e, Scalar) and (e.value, e.text, e.tag) == (80, "1:20", TAG + "int")
    assert isinstance(f, Scalar) and (f.value, f.tag, f.plain) == ("2012\n", TAG + "str", False)
    assert to_python(root) == yaml.safe_load('a: No\nb: "No"\nc: 2012\nd: 2012-05-04\ne: 1:20\nf: |\n  2012\n')


def test_marks_are_one_based_and_point_at_each_node() -> None:
    root = parse_text("works:\n  - id: daredevil\n    year: 2015\n", path="w.yaml")
    assert (root.mark.line, root.mark.column, root.mark.path) == (1, 1, "w.yaml")
    works = root.get("works")
    assert isinstance(works, Sequence) and (works.mark.line, works.mark.column) == (2, 3)
    record = works.items[0]
    assert isinstance(record, Mapping) and (record.mark.line, record.mark.column) == (2, 5)
    key, value = record.items[1]
    assert (key.text, key.mark.line, key.mark.column) == ("year", 3, 5)
    assert (value.mark.line, value.mark.column) == (3, 11)


@pytest.mark.parametrize("brk", ["\n", "\r\n", "\r", "\x85", "\u2028", "\u2029"])
@pytest.mark.parametrize("tail", ["", "tagged: !!str x"], ids=["clean", "careful"])  # a tag: the careful builder
def test_marks_count_every_kind_of_line_break_past_line_256(brk: str, tail: str) -> None:
    text = brk.join([*(f"k{i}: [v{i}]" for i in range(1, 301)), tail]) + brk
    root = parse_text(text)
    key, value = root.items[299]
    assert (key.text, key.mark.line, key.mark.column) == ("k300", 300, 1)
    assert isinstance(value, Sequence) and (value.mark.line, value.mark.column) == (300, 7)
    assert (value.items[0].mark.line, value.items[0].mark.column) == (300, 8)


def test_timestamps_explicit_core_tags_and_mapping_helpers() -> None:
    root = parse_text("a: 2015-11-20 10:30:00\nb: !!str 12\nc: !!int '7'\nd: !!timestamp '2012-05-04'\n")
    assert to_python(root) == {
        "a": datetime.datetime(2015, 11, 20, 10, 30),
        "b": "12",
        "c": 7,
        "d": datetime.date(2012, 5, 4),
    }
    assert root.keys() == ["a", "b", "c", "d"] and root.get("zzz") is None


def test_nodes_are_made_from_a_mark_and_survive_pickle_and_copy() -> None:
    here = Mark("a.yaml", 3, 5)
    key = Scalar("name", "name", TAG + "str", True, here)
    value = Sequence((Scalar(1, "1", TAG + "int", True, Mark("a.yaml", 3, 12)),), Mark("a.yaml", 3, 11))
    node = Mapping(((key, value),), here)
    assert (key.mark, value.mark, node.mark) == (here, Mark("a.yaml", 3, 11), here)
    assert isinstance(node.mark, Mark) and str(node.mark) == "a.yaml:3:5"
    assert node == parse_text("\n\n    name: [1]", path="a.yaml")
    for made in (pickle.loads(pickle.dumps(node)), copy.deepcopy(node), copy.copy(node)):
        assert made == node and hash(made) == hash(node) and repr(made) == repr(node)


def test_reprs_are_short_and_readable() -> None:
    root = parse_text("answer: No\nlist: [1, 2]\n")
    assert repr(root.get("answer")) == "Scalar(False, text='No', tag='!!bool', plain, at <string>:1:9)"
    assert repr(root) == "Mapping(keys=['answer', 'list'], at <string>:1:1)"
    assert repr(root.get("list")) == "Sequence(2 items, at <string>:2:7)"


def test_docstring_examples_run() -> None:
    for module in (nodes_module, reader_module):
        result = doctest.testmod(module)
        assert result.failed == 0 and result.attempted > 0


def test_to_python_handles_any_accepted_depth() -> None:
    text = "a: " + "[" * 500 + "1" + "]" * 500
    value = to_python(parse_text(text, max_depth=600))["a"]
    for _ in range(500):
        value = value[0]
    assert value == 1


# --- hostile constructs ----------------------------------------------------------


def test_alias_bomb_is_refused_at_the_first_anchor(in_here: None) -> None:
    diagnostics = read_errors("corpus/alias_bomb.yaml")
    assert where(diagnostics[0]) == ("corpus/alias_bomb.yaml", 1, 4)
    assert "anchors and aliases are not allowed (`&a`); write the value out in full" in diagnostics[0].message
    assert len(diagnostics) == 9  # one per anchor name, none for the thousands of aliases


def test_alias_without_anchor_is_refused() -> None:
    d = only(errors_of("a: 1\nb: *nowhere\n"))
    assert (d.mark.line, d.mark.column) == (2, 4)
    assert "anchors and aliases are not allowed (`*nowhere`)" in d.message


def test_python_tag_is_refused_by_name(in_here: None) -> None:
    d = only(read_errors("corpus/python_tag.yaml"))
    assert where(d) == ("corpus/python_tag.yaml", 3, 10)
    assert "the tag !!python/object/apply:os.system is not allowed" in d.message


@pytest.mark.parametrize(
    ("source", "shown", "column"),
    [("a: !foo x\n", "!foo", 4), ("a: !!binary aGk=\n", "!!binary", 4), ("a: !!set {x}\n", "!!set", 4),
     ("a: !!omap [x: 1]\n", "!!omap", 4), ("a: [!!python/name:os.system x]\n", "!!python/name:os.system", 5)],
)  # fmt: skip
def test_non_core_tags_are_refused(source: str, shown: str, column: int) -> None:
    d = only(errors_of(source))
    assert (d.mark.line, d.mark.column) == (1, column)
    assert f"the tag {shown} is not allowed; only the core tags" in d.message


def test_core_tag_on_the_wrong_kind_of_node_is_refused() -> None:
    d = only(errors_of("a: !!str [x]\n"))
    assert (d.mark.line, d.mark.column) == (1, 4)
    assert "the tag !!str cannot be used on a sequence" in d.message


def test_value_that_does_not_fit_its_tag_is_refused() -> None:
    d = only(errors_of("a: 1\nb: !!int abc\n"))
    assert (d.mark.line, d.mark.column) == (2, 4)
    assert "'abc' is not a valid !!int value" in d.message


def test_impossible_date_is_refused_with_a_quoting_hint() -> None:
    d = only(errors_of("released: 2015-13-45\n"))
    assert (d.mark.line, d.mark.column) == (1, 11)
    assert "'2015-13-45' reads as !!timestamp in YAML but is not a valid one (month must be in 1..12)" in d.message
    assert "quote it if it is text" in d.message


def test_overlong_number_is_refused_before_it_is_built() -> None:
    d = only(errors_of("a: 1" + ":20" * 3000 + "\n"))
    assert (d.mark.line, d.mark.column) == (1, 4)
    assert "this number is 9,001 characters long, over the 4,300-character limit" in d.message


def test_duplicate_keys_are_errors_at_the_second_key(in_here: None) -> None:
    d = only(read_errors("corpus/duplicate_keys.yaml"))
    assert where(d) == ("corpus/duplicate_keys.yaml", 5, 5)
    assert "duplicate key 'name' (first at line 3); PyYAML would silently keep the last one" in d.message


def test_keys_equal_after_resolution_are_duplicates() -> None:
    d = only(errors_of("yes: 1\ntrue: 2\n'yes': 3\n"))
    assert (d.mark.line, d.mark.column) == (2, 1)
    assert "duplicate key 'true' (first at line 1, written 'yes')" in d.message


def test_merge_keys_are_refused() -> None:
    d = only(errors_of("base: {a: 1}\nthing:\n  <<: {a: 1}\n  b: 2\n"))
    assert (d.mark.line, d.mark.column) == (3, 3)
    assert "merge keys (`<<`) are not allowed; write the merged keys out in full" in d.message


def test_quoted_merge_key_is_an_ordinary_key() -> None:
    assert to_python(parse_text("'<<': 1\n")) == {"<<": 1}


def test_plain_value_markers_are_refused() -> None:
    diagnostics = errors_of("a: <<\nb: =\n")
    assert [(d.mark.line, d.mark.column) for d in diagnostics] == [(1, 4), (2, 4)]
    assert "a plain `<<` is a merge key in YAML; quote it" in diagnostics[0].message
    assert "a plain `=` has a special meaning in YAML 1.1" in diagnostics[1].message


@pytest.mark.parametrize(
    ("source", "column", "what"), [("? [a, b]\n: 1\n", 3, "a sequence"), ("{x: 1}: 2\n", 1, "a mapping")]
)
def test_complex_keys_are_refused(source: str, column: int, what: str) -> None:
    d = only(errors_of(source))
    assert (d.mark.line, d.mark.column) == (1, column)
    assert f"a mapping key must be a single value, not {what}" in d.message


def test_depth_100_is_refused_without_recursion_error() -> None:
    d = only(errors_of("a: " + "[" * 100 + "]" * 100 + "\n"))
    # 'a:' is level 1; the 64th '[' is level 65, at column 3 + 64.
    assert (d.mark.line, d.mark.column) == (1, 67)
    assert "nested more than 64 levels deep" in d.message
    block = "a:\n" + "".join("  " * i + f"k{i}:\n" for i in range(1, 100)) + "  " * 100 + "x: 1\n"
    d = only(errors_of(block))
    assert (d.mark.line, d.mark.column) == (65, 129) and "nested more than 64 levels deep" in d.message


def test_depth_limit_is_an_option() -> None:
    assert to_python(parse_text("a: [[1]]\n", max_depth=3)) == {"a": [[1]]}
    d = only(errors_of("a: [[1]]\n", max_depth=2))
    assert (d.mark.line, d.mark.column) == (1, 5) and "more than 2 levels" in d.message


# --- syntax and encoding ---------------------------------------------------------


def test_tabs_for_indentation_get_a_hint(in_here: None) -> None:
    d = only(read_errors("corpus/tabs.yaml"))
    assert where(d) == ("corpus/tabs.yaml", 3, 1)
    assert d.message.endswith("YAML does not allow tabs for indentation; use spaces")


def test_tab_at_the_start_of_a_key_line_gets_a_hint() -> None:
    d = only(errors_of("a:\n\tb: 1\n"))
    assert (d.mark.line, d.mark.column) == (2, 1)
    assert "cannot start any token" in d.message and "use spaces" in d.message


def test_syntax_error_names_problem_and_context() -> None:
    d = only(errors_of("a: [1, 2\nb: 3\n"))
    assert (d.mark.line, d.mark.column) == (2, 2)
    assert "did not find expected ',' or ']' (while parsing a flow sequence, started at line 1, column 4)" in d.message


def test_non_utf8_bytes_point_at_the_first_bad_byte(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes("name: Jessica\ncity: Hell's Kitchen, Café\n".encode("latin-1"))
    d = only(read_errors(path))
    assert where(d) == (str(path), 2, 26)
    assert "the file is not valid UTF-8: byte 0xe9 cannot be decoded" in d.message
    assert "save the file with UTF-8 encoding" in d.message


def test_utf8_bom_is_accepted(in_here: None) -> None:
    [doc] = read_documents("corpus/bom.yaml")
    assert to_python(doc.root) == {"universe": {"name": "Café Universe"}}
    assert (doc.root.mark.line, doc.root.mark.column) == (1, 1)
    assert to_python(parse_text(b"\xef\xbb\xbfa: 1\n")) == {"a": 1}


def test_nul_and_control_characters_are_reported_with_position(tmp_path: Path) -> None:
    path = tmp_path / "nul.yaml"
    path.write_bytes(b"a: 1\nb: x\x00y\x01\n")
    d = only(read_errors(path))
    assert (d.mark.line, d.mark.column) == (2, 5)
    assert "the character U+0000 is not allowed in YAML (1 more such character in this file)" in d.message
    d = only(errors_of("a: \ud800\n"))
    assert (d.mark.line, d.mark.column) == (1, 4) and "U+D800" in d.message


@pytest.mark.parametrize("name", ["empty.yaml", "comments_only.yaml"])
def test_empty_file_is_an_error(in_here: None, name: str) -> None:
    d = only(read_errors(f"corpus/{name}"))
    assert where(d) == (f"corpus/{name}", 1, 1)
    assert "file is empty: expected a mapping of sections" in d.message


def test_document_marker_alone_is_empty() -> None:
    assert "file is empty" in only(errors_of("---\n")).message


def test_top_level_must_be_a_mapping(in_here: None) -> None:
    d = only(read_errors("corpus/not_mapping.yaml"))
    assert where(d) == ("corpus/not_mapping.yaml", 1, 1)
    assert "the top level must be a mapping of sections" in d.message and "not a sequence" in d.message
    d = only(errors_of("\n  just text\n"))
    assert (d.mark.line, d.mark.column) == (2, 3) and "not the single value 'just text'" in d.message


def test_second_document_is_an_error_at_its_start(in_here: None) -> None:
    d = only(read_errors("corpus/two_documents.yaml"))
    assert where(d) == ("corpus/two_documents.yaml", 2, 1)
    assert "a second YAML document starts here" in d.message


def test_several_errors_in_one_file_are_reported_together(in_here: None) -> None:
    diagnostics = read_errors("corpus/many_errors.yaml")
    assert [(d.mark.line, d.mark.column) for d in diagnostics] == [(4, 5), (5, 5), (7, 10), (8, 13), (9, 1)]
    messages = [d.message for d in diagnostics]
    assert "duplicate key 'name' (first at line 3)" in messages[0]
    assert "anchors and aliases are not allowed (`&base`)" in messages[1]
    assert "the tag !!python/object:os.system is not allowed" in messages[2]
    assert "the tag !!set is not allowed" in messages[3]
    assert "duplicate key 'works' (first at line 1)" in messages[4]


def test_error_count_per_file_is_capped() -> None:
    source = "a: 1\n" + "a: 2\n" * (MAX_ERRORS_PER_FILE + 50)
    diagnostics = errors_of(source)
    assert len(diagnostics) == MAX_ERRORS_PER_FILE + 1
    assert f"too many errors ({MAX_ERRORS_PER_FILE}); stopped reading this file" in diagnostics[-1].message


def test_error_text_is_compiler_style() -> None:
    [d] = errors_of("a: 1\na: 2\n")
    assert str(d).startswith("<string>:2:1: error: duplicate key 'a'")


@pytest.mark.parametrize(
    ("source", "line", "column", "words"),
    [("a:\n\tb: 1\n", 2, 1, "use spaces"), ("a: [1, 2\nb: 3\n", 2, 2, "flow sequence"),
     ("a: 1\nb: &x 2\n", 2, 4, "anchors and aliases"), ("a: 1\na: 2\n", 2, 1, "duplicate key 'a'")],
)  # fmt: skip
def test_pure_python_parser_gives_the_same_positions(
    monkeypatch: pytest.MonkeyPatch, source: str, line: int, column: int, words: str
) -> None:
    monkeypatch.setattr(reader_module, "_LOADER", yaml.SafeLoader)
    d = only(errors_of(source))
    assert (d.mark.line, d.mark.column) == (line, column) and words in d.message


# --- files and limits ------------------------------------------------------------


def test_oversized_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    with path.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse: 50 MB on paper, instant to make
    d = only(read_errors(path))
    assert where(d) == (str(path), 1, 1)
    assert "file is 52,428,800 bytes, over the 10,485,760-byte limit" in d.message


def test_size_limit_is_an_option(tmp_path: Path) -> None:
    path = tmp_path / "small.yaml"
    path.write_text("a: 12345\n")
    d = only(read_errors(path, max_bytes=5))
    assert "file is 9 bytes, over the 5-byte limit" in d.message


def test_missing_root_file(tmp_path: Path) -> None:
    d = only(read_errors(tmp_path / "nope.yaml"))
    assert where(d) == (str(tmp_path / "nope.yaml"), 1, 1) and "file not found" in d.message


def test_directory_is_not_a_data_file(tmp_path: Path) -> None:
    assert "not a regular file" in only(read_errors(tmp_path)).message


# --- includes --------------------------------------------------------------------


def test_includes_are_read_depth_first_in_order(in_here: None) -> None:
    documents = read_documents("corpus/order_root.yaml")
    assert [doc.path for doc in documents] == [
        "corpus/order_root.yaml",
        "corpus/order_a.yaml",
        "corpus/sub/order_c.yaml",
        "corpus/order_d.yaml",  # written as ../order_d.yaml in sub/, normalised
        "corpus/order_b.yaml",
    ]
    assert documents[0].included_from is None
    origin = documents[3].included_from
    assert origin is not None and (origin.path, origin.line, origin.column) == ("corpus/sub/order_c.yaml", 2, 11)
    assert isinstance(documents[1], Document) and documents[1].root.keys() == ["works", "include"]


def test_a_file_that_includes_itself(in_here: None) -> None:
    d = only(read_errors("corpus/self_include.yaml"))
    assert where(d) == ("corpus/self_include.yaml", 2, 5)
    assert "include cycle: corpus/self_include.yaml -> corpus/self_include.yaml" in d.message


def test_two_file_include_cycle(in_here: None) -> None:
    d = only(read_errors("corpus/cycle_a.yaml"))
    assert where(d) == ("corpus/cycle_b.yaml", 2, 5)
    assert "include cycle: corpus/cycle_a.yaml -> corpus/cycle_b.yaml -> corpus/cycle_a.yaml" in d.message


def test_include_outside_the_data_folder(in_here: None) -> None:
    d = only(read_errors("corpus/outside.yaml"))
    assert where(d) == ("corpus/outside.yaml", 2, 5)
    assert "include points outside the data folder: '../x.yaml'" in d.message


def test_symlink_out_of_the_data_folder_is_outside(tmp_path: Path) -> None:
    (tmp_path / "secret.yaml").write_text("a: 1\n")
    data = tmp_path / "data"
    data.mkdir()
    (data / "link.yaml").symlink_to(tmp_path / "secret.yaml")
    (data / "root.yaml").write_text("include: [link.yaml]\n")
    d = only(read_errors(data / "root.yaml"))
    assert (d.mark.line, d.mark.column) == (1, 11) and "include points outside the data folder" in d.message


def test_missing_include(in_here: None) -> None:
    d = only(read_errors("corpus/missing_include.yaml"))
    assert where(d) == ("corpus/missing_include.yaml", 3, 5)
    assert "included file not found: 'nope.yaml' (looked for corpus/nope.yaml)" in d.message


def test_same_file_included_twice(in_here: None) -> None:
    d = only(read_errors("corpus/twice_root.yaml"))
    assert where(d) == ("corpus/twice_root.yaml", 3, 5)
    assert "corpus/twice_shared.yaml is already included from corpus/twice_a.yaml:2" in d.message


def test_include_must_be_a_list(in_here: None) -> None:
    d = only(read_errors("corpus/include_not_list.yaml"))
    assert where(d) == ("corpus/include_not_list.yaml", 1, 10)
    assert "`include` must be a list of file paths" in d.message


def test_include_items_must_be_yaml_paths(in_here: None) -> None:
    diagnostics = read_errors("corpus/include_bad_items.yaml")
    assert [where(d) for d in diagnostics] == [
        ("corpus/include_bad_items.yaml", 2, 5),
        ("corpus/include_bad_items.yaml", 3, 5),
    ]
    assert "each `include` item must be a file path (a string)" in diagnostics[0].message
    assert "included file must end in .yaml or .yml: 'notes.txt'" in diagnostics[1].message


def test_errors_in_two_included_files_are_reported_together(in_here: None) -> None:
    diagnostics = read_errors("corpus/two_bad_root.yaml")
    assert [where(d) for d in diagnostics] == [("corpus/bad_one.yaml", 3, 5), ("corpus/bad_two.yaml", 2, 11)]
    assert "duplicate key 'id' (first at line 2)" in diagnostics[0].message
    assert "the tag !!binary is not allowed" in diagnostics[1].message


def test_file_count_is_capped(tmp_path: Path) -> None:
    (tmp_path / "root.yaml").write_text("include: [a.yaml, b.yaml, c.yaml]\n")
    for name in "abc":
        (tmp_path / f"{name}.yaml").write_text("people: []\n")
    d = only(read_errors(tmp_path / "root.yaml", max_files=2))
    assert (d.mark.line, d.mark.column) == (1, 19)
    assert "too many files: the limit is 2 (max_files)" in d.message
    assert len(read_documents(tmp_path / "root.yaml", max_files=4)) == 4


def test_long_include_chain_needs_no_recursion(tmp_path: Path) -> None:
    count = 1200  # deeper than Python's default recursion limit
    for i in range(count):
        body = f"include: [f{i + 1}.yaml]\n" if i + 1 < count else "people: []\n"
        (tmp_path / f"f{i}.yaml").write_text(body)
    assert len(read_documents(tmp_path / "f0.yaml", max_files=count)) == count
