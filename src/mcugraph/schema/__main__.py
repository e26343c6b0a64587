import sys

from mcugraph.schema import to_json

sys.stdout.write(to_json())
