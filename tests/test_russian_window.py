"""The whole window in Russian over a seeded history: every text a person reads (labels,
buttons, menus, tabs, tooltips, the summary's lines, the detail panel, the chart's words,
the status bar) holds no English word but names, OONI's failure strings and the
abbreviations a Russian text uses too."""

from __future__ import annotations

import html
import re

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QLabel,
    QTabBar,
    QTextBrowser,
    QWidget,
)

from censorwatch.ui.app import seed_demo_history
from censorwatch.ui.bridge import EngineBridge
from censorwatch.ui.window import MainWindow

# Words a Russian text writes in Latin letters too: protocols, units, the program's name.
LATIN_OK = {
    "censorwatch", "DNS", "UDP", "TCP", "TLS", "SNI", "HTTP", "HTTPS", "STUN", "IP", "IPv6",
    "VPN", "NXDOMAIN", "CAPTCHA", "SERVFAIL", "UTC", "OONI", "F1", "F5", "Ctrl", "Tab",
    "CSV", "JSON", "Lines", "HTML",  # the export formats' names
}  # fmt: skip
# The probe kinds are the config's words, shown with the evidence as written there.
LATIN_OK |= {"dns", "tcp", "tls", "http", "https", "throughput", "stun", "freeze"}
OONI_FAILURE = re.compile(r"\b[a-z]+(_[a-z0-9]+)+\b")  # generic_timeout_error, connection_reset
TAG = re.compile(r"<[^>]+>")


def _texts(win: MainWindow) -> list[str]:
    out: list[str] = [win.windowTitle()]
    for action in win.findChildren(type(win.check_action)):
        out += [action.text(), action.toolTip()]
    for w in win.findChildren(QWidget):
        if not w.isVisibleTo(win):
            continue
        out.append(w.toolTip())
        out.append(w.accessibleName())
        if isinstance(w, QLabel | QAbstractButton):
            out.append(w.text())
        elif isinstance(w, QTextBrowser):
            out.append(w.toPlainText())
        elif isinstance(w, QTabBar):
            out += [w.tabText(i) for i in range(w.count())]
        elif isinstance(w, QAbstractItemView) and w.model() is not None:
            model = w.model()
            try:
                columns = model.columnCount(QModelIndex())
            except TypeError:  # a list model: one column
                columns = 1
            for row in range(model.rowCount(QModelIndex())):
                for col in range(columns):
                    index = model.index(row, col)
                    for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                        value = model.data(index, role)
                        if isinstance(value, str):
                            out.append(value)
            for col in range(columns):
                header = model.headerData(col, Qt.Orientation.Horizontal)
                if isinstance(header, str):
                    out.append(header)
    out.append(win.statusBar().currentMessage())
    out.append(win.chart.latency.getAxis("left").labelText)
    return [t for t in out if t]


def test_the_russian_window_holds_no_english(qtbot, tmp_path, lab_catalog, russian):
    settings = russian
    seed_demo_history(tmp_path / "history", lab_catalog)
    bridge = EngineBridge(lab_catalog, None)
    win = MainWindow(lab_catalog, tmp_path / "history", bridge, settings)
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    win.history_opened(tmp_path / "history", "", "")
    qtbot.waitUntil(lambda: win.summary_model.rowCount(QModelIndex()) > 3, timeout=20_000)
    win.summary.setCurrentIndex(win.summary_model.index(0, 0))
    qtbot.waitUntil(lambda: bool(win.detail.evidence.toPlainText().strip()), timeout=20_000)
    qtbot.waitUntil(lambda: bool(win.chart.colours.text()), timeout=20_000)
    names = sorted((s.name for s in lab_catalog.services), key=len, reverse=True)
    english: dict[str, str] = {}
    texts = _texts(win)
    win.views.setCurrentIndex(1)  # "All parts": the grid, its headers and tooltips
    texts += _texts(win)
    for text in texts:
        plain = html.unescape(TAG.sub(" ", text))
        for name in names:
            plain = plain.replace(name, " ")
        plain = OONI_FAILURE.sub(" ", plain)
        plain = re.sub(r"\b\d+(\.\d+){3}(:\d+)?\b", " ", plain)  # addresses
        for word in re.findall(r"[A-Za-z][A-Za-z0-9]+", plain):
            if word not in LATIN_OK:
                english.setdefault(word, text[:120])
    assert english == {}, "\n".join(f"{k}: {v!r}" for k, v in sorted(english.items()))
