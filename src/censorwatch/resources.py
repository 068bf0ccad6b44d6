"""Where the data shipped with censorwatch lives: the default catalog, the blockpage
fingerprints, the translation, the icon and the desktop entry."""

from __future__ import annotations

from pathlib import Path


def resources_dir() -> Path:
    """Inside the installed package, or `resources/` of a source checkout."""
    here = Path(__file__).resolve().parent
    packaged = here / "resources"
    if packaged.is_dir():
        return packaged
    return here.parent.parent / "resources"
