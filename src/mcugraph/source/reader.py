"""Read data files strictly: YAML events in, a positioned node tree or every problem out.

PyYAML's loaders are too forgiving for data that people edit by hand: duplicate keys
silently keep the last value, aliases can expand exponentially (an alias bomb), and
``!!python/...`` tags reach into the interpreter. So the tree is built here, from the
event stream of PyYAML's C parser, and anything risky is refused at the point where it
is written. Plain scalars are typed exactly as PyYAML's SafeLoader types them, so what
the reader returns matches what ``yaml.safe_load`` would have given.

A run reports every problem it can find, in every file, as a
:class:`~mcugraph.errors.SourceError` carrying one
:class:`~mcugraph.errors.Diagnostic` per problem.
"""

from __future__ import annotations

import codecs
import functools
import os
import re
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

import yaml
from yaml.constructor import SafeConstructor
from yaml.events import (
    AliasEvent,
    CollectionStartEvent,
    DocumentStartEvent,
    Event,
    MappingEndEvent,
    MappingStartEvent,
    NodeEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
)
from yaml.nodes import ScalarNode
from yaml.reader import ReaderError
from yaml.resolver import Resolver

from mcugraph._perf import paused_gc
from mcugraph.errors import Diagnostic, Mark, SourceError
from mcugraph.source.ahead import ReadAhead
from mcugraph.source.nodes import Document, Mapping, Node, Scalar, ScalarValue, Sequence

__all__ = [
    "DEFAULT_MAX_BYTES",
    "DEFAULT_MAX_DEPTH",
    "DEFAULT_MAX_FILES",
    "MAX_ERRORS_PER_FILE",
    "Loaded",
    "iter_converted",
    "iter_documents",
    "load_file",
    "parse_text",
    "read_documents",
]

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
DEFAULT_MAX_DEPTH = 64
DEFAULT_MAX_FILES = 1000
MAX_ERRORS_PER_FILE = 100
"""After this many errors in one file the reader stops reading it, like a compiler."""

T = TypeVar("T")

# The C parser is several times faster; the pure-Python one gives the same events.
_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_RESOLVER = Resolver()
#: (text, implicit) -> resolved tag; resolution depends on nothing else, and data
#: repeats the same keys and values over and over.
_RESOLVED: dict[tuple[str, Any], str] = {}
_CONSTRUCTOR = SafeConstructor()
#: the first characters for which the resolver has implicit types (numbers, booleans,
#: null, dates, ``<<``): a plain scalar starting otherwise is a string
_IMPLICIT_STARTS = frozenset(key for key in Resolver.yaml_implicit_resolvers if key)

_CORE = "tag:yaml.org,2002:"
_STR, _NULL, _MERGE, _VALUE = (_CORE + t for t in ("str", "null", "merge", "value"))
_SEQ, _MAP = _CORE + "seq", _CORE + "map"
_SPECIAL = frozenset((_MERGE, _VALUE))
_STARTS = (MappingStartEvent, SequenceStartEvent)
_ENDS = (MappingEndEvent, SequenceEndEvent)
#: Builds a Mark from a ready tuple, skipping the named tuple's keyword-handling __new__.
_new_mark: Callable[[tuple[str, int, int]], Mark] = functools.partial(tuple.__new__, Mark)
_SCALAR_TAGS = frozenset(_CORE + t for t in ("str", "int", "float", "bool", "null", "timestamp"))
_ALLOWED_TAGS = "!!str, !!int, !!float, !!bool, !!null, !!timestamp, !!seq and !!map"
# Longer numbers are refused: Python caps int() at 4300 digits, and a long
# sexagesimal number (1:20:20:...) would take quadratic time to build.
_MAX_NUMBER_TEXT = 4300

# Characters YAML 1.1 allows in a stream (tab, line breaks and printable Unicode).
_NOT_ALLOWED = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
#: the break characters one by one: counting each gives at least the number of lines
_BREAKS = ("\n", "\r", "\x85", "\u2028", "\u2029")


def _short_tag(tag: str) -> str:
    return "!!" + tag[len(_CORE) :] if tag.startswith(_CORE) else tag


def _position(text: str, index: int) -> tuple[int, int]:
    """Return the 1-based line and column of ``text[index]``, counting breaks as YAML does."""
    index = max(0, min(index, len(text)))
    line, line_start = 1, 0
    for match in _BREAK.finditer(text, 0, index):
        line, line_start = line + 1, match.end()
    return line, index - line_start + 1


class _TooManyErrors(Exception):
    """Raised inside one file's reading once it has hit :data:`MAX_ERRORS_PER_FILE`."""


@dataclass
class _FileLog:
    """Collects the diagnostics of one file into a shared list, up to a cap."""

    path: str
    sink: list[Diagnostic]
    count: int = 0

    def error(self, line: int, column: int, message: str) -> None:
        if self.count >= MAX_ERRORS_PER_FILE:
            return
        self.count += 1
        self.sink.append(Diagnostic(Mark(self.path, line, column), message))
        if self.count == MAX_ERRORS_PER_FILE:
            self.sink.append(
                Diagnostic(
                    Mark(self.path, line, column), f"too many errors ({MAX_ERRORS_PER_FILE}); stopped reading this file"
                )
            )
            raise _TooManyErrors

    def at(self, mark: Mark, message: str) -> None:
        self.error(mark.line, mark.column, message)


# --- bytes to text ---------------------------------------------------------------


def _decode(data: bytes, log: _FileLog) -> str | None:
    """Decode UTF-8 (a leading BOM is allowed and dropped); report the first bad byte."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[: exc.start].decode("utf-8")
        line, column = _position(before, len(before))
        log.error(
            line,
            column,
            f"the file is not valid UTF-8: byte 0x{data[exc.start]:02x} cannot be decoded "
            f"({exc.reason}); save the file with UTF-8 encoding",
        )
        return None


def _check_characters(text: str, log: _FileLog) -> bool:
    """Report the first character YAML does not allow (NUL, other controls, surrogates)."""
    bad = _NOT_ALLOWED.search(text)
    if bad is None:
        return True
    more = sum(1 for _ in _NOT_ALLOWED.finditer(text, bad.end()))
    line, column = _position(text, bad.start())
    extra = f" ({more} more such character{'s' if more > 1 else ''} in this file)" if more else ""
    log.error(
        line,
        column,
        f"the character U+{ord(bad.group()):04X} is not allowed in YAML{extra}; remove it (is this a binary file?)",
    )
    return False


# --- events to nodes -------------------------------------------------------------


@dataclass
class _Frame:
    """An open mapping or sequence while its events are being read."""

    mapping: bool
    mark: Mark
    items: list[Any] = field(default_factory=list)
    has_key: bool = False
    key: Scalar | None = None
    seen: dict[tuple[str, Any], Scalar] = field(default_factory=dict)
    refused: bool = False

    def build(self) -> Node | None:
        if self.refused:
            return None
        if self.mapping:
            return Mapping(tuple(self.items), self.mark)
        return Sequence(tuple(self.items), self.mark)


class _TreeBuilder:
    """Turns parser events into nodes without recursion, checking each rule on the way.

    A node that breaks a rule is reported and then left out (``None``), so reading
    continues and later problems in the same file are reported too.
    """

    def __init__(self, log: _FileLog, max_depth: int) -> None:
        self.log = log
        self.max_depth = max_depth
        self.stack: list[_Frame] = []
        self.skipping = 0  # open collections inside a subtree refused for its depth
        self.depth_reported = False
        self.names: set[str] = set()
        self.documents = 0
        self.root: Node | None = None
        self.has_root = False

    def mark(self, event: Event) -> Mark:
        m = event.start_mark
        if m is None:
            return _new_mark((self.log.path, 1, 1))
        return _new_mark((self.log.path, m.line + 1, m.column + 1))

    def feed(self, event: Any) -> bool:  # Any: the hot path reads event fields directly
        """Take one event; return True when reading must stop (a second document)."""
        kind = event.__class__
        if self.skipping and kind is not DocumentStartEvent:
            if kind in _STARTS:
                self.skipping += 1
            elif kind in _ENDS:
                self.skipping -= 1
                if not self.skipping:
                    self.add(None)
            return False
        if kind is ScalarEvent:
            # the hot path: most events are scalars
            ok = event.anchor is None or self.refuse_anchor(event, "&")
            node = self.scalar(event)
            self.add(node if ok else None)
        elif kind in _ENDS:
            self.add(self.stack.pop().build())
        elif kind in _STARTS:
            self.start(event)
        elif kind is AliasEvent:
            self.refuse_anchor(event, "*")
            self.add(None)
        elif kind is DocumentStartEvent:
            self.documents += 1
            if self.documents > 1:
                self.log.at(
                    self.mark(event),
                    "a second YAML document starts here; a data file holds exactly one "
                    "document: move this one to its own file and list it under `include:`",
                )
                return True
        return False

    def refuse_anchor(self, event: NodeEvent, sigil: str) -> bool:
        """Report an anchor or alias name at its first occurrence; False if there is one."""
        name = event.anchor
        if name is None:
            return True
        if name not in self.names:
            self.names.add(name)
            self.log.at(
                self.mark(event), f"anchors and aliases are not allowed (`{sigil}{name}`); write the value out in full"
            )
        return False

    def start(self, event: CollectionStartEvent) -> None:
        mark = self.mark(event)
        is_map = isinstance(event, MappingStartEvent)
        if len(self.stack) >= self.max_depth:
            self.skipping = 1
            self.depth_reported = True
            self.log.at(
                mark,
                f"mappings and sequences are nested more than {self.max_depth} levels deep "
                "here; flatten the data (move the inner part to its own section)",
            )
            return
        ok = self.refuse_anchor(event, "&")
        if event.tag not in (None, "!", _MAP if is_map else _SEQ):
            self.refuse_tag(mark, event.tag, "a mapping" if is_map else "a sequence")
            ok = False
        # A refused collection is still read, for the errors inside it, then dropped.
        self.stack.append(_Frame(is_map, mark, refused=not ok))

    def refuse_tag(self, mark: Mark, tag: str | None, what: str) -> None:
        shown = _short_tag(tag or "")
        if tag in _SCALAR_TAGS or tag in (_SEQ, _MAP):
            message = f"the tag {shown} cannot be used on {what}; remove the tag"
        else:
            message = (
                f"the tag {shown} is not allowed; only the core tags {_ALLOWED_TAGS} are: "
                "remove the tag and write the value as plain data"
            )
        self.log.at(mark, message)

    def scalar(self, event: ScalarEvent) -> Scalar | None:
        mark = self.mark(event)
        text, tag = event.value, event.tag
        plain = not event.style  # '' from the C parser, None from the Python one
        if tag is None or tag == "!":
            key = (text, event.implicit)
            resolved = _RESOLVED.get(key)
            if resolved is None:
                resolve: Callable[..., str] = _RESOLVER.resolve
                resolved = _RESOLVED[key] = resolve(ScalarNode, text, event.implicit)
            tag = resolved
            if tag == _STR:  # the common case: no value to build
                return Scalar(text, text, tag, plain, mark)
        elif tag not in _SCALAR_TAGS:
            self.refuse_tag(mark, tag, "a single value")
            return None
        explicit = event.tag not in (None, "!")
        if tag in (_MERGE, _VALUE):
            return Scalar(text, text, tag, plain, mark)  # reported where it is used
        value = self.construct(text, tag, explicit, mark)
        if isinstance(value, _Invalid):
            return None
        return Scalar(value, text, tag, plain, mark)

    def construct(self, text: str, tag: str, explicit: bool, mark: Mark) -> ScalarValue | _Invalid:
        """Build the value for ``tag`` the way PyYAML's SafeConstructor does."""
        if tag == _STR:
            return text
        kind = _short_tag(tag)
        if tag in (_CORE + "int", _CORE + "float") and len(text) > _MAX_NUMBER_TEXT:
            self.log.at(
                mark,
                f"this number is {len(text):,} characters long, over the "
                f"{_MAX_NUMBER_TEXT:,}-character limit; quote it if it is text",
            )
            return _INVALID
        try:
            value: ScalarValue = SafeConstructor.yaml_constructors[tag](_CONSTRUCTOR, ScalarNode(tag, text))
        except Exception as exc:  # noqa: BLE001 - any failure is a bad value, not a crash
            reason = str(exc) or type(exc).__name__
            if explicit:
                message = f"{text!r} is not a valid {kind} value ({reason}); fix the value or remove the tag"
            else:
                message = (
                    f"{text!r} reads as {kind} in YAML but is not a valid one ({reason}); "
                    "quote it if it is text, or fix it"
                )
            self.log.at(mark, message)
            return _INVALID
        return value

    def add(self, node: Node | None) -> None:
        """Attach a finished node (None for a refused one) to the collection being read."""
        special = node.__class__ is Scalar and node.tag in _SPECIAL
        if special and node.tag == _VALUE:  # type: ignore[union-attr]
            self.log.at(
                node.mark,  # type: ignore[union-attr]
                "a plain `=` has a special meaning in YAML 1.1 (the !!value tag); quote it if it is text: '='",
            )
            node, special = None, False
        if not self.stack:
            self.root, self.has_root = node, True
            return
        frame = self.stack[-1]
        if not frame.mapping:
            if special:
                self.refuse_merge_value(node)  # type: ignore[arg-type]
            elif node is not None:
                frame.items.append(node)
            return
        if not frame.has_key:
            frame.has_key = True
            frame.key = self.check_key(frame, node)
            return
        frame.has_key = False
        if special:
            self.refuse_merge_value(node)  # type: ignore[arg-type]
        elif frame.key is not None and node is not None:
            frame.items.append((frame.key, node))

    def refuse_merge_value(self, node: Scalar) -> None:
        self.log.at(node.mark, "a plain `<<` is a merge key in YAML; quote it if it is text: '<<'")

    def check_key(self, frame: _Frame, node: Node | None) -> Scalar | None:
        """Return the key if it is a usable one, else report why and return None."""
        if node is None:
            return None
        if not isinstance(node, Scalar):
            what = "a mapping" if isinstance(node, Mapping) else "a sequence"
            self.log.at(
                node.mark,
                f"a mapping key must be a single value, not {what}; "
                "use a plain name as the key and put the structure in the value",
            )
            return None
        if node.tag == _MERGE:
            self.log.at(node.mark, "merge keys (`<<`) are not allowed; write the merged keys out in full")
            return None
        identity = (node.tag, node.value)
        first = frame.seen.get(identity)
        if first is not None:
            written = f", written {first.text!r}" if first.text != node.text else ""
            self.log.at(
                node.mark,
                f"duplicate key {node.text!r} (first at line {first.mark.line}{written}); "
                "PyYAML would silently keep the last one: remove or rename one of them",
            )
            return None
        frame.seen[identity] = node
        return node


class _Invalid:
    """Marks a scalar whose value could not be built (already reported)."""


_INVALID = _Invalid()


# --- the fast path -----------------------------------------------------------------


class _Slow(Exception):
    """The fast path met something unusual; the careful builder reads the file instead."""


def _fast_tree(text: str, path: str, max_depth: int) -> Node | None:
    """Build the tree of a clean file in one tight loop.

    Valid data is almost all plain keys and values, so this loop handles only that and
    gives up (``_Slow``) at the first anchor, alias, tag, merge key, duplicate key,
    over-deep nesting, bad value or second document; the careful :class:`_TreeBuilder`
    then reads the file again and reports every problem precisely. Measured on a
    2.2 MB universe: about twice as fast as the careful builder (docs/performance.md).
    """
    new = tuple.__new__  # builds the named tuples from ready values, skipping keyword handling
    STR = _STR
    cache: dict[str, str] = {}  # plain text -> resolved tag; data repeats its words
    resolve: Callable[..., str] = _RESOLVER.resolve
    implicit_starts = _IMPLICIT_STARTS
    constructors = SafeConstructor.yaml_constructors
    saved: list[tuple[Any, ...]] = []
    items: list[Any] | None = None
    is_map = False
    seen: set[str] = set()  # the keys of the open mapping (text keys only: others go the careful way)
    key: Scalar | None = None
    line = column = 0  # where the open collection starts
    root: Node | None = None
    documents = 0
    node: Node
    # the line numbers a node can hold, made once: most lines are past 256, the last
    # int CPython shares, so each node would otherwise hold an int of its own
    lines = list(range(1, sum(text.count(b) for b in _BREAKS) + 3))
    event: Any  # the tight loop reads the fields of each event kind directly
    # get_event until None rather than yaml.parse: a generator step and a check_event
    # call fewer per event
    get_event = _LOADER(text).get_event
    while (event := get_event()) is not None:
        kind = event.__class__
        if kind is ScalarEvent:
            if event.anchor is not None or event.tag is not None:
                raise _Slow
            value = event.value
            if event.implicit[0]:  # plain: YAML's implicit typing applies
                # only a text starting with one of a few characters can resolve to
                # anything but a string: most values skip the resolver and the cache
                tag = STR if value and value[0] not in implicit_starts else cache.get(value)
                if tag is None:
                    tag = resolve(ScalarNode, value, (True, False))
                    cache[value] = tag = STR if tag == STR else tag
                plain = not event.style
            else:
                tag, plain = STR, False
            m = event.start_mark
            if tag is STR:
                node = new(Scalar, (value, value, tag, plain, path, lines[m.line], m.column + 1))
            else:
                if tag in _SPECIAL or len(value) > _MAX_NUMBER_TEXT:
                    raise _Slow
                try:
                    built = constructors[tag](_CONSTRUCTOR, ScalarNode(tag, value))
                except Exception:  # noqa: BLE001 - the careful builder reports it
                    raise _Slow from None
                node = new(Scalar, (built, value, tag, plain, path, lines[m.line], m.column + 1))
            # scalars are most events: attach them here rather than below
            if is_map:
                if key is not None:
                    items.append((key, node))  # type: ignore[union-attr]
                    key = None
                elif tag is not STR or value in seen:
                    raise _Slow  # a key that is not text, or written twice
                else:
                    seen.add(value)
                    key = node
            elif items is not None:
                items.append(node)
            else:
                root = node
            continue
        elif kind is MappingStartEvent or kind is SequenceStartEvent:
            if event.anchor is not None or event.tag is not None or len(saved) >= max_depth:
                raise _Slow
            if is_map and key is None:
                raise _Slow  # a mapping or list used as a key
            saved.append((items, is_map, seen, key, line, column))
            m = event.start_mark
            items, is_map, seen, key = [], kind is MappingStartEvent, set(), None
            line, column = lines[m.line], m.column + 1
            continue
        elif kind is MappingEndEvent or kind is SequenceEndEvent:
            assert items is not None
            node = new(Mapping if is_map else Sequence, (tuple(items), path, line, column))  # type: ignore[assignment]
            items, is_map, seen, key, line, column = saved.pop()
        elif kind is DocumentStartEvent:
            documents += 1
            if documents > 1:
                raise _Slow
            continue
        elif kind is AliasEvent:
            raise _Slow
        else:
            continue
        if items is None:
            root = node
        elif is_map:
            items.append((key, node))
            key = None
        else:
            items.append(node)
    return root


def _syntax_message(exc: yaml.MarkedYAMLError, text: str, line: int, column: int) -> str:
    """Say what PyYAML found wrong, where the construct began, and how to fix tabs."""
    message = exc.problem or exc.context or "invalid YAML"
    context_mark = exc.context_mark
    if exc.problem and exc.context:
        if context_mark and (context_mark.line + 1, context_mark.column + 1) != (line, column):
            message += f" ({exc.context}, started at line {context_mark.line + 1}, column {context_mark.column + 1})"
        else:
            message += f" ({exc.context})"
    lines = _BREAK.split(text)
    source_line = lines[line - 1] if 0 < line <= len(lines) else ""
    indent = source_line[: len(source_line) - len(source_line.lstrip(" \t"))]
    at_tab = source_line[column - 1 : column] == "\t"
    if at_tab or "\t" in indent or "tab" in message:
        message += "; YAML does not allow tabs for indentation; use spaces"
    return message


def _parse(text: str, log: _FileLog, max_depth: int) -> Mapping | None:
    """Parse one document with the garbage collector paused (see mcugraph._perf)."""
    with paused_gc():
        return _parse_document(text, log, max_depth)


def _parse_document(text: str, log: _FileLog, max_depth: int) -> Mapping | None:
    """Build the top-level mapping of one file, reporting every problem into ``log``."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if not _check_characters(text, log):
        return None
    try:
        fast = _fast_tree(text, log.path, max_depth)
        if fast.__class__ is Mapping:
            return fast
    except (_Slow, yaml.YAMLError, ValueError):
        pass
    builder = _TreeBuilder(log, max_depth)
    try:
        for event in yaml.parse(text, Loader=_LOADER):
            if builder.feed(event):
                break
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        if not (builder.depth_reported and "nesting depth" in (exc.problem or "")):
            log.error(line, column, _syntax_message(exc, text, line, column))
        return None
    except ReaderError as exc:
        line, column = _position(text, exc.position)
        log.error(line, column, f"{exc.reason} (character U+{exc.character:04X}); remove it")
        return None
    except (yaml.YAMLError, ValueError) as exc:
        log.error(1, 1, f"cannot parse the file: {exc}")
        return None
    root = builder.root
    if not builder.has_root or (isinstance(root, Scalar) and root.tag == _NULL and root.plain and not root.text):
        log.error(1, 1, "file is empty: expected a mapping of sections (`section:` lines)")
        return None
    if root is None:
        return None
    if not isinstance(root, Mapping):
        what = "a sequence" if isinstance(root, Sequence) else f"the single value {root.text!r}"
        log.at(root.mark, f"the top level must be a mapping of sections (`section:` lines), not {what}")
        return None
    return root


# --- public API ------------------------------------------------------------------


def parse_text(text: str | bytes, *, path: str = "<string>", max_depth: int = DEFAULT_MAX_DEPTH) -> Mapping:
    """Parse one YAML document from text into its top-level mapping (no includes).

    Bytes must be UTF-8 (a BOM is skipped). Raises :class:`SourceError` listing every
    problem found, with ``path`` in each diagnostic.

    >>> parse_text("name: Jessica Jones\\nyear: 2015").get("year")
    Scalar(2015, text='2015', tag='!!int', plain, at <string>:2:7)
    """
    if max_depth < 1:
        raise ValueError("max_depth must be at least 1")
    diagnostics: list[Diagnostic] = []
    log = _FileLog(path, diagnostics)
    root: Mapping | None = None
    try:
        decoded = _decode(text, log) if isinstance(text, bytes) else text
        if decoded is not None:
            root = _parse(decoded, log, max_depth)
    except _TooManyErrors:
        pass
    if diagnostics or root is None:
        raise SourceError(diagnostics)
    return root


def _read_file(display: str, log: _FileLog, max_bytes: int, max_depth: int) -> Mapping | None:
    """Check size and type before reading, then decode and parse one file."""
    try:
        info = os.stat(display)
    except FileNotFoundError:
        log.error(1, 1, "file not found; check the path")
        return None
    except OSError as exc:
        log.error(1, 1, f"cannot read the file: {exc.strerror}")
        return None
    if not stat.S_ISREG(info.st_mode):
        log.error(1, 1, "not a regular file; give the path of a .yaml file")
        return None
    limit = f"over the {max_bytes:,}-byte limit; split it into smaller files joined with `include:`"
    if info.st_size > max_bytes:
        log.error(1, 1, f"file is {info.st_size:,} bytes, {limit}")
        return None
    try:
        with open(display, "rb") as handle:
            data = handle.read(max_bytes + 1)  # the file may have grown since stat()
    except OSError as exc:
        log.error(1, 1, f"cannot read the file: {exc.strerror}")
        return None
    if len(data) > max_bytes:
        log.error(1, 1, f"file is {limit}")
        return None
    text = _decode(data, log)
    return None if text is None else _parse(text, log, max_depth)


@dataclass(frozen=True)
class _Include:
    """One include item that passed the per-item checks, waiting to be read."""

    display: str
    real: str
    mark: Mark | None  # None for the root file
    chain: tuple[tuple[str, str], ...]  # (display, real) from the root to the includer


def _include_problem(entry: _Include, first_seen: dict[str, Mark]) -> str | None:
    """Say why an include must not be read (a cycle or a second inclusion), if it must not."""
    reals = [real for _, real in entry.chain]
    if entry.real in reals:
        names = [display for display, _ in entry.chain[reals.index(entry.real) :]]
        return f"include cycle: {' -> '.join([*names, entry.display])}; remove this include"
    first = first_seen.get(entry.real)
    if first is not None:
        return f"{entry.display} is already included from {first.path}:{first.line}; include each file only once"
    return None


def _inside(real: str, folder: str) -> bool:
    try:
        return os.path.commonpath([real, folder]) == folder
    except ValueError:  # different drives on Windows
        return False


def _includes(doc: Document, root_dir: str, log: _FileLog) -> list[tuple[str, str, Mark]]:
    """Check the top-level ``include:`` of one file; return (display, real, mark) items."""
    node = doc.root.get("include")
    if node is None:
        return []
    if not isinstance(node, Sequence):
        log.at(node.mark, "`include` must be a list of file paths, e.g. `include: [people.yaml]`")
        return []
    found: list[tuple[str, str, Mark]] = []
    for item in node.items:
        if not (isinstance(item, Scalar) and item.tag == _STR and isinstance(item.value, str)):
            log.at(item.mark, "each `include` item must be a file path (a string)")
            continue
        name = item.value
        if not name.endswith((".yaml", ".yml")):
            log.at(item.mark, f"included file must end in .yaml or .yml: {name!r}")
            continue
        display = os.path.normpath(os.path.join(os.path.dirname(doc.path), name))
        real = os.path.realpath(display)
        if not _inside(real, root_dir):
            log.at(
                item.mark,
                f"include points outside the data folder: {name!r} resolves to {real}, "
                f"which is not inside {root_dir}; keep included files in the folder of "
                "the root file or below it",
            )
            continue
        if not os.path.isfile(real):
            log.at(item.mark, f"included file not found: {name!r} (looked for {display})")
            continue
        found.append((display, real, item.mark))
    return found


def read_documents(
    path: str | os.PathLike[str],
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_depth: int = DEFAULT_MAX_DEPTH,
    max_files: int = DEFAULT_MAX_FILES,
) -> list[Document]:
    """Read the root file and, depth-first in the order listed, every file it includes.

    The first document is the root. Included paths are relative to the including file
    and must stay inside the root file's folder. Raises :class:`SourceError` with the
    problems of all files together, sorted by file and position.
    """
    return list(iter_documents(path, max_bytes=max_bytes, max_depth=max_depth, max_files=max_files))


def iter_documents(
    path: str | os.PathLike[str],
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_depth: int = DEFAULT_MAX_DEPTH,
    max_files: int = DEFAULT_MAX_FILES,
) -> Iterator[Document]:
    """Yield the documents :func:`read_documents` returns, each as soon as it is read.

    A caller that turns each document into something smaller and lets it go holds one
    file's node tree at a time instead of all of them (at a million entities, the trees
    of all files take five times the memory of the model built from them). Problems do
    not stop the reading: once every file has been read, :class:`SourceError` is raised
    with all of them, exactly as :func:`read_documents` raises it, so a caller must treat
    what it built from the yielded documents as void when that happens.
    """
    return _walk(path, None, False, max_bytes=max_bytes, max_depth=max_depth, max_files=max_files)


def iter_converted(
    path: str | os.PathLike[str],
    convert: Callable[[Document], T],
    *,
    ahead: bool | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_depth: int = DEFAULT_MAX_DEPTH,
    max_files: int = DEFAULT_MAX_FILES,
) -> Iterator[T]:
    """Yield ``convert(document)`` for each document :func:`iter_documents` yields, in order.

    ``convert`` turns a file's tree into what is kept of it; the tree is let go at once.
    Because only that result leaves the reading of a file, files further down the list
    can be read and converted in a second process while this one works through the list
    from the top (:mod:`mcugraph.source.ahead`): ``ahead=None`` does so for a large
    universe on a machine with a second core, ``True`` whenever it can, ``False`` never.
    What is yielded, and every problem raised, is the same either way.
    """
    return _walk(path, convert, ahead, max_bytes=max_bytes, max_depth=max_depth, max_files=max_files)


@dataclass(frozen=True)
class Loaded(Generic[T]):
    """What reading one file gives: its converted document (None if it could not be
    read), the includes it names, and the problems found in it."""

    result: T | None
    read: bool
    includes: list[tuple[str, str, Mark]]
    diagnostics: list[Diagnostic]


def load_file(
    display: str,
    included_from: Mark | None,
    root_dir: str,
    max_bytes: int,
    max_depth: int,
    convert: Callable[[Document], Any] | None,
) -> Loaded[Any]:
    """Read one file, find its includes and convert it: everything one file needs,
    independent of the others (so :mod:`mcugraph.source.ahead` can do it elsewhere)."""
    diagnostics: list[Diagnostic] = []
    log = _FileLog(display, diagnostics)
    try:
        root = _read_file(display, log, max_bytes, max_depth)
        if root is None:
            return Loaded(None, False, [], diagnostics)
        doc = Document(display, root, included_from)
        includes = _includes(doc, root_dir, log)
    except _TooManyErrors:
        return Loaded(None, False, [], diagnostics)
    return Loaded(doc if convert is None else convert(doc), True, includes, diagnostics)


def _walk(
    path: str | os.PathLike[str],
    convert: Callable[[Document], Any] | None,
    ahead: bool | None,
    *,
    max_bytes: int,
    max_depth: int,
    max_files: int,
) -> Iterator[Any]:
    if max_depth < 1 or max_files < 1 or max_bytes < 0:
        raise ValueError("max_depth and max_files must be at least 1, max_bytes at least 0")
    root_display = str(path)
    root_dir = os.path.realpath(os.path.dirname(root_display) or os.curdir)
    diagnostics: list[Diagnostic] = []
    read_order: dict[str, int] = {}  # display path -> position, to sort diagnostics
    first_seen: dict[str, Mark] = {}  # real path -> the include item that read it
    limit_reported = False
    load = functools.partial(load_file, root_dir=root_dir, max_bytes=max_bytes, max_depth=max_depth, convert=convert)
    helper = ReadAhead(load, ahead) if convert is not None and ahead is not False else None
    # Depth-first with an explicit stack, so a long include chain cannot overflow.
    pending: list[_Include] = [_Include(root_display, os.path.realpath(root_display), None, ())]
    try:
        while pending:
            entry = pending.pop()
            problem = _include_problem(entry, first_seen) if entry.mark else None
            if problem is None and entry.mark and len(read_order) >= max_files:
                if limit_reported:
                    continue
                limit_reported = True
                problem = (
                    f"too many files: the limit is {max_files:,} (max_files); "
                    "this include and the ones after it were not read"
                )
            if problem is not None:
                assert entry.mark is not None
                diagnostics.append(Diagnostic(entry.mark, problem))
                continue
            if entry.mark:
                first_seen[entry.real] = entry.mark
            read_order.setdefault(entry.display, len(read_order))
            loaded = helper.take(entry) if helper is not None else None
            if loaded is None:
                loaded = load(entry.display, entry.mark)
            diagnostics.extend(loaded.diagnostics)
            if not loaded.read:
                continue
            chain = (*entry.chain, (entry.display, entry.real))
            pending.extend(_Include(d, r, m, chain) for d, r, m in reversed(loaded.includes))
            if helper is not None:
                helper.top_up(pending)
            yield loaded.result
            del loaded  # hold no tree while the next file is read
    finally:
        if helper is not None:
            helper.close()
    if diagnostics:
        last = len(read_order)
        raise SourceError(
            sorted(
                diagnostics,
                key=lambda d: (read_order.get(d.mark.path, last), d.mark.line, d.mark.column),
            )
        )
