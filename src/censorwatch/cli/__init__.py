"""Headless commands (check, history, export, import, catalog, lab) and the entry point that
opens the window when no command is given.

    main.py       the parser, the dispatch and the exit codes
    common.py     what the commands share
    check.py, history.py, export.py, importing.py, catalog.py, lab.py: one command each
"""

from .main import main

__all__ = ["main"]
