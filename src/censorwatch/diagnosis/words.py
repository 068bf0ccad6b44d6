"""The one place that turns verdicts into words a person reads (translatable) and colours.

No Qt here: the window installs Qt's translator with `set_translator`, so the CLI and the GUI
say the same sentences, in the user's language where a translation exists.
"""

from __future__ import annotations

from collections.abc import Callable

CONTEXT = "Verdict"
_translate: Callable[[str, str], str] = lambda context, text: text  # noqa: E731


def set_translator(fn: Callable[[str, str], str]) -> None:
    global _translate
    _translate = fn


def tr(text: str) -> str:
    return _translate(CONTEXT, text)


def status_word(status: str) -> str:
    return {
        "ok": tr("works"),
        "degraded": tr("degraded"),
        "blocked": tr("blocked"),
        "offline": tr("cannot check"),
    }.get(status, status)


def technique_short(technique: str | None) -> str:
    return {
        None: "",
        "dns": tr("DNS tampering"),
        "tcp_timeout": tr("IP dropped"),
        "tcp_refused": tr("IP refused"),
        "tls_reset": tr("TLS reset"),
        "tls_timeout": tr("TLS stalls"),
        "sni": tr("SNI filtering"),
        "tls_mitm": tr("interception"),
        "http_blockpage": tr("blockpage"),
        "http_failure": tr("cut after TLS"),
        "stall": tr("freezes"),
        "throttling": tr("throttled"),
        "udp": tr("UDP blocked"),
    }.get(technique, technique or "")


# Colours for the status, chosen to stay apart for colour-blind readers; the UI always
# shows a word or an icon beside them.
STATUS_COLOURS = {
    "ok": "#2e7d32",
    "degraded": "#ef8f00",
    "blocked": "#c62828",
    "offline": "#616161",
}
