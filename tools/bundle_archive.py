"""Pack dist/censorwatch (made by PyInstaller) as dist/censorwatch-VERSION-SYSTEM-MACHINE
.tar.xz (a .zip on Windows), the form people download. xz: Qt's Unicode tables and the
libraries shrink a third more than with gzip."""

from __future__ import annotations

import platform
import shutil
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    version = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["version"]
    system = {"win32": "windows", "darwin": "macos"}.get(sys.platform, sys.platform)
    base = ROOT / "dist" / f"censorwatch-{version}-{system}-{platform.machine().lower()}"
    made = shutil.make_archive(
        str(base), "zip" if system == "windows" else "xztar", ROOT / "dist", "censorwatch"
    )
    print(f"wrote {made}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
