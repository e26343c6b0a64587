"""``python -m mcugraph.model`` prints :mod:`mcugraph.model._compiled` for the current records."""

import sys

from mcugraph.model import _record

sys.stdout.write(_record.render())
