"""The window's start and stop, through the one runner `watch` uses too: the GUI thread never
waits for the history (a locked one is reported, never moved aside), a command sent before
the engine's loop runs is kept, Quit stores the round in flight (whole, or partial when it
cannot wait), and what reaches the window is a snapshot the engine never changes."""

from __future__ import annotations

from PySide6.QtCore import QSettings

from censorwatch import catalog
from censorwatch.store import Store
from censorwatch.store.db import FILENAME
from censorwatch.store.writer import StoreWriter
from censorwatch.ui.bridge import EngineBridge
from censorwatch.ui.window import MainWindow
from tests.test_desktop import _gui as _desktop_gui
from tests.test_store import NOW, _hold_exclusively, measurement


def _gui(lab, tmp_path, monkeypatch):
    return _desktop_gui(lab, tmp_path, monkeypatch)[0]


def test_a_locked_history_is_reported_by_the_window_which_does_not_wait_for_it(
    qtbot, lab, tmp_path, monkeypatch
):
    folder = tmp_path / "history"
    with Store(folder) as store:
        store.write([measurement(NOW, "r1")])
    holder = _hold_exclusively(folder / FILENAME)
    try:
        gui = _gui(lab, tmp_path, monkeypatch)
        try:
            # The window is built while the writer still waits for the history (it waits
            # some seconds for a lock to pass): the GUI thread did not wait with it.
            assert not gui.writer.wait_open(0)
            assert gui.window.isVisible()
            qtbot.waitUntil(
                lambda: "in use by another program" in gui.window.banner.text(), timeout=30_000
            )
            assert "left as it is" in gui.window.banner.text()
            assert gui.window.data_dir is None  # nothing more is read from it
        finally:
            gui.close()
    finally:
        holder.stdin.close()
        holder.wait(10)
        holder.stdout.close()
    assert not list(folder.glob("*.unreadable-*"))
    with Store(folder) as store:  # all of it is still there, nothing was started anew
        assert store.moved_aside is None and store.counts()["measurements"] == 1


def test_a_corrupt_history_is_moved_aside_and_the_window_says_so(qtbot, lab, tmp_path, monkeypatch):
    folder = tmp_path / "history"
    folder.mkdir()
    (folder / FILENAME).write_bytes(b"this is not a database at all" * 200)
    gui = _gui(lab, tmp_path, monkeypatch)
    try:
        qtbot.waitUntil(lambda: "moved aside" in gui.window.banner.text(), timeout=30_000)
        assert gui.window.data_dir == folder  # a new history is kept from now on
    finally:
        gui.close()
    assert len(list(folder.glob("*.unreadable-*"))) == 1


def _bridge(lab, tmp_path, services, grace=20.0):
    cat = catalog.load(lab.config_path).select(services)
    cat.settings.interval = 3600
    writer = StoreWriter(tmp_path / "history")
    return EngineBridge(cat, writer, history=tmp_path / "history", grace=grace), writer


def test_a_command_sent_before_the_engine_runs_is_kept(qtbot, lab, tmp_path):
    # Paused, with one service asked for, before the engine's loop exists: the first round
    # holds that service only (a dropped pause would check all three).
    bridge, writer = _bridge(lab, tmp_path, ["open-site", "domestic-gov", "messenger-ok"])
    try:
        bridge.set_paused(True)
        bridge.check_now(["domestic-gov"])
        with qtbot.waitSignal(bridge.roundFinished, timeout=60_000) as finished:
            bridge.start()
        assert [s.service.id for s in finished.args[0].services] == ["domestic-gov"]
    finally:
        bridge.stop()
        writer.close()


def test_quit_during_a_round_stores_it_whole(qtbot, lab, tmp_path):
    # A dropped address keeps the round busy for seconds: Quit (the bridge's stop, as
    # Gui.close calls it) waits for it and the history has all of it.
    bridge, writer = _bridge(lab, tmp_path, ["ip-timeout", "open-site"])
    with qtbot.waitSignal(bridge.roundStarted, timeout=10_000):
        bridge.start()
    assert bridge.busy
    bridge.stop()
    writer.close()
    with Store(tmp_path / "history", read_only=True) as store:
        stored = list(store.measurements())
    assert {m.service for m in stored} == {"ip-timeout", "open-site"}
    assert not any(m.evidence.get("round_partial") for m in stored)


def test_quit_that_cannot_wait_stores_what_the_round_measured_as_partial(qtbot, lab, tmp_path):
    # No grace: the round ends at once; the service whose probes all finished is stored,
    # marked partial; the one still waiting on a dropped address is not judged on half.
    bridge, writer = _bridge(lab, tmp_path, ["ip-timeout", "open-site"], grace=0.0)
    results = []
    bridge.probeFinished.connect(results.append)
    with qtbot.waitSignal(bridge.roundStarted, timeout=10_000):
        bridge.start()
    qtbot.waitUntil(lambda: any(r.service.id == "open-site" for r in results), timeout=30_000)
    bridge.stop()
    writer.close()
    with Store(tmp_path / "history", read_only=True) as store:
        stored = list(store.measurements())
    assert {m.service for m in stored} == {"open-site"}
    assert all(m.evidence.get("round_partial") is True for m in stored)


def test_what_the_window_receives_is_never_changed_by_the_engine(qtbot, lab, tmp_path):
    # The engine judges every probe again at the round's end (with the whole round's
    # quality): the copies handed to the window are not the objects it changes.
    bridge, writer = _bridge(lab, tmp_path, ["open-site", "sni-reset"])
    probes = []
    bridge.probeFinished.connect(probes.append)
    try:
        with qtbot.waitSignal(bridge.roundFinished, timeout=60_000) as finished:
            bridge.start()
    finally:
        bridge.stop()
        writer.close()
    rnd = finished.args[0]
    handed = {id(p) for p in probes} | {id(p.verdict) for p in probes}
    judged = [p for s in rnd.services for p in s.probes]
    assert judged and not handed & ({id(p) for p in judged} | {id(p.verdict) for p in judged})
    # Snapshots share the catalog's objects only (never changed: a new catalog replaces them).
    assert all(p.service is s.service for s in rnd.services for p in s.probes)


def test_the_window_shows_before_the_history_opens(qtbot, lab_catalog, tmp_path):
    # The window over a history that is not open yet: nothing read; once open, read.
    writer = StoreWriter(tmp_path / "history")
    bridge = EngineBridge(lab_catalog, writer)
    settings = QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat)
    win = MainWindow(lab_catalog, None, bridge, settings)
    qtbot.addWidget(win)
    try:
        assert win.data_dir is None
        assert writer.wait_open(30)
        with qtbot.waitSignal(win.historyLoaded, timeout=10_000):
            win.history_opened(tmp_path / "history", "", "")
        assert win.data_dir == tmp_path / "history" and "History" not in win.banner.text()
    finally:
        bridge.stop()
        writer.close()


def _round_order(lab, store_waits: bool) -> tuple[list[str], list[str]]:
    """What happened, in order, by the time the round was shown, and at the end."""
    import asyncio
    import threading

    from censorwatch.service.runner import Runner

    cat = catalog.load(lab.config_path).select(["open-site"])
    cat.settings.interval = 3600
    release, shown, order = threading.Event(), threading.Event(), []

    def store(rnd):
        if store_waits:
            release.wait(60)  # as a history another program holds keeps a write waiting
        order.append("stored")

    def on_round(rnd):
        order.append("shown")
        shown.set()

    def on_stored(rnd):
        order.append("on_stored")
        runner.stop()

    runner = Runner(cat, store=store, on_round=on_round, on_stored=on_stored)
    thread = threading.Thread(target=lambda: asyncio.run(runner.run()), daemon=True)
    thread.start()
    assert shown.wait(60)
    at_shown = list(order)
    release.set()
    thread.join(60)
    assert not thread.is_alive()
    return at_shown, order


def test_a_round_is_stored_before_it_is_shown(lab):
    # The window's painting of a round does not share the interpreter with its write.
    _, order = _round_order(lab, store_waits=False)
    assert order == ["stored", "shown", "on_stored"]


def test_a_round_is_shown_while_a_held_history_keeps_its_write_waiting(lab):
    # The write waits (another program holds the history): the window is not held back by it.
    at_shown, order = _round_order(lab, store_waits=True)
    assert at_shown == ["shown"] and order == ["shown", "stored", "on_stored"]
