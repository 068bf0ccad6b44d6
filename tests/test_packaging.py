"""Installed like desktop software: the wheel and sdist built from a clean copy of the
repository (what `pip install` or `pipx install` of a clone does) hold everything, and the
installed program (not editable, a fresh virtual environment) lists its catalog, speaks
Russian under a Russian locale and paints its window offscreen.

Building pulls hatchling and the program's dependencies from the package index (cached after
the first run); marked `package` so it can be run alone: pytest -m package.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.package
SHIPPED = (
    "censorwatch/resources/censorwatch_ru.qm",
    "censorwatch/resources/censorwatch.svg",
    "censorwatch/resources/censorwatch.desktop",
    "censorwatch/resources/default-catalog.toml",
    "censorwatch/resources/blockpages.csv",
    "censorwatch/resources/signal-roots.pem",
    "censorwatch/resources/systemd/censorwatch.service",
    "censorwatch/resources/systemd/censorwatch-system.service",
)


def _registry_env() -> dict[str, str]:
    """Building and installing reach the package registry (allowed on this machine): without
    the network guard, which watches censorwatch's own traffic, not pip's."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("CENSORWATCH_NETGUARD")}
    env.pop("PYTHONPATH", None)
    return env


def _clean_copy(dest: Path) -> Path:
    """The files a clone would have: tracked and new ones, nothing ignored (no .venv, no
    build output), so that the test sees the working tree as CI's clean clone will."""
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.split(b"\0")
    for name in filter(None, listed):
        source = ROOT / os.fsdecode(name)
        if source.is_file():
            target = dest / os.fsdecode(name)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    return dest


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, Path]:
    work = tmp_path_factory.mktemp("package")
    source = _clean_copy(work / "clone")
    dist = work / "dist"
    done = subprocess.run(
        [sys.executable, "-m", "build", "--sdist", "--wheel", "--outdir", str(dist), str(source)],
        capture_output=True,
        text=True,
        timeout=900,
        env=_registry_env(),
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return {"wheel": next(dist.glob("*.whl")), "sdist": next(dist.glob("*.tar.gz")), "work": work}


def test_the_wheel_holds_the_translation_icon_entry_and_data(built):
    names = set(zipfile.ZipFile(built["wheel"]).namelist())
    missing = [n for n in SHIPPED if n not in names]
    assert missing == []
    assert "censorwatch/cli/main.py" in names and "censorwatch/lab/servers.py" in names


def test_the_sdist_holds_sources_docs_and_translation(built):
    with tarfile.open(built["sdist"]) as tar:
        names = {n.split("/", 1)[1] for n in tar.getnames() if "/" in n}
    for wanted in (
        "resources/censorwatch_ru.qm",
        "resources/censorwatch_ru.ts",
        "docs/commands.md",
        "docs/schemas/check.schema.json",
        "docs/watching.md",
        "docs/prometheus/alerts.yml",
        "docs/grafana/censorwatch-dashboard.json",
        "README.md",
        "pyproject.toml",
    ):
        assert wanted in names, wanted


@pytest.fixture(scope="module")
def installed(built) -> Path:
    venv = built["work"] / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    done = subprocess.run(
        [
            str(venv / "bin" / "python"),
            "-m",
            "pip",
            "install",
            "--quiet",
            "-c",
            str(ROOT / "constraints.txt"),
            str(built["wheel"]),
        ],
        capture_output=True,
        text=True,
        timeout=900,
        env=_registry_env(),
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return venv / "bin"


def _run(bin_dir: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "LANG"))}
    # Run from elsewhere, so nothing of the source tree can be imported by accident.
    return subprocess.run(
        [str(bin_dir / "censorwatch"), *args],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=bin_dir,
        env={**clean, "PYTHONIOENCODING": "utf-8", **env},
    )


def test_the_installed_program_is_not_the_source_tree(installed):
    where = subprocess.run(
        [str(installed / "python"), "-c", "import censorwatch; print(censorwatch.__file__)"],
        capture_output=True,
        text=True,
        cwd=installed,
        check=True,
    ).stdout
    assert "site-packages" in where and str(ROOT / "src") not in where


def test_the_installed_program_lists_its_catalog(installed):
    done = _run(installed, "catalog", "--json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["schema"] == "censorwatch.catalog/1"
    assert "site-packages" in data["path"]
    assert any(s["id"] == "telegram" for s in data["services"])


def test_the_installed_program_speaks_russian(installed, lab, tmp_path):
    args = ("check", "--agree", "--config", str(lab.config_path), "--service", "dns-nxdomain")
    russian = _run(installed, *args, "--data-dir", str(tmp_path / "ru"), LANG="ru_RU.UTF-8")
    english = _run(installed, *args, "--data-dir", str(tmp_path / "en"), LANG="en_US.UTF-8")
    assert russian.returncode == english.returncode == 0, russian.stderr + english.stderr
    assert "заблокирован" in russian.stdout, russian.stdout
    assert "blocked" in english.stdout and "заблокирован" not in english.stdout


def test_the_installed_window_paints_offscreen(installed, tmp_path):
    shot = tmp_path / "shot.png"
    done = _run(
        installed,
        "--demo",
        "--screenshot",
        str(shot),
        QT_QPA_PLATFORM="offscreen",
        CENSORWATCH_DATA_DIR=str(tmp_path / "data"),
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert shot.read_bytes().startswith(b"\x89PNG")
