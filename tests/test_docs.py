"""The documentation ships with the code: the README and docs/ link only files inside the
repository (users never see the developers' shared folder), every link resolves, and the
contracts' documents exist."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LINK = re.compile(r"\]\(([^)\s]+)\)")
CONTRACTS = ("commands.md", "config.md", "verdicts.md", "check-json.md", "measurements.md")


def _documents() -> list[Path]:
    return [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]


def test_links_stay_inside_the_repository_and_resolve():
    broken = []
    for doc in _documents():
        text = doc.read_text(encoding="utf-8")
        if "../shared" in text:
            broken.append(f"{doc.relative_to(ROOT)} mentions ../shared")
        for target in LINK.findall(text):
            if re.match(r"[a-z]+:", target) or target.startswith("#"):
                continue
            path = (doc.parent / target.split("#")[0]).resolve()
            if not path.is_relative_to(ROOT) or not path.exists():
                broken.append(f"{doc.relative_to(ROOT)}: {target}")
    assert broken == []


def test_the_contracts_are_documented_and_linked_from_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in CONTRACTS:
        assert (ROOT / "docs" / name).is_file(), name
    assert "docs/README.md" in readme or all(f"docs/{n}" in readme for n in CONTRACTS)


def test_the_catalog_cites_the_notes_in_the_repository():
    catalog = (ROOT / "resources" / "default-catalog.toml").read_text(encoding="utf-8")
    assert "../shared" not in catalog and "docs/field-notes.md" in catalog


def test_the_catalog_document_covers_every_built_in_service():
    from censorwatch import catalog

    text = (ROOT / "docs" / "catalog.md").read_text(encoding="utf-8")
    missing = [s.id for s in catalog.load_default().services if f"`{s.id}`" not in text]
    assert missing == []
