"""Help for every word: each status and technique has a page in English and Russian, shipped
and read offline, reachable from the Help button, from "What does this mean?" in the detail
panel, and with F1 on a cell."""

from __future__ import annotations

import re

from PySide6.QtCore import QUrl

from censorwatch import helppages
from censorwatch.vocabulary import STATUSES, TECHNIQUES

# Words a Russian page may keep in Latin letters: names of protocols and of the program.
LATIN_OK = {"SNI", "DNS", "UDP", "HTTPS", "HTTP", "ClientHello", "censorwatch", "over", "TLS"}
LATIN_OK |= {"QUIC", "TCP", "ECH", "VPN", "WireGuard", "OpenVPN", "Cloudflare", "cloudflare", "ech"}
LATIN_OK |= {"com"}  # cloudflare-ech.com, the cover name of ECH


def test_every_status_and_technique_has_a_page_in_both_languages():
    for language in helppages.LANGUAGES:
        pages = helppages.pages(language)
        for word in (*STATUSES, *TECHNIQUES):
            page = pages[word]
            assert page["title"] and all(page[k].strip() for k in helppages.SECTIONS), (
                language,
                word,
            )
            assert helppages.page_html(word, language).startswith("<h2>")
        index = helppages.index_html(language)
        assert all(f"help:{w}" in index for w in helppages.WORDS)
    # The Russian pages are Russian.
    for word in helppages.WORDS:
        page = helppages.pages("ru")[word]
        for key in ("title", *helppages.SECTIONS):
            latin = set(re.findall(r"[A-Za-z]+", page[key])) - LATIN_OK
            assert not latin, (word, key, latin)
    # Today's techniques cite the public reports they rest on.
    for word in ("quic", "ech", "vpn"):
        for language in helppages.LANGUAGES:
            assert "net4people/bbs" in helppages.page_html(word, language), (word, language)
    # A page of a word nobody knows is the index, not an error.
    assert helppages.page_html("<script>", "ru") == ""


def test_help_is_reachable_from_the_window(qtbot, window):
    win, _ = window
    win.help_action.trigger()  # the Help button, nothing chosen that says more: the index
    assert win.help_window is not None and win.help_window.isVisible()
    # F1 on a cell: its technique's page.
    qtbot.waitUntil(
        lambda: win.model.cell("messenger-calls-blocked", "calls") is not None, timeout=10_000
    )
    win.grid.setCurrentIndex(win.model.cell_index("messenger-calls-blocked", "calls"))
    win.help_action.trigger()
    assert win.help_window.word == "udp"
    assert "Calls don't connect" in win.help_window.browser.toPlainText()
    # "What does this mean?" in the detail panel.
    win.detail.evidence.anchorClicked.emit(QUrl("help:blocked"))
    assert win.help_window.word == "blocked"
    # From the index, a word's page.
    win.help_window.show_index()
    win.help_window.browser.anchorClicked.emit(QUrl("help:sni"))
    assert win.help_window.word == "sni"
