"""Source reading: the strict YAML reader and the positioned node tree it builds.

Start here to turn data files into nodes that remember their file, line and column::

    from mcugraph.source import read_documents
    for doc in read_documents("data/universe.yaml"):
        print(doc.path, doc.root.keys())
"""

from mcugraph.source.nodes import (
    Document,
    Mapping,
    Node,
    Scalar,
    ScalarValue,
    Sequence,
    to_python,
)
from mcugraph.source.reader import (
    DEFAULT_MAX_BYTES,
    DEFAULT_MAX_DEPTH,
    DEFAULT_MAX_FILES,
    MAX_ERRORS_PER_FILE,
    iter_converted,
    iter_documents,
    parse_text,
    read_documents,
)

__all__ = [
    "DEFAULT_MAX_BYTES",
    "DEFAULT_MAX_DEPTH",
    "DEFAULT_MAX_FILES",
    "MAX_ERRORS_PER_FILE",
    "Document",
    "Mapping",
    "Node",
    "Scalar",
    "ScalarValue",
    "Sequence",
    "iter_converted",
    "iter_documents",
    "parse_text",
    "read_documents",
    "to_python",
]
