"""The censorwatch configs that point at the lab: one per scenario, written at start-up."""

from __future__ import annotations

from pathlib import Path

from . import hosts

D = hosts.DOMAIN


def _settings(ports: dict[str, int], ca_file: Path, *, resolver: str | None = None) -> str:
    dns, https = ports["dns"], ports["https"]
    resolver = resolver or f"udp://{hosts.LYING_RESOLVER}:{dns}"
    return f"""\
[settings]
timeout = 2.0
interval = 60
retry_delay = 0.5
resolver = "{resolver}"
control_resolvers = ["https://{hosts.HONEST_RESOLVER}:{https}/dns-query", "udp://{hosts.HONEST_RESOLVER}:{dns}"]
ca_file = "{ca_file.as_posix()}"
decoy_sni = "{hosts.DECOY}"
reference_url = "https://domestic-search.{D}:{https}/bytes/4000000"
lab_networks = ["{hosts.NETWORK}", "{hosts.OPEN_V6}/128"]
daily_budget_mb = 0  # the lab's traffic never leaves this computer: no data limit
"""


# Capabilities a lab service says it cannot measure (as the built-in catalog does for calls).
NOT_MEASURED = {"messenger-ok": {"media": "the lab publishes no media endpoint for it"}}


def _service(
    sid: str, name: str, probes: list[str], region: str = "foreign", group: str = ""
) -> str:
    out = f'\n[[services]]\nid = "{sid}"\nname = "{name}"\nregion = "{region}"\n'
    if group:
        out += f'group = "{group}"\n'
    if sid in NOT_MEASURED:
        pairs = ", ".join(f'{cap} = "{why}"' for cap, why in NOT_MEASURED[sid].items())
        out += f"not_measured = {{ {pairs} }}\n"
    for probe in probes:
        out += f"\n[[services.probes]]\n{probe}\n"
    return out


def _p(capability: str, kind: str, **fields) -> str:
    lines = [f'capability = "{capability}"', f'kind = "{kind}"']
    for key, value in fields.items():
        lines.append(f"{key} = {value!r}" if not isinstance(value, str) else f'{key} = "{value}"')
    return "\n".join(lines)


def main_config(ports: dict[str, int], ca_file: Path) -> str:
    https, http, stun = ports["https"], ports["http"], ports["stun"]

    def u(host: str, path: str = "/") -> str:
        return f"https://{host}:{https}{path}"

    def plain(host: str, path: str = "/") -> str:
        return f"http://{host}:{http}{path}"

    out = "# censorwatch lab: every blocking technique, one service each.\n"
    out += _settings(ports, ca_file)
    services = [
        ("open-site", "Open site", "news", [_p("web", "https", url=u(f"open.{D}"))]),
        (
            "messenger-calls-blocked",
            "Messenger (calls blocked)",
            "messengers",
            [
                _p("messages", "tls", host=f"chat.{D}", port=https),
                _p("web", "https", url=u(f"webchat.{D}")),
                _p("calls", "stun", host=hosts.UDP_BLACKHOLE, port=stun),
            ],
        ),
        (
            "messenger-ok",
            "Messenger (all works)",
            "messengers",
            [
                _p("messages", "tcp", host=f"im.{D}", port=https),
                # Behind the lab's provider NAT: the round finds its provider (AS15169).
                _p("calls", "stun", host=hosts.STUN_NAT, port=stun),
            ],
        ),
        ("dns-nxdomain", "DNS: NXDOMAIN", "news", [_p("web", "https", url=u(hosts.DNS_NXDOMAIN))]),
        (
            "dns-poisoned",
            "DNS: poisoned to a blockpage",
            "news",
            [
                _p("web", "http", url=plain(hosts.DNS_POISON)),
                _p("web", "https", url=u(hosts.DNS_POISON)),
            ],
        ),
        ("dns-silent", "DNS: no answer", "news", [_p("web", "https", url=u(hosts.DNS_SILENT))]),
        (
            "ip-timeout",
            "IP blocked (dropped)",
            "tools",
            [_p("web", "tcp", host=f"tcp-timeout.{D}", port=https)],
        ),
        (
            "ip-refused",
            "Connections refused (a block, or a server that is down)",
            "tools",
            [_p("web", "tcp", host=f"tcp-refused.{D}", port=https)],
        ),
        (
            "sni-reset",
            "SNI blocked (reset)",
            "social",
            [_p("web", "tls", host=hosts.SNI_RESET, port=https)],
        ),
        (
            "sni-drop",
            "SNI blocked (dropped)",
            "social",
            [_p("web", "tls", host=hosts.SNI_DROP, port=https)],
        ),
        (
            "tls-reset",
            "TLS reset for every name",
            "social",
            [_p("web", "tls", host=f"tls-reset.{D}", port=https)],
        ),
        (
            "tls-stall",
            "TLS stalls for every name",
            "social",
            [_p("web", "tls", host=f"tls-drop.{D}", port=https)],
        ),
        (
            "mitm",
            "Certificate from an unknown authority",
            "tools",
            [_p("web", "https", url=u(f"mitm.{D}"))],
        ),
        (
            "blockpage-redirect",
            "Blockpage (redirect)",
            "news",
            [_p("web", "http", url=plain(hosts.BLOCKPAGE_REDIRECT))],
        ),
        (
            "blockpage-body",
            "Blockpage (page)",
            "news",
            [_p("web", "http", url=plain(hosts.BLOCKPAGE_BODY))],
        ),
        (
            "http-reset",
            "Reset after the handshake",
            "news",
            [_p("web", "https", url=u(hosts.HTTP_RESET))],
        ),
        (
            "freeze",
            "Freeze after 16 KB",
            "video",
            [_p("web", "https", url=u(hosts.FREEZE, "/bytes/1000000"))],
        ),
        (
            "video-throttled",
            "Video (throttled)",
            "video",
            [
                _p("web", "https", url=u(f"video.{D}")),
                _p(
                    "media",
                    "throughput",
                    url=u(hosts.SLOW, "/bytes/20000000"),
                    min_kbps=1000,
                    max_seconds=6.0,
                ),
            ],
        ),
        (
            "video-fast",
            "Video (unthrottled)",
            "video",
            [
                _p(
                    "media",
                    "throughput",
                    url=u(f"fast.{D}", "/bytes/4000000"),
                    min_kbps=1000,
                    max_seconds=6.0,
                )
            ],
        ),
        # The internet's ordinary shapes: several addresses, IPv6, servers that alert.
        (
            "many-addresses",
            "Several addresses, the first dead",
            "tools",
            [_p("web", "https", url=u(f"dead-first.{D}"))],
        ),
        (
            "many-addresses-reversed",
            "Several addresses, the last dead",
            "tools",
            [_p("web", "https", url=u(f"dead-last.{D}"))],
        ),
        (
            "one-address-refused",
            "Several addresses, one refuses",
            "tools",
            [_p("web", "https", url=u(f"refused-first.{D}"))],
        ),
        ("ipv6-only", "IPv6 only", "tools", [_p("web", "https", url=u(f"v6-site.{D}"))]),
        (
            "sni-reset-alerting",
            "SNI blocked (the server alerts other names)",
            "social",
            [_p("web", "tls", host=hosts.SNI_RESET_ALERT, port=https)],
        ),
        (
            "server-alert",
            "The server refuses the name itself",
            "tools",
            [_p("web", "https", url=u(f"unserved.{D}"))],
        ),
    ]
    for sid, name, group, probes in services:
        out += _service(sid, name, probes, group=group)
    out += _domestic(ports)
    return out


def _domestic(ports: dict[str, int]) -> str:
    https = ports["https"]
    out = ""
    for sid, name in (
        ("gov", "Gov portal"),
        ("search", "Search engine"),
        ("social", "Social network"),
    ):
        out += _service(
            f"domestic-{sid}",
            f"{name} (domestic)",
            [_p("web", "https", url=f"https://domestic-{sid}.{D}:{https}/")],
            region="domestic",
            group="domestic",
        )
    return out


def hostile_config(ports: dict[str, int], ca_file: Path) -> str:
    https, stun = ports["https"], ports["stun"]
    out = "# censorwatch lab: hostile servers; every probe must end within its caps.\n"
    out += _settings(ports, ca_file)
    out += _service(
        "endless-headers",
        "Endless headers",
        [_p("web", "https", url=f"https://{hosts.ENDLESS_HEADERS}:{https}/")],
    )
    out += _service(
        "huge-body", "A 1 GB body", [_p("web", "https", url=f"https://{hosts.HUGE_BODY}:{https}/")]
    )
    out += _service(
        "many-records", "Thousands of DNS records", [_p("web", "dns", host=hosts.MANY_RECORDS)]
    )
    out += _service(
        "stun-garbage",
        "Garbage STUN replies",
        [_p("calls", "stun", host=hosts.STUN_GARBAGE, port=stun)],
    )
    return out


def offline_config(ports: dict[str, int], ca_file: Path) -> str:
    """The network is down: resolvers silent, every address unreachable."""
    silent = f"udp://{hosts.UDP_BLACKHOLE}:{ports['stun']}"
    https = ports["https"]
    out = "# censorwatch lab: the local network is down.\n"
    out += _settings(ports, ca_file, resolver=silent).replace(
        f'control_resolvers = ["https://{hosts.HONEST_RESOLVER}:{https}/dns-query", '
        f'"udp://{hosts.HONEST_RESOLVER}:{ports["dns"]}"]',
        f'control_resolvers = ["{silent}"]',
    )
    for sid, name, region in (
        ("telegram", "Telegram", "foreign"),
        ("youtube", "YouTube", "foreign"),
        ("gov", "Gov portal", "domestic"),
    ):
        out += _service(
            sid, name, [_p("web", "https", url=f"https://{sid}.{D}:{https}/")], region=region
        )
    return out


def resolver_config(ports: dict[str, int], ca_file: Path, resolver: str) -> str:
    """The main config with a resolver under test that is down: `resolver` silent (a
    datagram black hole) or failing every name (SERVFAIL)."""
    address = {
        "silent": f"udp://{hosts.UDP_BLACKHOLE}:{ports['stun']}",
        "servfail": f"udp://{hosts.SERVFAIL_RESOLVER}:{ports['dns']}",
    }[resolver]
    main = main_config(ports, ca_file)
    lying = f'resolver = "udp://{hosts.LYING_RESOLVER}:{ports["dns"]}"'
    return main.replace(lying, f'resolver = "{address}"', 1)


def write_all(folder: Path, ports: dict[str, int], ca_file: Path) -> None:
    for name, make in (
        ("lab", main_config),
        ("hostile", hostile_config),
        ("offline", offline_config),
    ):
        (folder / f"{name}.toml").write_text(make(ports, ca_file), encoding="utf-8")
    for resolver in ("silent", "servfail"):
        (folder / f"resolver-{resolver}.toml").write_text(
            resolver_config(ports, ca_file, resolver), encoding="utf-8"
        )
