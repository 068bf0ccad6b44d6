"""Every string a person reads is marked for translation, and every marked string has a
finished Russian translation in resources/censorwatch_ru.ts."""

from __future__ import annotations

import ast
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TS = ROOT / "resources" / "censorwatch_ru.ts"
UI = ROOT / "src" / "censorwatch" / "ui"
# Qt calls whose string argument a person reads.
VISIBLE = {
    "QLabel",
    "QPushButton",
    "QCheckBox",
    "QAction",
    "QToolButton",
    "QGroupBox",
    "setText",
    "setToolTip",
    "setWindowTitle",
    "setPlaceholderText",
    "addItem",
    "showMessage",
    "warn",
    "setSpecialValueText",
    "setSuffix",
    "setAccessibleName",
    "setFormat",
    "addRow",
}
ALLOWED = {"English", "Русский", "censorwatch", " ", "", "—"}


def _messages() -> dict[tuple[str, str], ET.Element]:
    out = {}
    for ctx in ET.parse(TS).getroot():
        name = ctx.find("name").text or ""
        for m in ctx.findall("message"):
            out[(name, m.find("source").text)] = m
    return out


def test_no_unfinished_message():
    unfinished = []
    for (ctx, source), m in _messages().items():
        tr = m.find("translation")
        forms = (
            [f.text for f in tr.findall("numerusform")] if m.get("numerus") == "yes" else [tr.text]
        )
        if tr.get("type") in ("unfinished", "vanished", "obsolete") or not all(forms):
            unfinished.append(f"{ctx}: {source}")
        if m.get("numerus") == "yes" and len(forms) != 3:
            unfinished.append(f"{ctx}: {source} (Russian needs 3 plural forms)")
    assert unfinished == []


def test_the_ts_file_has_every_string_of_the_source(tmp_path):
    sources = [
        str(p)
        for p in sorted((ROOT / "src" / "censorwatch").rglob("*.py"))
        if p.parent.name in ("ui", "diagnosis", "engine", "export", "service", "cli", "catalog")
        or p.name == "translation.py"
    ]
    fresh = tmp_path / "fresh.ts"
    lupdate = Path(sys.executable).parent / "pyside6-lupdate"
    subprocess.run(
        [str(lupdate), *sources, "-ts", str(fresh), "-locations", "none"],
        check=True,
        capture_output=True,
    )
    found = {
        (ctx.find("name").text or "", m.find("source").text)
        for ctx in ET.parse(fresh).getroot()
        for m in ctx.findall("message")
    }
    missing = sorted(found - set(_messages()))
    assert missing == [], "run `make translations` and translate: " + repr(missing[:10])


def _visible_literals(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = (
            node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        )
        if name not in VISIBLE:
            continue
        for arg in node.args[:1]:
            literal = isinstance(arg, ast.Constant) and isinstance(arg.value, str)
            if literal and arg.value not in ALLOWED and any(c.isalpha() for c in arg.value):
                yield f"{path.name}:{node.lineno}: {arg.value!r}"
            if isinstance(arg, ast.JoinedStr):
                # Data in punctuation ("{name}  ({id})") is fine; words are not.
                words = "".join(v.value for v in arg.values if isinstance(v, ast.Constant))
                if any(c.isalpha() for c in words):
                    yield f"{path.name}:{node.lineno}: an f-string with words (translate it)"


def test_every_visible_string_is_marked_for_translation():
    unmarked = [hit for path in sorted(UI.glob("*.py")) for hit in _visible_literals(path)]
    assert unmarked == []


def test_the_cli_speaks_the_locale(lab, tmp_path, monkeypatch):
    from tests.conftest import run_cli

    monkeypatch.setenv("CENSORWATCH_LANG", "ru")
    result = run_cli(
        "check",
        "--agree",
        "--config",
        str(lab.config_path),
        "--service",
        "messenger-calls-blocked",
        "--data-dir",
        str(tmp_path),
    )
    assert result.returncode == 0, result.stderr
    assert (
        "UDP заблокирован" in result.stdout
        and "Серверы звонков не ответили по UDP" in result.stdout
    )
    monkeypatch.setenv("CENSORWATCH_LANG", "en")
    result = run_cli(
        "check",
        "--agree",
        "--config",
        str(lab.config_path),
        "--service",
        "messenger-calls-blocked",
        "--data-dir",
        str(tmp_path),
    )
    assert "UDP blocked" in result.stdout


def test_the_compiled_translation_in_git_matches_the_ts(tmp_path):
    # The .qm ships in the wheel as committed: it must be what the .ts compiles to.
    fresh = tmp_path / "fresh.qm"
    lrelease = Path(sys.executable).parent / "pyside6-lrelease"
    subprocess.run([str(lrelease), "-silent", str(TS), "-qm", str(fresh)], check=True)
    shipped = TS.with_suffix(".qm")
    assert shipped.is_file(), "resources/censorwatch_ru.qm is missing: run make"
    assert shipped.read_bytes() == fresh.read_bytes(), "run make to recompile the .qm"


def test_the_built_in_catalogs_reasons_are_marked_for_translation_and_translated():
    # Every "not measured" reason of the built-in catalog is a message of the Catalog
    # context (wording._builtin_catalog_words) and has a Russian translation.
    import inspect

    from censorwatch import catalog
    from censorwatch.diagnosis import wording

    marked = inspect.getsource(wording._builtin_catalog_words)
    reasons = {r for s in catalog.load_default().services for r in s.not_measured.values()}
    assert reasons and all(f'"{r}"' in marked for r in reasons)
    translated = {
        m.find("source").text: (m.find("translation").text or "")
        for ctx in ET.parse(TS).getroot()
        if ctx.find("name").text == "Catalog"
        for m in ctx.findall("message")
    }
    assert all(translated.get(r) for r in reasons)
    # the services' names too, and the domestic ones have their Russian names
    names = {s.name for s in catalog.load_default().services}
    assert all(f'"{n}"' in marked for n in names)
    assert translated.get("Gosuslugi") == "Госуслуги" and translated.get("Yandex") == "Яндекс"


def test_no_sentence_hides_in_an_f_string():
    # pyside6-lupdate does not look inside f-strings: `f"{self.tr('…')}"` is never translated.
    import io
    import re
    import tokenize

    call = re.compile(r"(?<![\w])(tr|translate)\(")  # self.tr( or translate(, not str(
    hidden = []
    for path in sorted((ROOT / "src" / "censorwatch").rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        for tok in tokenize.generate_tokens(io.StringIO(source).readline):
            prefix = tok.string[:2].lower()
            if tok.type == tokenize.STRING and "f" in prefix and call.search(tok.string):
                hidden.append(f"{path.name}:{tok.start[0]}")
    assert hidden == []
