"""Choosing what to watch in the window (#24): the first start's checklist with what each
service costs a day, a choice of two messengers that checks only those, and "Add a site"
from an empty history — online.sberbank.ru typed bare and пример.рф — checked by the next
round against the lab's reference world (those names answered with its web server, whose
port 443 a relay stands in for)."""

from __future__ import annotations

import argparse
import asyncio
import re
import shutil
import threading

import pytest
from PySide6.QtCore import QSettings, Qt

from censorwatch import catalog
from censorwatch.catalog.cost import catalog_cost
from censorwatch.lab import reference_world
from censorwatch.ui.firstrun import FirstRunNotice

MB = 1_000_000


def _tick(picker, ids: set[str]) -> None:
    """As a person does: every box clicked to the wanted state."""
    for sid, item in picker.items.items():
        want = Qt.CheckState.Checked if sid in ids else Qt.CheckState.Unchecked
        if item.checkState(0) != want:
            item.setCheckState(0, want)


def test_the_checklist_says_what_each_service_costs_and_two_messengers_are_just_those(qtbot):
    builtin = catalog.load_default()
    notice = FirstRunNotice(builtin, metered=False)
    qtbot.addWidget(notice)
    picker = notice.picker
    # Grouped as the grid groups them, each service with its data a day, and the total.
    heads = [picker.tree.topLevelItem(i).text(0) for i in range(picker.tree.topLevelItemCount())]
    assert heads[0] == "Messengers" and heads[-1].startswith("Domestic references")
    for item in picker.items.values():
        assert re.fullmatch(r"[\d.]+ MB", item.text(1)), item.text(1)
    assert set(picker.chosen_ids()) == {s.id for s in builtin.services}  # not metered: all
    total = catalog_cost(builtin).total
    assert f"About {round(total / MB)} MB a day for 22 services" in picker.total.text()
    assert "kept" in picker.reference_note.text()
    # The preset keeps the references; the person insists by unticking them.
    picker.messengers_button.click()
    messengers = {"telegram", "whatsapp", "signal", "discord", "max"}
    references = {s.id for s in builtin.services if s.group == "domestic"}
    assert set(picker.chosen_ids()) == messengers | references
    _tick(picker, {"whatsapp", "telegram"})
    assert picker.chosen_ids() == ["telegram", "whatsapp"]
    assert "cannot tell a white-list shutdown" in picker.reference_note.text()
    chosen = notice.chosen_catalog()
    assert [s.id for s in chosen.services] == ["telegram", "whatsapp"]
    assert "About 14 MB a day for 2 services" in picker.total.text()


def test_on_a_metered_connection_the_default_fits_well_under_fifty_megabytes(qtbot):
    builtin = catalog.load_default()
    notice = FirstRunNotice(builtin, metered=True)
    qtbot.addWidget(notice)
    picker = notice.picker
    assert {"telegram", "whatsapp", "gosuslugi"} <= set(picker.chosen_ids())
    assert "youtube" not in picker.chosen_ids()
    assert picker.day_bytes() < 50 * MB
    assert "metered" in picker.total.text()
    # Everything, on a metered connection, without speed comparisons.
    picker.everything_button.click()
    assert picker.day_bytes() == pytest.approx(catalog_cost(builtin, compare=False).total)


def _gui(config, tmp_path, monkeypatch, first_run: bool):
    from censorwatch.ui.app import build_gui

    settings_dir = tmp_path / "settings"
    settings_dir.mkdir(exist_ok=True)
    monkeypatch.setenv("CENSORWATCH_SETTINGS_DIR", str(settings_dir))
    if not first_run:
        ini = QSettings(str(settings_dir / "window.ini"), QSettings.Format.IniFormat)
        ini.setValue("first_run_done", True)
        ini.sync()
    ns = argparse.Namespace(
        demo=False, screenshot=None, minimized=False, config=str(config),
        data_dir=str(tmp_path / "history"),
    )  # fmt: skip
    return build_gui(ns, tmp_path / "unused.toml")


def test_the_first_start_with_two_messengers_checks_only_those(qtbot, lab, tmp_path, monkeypatch):
    from censorwatch.ui.app import ask_first

    config = tmp_path / "config.toml"
    shutil.copyfile(lab.config_path, config)
    gui = _gui(config, tmp_path, monkeypatch, first_run=True)
    try:
        notice = ask_first(gui)
        qtbot.waitUntil(notice.isVisible, timeout=5000)
        picker = notice.picker
        assert "messengers" in picker.groups and "domestic" in picker.groups
        picker.none_button.click()
        picker.groups["domestic"].setCheckState(0, Qt.CheckState.Unchecked)  # insisting
        _tick(picker, {"messenger-ok", "messenger-calls-blocked"})
        with qtbot.waitSignal(gui.bridge.roundFinished, timeout=90_000) as round_done:
            notice.start_button.click()
        checked = {s.service.id for s in round_done.args[0].services}
        assert checked == {"messenger-ok", "messenger-calls-blocked"}
        saved = catalog.load(config)
        assert {s.id for s in saved.services} == {"messenger-ok", "messenger-calls-blocked"}
    finally:
        gui.close()


def test_the_checks_start_once_the_history_is_shown(qtbot, lab, tmp_path, monkeypatch):
    """The engine starts after the window has shown what the history knows, not while it
    paints it (the engine's own reading of the history would share the interpreter with
    that painting), and without waiting for the fallback."""
    from censorwatch.ui.app import start_engine_when_settled

    config = tmp_path / "config.toml"
    shutil.copyfile(lab.config_path, config)
    gui = _gui(config, tmp_path, monkeypatch, first_run=False)
    started_when_shown: list[bool] = []
    try:
        gui.window.show()
        start_engine_when_settled(gui, wait_ms=600_000)
        gui.window.historyLoaded.connect(lambda: started_when_shown.append(gui.bridge.started))
        qtbot.waitUntil(lambda: bool(started_when_shown), timeout=10_000)
        assert started_when_shown[0] is False
        qtbot.waitUntil(lambda: gui.bridge.started, timeout=10_000)
    finally:
        gui.close()


class Relay:
    """TCP from (host, port) to (host, to_port): the lab's websites at the port a bare
    address means (443), which the lab's own servers do not take."""

    def __init__(self, host: str, port: int, to_port: int):
        self.host, self.port, self.to_port = host, port, to_port
        self.loop = asyncio.new_event_loop()
        self.ready = threading.Event()
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.open: set[asyncio.StreamWriter] = set()  # closed at the end: an open one would
        # keep the port from the next relay

    async def _pipe(self, reader, writer) -> None:
        try:
            while data := await reader.read(65536):
                writer.write(data)
                await writer.drain()
        except OSError:
            pass
        finally:
            writer.close()

    async def _handle(self, reader, writer) -> None:
        self.open.add(writer)
        try:
            up_reader, up_writer = await asyncio.open_connection(self.host, self.to_port)
        except OSError:
            writer.close()
            return
        self.open.add(up_writer)
        await asyncio.gather(self._pipe(reader, up_writer), self._pipe(up_reader, writer))

    def _run(self) -> None:
        asyncio.set_event_loop(self.loop)
        try:
            self.server = self.loop.run_until_complete(
                asyncio.start_server(self._handle, self.host, self.port)
            )
        except OSError as exc:
            self.error = exc
            self.ready.set()
            self.loop.close()
            return
        self.ready.set()
        self.loop.run_forever()

    def __enter__(self) -> Relay:
        self.thread.start()
        self.ready.wait(10)
        if self.error is not None:
            raise self.error
        return self

    def __exit__(self, *exc) -> None:
        def stop() -> None:
            self.server.close()
            for writer in self.open:
                writer.transport.abort()
            self.loop.stop()

        self.loop.call_soon_threadsafe(stop)
        self.thread.join(10)
        self.loop.close()


def test_add_a_site_from_an_empty_window_and_the_next_round_checks_it(
    qtbot, lab, tmp_path, monkeypatch
):
    from censorwatch.ui.app import start_engine_when_settled

    text = lab.config("reference").read_text(encoding="utf-8")
    config = tmp_path / "config.toml"
    config.write_text(text.split("[[services]]", 1)[0], encoding="utf-8")  # no service
    port = int(catalog.load(config).settings.reference_url.split(":")[2].split("/")[0])
    relay = Relay(reference_world.WEB, 443, port).__enter__()  # before any round can run
    gui = _gui(config, tmp_path, monkeypatch, first_run=False)
    window = gui.window
    try:
        window.show()
        # An empty window says what to do.
        assert window.left.currentWidget() is window.empty_guide
        assert window.empty_guide.add_button.isVisible()
        start_engine_when_settled(gui, wait_ms=0)
        qtbot.waitUntil(lambda: gui.bridge.started, timeout=10_000)

        dialog = window.add_site()
        dialog.address.insert("Мой банк")  # pasted: QTest types ASCII only
        assert not dialog.add_button.isEnabled() and dialog.error.isVisibleTo(dialog)
        dialog.address.clear()
        qtbot.keyClicks(dialog.address, "online.sberbank.ru")
        assert dialog.error.isHidden() and dialog.add_button.isEnabled()
        assert dialog.domestic.isChecked()  # .ru, and a white-list reference of the list
        assert dialog.name.placeholderText() == "online.sberbank.ru"
        assert "https://online.sberbank.ru/" in dialog.preview.text()
        with qtbot.waitSignal(dialog.saved, timeout=10_000):
            dialog.add_button.click()
        assert window.left.currentWidget() is window.views

        dialog = window.add_site()
        dialog.address.insert("ПРИМЕР.рф")
        dialog.name.insert("Мой сайт")
        assert dialog.domestic.isChecked() and "https://пример.рф/" in dialog.preview.text()
        with qtbot.waitSignal(dialog.saved, timeout=10_000):
            dialog.add_button.click()

        saved = {s.id: s for s in catalog.load(config).services}
        assert set(saved) == {"online-sberbank-ru", "moy-sayt"}
        assert saved["moy-sayt"].name == "Мой сайт"
        assert saved["online-sberbank-ru"].is_listed and not saved["moy-sayt"].is_listed
        assert all(s.region == "domestic" for s in saved.values())

        def both_checked(rnd) -> bool:
            return {s.service.id for s in rnd.services} >= set(saved)

        with qtbot.waitSignal(
            gui.bridge.roundFinished, timeout=90_000, check_params_cb=both_checked
        ) as done:
            window.check_now(None)
        verdicts = {s.service.id: s.verdict.status for s in done.args[0].services}
        assert verdicts == {"online-sberbank-ru": "ok", "moy-sayt": "ok"}, verdicts
    finally:
        gui.close()
        relay.__exit__()


def test_the_status_bar_says_when_the_data_limit_holds_back(lab, window):
    from censorwatch.engine import Engine

    win, _bridge = window
    cat = catalog.load(lab.config_path).select(["messenger-ok"])
    cat.settings.daily_budget_mb = 1
    engine = Engine(cat, metered=lambda: True)
    engine.budget.seed(950_000)  # most of today's megabyte is gone
    engine.budget.daily_checks = 10**12  # more than is left at any hour, even near midnight
    rnd = asyncio.run(engine.run_round())
    assert rnd.stretch > 1.0
    win.last_round = rnd
    win._tick()
    text = win.round_label.text()
    assert "holding back for today's data limit (1.0 MB)" in text, text
    calm = asyncio.run(Engine(catalog.load(lab.config_path).select(["messenger-ok"])).run_round())
    win.last_round = calm  # the lab has no limit
    win._tick()
    assert "holding back" not in win.round_label.text()
