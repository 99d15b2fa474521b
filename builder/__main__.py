"""Allow `python -m builder build|check`."""

import sys

from builder.cli import main

sys.exit(main())
