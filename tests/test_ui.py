"""The window under pytest-qt (offscreen): the grid model, a real lab round through the
bridge, the detail panel, the chart, a broken config, the tray fallback, --screenshot."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt, QUrl
from PySide6.QtGui import QGuiApplication

from censorwatch import catalog
from censorwatch.store import Store
from censorwatch.ui.app import load_catalog, seed_demo_history
from censorwatch.ui.bridge import EngineBridge
from censorwatch.ui.model import StatusGridModel, StatusRole
from censorwatch.ui.window import MainWindow


def run_round(qtbot, window_and_bridge):
    win, bridge = window_and_bridge
    with qtbot.waitSignal(win.firstRoundShown, timeout=90_000):
        bridge.start()
    return win


def test_model_passes_qtmodeltester(qtmodeltester, lab_catalog):
    model = StatusGridModel(lab_catalog)
    qtmodeltester.check(model)
    assert model.is_group_row(0) and not model.is_group_row(1)
    assert model.headerData(1, Qt.Orientation.Horizontal) == "Web"


def test_a_capability_not_measured_is_said_so_never_judged(qtmodeltester, lab, qtbot):
    # The lab's "messenger-ok" says it cannot measure media: grey words and the reason in
    # the grid; its round verdict leaves the service working.
    from censorwatch.engine import Engine
    from tests.conftest import run

    cat = catalog.load(lab.config_path).select(["messenger-ok", "open-site"])
    model = StatusGridModel(cat)
    qtmodeltester.check(model)
    index = model.cell_index("messenger-ok", "media")
    assert model.data(index, Qt.ItemDataRole.DisplayRole) == "not measured"
    assert "publishes no media" in model.data(index, Qt.ItemDataRole.ToolTipRole)
    rnd = run(Engine(cat).run_round())
    model.round_finished(rnd)
    assert model.data(index, Qt.ItemDataRole.DisplayRole) == "not measured"
    service = next(s for s in rnd.services if s.service.id == "messenger-ok")
    media = next(c for c in service.capabilities if c.name == "media")
    assert media.verdict.status == "unknown" and "not measured" in media.verdict.explanation
    assert service.verdict.status == "ok"


def test_a_lab_round_updates_the_right_cells(qtbot, window):
    win = run_round(qtbot, window)
    m = win.model

    def status(sid, cap):
        return m.data(m.cell_index(sid, cap), StatusRole)

    assert status("messenger-calls-blocked", "calls") == "blocked"
    assert status("messenger-calls-blocked", "messages") == "ok"
    assert status("sni-reset", "web") == "blocked"
    assert status("video-throttled", "media") == "degraded"
    assert status("domestic-gov", "web") == "ok"
    calls = m.cell_index("messenger-calls-blocked", "calls")
    assert m.data(calls, Qt.ItemDataRole.DisplayRole) == "UDP blocked"
    tooltip = m.data(calls, Qt.ItemDataRole.ToolTipRole)
    assert "did not answer over UDP" in tooltip and "since" in tooltip
    assert m.data(calls, Qt.ItemDataRole.DecorationRole) is not None  # never colour alone
    assert "Network works" in win.banner.text()


def test_detail_panel_shows_the_evidence_and_copies_it(qtbot, window):
    win = run_round(qtbot, window)
    win.grid.setCurrentIndex(win.model.cell_index("messenger-calls-blocked", "calls"))
    text = win.detail.evidence.toPlainText()
    assert "STUN" in text and "generic_timeout_error" in text
    # The chosen part first; the parts that work folded to one line until asked.
    assert text.startswith("■ calls: blocked") and "resolver under test" not in text
    assert "2 other checks passed: show them" in text
    win.detail.evidence.anchorClicked.emit(QUrl("cw:unfold"))
    text = win.detail.evidence.toPlainText()
    assert text.startswith("■ calls: blocked") and "other checks passed" not in text
    assert "resolver under test" in text and "control resolver" in text
    assert "Call servers did not answer over UDP" in win.detail.verdict.text()
    # Copy diagnosis: the whole connection from the history, the shown service's evidence
    # first, within a chat message.
    with qtbot.waitSignal(win.detail.copied, timeout=10_000):
        win.detail.copy_diagnosis()
    pasted = QGuiApplication.clipboard().text()
    assert pasted.startswith("censorwatch ") and len(pasted) <= 2000
    assert "Messenger (calls blocked) — Calls don't connect" in pasted
    evidence = pasted.split("Evidence of the last check:")[1]
    assert evidence.lstrip().startswith("Messenger (calls blocked) · calls · stun")


def test_chart_switches_ranges_and_reads_rollups(qtbot, window):
    win, _ = window
    win.grid.setCurrentIndex(win.model.cell_index("messenger-calls-blocked", "calls"))
    with qtbot.waitSignal(win.chart.loaded, timeout=10_000):
        win.chart.set_span(3600)
    data = win.chart.data
    assert data["end"] - data["start"] == pytest.approx(3600, abs=5)
    assert any(b.status == "blocked" for b in data["buckets"])
    with qtbot.waitSignal(win.chart.loaded, timeout=10_000):
        win.chart.set_span(365 * 86400)
    # a year asked of six hours of history: the chart is fitted to the history
    fitted = win.chart.data
    assert fitted["start"] < fitted["first"] < fitted["start"] + 3600
    assert len(fitted["buckets"]) == 240
    with qtbot.waitSignal(win.chart.loaded, timeout=10_000):  # as a zoom or a pan asks
        win.chart.reload(fitted["end"] - 365 * 86400, fitted["end"])
    assert win.chart.data["end"] - win.chart.data["start"] == pytest.approx(365 * 86400, abs=5)
    assert len(win.chart.data["buckets"]) == 240
    assert "blocked" in win.chart.describe(data["buckets"][-1].start + 1)


def test_broken_user_config_runs_the_default_catalog_and_says_so(tmp_path):
    user = tmp_path / "config.toml"
    user.write_text("[settings]\ntimeout = 'soon'\n", encoding="utf-8")
    before = user.read_text(encoding="utf-8")
    cat, error = load_catalog(None, user)
    assert cat.path.endswith("default-catalog.toml")
    assert f"{user}:2: settings.timeout" in error
    assert user.read_text(encoding="utf-8") == before


def test_a_broken_user_config_is_named_in_the_banner(qtbot, tmp_path, monkeypatch):
    from types import SimpleNamespace

    from censorwatch.ui.app import build_gui

    user = tmp_path / "config.toml"
    user.write_text("[settings]\ntimeout = 'soon'\n", encoding="utf-8")
    monkeypatch.setenv("CENSORWATCH_SETTINGS_DIR", str(tmp_path))
    args = SimpleNamespace(demo=False, config=None, data_dir=str(tmp_path / "h"), screenshot=None)
    gui = build_gui(args, user)  # the engine is not started: nothing is checked
    try:
        text = gui.window.banner.plain_text()
        assert f"{user}:2: settings.timeout" in text and "built-in catalog runs" in text
        assert not gui.bridge.started
    finally:
        gui.close()


def test_without_a_tray_closing_quits(qtbot, tmp_path, lab_catalog, monkeypatch):
    bridge = EngineBridge(lab_catalog, None)
    win = MainWindow(
        lab_catalog, None, bridge, QSettings(str(tmp_path / "w.ini"), QSettings.Format.IniFormat)
    )
    qtbot.addWidget(win)
    win.show()
    quits = []
    app = QGuiApplication.instance()
    monkeypatch.setattr(app, "quit", lambda: quits.append(True))
    assert win.tray is None  # the offscreen platform has no system tray
    win.close()
    assert quits == [True] and not win.isVisible()


def test_geometry_and_selection_are_remembered(qtbot, tmp_path, lab_catalog):
    path = str(tmp_path / "w.ini")
    bridge = EngineBridge(lab_catalog, None)
    win = MainWindow(lab_catalog, None, bridge, QSettings(path, QSettings.Format.IniFormat))
    qtbot.addWidget(win)
    win.resize(640, 480)
    win.grid.setCurrentIndex(win.model.index(win.model.row_of("sni-reset"), 0))
    win.save_state()
    again = MainWindow(lab_catalog, None, bridge, QSettings(path, QSettings.Format.IniFormat))
    qtbot.addWidget(again)
    assert again.model.service_at(again.grid.currentIndex().row()).id == "sni-reset"
    assert again.size().width() == 640


def test_screenshot_writes_a_png(tmp_path):
    target = tmp_path / "shot.png"
    result = subprocess.run(
        [sys.executable, "-m", "censorwatch", "--demo", "--screenshot", str(target)],
        capture_output=True,
        text=True,
        timeout=180,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert result.returncode == 0, result.stderr
    data = Path(target).read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 50_000


def test_a_paused_window_shows_the_history_and_sends_nothing(tmp_path, lab, lab_catalog):
    # `--paused --screenshot`: the window over a history, its checks paused from the start;
    # the picture is taken once the history shows, and no round reaches the history.
    seed_demo_history(tmp_path / "h", lab_catalog)
    with Store(tmp_path / "h", read_only=True) as store:
        before = store.last_round()
    target = tmp_path / "paused.png"
    result = subprocess.run(
        [sys.executable, "-m", "censorwatch", "--config", str(lab.config_path), "--data-dir",
         str(tmp_path / "h"), "--paused", "--screenshot", str(target)],
        capture_output=True,
        text=True,
        timeout=180,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen",
             "CENSORWATCH_SETTINGS_DIR": str(tmp_path / "settings")},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert Path(target).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    with Store(tmp_path / "h", read_only=True) as store:
        assert store.last_round() == before


def test_history_seeded_for_the_demo(tmp_path, lab_catalog):
    seed_demo_history(tmp_path, lab_catalog)
    with Store(tmp_path) as store:
        calls = [c for c in store.changes("messenger-calls-blocked") if c["capability"] == "calls"]
    assert calls and calls[0]["status"] == "blocked"


def test_service_editor_rejects_bad_input_next_to_the_field(qtbot, tmp_path, lab_catalog):
    from censorwatch.ui.service_editor import ServiceEditor

    path = tmp_path / "config.toml"
    editor = ServiceEditor(lab_catalog, path)
    qtbot.addWidget(editor)
    editor.list.setCurrentRow(0)
    editor.probes.item(0, 3).setText("70000")  # the first probe's port
    with qtbot.assertNotEmitted(editor.saved, wait=200):
        editor.save()
    assert not path.exists()  # nothing written
    assert "between 1 and 65535" in editor.error.text()
    assert "probes[0].port" in editor.error.text()
    assert editor.probes.currentRow() == 0 and editor.probes.currentColumn() == 3
    editor.id_edit.selectAll()
    qtbot.keyClicks(editor.id_edit, "Bad Id!")  # as a person types it
    editor.probes.item(0, 3).setText("443")
    editor.save()
    assert "a-z, 0-9" in editor.error.text() and "border" in editor.id_edit.styleSheet()


def test_a_typed_capability_outside_the_list_is_a_new_column_only_on_purpose(
    qtbot, tmp_path, lab_catalog
):
    from censorwatch.ui.service_editor import ServiceEditor

    path = tmp_path / "config.toml"
    editor = ServiceEditor(lab_catalog, path)
    qtbot.addWidget(editor)
    editor.list.setCurrentRow(0)
    editor.probes.item(0, 0).setText("site")  # a typo for "web"
    with qtbot.assertNotEmitted(editor.saved, wait=200):
        editor.save()
    assert not path.exists()
    assert "'site' is not one of web, messages, calls, media" in editor.error.text()
    assert editor.probes.currentRow() == 0 and editor.probes.currentColumn() == 0
    with qtbot.waitSignal(editor.saved, timeout=5000) as signal:
        editor.save()  # again: on purpose
    assert signal.args[0].services[0].probes[0].capability == "site"


def test_service_editor_saves_good_input_atomically_with_a_backup(qtbot, tmp_path, lab_catalog):
    from censorwatch.ui.service_editor import ServiceEditor

    path = tmp_path / "config.toml"
    path.write_text("# the previous config\n", encoding="utf-8")
    editor = ServiceEditor(lab_catalog, path)
    qtbot.addWidget(editor)
    editor.add_service()
    for field, text in ((editor.name_edit, "Meduza"), (editor.id_edit, "meduza")):
        field.selectAll()
        qtbot.keyClicks(field, text)
    editor.probes.item(0, 5).setText("https://meduza.io/")
    with qtbot.waitSignal(editor.saved, timeout=5000) as signal:
        editor.save()
    saved = signal.args[0]
    assert (
        saved.services[-1].id == "meduza"
        and saved.services[-1].probes[0].url == "https://meduza.io/"
    )
    assert catalog.load(path).services[-1].name == "Meduza"
    assert (tmp_path / "config.toml.bak").read_text(encoding="utf-8") == "# the previous config\n"
    assert not list(tmp_path.glob(".config.toml.*.tmp"))


def test_service_editor_takes_an_international_name_as_written(qtbot, tmp_path, lab_catalog):
    # пример.рф, the way a Russian user writes a .рф site: accepted, saved and shown as
    # written (the probes send its IDNA form).
    from censorwatch.ui.service_editor import ServiceEditor

    path = tmp_path / "config.toml"
    editor = ServiceEditor(lab_catalog, path)
    qtbot.addWidget(editor)
    editor.add_service()
    editor.id_edit.selectAll()
    qtbot.keyClicks(editor.id_edit, "primer")
    editor.name_edit.setText("Пример")  # typed through an input method, as Cyrillic is
    editor.name_edit.textEdited.emit("Пример")
    editor.probes.item(0, 5).setText("https://Пример.рф/новости")
    with qtbot.waitSignal(editor.saved, timeout=5000):
        editor.save()
    assert editor.error.isHidden()
    assert "https://Пример.рф/новости" in path.read_text(encoding="utf-8")
    assert catalog.load(path).services[-1].probes[0].url == "https://Пример.рф/новости"
    editor.probes.item(0, 5).setText("https://при мер.рф/")
    editor.save()
    assert "not a valid" in editor.error.text()


def test_editing_a_probe_keeps_what_the_table_does_not_show(qtbot, tmp_path, lab):
    # The catalog twin's calls service has a control (role), its Signal-like one a trust,
    # every probe may have a source: editing a shown field must not drop them.
    from censorwatch.ui.service_editor import ServiceEditor

    cat = catalog.load(lab.config("catalog")).select(["calls-restricted", "signal-roots"])
    cat.services[0].probes[2].source = "OONI ts-025 stuninput"
    path = tmp_path / "config.toml"
    editor = ServiceEditor(cat, path)
    qtbot.addWidget(editor)
    editor.list.setCurrentRow(0)
    port = editor.probes.item(2, 3)
    port.setText(port.text())  # an edit that changes nothing shown
    editor.probes.item(0, 0).setText("messages")
    with qtbot.waitSignal(editor.saved, timeout=5000) as signal:
        editor.save()
    saved = signal.args[0].services
    control = saved[0].probes[2]
    assert (control.role, control.source) == ("control", "OONI ts-025 stuninput")
    assert saved[1].probes[0].trust == "signal"
    again = catalog.load(path).services
    assert again[0].probes[2].role == "control" and again[1].probes[0].trust == "signal"


def test_settings_dialog_validates_and_saves(qtbot, tmp_path, lab_catalog):
    from censorwatch.ui.settings_dialog import SettingsDialog

    path = tmp_path / "config.toml"
    dialog = SettingsDialog(lab_catalog, path, True)
    qtbot.addWidget(dialog)
    dialog.resolver.setText("udp://dns.example")
    dialog.save()
    assert "udp://IP:PORT" in dialog.errors["resolver"].text() and not path.exists()
    dialog.resolver.setText("system")
    dialog.interval.setValue(15)
    dialog.compare_every.setValue(180)
    dialog.budget.setValue(20)
    dialog.metered.setChecked(True)
    dialog.metrics.setText("somewhere")
    dialog.save()
    assert "HOST:PORT" in dialog.errors["metrics"].text() and not path.exists()
    dialog.metrics.setText("9464")
    with qtbot.waitSignal(dialog.saved, timeout=5000):
        dialog.save()
    saved = catalog.load(path).settings
    assert saved.metrics == "9464"
    assert saved.interval == 900
    assert (saved.throughput_interval, saved.daily_budget_mb, saved.allow_metered) == (
        3 * 3600,
        20,
        True,
    )


def test_saved_services_take_effect_in_the_window(qtbot, tmp_path, lab_catalog):
    path = tmp_path / "config.toml"
    bridge = EngineBridge(lab_catalog, None)
    win = MainWindow(
        lab_catalog,
        None,
        bridge,
        QSettings(str(tmp_path / "w.ini"), QSettings.Format.IniFormat),
        config_path=path,
    )
    qtbot.addWidget(win)
    editor = win.edit_services()
    editor.remove_service()  # the first one
    with qtbot.waitSignal(editor.saved, timeout=5000):
        editor.save()
    removed = lab_catalog.services[0].id
    assert win.model.row_of(removed) == -1
    assert [s.id for s in catalog.load(path).services] == [s.id for s in lab_catalog.services[1:]]


def test_chart_follows_a_dark_palette(qtbot):
    from PySide6.QtGui import QColor, QPalette
    from PySide6.QtWidgets import QApplication

    from censorwatch.ui.chart import HistoryChart

    chart = HistoryChart(None)
    qtbot.addWidget(chart)
    app = QApplication.instance()
    old = app.palette()
    dark = QPalette(old)
    dark.setColor(QPalette.ColorRole.Base, QColor("#202020"))
    dark.setColor(QPalette.ColorRole.Text, QColor("#eeeeee"))
    app.setPalette(dark)
    try:
        qtbot.waitUntil(
            lambda: chart.plots.backgroundBrush().color().name() == "#202020", timeout=3000
        )
    finally:
        app.setPalette(old)


def test_export_dialog_previews_and_saves(qtbot, window, tmp_path):
    win, _ = window
    dialog = win.export_log()
    qtbot.addWidget(dialog)
    # The report first, its preview the measurements it carries.
    assert dialog.format.currentData() == "html"
    qtbot.waitUntil(lambda: '{"schema"' in dialog.preview.toPlainText(), timeout=10_000)
    assert dialog.preview.toPlainText().startswith("An HTML report")
    dialog.format.setCurrentIndex(dialog.format.findData("csv"))
    qtbot.waitUntil(
        lambda: (
            dialog.preview.toPlainText().startswith("\ufeffschema")
            or dialog.preview.toPlainText().startswith("schema")
        ),
        timeout=10_000,
    )
    assert "messenger-calls-blocked" in dialog.preview.toPlainText()
    dialog.format.setCurrentIndex(dialog.format.findData("jsonl"))
    qtbot.waitUntil(lambda: dialog.preview.toPlainText().startswith("{"), timeout=10_000)
    target = tmp_path / "shared.jsonl"
    assert not dialog.open_button.isVisible() and not dialog.folder_button.isVisible()
    dialog.save(str(target))
    qtbot.waitUntil(lambda: "Wrote" in dialog.message.text(), timeout=10_000)
    assert target.exists() and target.read_text(encoding="utf-8").count("\n") > 100
    # Once written: open it, or show it in its folder.
    assert dialog.open_button.isVisible() and dialog.folder_button.isVisible()
    assert dialog.saved == str(target)


def test_the_export_dialog_says_what_is_hidden_and_what_kept(qtbot, window):
    from PySide6.QtGui import QTextDocument

    win, _ = window
    dialog = win.export_log()
    qtbot.addWidget(dialog)

    def said() -> str:
        doc = QTextDocument()
        doc.setHtml(dialog.privacy.text())
        return doc.toPlainText()

    text = said()
    assert "Hidden:" in text and "your public address" in text and "user name" in text
    assert "Kept:" in text and "your provider" in text and "exact time of every check" in text
    dialog.redact.setChecked(False)  # the list changes with the option
    text = said()
    assert "Hidden:" not in text and "Nothing is hidden" in text
    dialog.format.setCurrentIndex(dialog.format.findData("csv"))
    assert "no evidence of each step" in said()
    # A service whose presence says something is named as kept.
    dialog.services = [("tor", "Tor Browser"), ("wa", "WhatsApp")]
    dialog.refresh()
    assert "including Tor Browser" in said() and "WhatsApp" not in said()


def test_a_shared_log_opens_read_only_beside_your_history(qtbot, window, tmp_path):
    win, _ = window
    log = tmp_path / "from-a-user.jsonl"
    with Store(tmp_path / "history", read_only=True) as store:
        from censorwatch.export import export

        export(store, "jsonl", log, since=0)
    with log.open("a", encoding="utf-8") as out:
        out.write("not json\n")
    win.open_shared(str(log))
    qtbot.waitUntil(lambda: len(win.shared_windows) == 1, timeout=20_000)
    shared = win.shared_windows[0]
    qtbot.addWidget(shared)
    assert "from-a-user.jsonl" in shared.windowTitle()
    assert (
        "read-only" in shared.banner.text()
        and "not mixed into your history" in shared.banner.text()
    )
    assert "from-a-user.jsonl:" in shared.banner.text()  # the bad line, with its number
    assert shared.model.row_of("messenger-calls-blocked") >= 0
    assert not shared.check_action.isEnabled()
    assert shared.data_dir != win.data_dir


def test_the_window_speaks_russian(qtbot, lab_catalog, russian):
    from censorwatch.diagnosis import wording as words

    bridge = EngineBridge(lab_catalog, None)
    win = MainWindow(lab_catalog, None, bridge, russian)
    qtbot.addWidget(win)
    assert win.check_action.text() == "Проверить &сейчас"
    assert win.model.headerData(3, Qt.Orientation.Horizontal) == "Звонки"
    assert win.model.group_title("messengers") == "Мессенджеры"
    assert "Проверяем подключение" in win.banner.text()
    assert words.technique_short("udp") == "UDP заблокирован"
    assert words.capability_word("calls") == "звонки"
    assert words.translate(
        "Verdict", "STUN {address}:{port}: {failure} after %n request(s)", None, 5
    ).endswith("после 5 запросов")
    assert words.translate(
        "Verdict", "STUN {address}:{port}: {failure} after %n request(s)", None, 1
    ).endswith("после 1 запроса")


def _contrast(a, b) -> float:
    def lum(c):
        def ch(v):
            v = v / 255
            return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

        return 0.2126 * ch(c.red()) + 0.7152 * ch(c.green()) + 0.0722 * ch(c.blue())

    hi, lo = sorted((lum(a), lum(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_cells_stay_legible_in_light_dark_and_high_contrast_palettes():
    from PySide6.QtGui import QColor, QPalette

    from censorwatch.ui.status_style import tint

    for base, text in (("#ffffff", "#000000"), ("#1e1e1e", "#f0f0f0"), ("#000000", "#ffffff")):
        palette = QPalette()
        palette.setColor(QPalette.ColorRole.Base, QColor(base))
        palette.setColor(QPalette.ColorRole.Text, QColor(text))
        for status in ("ok", "degraded", "blocked", "offline"):
            assert _contrast(tint(status, palette), QColor(text)) >= 4.5, (base, status)


_INDICATORS = r"""
import json, sys
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QCheckBox, QRadioButton, QTreeWidget, QTreeWidgetItem
from censorwatch.ui.theme import apply_theme

app = QApplication([])
apply_theme(app, sys.argv[1])
tree = QTreeWidget()
tree.setHeaderHidden(True)
item = QTreeWidgetItem([""])  # no text: only the indicator is drawn
item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
item.setCheckState(0, Qt.CheckState.Unchecked)
tree.addTopLevelItem(item)
out = {}
for name, widget in (("box", QCheckBox()), ("radio", QRadioButton()), ("tree", tree)):
    widget.resize(200, 60)
    widget.show()
    app.processEvents()
    image = widget.grab().toImage()
    # inside the tree's frame; nothing else is drawn there but the indicator
    colours = [image.pixelColor(x, y) for x in range(3, 197) for y in range(3, 57)]
    out[name] = [(c.red(), c.green(), c.blue()) for c in colours]
print(json.dumps(out))
"""


def test_an_empty_check_box_can_be_seen_on_the_dark_colours():
    """Fusion drew an empty box (a check box, a radio button, a list's tick box) as a dark
    square on the dark window, about 1.2:1: its edge must stand out at 3:1 at least (WCAG's
    measure for the parts of a control), in the light colours as in the dark."""
    from collections import Counter

    from PySide6.QtGui import QColor

    for theme in ("dark", "light"):
        done = subprocess.run(
            [sys.executable, "-c", _INDICATORS, theme],
            capture_output=True,
            text=True,
            timeout=120,
            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        )
        assert done.returncode == 0, done.stderr
        found = json.loads(done.stdout)
        for name, pixels in found.items():
            seen = Counter(map(tuple, pixels))
            around = QColor(*seen.most_common(1)[0][0])  # the window, or the list's ground
            best = max(_contrast(QColor(*p), around) for p in seen)
            assert best >= 3, (theme, name, best)


def test_chart_and_cells_describe_themselves(qtbot, window):
    win, _ = window
    win.grid.setCurrentIndex(win.model.cell_index("messenger-calls-blocked", "calls"))
    qtbot.waitUntil(
        lambda: "Checks in this period" in win.chart.plots.accessibleDescription(), timeout=10_000
    )
    assert "Last change" in win.chart.plots.accessibleDescription()
    index = win.model.cell_index("messenger-calls-blocked", "calls")
    assert "messenger" in win.model.data(index, Qt.ItemDataRole.AccessibleTextRole).lower()
    assert win.model.data(index, Qt.ItemDataRole.AccessibleDescriptionRole)


def _round(services, calls: str, at: float):
    from censorwatch.diagnosis import Verdict
    from censorwatch.engine import CapabilityResult, RoundResult, ServiceResult

    results = []
    for service in services:
        caps = [
            CapabilityResult("messages", Verdict("ok")),
            CapabilityResult("calls", Verdict(calls, "udp" if calls == "blocked" else None)),
        ]
        results.append(ServiceResult(service, Verdict(calls), caps, []))
    return RoundResult("r", at, at, "online", "", results)


def test_notifications_say_what_changed_and_are_rate_limited(lab_catalog):
    from censorwatch.catalog import Service
    from censorwatch.ui.notifications import BURST, GAP, ChangeNotifier

    now = [1_790_000_000.0]
    notifier = ChangeNotifier(clock=lambda: now[0])
    one = [s for s in lab_catalog.services if s.id == "messenger-calls-blocked"]
    fine = {one[0].id: ("ok", {"messages": "ok", "calls": "ok"})}
    broken = {one[0].id: ("blocked", {"messages": "ok", "calls": "blocked"})}

    first = notifier.notices(_round(one, "blocked", now[0]), fine)
    assert len(first) == 1 and first[0].status == "blocked"
    # The summary's own line (diagnosis/plain.py), with the service's name.
    assert "Calls don't connect since" in first[0].text
    assert "messages get through" in first[0].text
    assert notifier.notices(_round(one, "blocked", now[0]), broken) == []  # no change: quiet
    now[0] += GAP - 1
    assert notifier.notices(_round(one, "ok", now[0]), broken) == []  # same service too soon
    now[0] += 2
    again = notifier.notices(_round(one, "ok", now[0]), broken)
    assert len(again) == 1 and "works again since" in again[0].text

    many = [Service(id=f"s{i}", name=f"S{i}") for i in range(BURST + 3)]
    before = {s.id: ("ok", {"messages": "ok", "calls": "ok"}) for s in many}
    now[0] += 3600
    assert len(notifier.notices(_round(many, "blocked", now[0]), before)) == BURST  # a minute
    now[0] += 61
    assert len(notifier.notices(_round(many, "ok", now[0]), before)) == 0  # each within GAP
