"""`python -m newsevents` runs the command line."""

import sys

from newsevents.cli import main

sys.exit(main())
