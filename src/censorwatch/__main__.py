import sys

from censorwatch.cli import main

sys.exit(main())
