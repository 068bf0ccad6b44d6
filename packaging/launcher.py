"""The bundle's entry point: the same `censorwatch` command as the installed package."""

import multiprocessing
import sys

from censorwatch.cli import main

if __name__ == "__main__":
    multiprocessing.freeze_support()  # Windows: a frozen program's child processes
    sys.exit(main())
