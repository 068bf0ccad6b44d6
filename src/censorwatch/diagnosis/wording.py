"""The one place that turns verdicts into words a person reads (translatable) and colours.

No Qt here: the window installs Qt's translator with `set_translator`, so the CLI and the GUI
say the same sentences, in the user's language where a translation exists.
"""

from __future__ import annotations

from typing import Any

from ..translation import number, translate

# The sentences' translation lives below every layer (the config's errors use it too).
from ..translation import reset_translator as reset_translator
from ..translation import set_translator as set_translator


def status_word(status: str) -> str:
    return {
        "ok": translate("Verdict", "works"),
        "degraded": translate("Verdict", "degraded"),
        "blocked": translate("Verdict", "blocked"),
        "offline": translate("Verdict", "cannot check"),
        "unknown": translate("Verdict", "cannot tell"),
    }.get(status, status)


def data_amount(nbytes: int) -> str:
    """Bytes as a person reads an amount of mobile data: "840 KB", "12.3 MB"."""
    if nbytes < 1_000_000:
        return translate("Verdict", "{n} KB").format(n=f"{nbytes / 1000:.0f}")
    if nbytes < 1_000_000_000:
        return translate("Verdict", "{n} MB").format(n=number(nbytes / 1_000_000, 1))
    return translate("Verdict", "{n} GB").format(n=number(nbytes / 1_000_000_000, 2))


def speed_words(kbps: float) -> str:
    """A speed as a person reads it: kbit/s below 10 Mbit/s, else Mbit/s or Gbit/s."""
    if kbps >= 1_000_000:
        return translate("Verdict", "{n} Gbit/s").format(n=number(kbps / 1_000_000, 1))
    if kbps >= 10_000:
        return translate("Verdict", "{n} Mbit/s").format(n=f"{kbps / 1000:.0f}")
    return translate("Verdict", "{n} kbit/s").format(n=f"{kbps:.0f}")


def quality_words(quality: dict[str, Any], speed: str = "due") -> tuple[str, bool]:
    """The network's quality in one line for the banner, and whether it is poor (a person
    should know before reading any verdict). `quality` is `Quality.as_dict()`."""
    parts = []
    loss, rtt, kbps = (
        quality.get("loss_percent"),
        quality.get("rtt_ms"),
        quality.get("reference_kbps"),
    )
    poor = isinstance(loss, int | float) and loss >= 5
    slow = isinstance(kbps, int | float) and kbps < 1000
    if isinstance(loss, int | float):
        parts.append(
            translate("Verdict", "about {loss} % packet loss").format(loss=f"{loss:.0f}")
            if loss >= 0.5
            else translate("Verdict", "no packet loss seen")
        )
    if isinstance(rtt, int | float):
        parts.append(
            translate("Verdict", "latency {ms} ms").format(ms=f"{rtt:.0f}")
            if rtt >= 1
            else translate("Verdict", "latency under 1 ms")
        )
    if isinstance(kbps, int | float):
        parts.append(translate("Verdict", "downloads {speed}").format(speed=speed_words(kbps)))
    line = translate("Verdict", "Your network: {figures}.").format(figures=", ".join(parts))
    if poor:
        line = translate(
            "Verdict",
            'Your network is poor right now ({figures}): failures that look like loss are shown as "cannot tell", not as blocks.',
        ).format(figures=", ".join(parts))
    elif slow:
        line = translate(
            "Verdict",
            "Your connection is slow ({kbps} kbit/s): slow downloads are the link's, not throttling, unless another name on the same server is faster.",
        ).format(kbps=f"{kbps:.0f}")
    note = {
        "metered": translate(
            "Verdict", "Speed comparisons are paused: the system says this connection is metered."
        ),
        "over_budget": translate(
            "Verdict",
            "Speed comparisons are paused for today: the rest of today's data limit is kept for the checks.",
        ),
    }.get(speed)
    if note:
        line += " " + note
    return line if parts or note else "", poor or slow


def gap_words(status: str, start: str, end: str) -> str:
    """A gap inside a stretch (censorwatch/since.py), its ends as the caller shows times:
    "your connection was down 02:47–03:07"."""
    span = f"{start}–{end}"
    if status == "offline":
        return translate("Verdict", "your connection was down {span}").format(span=span)
    return translate("Verdict", "it could not be checked {span}").format(span=span)


def uptime_words(up: dict[str, float | None]) -> str:
    """A history's uptime (store.uptime) in words: "worked fully 83.0 % of the last 24 h
    (6 h of data) · 7 d: not enough data yet"."""
    labels = {
        "24h": translate("Verdict", "24 h"),
        "7d": translate("Verdict", "7 d"),
        "30d": translate("Verdict", "30 d"),
    }
    parts = []
    for key, label in labels.items():
        value = up.get(key)
        if value is None:
            parts.append(translate("Verdict", "{period}: not enough data yet").format(period=label))
            continue
        text = f"{label}: {value:.1f} %"
        hours = up.get("hours")
        if key == "24h" and hours is not None and hours < 24:
            text += " " + translate("Verdict", "({n} h of data)").format(n=int(hours))
        parts.append(text)
    return translate("Verdict", "worked fully") + " " + " · ".join(parts)


def part_status(capabilities: str | list[str], status: str) -> str:
    """A status said of a part ("calls: blocked"): in Russian the word agrees with the
    part's name (сайт заблокирован, звонки заблокированы), so each known part has its own
    words (the disambiguation names the part); several parts read as many."""
    names = [capabilities] if isinstance(capabilities, str) else list(capabilities)
    key = names[0] if len(names) == 1 else "several parts"
    words = {
        ("web", "ok"): translate("PartStatus", "works", "web"),
        ("web", "degraded"): translate("PartStatus", "degraded", "web"),
        ("web", "blocked"): translate("PartStatus", "blocked", "web"),
        ("messages", "ok"): translate("PartStatus", "works", "messages"),
        ("messages", "degraded"): translate("PartStatus", "degraded", "messages"),
        ("messages", "blocked"): translate("PartStatus", "blocked", "messages"),
        ("calls", "ok"): translate("PartStatus", "works", "calls"),
        ("calls", "degraded"): translate("PartStatus", "degraded", "calls"),
        ("calls", "blocked"): translate("PartStatus", "blocked", "calls"),
        ("media", "ok"): translate("PartStatus", "works", "media"),
        ("media", "degraded"): translate("PartStatus", "degraded", "media"),
        ("media", "blocked"): translate("PartStatus", "blocked", "media"),
        ("several parts", "ok"): translate("PartStatus", "work", "several parts"),
        ("several parts", "degraded"): translate("PartStatus", "degraded", "several parts"),
        ("several parts", "blocked"): translate("PartStatus", "blocked", "several parts"),
    }
    return words.get((key, status)) or status_word(status)


def capability_word(name: str) -> str:
    """A capability as a person says it; names from a config that we do not know stay."""
    return {
        "web": translate("Verdict", "web"),
        "messages": translate("Verdict", "messages"),
        "calls": translate("Verdict", "calls"),
        "media": translate("Verdict", "media"),
        "relays": translate("Verdict", "relays"),
        "app": translate("Verdict", "app"),
        "vpn": translate("Verdict", "VPN"),
        "quic": translate("Verdict", "HTTP/3"),
        "ech": translate("Verdict", "ECH"),
    }.get(name, name)


def tunnel_words(hint: str | None) -> str:
    """The tunnel hint of a round in words ("route:wg0" -> "a VPN interface (wg0) carries…")."""
    if not hint:
        return ""
    kind, _, name = hint.partition(":")
    if kind == "route":
        return translate("Verdict", "a VPN interface ({name}) carries the default route").format(
            name=name
        )
    if kind == "interface":
        return translate("Verdict", "a VPN interface ({name}) is up").format(name=name)
    if kind == "proxy":
        return translate("Verdict", "a proxy is set ({name})").format(name=name)
    return hint


def technique_short(technique: str | None) -> str:
    return {
        None: "",
        "dns": translate("Verdict", "DNS tampering"),
        "tcp_timeout": translate("Verdict", "IP dropped"),
        "tcp_refused": translate("Verdict", "IP refused"),
        "tls_reset": translate("Verdict", "TLS reset"),
        "tls_timeout": translate("Verdict", "TLS stalls"),
        "sni": translate("Verdict", "SNI filtering"),
        "tls_mitm": translate("Verdict", "interception"),
        "http_blockpage": translate("Verdict", "blockpage"),
        "http_failure": translate("Verdict", "cut after TLS"),
        "stall": translate("Verdict", "freezes"),
        "throttling": translate("Verdict", "throttled"),
        "udp": translate("Verdict", "UDP blocked"),
        "quic": translate("Verdict", "QUIC blocked"),
        "ech": translate("Verdict", "ECH blocked"),
        "vpn": translate("Verdict", "VPN protocol blocked"),
    }.get(technique, technique or "")


# Colours for the status, chosen to stay apart for colour-blind readers; the UI always
# shows a word or an icon beside them.
STATUS_COLOURS = {
    "ok": "#2e7d32",
    "degraded": "#ef8f00",
    "blocked": "#c62828",
    "offline": "#616161",
    "unknown": "#5c7a99",  # a slate blue: neither good nor bad, apart from the grey
}


def part_words(role: object, any_of: object) -> str:
    """What a probe stands for besides itself, in words ("" for a plain probe); `role` and
    `any_of` may come from someone else's log, so anything unknown says nothing."""
    if role == "control":
        return translate("Verdict", "control: another operator's STUN server on the same port")
    if role == "random_sni":
        return translate("Verdict", "white-list test: a random name sent to a listed address")
    if role == "listed_sni":
        return translate("Verdict", "white-list test: a listed name sent to an unlisted address")
    if isinstance(any_of, str) and any_of:
        return translate(
            "Verdict", "one of several ways to the same service: any one answering is enough"
        )
    return ""


def catalog_text(text: str) -> str:
    """A sentence of a catalog (a capability's reason for "not measured") in the person's
    language: the built-in catalog's are translated (see _builtin_catalog_words); anyone
    else's are shown as written."""
    return translate("Catalog", text)


def _builtin_catalog_words() -> None:
    """Never called: marks the built-in catalog's sentences for pyside6-lupdate (a test
    keeps this list equal to resources/default-catalog.toml)."""
    # the services' names: established Russian names where there are any
    translate("Catalog", "Telegram")
    translate("Catalog", "WhatsApp")
    translate("Catalog", "Signal")
    translate("Catalog", "Discord")
    translate("Catalog", "YouTube")
    translate("Catalog", "Instagram")
    translate("Catalog", "Facebook")
    translate("Catalog", "X (Twitter)")
    translate("Catalog", "Wikipedia")
    translate("Catalog", "Meduza")
    translate("Catalog", "Tor Project")
    translate("Catalog", "Proton VPN")
    translate("Catalog", "Gosuslugi")
    translate("Catalog", "Yandex")
    translate("Catalog", "VK")
    translate("Catalog", "Max")
    translate("Catalog", "Sberbank")
    translate("Catalog", "Ozon")
    translate("Catalog", "Habr")
    translate("Catalog", "Drom")
    translate("Catalog", "Foreign hosting")
    translate("Catalog", "Newer web protocols")
    translate(
        "Catalog",
        "Telegram picks its call relays per call, and no public server or published exchange lets a check reach them",
    )
    translate(
        "Catalog",
        "Discord assigns its voice servers per call; no fixed public endpoint stands for them",
    )
