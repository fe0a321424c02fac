"""``python -m spiral_tut train ...``, the same as the ``spiral-tut`` command."""

import sys

from .cli import main

sys.exit(main())
