"""The packages' lazy names: imported on first use, listed by dir(), unknown names refused."""

from __future__ import annotations

import subprocess
import sys

SCRIPT = """
import sys
import mcugraph.continuity, mcugraph.rdf
assert "mcugraph.continuity.formats" not in sys.modules and "mcugraph.rdf.export" not in sys.modules
assert "to_sarif" in dir(mcugraph.continuity) and "FORMATS" in dir(mcugraph.rdf)
from mcugraph.continuity import to_sarif
from mcugraph.continuity.formats import to_sarif as home
assert to_sarif is home and "to_sarif" in vars(mcugraph.continuity)
assert mcugraph.rdf.FORMATS is sys.modules["mcugraph.rdf.export"].FORMATS
for package in (mcugraph.continuity, mcugraph.rdf):
    try:
        package.nothing_here
    except AttributeError as err:
        assert str(err) == f"module {package.__name__!r} has no attribute 'nothing_here'", err
    else:
        raise AssertionError("no AttributeError")
print("ok")
"""


def test_lazy_names_load_their_module_on_first_use() -> None:
    # a fresh process: this one has long imported every module
    done = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "ok\n"
