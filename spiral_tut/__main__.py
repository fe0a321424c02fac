"""``python -m spiral_tut train ...``, the same as the ``spiral-tut`` command."""

import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main())
