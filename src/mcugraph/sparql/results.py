"""Query results and their standard serializations.

SELECT and ASK results are written as SPARQL 1.1 Query Results JSON, XML, CSV and TSV;
CONSTRUCT and DESCRIBE results as Turtle or N-Triples. Terms are rdflib terms; a plain
string typed ``xsd:string`` (as Oxigraph returns it) is written as a plain literal.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from typing import Any
from xml.sax.saxutils import escape as _escape
from xml.sax.saxutils import quoteattr as _quoteattr

from mcugraph.errors import QueryError
from mcugraph.formats import ResultFormat

__all__ = ["QueryResult", "RESULT_FORMATS", "GRAPH_FORMATS", "MEDIA_TYPES"]

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
}
MEDIA_TYPES = {**RESULT_FORMATS, **GRAPH_FORMATS}


_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def escape(text: str) -> str:
    """XML text; characters XML 1.0 cannot hold at all become U+FFFD."""
    return _escape(_XML_INVALID.sub("\ufffd", text))


def quoteattr(text: str) -> str:
    return _quoteattr(_XML_INVALID.sub("\ufffd", text))


def _kind(term: Any) -> str:
    from rdflib import BNode, Literal

    if isinstance(term, Literal):
        return "literal"
    if isinstance(term, BNode):
        return "bnode"
    return "uri"


def _datatype(term: Any) -> str | None:
    datatype = getattr(term, "datatype", None)
    return None if datatype is None or str(datatype) == _XSD_STRING else str(datatype)


def _nt(term: Any) -> str:
    """A term in N-Triples syntax (for TSV and graph results)."""
    kind = _kind(term)
    if kind == "uri":
        return f"<{term}>"
    if kind == "bnode":
        return f"_:{term}"
    text = str(term).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
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

    def serialize(self, format: str) -> bytes:
        """The result in ``format``: json, xml, csv, tsv (SELECT, ASK) or turtle, ntriples (graphs)."""
        if self.is_graph:
            if format == "ntriples":
                return self.to_ntriples().encode("utf-8")
            if format == "turtle":
                return self.to_turtle().encode("utf-8")
            raise QueryError(f"a {self.form} query gives a graph: ask for turtle or ntriples, not {format}")
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
                value: dict[str, str] = {"type": kind, "value": str(term)}
                if kind == "literal":
                    if term.language:
                        value["xml:lang"] = str(term.language)
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
                            attrs = f" xml:lang={quoteattr(str(term.language))}"
                        elif _datatype(term):
                            attrs = f" datatype={quoteattr(str(_datatype(term)))}"
                        inner = f"<literal{attrs}>{escape(str(term))}</literal>"
                    else:
                        inner = f"<{kind}>{escape(str(term))}</{kind}>"
                    out.append(f"      <binding name={quoteattr(var)}>{inner}</binding>")
                out.append("    </result>")
            out.append("  </results>")
        out.append("</sparql>\n")
        return "\n".join(out)

    def to_csv(self) -> str:
        """SPARQL 1.1 CSV: plain values, CRLF line ends."""
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        if self.form == "ASK":
            writer.writerow(["boolean"])
            writer.writerow(["true" if self.boolean else "false"])
            return buffer.getvalue()
        writer.writerow(self.variables)
        for row in self.rows:
            writer.writerow(["" if t is None else (f"_:{t}" if _kind(t) == "bnode" else str(t)) for t in row])
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
                elif _kind(term) == "literal" and _datatype(term) == _XSD_INTEGER and str(term).lstrip("+-").isdigit():
                    cells.append(str(term))
                else:
                    cells.append(_nt(term))
            lines.append("\t".join(cells))
        return "\n".join(lines) + "\n"

    def to_ntriples(self) -> str:
        return "".join(f"{_nt(s)} {_nt(p)} {_nt(o)} .\n" for s, p, o in self.triples)

    def to_turtle(self, prefixes: dict[str, str] | None = None) -> str:
        from rdflib import Graph, Literal

        graph = Graph(bind_namespaces="none")
        for prefix, namespace in (prefixes or {}).items():
            graph.bind(prefix, namespace)
        for s, p, o in self.triples:
            if _kind(o) == "literal" and not o.language and _datatype(o) is None:
                o = Literal(str(o))
            graph.add((s, p, o))
        return graph.serialize(format="turtle")

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
            text = str(term)
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
