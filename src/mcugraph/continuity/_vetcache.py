"""A remembered vetting verdict for house rules, so a rule seen before skips rdflib's parser.

Vetting (:mod:`mcugraph.sparql.vet`) parses every query with rdflib's SPARQL parser, and
importing that parser costs about 0.3 s per process: more than the rest of a house rule
run. So the verdict "this exact text is a safe SELECT" is remembered in a small JSON
file in the user's cache folder (``$MCUGRAPH_CACHE_DIR``, else ``$XDG_CACHE_HOME/mcugraph``
or ``~/.cache/mcugraph``; ``MCUGRAPH_CACHE_DIR=off`` turns it off), as the SHA-256 of the
text together with the mcugraph version, a fingerprint of the vetting code and the
version of this file's rules. Change any of them and the rule is parsed again.

Why a forged or stale cache cannot let a refused query through: the cache is consulted
only for a text that a lexical check, which needs no parser, proves free of the refused
constructs; every other text is vetted by rdflib each time, whatever the cache says. The
check is deliberately coarse, so that it can only err on the safe side:

* SPARQL ``\\u``/``\\U`` escapes are expanded before parsing (by rdflib and Oxigraph alike)
  and could spell a keyword or a line break, so a text holding one is not checked here;
  neither is one with a triple-quoted string (the only token that spans lines) or a
  line break other than CR and LF (the only ones SPARQL knows).
* With those gone, every token ends on its own line, so a line whose first non-blank
  character is ``#`` is a comment to any SPARQL parser. The house rule header, where
  prose such as "add" or "from" lives, is such lines.
* Every other line, strings, IRIs and trailing comments included, must be ASCII and must
  not hold ``SERVICE``, ``FROM``, ``NAMED`` or any update keyword, in any letter case and
  even inside a longer word. A text that passes cannot spell those tokens at all.

So the cache only saves the parse of a text that is safe anyway; the parse still gives
the clear syntax messages and the SELECT-only check the first time. A text that fails
the check (``?removed`` contains ``MOVE``) is always parsed: slower, never less safe.
Refused and malformed queries are never remembered. A cache file that cannot be read or
is not what this module writes counts as empty, and one that cannot be written is left
alone: the cache only ever saves time.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import re
from functools import cache
from pathlib import Path

from mcugraph import __version__
from mcugraph._cache import cache_dir

__all__ = ["plainly_safe", "is_vetted", "remember", "cache_file", "key", "CACHE_VERSION", "MAX_ENTRIES"]

#: bump when the lexical check or the file format changes
CACHE_VERSION = 1
#: digests kept in the file (the most recent ones)
MAX_ENTRIES = 256
_FILE_NAME = "vetted-queries.json"
_MAX_TEXT = 100_000  # the vetting limit: longer texts are always refused there
_VETTER = Path(__file__).resolve().parents[1] / "sparql" / "vet.py"
_LINES = re.compile(r"\r\n|\r|\n")
_ODD_BREAKS = re.compile("[\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
_REFUSED_WORDS = re.compile(
    r"SERVICE|FROM|NAMED|INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH|USING", re.IGNORECASE
)
_DIGEST = re.compile(r"^[0-9a-f]{64}$")


def plainly_safe(text: str) -> bool:
    """True when ``text`` provably holds no SERVICE, FROM or update, read without a parser.

    False means "not provable this way", not "unsafe": such texts are always vetted.

    >>> plainly_safe("# add: a comment line may say anything\\nSELECT ?s WHERE { ?s ?p ?o }")
    True
    >>> plainly_safe("SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }")
    False
    """
    if len(text) > _MAX_TEXT or "\\u" in text or "\\U" in text or '"""' in text or "'''" in text:
        return False
    if _ODD_BREAKS.search(text):
        return False
    for line in _LINES.split(text):
        if line.lstrip(" \t").startswith("#"):
            continue
        if not line.isascii() or _REFUSED_WORDS.search(line):
            return False
    return True


def cache_file() -> Path | None:
    """The file holding the remembered verdicts, or None when the cache is off."""
    folder = cache_dir()
    return None if folder is None else folder / _FILE_NAME


@cache
def _vetter_fingerprint() -> str | None:
    """A hash of the vetting code itself, read as text so that rdflib is not imported."""
    try:
        return hashlib.sha256(_VETTER.read_bytes()).hexdigest()
    except OSError:
        return None


def key(text: str) -> str | None:
    """The cache key of a query text (None when the vetting code cannot be fingerprinted)."""
    vetter = _vetter_fingerprint()
    if vetter is None:
        return None
    digest = hashlib.sha256(f"mcugraph-vetted/{CACHE_VERSION}\0{__version__}\0{vetter}\0".encode())
    digest.update(text.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def _read(path: Path) -> list[str]:
    with contextlib.suppress(OSError, ValueError):
        stored = json.loads(path.read_bytes())
        if isinstance(stored, dict) and stored.get("version") == CACHE_VERSION:
            accepted = stored.get("accepted")
            if isinstance(accepted, list):
                return [d for d in accepted if isinstance(d, str) and _DIGEST.match(d)]
    return []


def is_vetted(text: str) -> bool:
    """True when ``text`` passes :func:`plainly_safe` and was vetted and accepted before."""
    if not plainly_safe(text):
        return False
    path, digest = cache_file(), key(text)
    return path is not None and digest is not None and digest in _read(path)


def remember(text: str) -> None:
    """Record that ``text`` was vetted and accepted as a SELECT (only if it is plainly safe)."""
    path, digest = cache_file(), key(text)
    if path is None or digest is None or not plainly_safe(text):
        return
    accepted = [d for d in _read(path) if d != digest]
    accepted.append(digest)
    data = json.dumps({"version": CACHE_VERSION, "accepted": accepted[-MAX_ENTRIES:]}, indent=0)
    from mcugraph._io import atomic_write
    from mcugraph.errors import MCUGraphError

    # the cache only saves time: a folder that cannot be written is no error
    with contextlib.suppress(OSError, MCUGraphError):
        atomic_write(path, data + "\n")
