"""The self-contained bundle made by `make bundle`: its size, its archive's size, and the time
from starting it to a painted window (median of 3, offscreen), with no Python on PATH. Also
checks that it runs the commands and the window; exits 1 when it does not.

Goals (issue 14): archive <= 90 MB, start-up to a painted window <= 2 s on the build machine.

    .venv/bin/python benchmarks/bundle.py [dist/censorwatch] [ARCHIVE]
"""

from __future__ import annotations

import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def main() -> int:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "dist" / "censorwatch"
    archives = sorted((ROOT / "dist").glob("censorwatch-*.tar.*")) + sorted(
        (ROOT / "dist").glob("censorwatch-*.zip")
    )
    archive = Path(sys.argv[2]) if len(sys.argv) > 2 else (archives[-1] if archives else None)
    exe = folder / ("censorwatch.exe" if os.name == "nt" else "censorwatch")
    if not exe.exists():
        print(f"no bundle at {folder}: run make bundle", file=sys.stderr)
        return 1
    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        empty = Path(tmp) / "bin"  # PATH without any Python
        empty.mkdir()
        env = {
            "PATH": str(empty),
            "HOME": tmp,
            "QT_QPA_PLATFORM": "offscreen",
            "LANG": "C.UTF-8",
            "CENSORWATCH_DATA_DIR": str(Path(tmp) / "data"),
            "XDG_CONFIG_HOME": str(Path(tmp) / "config"),
            "XDG_STATE_HOME": str(Path(tmp) / "state"),
            "XDG_CACHE_HOME": str(Path(tmp) / "cache"),
        }

        def run(*args: str, **extra: str) -> subprocess.CompletedProcess:
            return subprocess.run(
                [str(exe), *args],
                env={**env, **extra},
                capture_output=True,
                text=True,
                timeout=180,
                cwd=tmp,
            )

        catalog = run("catalog", "--json")
        if catalog.returncode != 0 or json.loads(catalog.stdout or "{}").get("schema") != (
            "censorwatch.catalog/1"
        ):
            failures.append("catalog --json: " + catalog.stderr[-500:])
        shot = Path(tmp) / "shot.png"
        window = run("--demo", "--screenshot", str(shot))
        if window.returncode != 0 or not shot.exists():
            failures.append("--demo --screenshot: " + window.stderr[-500:])
        russian = run("catalog", LANG="ru_RU.UTF-8")
        if russian.returncode != 0:
            failures.append("catalog (Russian locale): " + russian.stderr[-500:])
        times = []
        for _ in range(3):
            probe = run("--demo", CENSORWATCH_STARTUP_PROBE="1")
            found = re.search(r"painted after ([0-9.]+) s", probe.stdout)
            if probe.returncode != 0 or not found:
                failures.append("start-up probe: " + probe.stderr[-500:])
                break
            times.append(float(found.group(1)))
    print(f"bundle folder: {folder_size(folder) / 1e6:.1f} MB ({folder})")
    if archive is not None:
        print(f"archive: {archive.stat().st_size / 1e6:.1f} MB ({archive.name}; goal <= 90 MB)")
    if times:
        print(
            f"start-up to a painted window (demo, offscreen): median {statistics.median(times):.2f} s"
            f" of {', '.join(f'{t:.2f}' for t in times)} (goal <= 2 s)"
        )
    for f in failures:
        print("FAILED " + f, file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
