"""The help window: a page for every status and technique (censorwatch/helppages.py), in the
window's language, offline. Opened from the Help button, from "What does this mean?" in
the detail panel, and with F1 on a line of the summary or a cell of the grid."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, QUrl
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout

from .. import helppages


def language() -> str:
    """The window's language, as install_translation chose it ("en" or "ru")."""
    app = QCoreApplication.instance()
    lang = app.property("censorwatch_language") if app is not None else None
    return lang if lang in helppages.LANGUAGES else "en"


class HelpWindow(QDialog):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("censorwatch — what the words mean"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.resize(560, 520)
        self.browser = QTextBrowser()
        self.browser.setOpenLinks(False)
        self.browser.anchorClicked.connect(self._anchor)
        self.browser.setAccessibleName(self.tr("Help"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        self.index_button = buttons.addButton(
            self.tr("All words"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.index_button.clicked.connect(self.show_index)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser, 1)
        layout.addWidget(buttons)
        self.word = ""

    def show_index(self) -> None:
        self.word = ""
        self.browser.setHtml(helppages.index_html(language()))

    def show_word(self, word: str) -> None:
        page = helppages.page_html(word, language())
        if not page:
            self.show_index()
            return
        self.word = word
        self.browser.setHtml(page)

    def _anchor(self, url: QUrl) -> None:
        text = url.toString()
        if text.startswith("help:"):
            self.show_word(text.removeprefix("help:"))
