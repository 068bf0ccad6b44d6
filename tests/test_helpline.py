"""What a helpline reads first: the diagnosis of the whole connection (Copy diagnosis,
check --diagnosis, the report's top) from a real round of the demo's world, the lab."""

from __future__ import annotations

import asyncio

from censorwatch import catalog
from censorwatch.engine import Engine, round_measurements
from censorwatch.export.diagnosis import LIMIT, diagnosis_text
from censorwatch.export.report import write_html
from censorwatch.store import Store


def _demo_round(lab, folder):
    cat = catalog.load(lab.config_path)  # the demo's catalog: the lab's whole world
    rnd = asyncio.run(Engine(cat).run_round())
    store = Store(folder)
    store.write(round_measurements(rnd))
    return store, rnd


def test_the_demo_rounds_diagnosis_fits_a_message_and_starts_with_the_summary(lab, tmp_path):
    store, rnd = _demo_round(lab, tmp_path)
    try:
        text = diagnosis_text(store, "Your network: no packet loss seen.")
        report = tmp_path / "report.html"
        with report.open("w", encoding="utf-8") as out:
            write_html(store, out)
    finally:
        store.close()
    assert len(text) <= LIMIT
    lines = text.splitlines()
    assert lines[0].startswith("censorwatch ") and "diagnosis" in lines[0]
    assert lines[1].startswith("Connection: ")
    assert lines[3] == "Provider: AS15169 GOOGLE - Google LLC, US"
    failing = sum(1 for s in rnd.services if s.verdict.status in ("blocked", "degraded"))
    assert f"Blocked or restricted: {failing} of {len(rnd.services)}" in text
    assert "Works (" in text and "Open site" in text
    # Then evidence, failures only, and a pointer to the rest.
    evidence = text.split("Evidence of the last check:")[1]
    assert ": blocked" in evidence or ": degraded" in evidence
    assert ": works" not in evidence
    assert text.rstrip().endswith("… more in the report (Export ▸ a report for a helpline).")
    # The report opens with the same summary.
    page = report.read_text(encoding="utf-8")
    assert page.index("class='summary'") < page.index("<h2>")
    assert f"Blocked or restricted: {failing} of {len(rnd.services)}" in page
    assert "AS15169 GOOGLE - Google LLC, US" in page
    assert "None" not in page.split("<script")[0]


def test_check_diagnosis_is_the_same_text(lab, tmp_path):
    from tests.conftest import run_cli

    done = run_cli(
        "check", "--agree", "--diagnosis", "--config", str(lab.config_path),
        "--data-dir", str(tmp_path), "--service", "messenger-calls-blocked", "--service", "open-site",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("censorwatch ") and len(done.stdout) <= LIMIT + 1
    assert "Messenger (calls blocked) — Calls don't connect since" in done.stdout
    assert "Works (1): Open site" in done.stdout
    assert "Messenger (calls blocked) · calls · stun" in done.stdout


def test_in_russian_too_it_fits_and_every_word_of_it_is_russian(lab, tmp_path, russian):
    import re

    store, _rnd = _demo_round(lab, tmp_path)
    try:
        text = diagnosis_text(store)
    finally:
        store.close()
    assert len(text) <= LIMIT
    lines = text.splitlines()
    assert lines[0].startswith("censorwatch ") and "диагноз" in lines[0]
    assert lines[1].startswith("Подключение: сеть работает")
    assert lines[2] == "Провайдер: AS15169 GOOGLE - Google LLC, US"
    assert "Заблокировано или ограничено:" in text and "Данные последней проверки:" in text
    summary = text.split("Данные последней проверки:")[0]
    # The lab's service names are English (its own catalog): the words around them are not.
    words = set(re.findall(r"[A-Za-z]{4,}", summary)) - {"censorwatch", "GOOGLE", "Google"}
    names = " ".join(s.name for s in catalog.load(lab.config_path).services)
    assert all(w in names for w in words), words - set(names.split())
