"""Query results and their standard serializations.

SELECT and ASK results are written as SPARQL 1.1 Query Results JSON, XML, CSV and TSV by
the writers here; CONSTRUCT and DESCRIBE results as Turtle, N-Triples, JSON-LD or RDF/XML
by pyoxigraph's own serializers, with the dataset's prefixes. Terms are pyoxigraph terms;
a plain string typed ``xsd:string`` is written as a plain literal.

The endpoint and ``mcugraph query`` write SELECT and ASK results with pyoxigraph's own
serializers (:func:`write_solutions`), which are two to six times faster than the
writers of :class:`QueryResult` (docs/performance.md). pyoxigraph serializes a live
result stream and knows no row limit, so the stream is written as TSV (one row a line)
into a writer that stops it after the limit, and read back for the format asked for.
The writers here serve a result already read into Python (``QueryResult.to_json`` and
the rest, for the library and the terminal table).
"""

from __future__ import annotations

import io
import json
import re
from dataclasses import dataclass, field
from typing import Any

from pyoxigraph import BlankNode, Literal, QueryResultsFormat, RdfFormat, Triple, parse_query_results, serialize

from mcugraph.errors import QueryError
from mcugraph.formats import ResultFormat

__all__ = ["QueryResult", "RESULT_FORMATS", "GRAPH_FORMATS", "MEDIA_TYPES", "write_solutions"]

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"

#: format name -> media type, for SELECT/ASK and for CONSTRUCT/DESCRIBE
RESULT_FORMATS: dict[ResultFormat, str] = {
    ResultFormat.JSON: "application/sparql-results+json",
    ResultFormat.XML: "application/sparql-results+xml",
    ResultFormat.CSV: "text/csv",
    ResultFormat.TSV: "text/tab-separated-values",
}
GRAPH_FORMATS: dict[ResultFormat, str] = {
    ResultFormat.TURTLE: "text/turtle",
    ResultFormat.NTRIPLES: "application/n-triples",
    ResultFormat.JSONLD: "application/ld+json",
    ResultFormat.RDFXML: "application/rdf+xml",
}
_RDF_FORMATS = {
    "turtle": RdfFormat.TURTLE,
    "ntriples": RdfFormat.N_TRIPLES,
    "jsonld": RdfFormat.JSON_LD,
    "rdfxml": RdfFormat.RDF_XML,
}
MEDIA_TYPES = {**RESULT_FORMATS, **GRAPH_FORMATS}


_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def escape(text: str) -> str:
    """XML text; characters XML 1.0 cannot hold at all become U+FFFD."""
    from xml.sax.saxutils import escape as xml_escape  # here: it imports urllib.request, and most runs write no XML

    return xml_escape(_XML_INVALID.sub("\ufffd", text))


def quoteattr(text: str) -> str:
    from xml.sax.saxutils import quoteattr as xml_quoteattr

    return xml_quoteattr(_XML_INVALID.sub("\ufffd", text))


def _kind(term: Any) -> str:
    if isinstance(term, Literal):
        return "literal"
    if isinstance(term, BlankNode):
        return "bnode"
    return "uri"


def _datatype(term: Any) -> str | None:
    datatype = term.datatype.value
    return None if datatype == _XSD_STRING else str(datatype)


def _nt(term: Any) -> str:
    """A term in N-Triples syntax (for TSV)."""
    kind = _kind(term)
    if kind == "uri":
        return f"<{term.value}>"
    if kind == "bnode":
        return f"_:{term.value}"
    text = term.value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    text = text.replace("\t", "\\t")
    if term.language:
        return f'"{text}"@{term.language}'
    datatype = _datatype(term)
    return f'"{text}"^^<{datatype}>' if datatype else f'"{text}"'


@dataclass(eq=False)
class QueryResult:
    """The answer to one query, limited to ``limit`` rows (``truncated`` says if more existed)."""

    form: str
    variables: tuple[str, ...] = ()
    rows: list[tuple[Any, ...]] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[tuple[Any, Any, Any]] = field(default_factory=list)
    truncated: bool = False
    limit: int = 0

    @property
    def is_graph(self) -> bool:
        return self.form in ("CONSTRUCT", "DESCRIBE")

    def __len__(self) -> int:
        return len(self.triples) if self.is_graph else len(self.rows) if self.form == "SELECT" else 1

    def bindings(self) -> list[dict[str, Any]]:
        """Rows as dictionaries of bound variables (unbound ones left out)."""
        return [{v: t for v, t in zip(self.variables, row, strict=True) if t is not None} for row in self.rows]

    # -- serializations --------------------------------------------------------------

    def serialize(self, format: str, *, prefixes: dict[str, str] | None = None) -> bytes:
        """The result in ``format``: json, xml, csv, tsv (SELECT, ASK) or turtle, ntriples, jsonld, rdfxml (graphs).

        ``prefixes`` shorten the IRIs of Turtle, RDF/XML and JSON-LD (its ``@context``).
        """
        if self.is_graph:
            if format not in _RDF_FORMATS:
                raise QueryError(
                    f"a {self.form} query gives a graph: ask for turtle, ntriples, jsonld or rdfxml, not {format}"
                )
            return self.graph_bytes(format, prefixes or {})
        writers = {"json": self.to_json, "xml": self.to_xml, "csv": self.to_csv, "tsv": self.to_tsv}
        if format not in writers:
            raise QueryError(f"a {self.form} query gives results: ask for json, xml, csv or tsv, not {format}")
        return writers[format]().encode("utf-8")

    def to_json(self) -> str:
        """SPARQL 1.1 Query Results JSON."""
        if self.form == "ASK":
            return json.dumps({"head": {}, "boolean": bool(self.boolean)})
        bindings = []
        for row in self.bindings():
            out = {}
            for var, term in row.items():
                kind = _kind(term)
                value: dict[str, str] = {"type": kind, "value": term.value}
                if kind == "literal":
                    if term.language:
                        value["xml:lang"] = term.language
                    elif _datatype(term):
                        value["datatype"] = str(_datatype(term))
                out[var] = value
            bindings.append(out)
        return json.dumps(
            {"head": {"vars": list(self.variables)}, "results": {"bindings": bindings}}, ensure_ascii=False
        )

    def to_xml(self) -> str:
        """SPARQL Query Results XML."""
        out = ['<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n  <head>']
        out.extend(f"    <variable name={quoteattr(v)}/>" for v in self.variables)
        out.append("  </head>")
        if self.form == "ASK":
            out.append(f"  <boolean>{'true' if self.boolean else 'false'}</boolean>")
        else:
            out.append("  <results>")
            for row in self.bindings():
                out.append("    <result>")
                for var, term in row.items():
                    kind = _kind(term)
                    if kind == "literal":
                        attrs = ""
                        if term.language:
                            attrs = f" xml:lang={quoteattr(term.language)}"
                        elif _datatype(term):
                            attrs = f" datatype={quoteattr(str(_datatype(term)))}"
                        inner = f"<literal{attrs}>{escape(term.value)}</literal>"
                    else:
                        inner = f"<{kind}>{escape(term.value)}</{kind}>"
                    out.append(f"      <binding name={quoteattr(var)}>{inner}</binding>")
                out.append("    </result>")
            out.append("  </results>")
        out.append("</sparql>\n")
        return "\n".join(out)

    def to_csv(self) -> str:
        """SPARQL 1.1 CSV: plain values, CRLF line ends."""
        import csv

        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        if self.form == "ASK":
            writer.writerow(["boolean"])
            writer.writerow(["true" if self.boolean else "false"])
            return buffer.getvalue()
        writer.writerow(self.variables)
        for row in self.rows:
            writer.writerow(["" if t is None else (f"_:{t.value}" if _kind(t) == "bnode" else t.value) for t in row])
        return buffer.getvalue()

    def to_tsv(self) -> str:
        """SPARQL 1.1 TSV: terms in N-Triples syntax, integers bare."""
        if self.form == "ASK":
            return "?boolean\n" + ("true" if self.boolean else "false") + "\n"
        lines = ["\t".join(f"?{v}" for v in self.variables)]
        for row in self.rows:
            cells = []
            for term in row:
                if term is None:
                    cells.append("")
                elif _kind(term) == "literal" and _datatype(term) == _XSD_INTEGER and term.value.lstrip("+-").isdigit():
                    cells.append(term.value)
                else:
                    cells.append(_nt(term))
            lines.append("\t".join(cells))
        return "\n".join(lines) + "\n"

    def graph_bytes(self, format: str, prefixes: dict[str, str]) -> bytes:
        """A graph result in an RDF format, by pyoxigraph's serializer (JSON-LD compacted to the prefixes)."""
        triples = [t if isinstance(t, Triple) else Triple(*t) for t in self.triples]
        if format == "jsonld":
            return _jsonld(serialize(triples, format=RdfFormat.JSON_LD), prefixes)
        if format == "ntriples":
            return serialize(triples, format=RdfFormat.N_TRIPLES) or b""
        return serialize(triples, format=_RDF_FORMATS[format], prefixes=prefixes) or b""

    def to_ntriples(self) -> str:
        return self.graph_bytes("ntriples", {}).decode("utf-8")

    def to_turtle(self, prefixes: dict[str, str] | None = None) -> str:
        return self.graph_bytes("turtle", prefixes or {}).decode("utf-8")

    def to_table(self, prefixes: dict[str, str] | None = None) -> str:
        """Aligned columns for a terminal, IRIs shortened with ``prefixes``."""
        if self.is_graph:
            return self.to_turtle(prefixes)
        if self.form == "ASK":
            return ("yes" if self.boolean else "no") + "\n"
        spaces = sorted((prefixes or {}).items(), key=lambda kv: -len(kv[1]))

        def cell(term: Any) -> str:
            if term is None:
                return ""
            text = term.value
            if _kind(term) == "uri":
                for prefix, space in spaces:
                    if text.startswith(space) and len(text) > len(space):
                        return f"{prefix}:{text[len(space) :]}"
            return text.replace("\n", " ")

        table = [list(self.variables)] + [[cell(t) for t in row] for row in self.rows]
        widths = [max(len(r[i]) for r in table) for i in range(len(self.variables))]
        lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in table]
        lines.insert(1, "  ".join("-" * w for w in widths))
        return "\n".join(lines) + "\n"


def _jsonld(expanded: bytes | None, prefixes: dict[str, str]) -> bytes:
    """pyoxigraph's expanded JSON-LD, with the prefixes as its ``@context`` and IRIs shortened by them.

    Keys (properties), ``@id`` and ``@type`` values are written as compact IRIs where a
    prefix covers them; a JSON-LD processor expands them back through the context.
    """
    nodes = json.loads(expanded or b"[]")
    spaces = sorted(prefixes.items(), key=lambda kv: -len(kv[1]))

    def short(iri: str) -> str:
        for prefix, space in spaces:
            if iri.startswith(space) and len(iri) > len(space):
                local = iri[len(space) :]
                if not local.startswith("//") and re.fullmatch(r"[A-Za-z0-9_][A-Za-z0-9_.\-]*", local):
                    return f"{prefix}:{local}"
        return iri

    def walk(value: Any) -> Any:
        if isinstance(value, list):
            return [walk(v) for v in value]
        if not isinstance(value, dict):
            return value
        out: dict[str, Any] = {}
        for key, item in value.items():
            if key == "@id" and isinstance(item, str):
                out[key] = short(item)
            elif key == "@type":
                out[key] = [short(t) for t in item] if isinstance(item, list) else short(item)
            elif key.startswith("@"):
                out[key] = walk(item)
            else:
                out[short(key)] = walk(item)
        return out

    document = {"@context": dict(prefixes), "@graph": walk(nodes)}
    return json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")


_RESULTS_FORMATS = {
    "json": QueryResultsFormat.JSON,
    "xml": QueryResultsFormat.XML,
    "csv": QueryResultsFormat.CSV,
    "tsv": QueryResultsFormat.TSV,
}


class _Enough(Exception):
    """Raised from :class:`_Capped` to stop pyoxigraph's serializer at the row limit."""


class _Capped:
    """A binary writer that keeps the first ``lines`` lines of TSV results and then stops the writer."""

    def __init__(self, lines: int) -> None:
        self.lines = lines
        self.seen = 0
        self.parts: list[bytes] = []
        self.cut = False

    def write(self, data: bytes) -> int:
        found = data.count(b"\n")
        if self.seen + found > self.lines:
            end = -1
            for _ in range(self.lines - self.seen):
                end = data.index(b"\n", end + 1)
            self.parts.append(data[: end + 1])
            self.seen, self.cut = self.lines, True
            raise _Enough
        self.parts.append(data)
        self.seen += found
        return len(data)

    def flush(self) -> None:
        pass


def write_solutions(answer: Any, format: str, limit: int) -> tuple[bytes, bool]:
    """A live SELECT or ASK answer of pyoxigraph in ``format``, by its serializers: (bytes, truncated?).

    At most ``limit`` rows are written; ``truncated`` says whether there were more.
    """
    if format not in _RESULTS_FORMATS:
        raise QueryError(f"a SELECT or ASK query gives results: ask for json, xml, csv or tsv, not {format}")
    if not hasattr(answer, "variables"):  # a boolean: nothing to cut
        return answer.serialize(format=_RESULTS_FORMATS[format]) or b"", False
    capped = _Capped(limit + 1)  # the header line, then a line a row
    try:
        answer.serialize(capped, format=QueryResultsFormat.TSV)
    except Exception:
        if not capped.cut:  # an error of the engine's, raised while the rows were read
            raise
    tsv = b"".join(capped.parts)
    if format == "tsv":
        return tsv, capped.cut
    rows = parse_query_results(tsv, format=QueryResultsFormat.TSV)
    return rows.serialize(format=_RESULTS_FORMATS[format]) or b"", capped.cut
