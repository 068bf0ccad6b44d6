"""Lab twins of the built-in catalog's methods, one config each (written at start-up beside
the others): endpoints reached many ways (any_of), calls with a control STUN server on the
same port, Signal's own roots, throttling keyed on the SNI on a shared address, the 16 KB
freeze on a keep-alive connection, and white lists by name and by address with their
discriminators."""

from __future__ import annotations

from pathlib import Path

from . import hosts
from .configs import _domestic, _p, _service, _settings

D = hosts.DOMAIN

# What each service of the catalog twin really does (status, technique); None: any technique.
# Calls with a control are claimed over two rounds in a row: the first says "cannot tell".
TWIN_TRUTH: dict[str, tuple[str, str | None]] = {
    "dc-one-answers": ("ok", None),
    "dc-none-answers": ("blocked", None),
    "calls-restricted": ("blocked", "udp"),
    "calls-udp-dead": ("unknown", None),
    "signal-roots": ("ok", None),
    "signal-intercepted": ("blocked", "tls_mitm"),
    "video-sni-throttled": ("degraded", "throttling"),
    "video-sni-fast": ("ok", None),
    "hosting-freezes": ("blocked", "stall"),
    "hosting-ok": ("ok", None),
    "hosting-small-page": ("ok", None),
}


def catalog_config(ports: dict[str, int], ca_file: Path) -> str:
    https, http, stun = ports["https"], ports["http"], ports["stun"]

    def u(host: str, path: str = "/") -> str:
        return f"https://{host}:{https}{path}"

    def plain(host: str, path: str = "/") -> str:
        return f"http://{host}:{http}{path}"

    out = "# censorwatch lab: the built-in catalog's methods, one twin each.\n"
    out += _settings(ports, ca_file)
    services = [
        (
            "dc-one-answers",
            "Data centres (one of three answers)",
            [
                _p("messages", "http", url=plain(f"tcp-timeout.{D}"), any_of="dc"),
                _p("messages", "http", url=plain(f"tcp-refused.{D}"), any_of="dc"),
                _p("messages", "http", url=plain(f"im.{D}"), any_of="dc"),
            ],
        ),
        (
            "dc-none-answers",
            "Data centres (none answers)",
            [
                _p("messages", "http", url=plain(f"tcp-timeout.{D}"), any_of="dc"),
                _p("messages", "http", url=plain(f"tcp-refused.{D}"), any_of="dc"),
            ],
        ),
        (
            "calls-restricted",
            "Messenger (call servers silent, the control answers)",
            [
                _p("messages", "tls", host=f"chat.{D}", port=https),
                _p("calls", "stun", host=hosts.UDP_BLACKHOLE, port=stun),
                _p("calls", "stun", host=hosts.OPEN, port=stun, role="control"),
            ],
        ),
        (
            "calls-udp-dead",
            "Messenger (the control is silent too)",
            [
                _p("messages", "tls", host=f"chat.{D}", port=https),
                _p("calls", "stun", host=hosts.UDP_BLACKHOLE, port=stun),
                _p("calls", "stun", host=f"calls-blackhole.{D}", port=stun, role="control"),
            ],
        ),
        (
            "signal-roots",
            "Signal-like (own roots)",
            [_p("messages", "https", url=u(f"chat.{D}"), trust="signal")],
        ),
        (
            "signal-intercepted",
            "Signal-like (intercepted)",
            [_p("messages", "https", url=u(f"mitm.{D}"), trust="signal")],
        ),
        (
            "video-sni-throttled",
            "Video (throttled by its name on a shared address)",
            [
                _p(
                    "media",
                    "throughput",
                    url=u(f"fast.{D}", "/bytes/20000000"),
                    sni=hosts.SLOW,
                    max_seconds=6.0,
                )
            ],
        ),
        (
            "video-sni-fast",
            "Video (another name on the same address)",
            [_p("media", "throughput", url=u(f"fast.{D}", "/bytes/4000000"), max_seconds=6.0)],
        ),
        (
            "hosting-freezes",
            "Foreign hosting (freezes after 16 KB)",
            [_p("web", "freeze", url=u(hosts.FREEZE, "/bytes/1000000"))],
        ),
        (
            "hosting-ok",
            "Foreign hosting (works)",
            [_p("web", "freeze", url=u(f"open.{D}", "/bytes/1000000"))],
        ),
        (
            "hosting-small-page",
            "Foreign hosting (a small page)",
            [_p("web", "freeze", url=u(f"open.{D}"))],
        ),
    ]
    for sid, name, probes in services:
        out += _service(sid, name, probes)
    return out + _domestic(ports)


def whitelist_config(ports: dict[str, int], ca_file: Path) -> str:
    """A white list by name: DNS and TCP work, ClientHellos naming unlisted services go
    nowhere, listed names pass on any address."""
    https = ports["https"]
    honest = f"udp://{hosts.HONEST_RESOLVER}:{ports['dns']}"
    out = "# censorwatch lab: a white list by name (only listed names get a handshake).\n"
    out += _settings(ports, ca_file, resolver=honest)
    for sid, name in (("telegram", "Telegram"), ("youtube", "YouTube"), ("wikipedia", "Wikipedia")):
        out += _service(sid, name, [_p("web", "https", url=f"https://wln-{sid}.{D}:{https}/")])
    out += _service(
        "unlisted-shop",
        "Domestic shop (not on the list)",
        [_p("web", "https", url=f"https://wln-shop.{D}:{https}/")],
        region="domestic",
    ).replace('region = "domestic"\n', 'region = "domestic"\nlisted = false\n')
    out += _discriminators(https, listed_address=f"wln-listed-gov.{D}", unlisted=f"wln-x.{D}")
    return out + _domestic(ports)


def whitelist_address_config(ports: dict[str, int], ca_file: Path) -> str:
    """A white list by address: connections to any unlisted address time out."""
    https = ports["https"]
    honest = f"udp://{hosts.HONEST_RESOLVER}:{ports['dns']}"
    out = "# censorwatch lab: a white list by address (unlisted addresses never connect).\n"
    out += _settings(ports, ca_file, resolver=honest)
    for sid, name in (("telegram", "Telegram"), ("youtube", "YouTube"), ("wikipedia", "Wikipedia")):
        out += _service(
            sid, name, [_p("web", "https", url=f"https://tcp-timeout.{D}:{https}/{sid}")]
        )
    out += _discriminators(https, listed_address=f"domestic-gov.{D}", unlisted=f"tcp-timeout.{D}")
    return out + _domestic(ports)


def _discriminators(https: int, *, listed_address: str, unlisted: str) -> str:
    """The IP-versus-SNI discriminator, as the catalog has it: a random name sent to a
    listed address, a listed name sent to an unlisted address."""
    return _service(
        "whitelist-kind",
        "White-list test",
        [
            _p("web", "https", url=f"https://domestic-gov.{D}:{https}/"),
            _p(
                "web",
                "tls",
                host=listed_address,
                port=https,
                sni="random",
                trust="handshake",
                role="random_sni",
            ),
            _p(
                "web",
                "tls",
                host=unlisted,
                port=https,
                sni=f"domestic-gov.{D}",
                trust="handshake",
                role="listed_sni",
            ),
        ],
        region="domestic",
    )


def write_twins(folder: Path, ports: dict[str, int], ca_file: Path) -> None:
    for name, make in (
        ("catalog", catalog_config),
        ("whitelist", whitelist_config),
        ("whitelist-address", whitelist_address_config),
    ):
        (folder / f"{name}.toml").write_text(make(ports, ca_file), encoding="utf-8")
