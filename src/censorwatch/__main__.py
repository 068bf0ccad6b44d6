"""`python -m censorwatch`: the same as the `censorwatch` command."""

import sys

from censorwatch.cli import main

sys.exit(main())
