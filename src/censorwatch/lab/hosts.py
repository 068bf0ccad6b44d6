"""The lab's little internet: which address and which name misbehaves how.

Every host lives on 127.77.0.0/16 (Linux routes all of 127.0.0.0/8 to loopback). Censors
decide by destination address (IP blocking, white lists), by the SNI of the ClientHello
(TSPU-style DPI), by the Host of a plain HTTP request (ISP blockpages) and by resolver
(DNS tampering); the lab does the same.
"""

from __future__ import annotations

DOMAIN = "cw.test"
NETWORK = "127.77.0.0/16"  # the lab's internet, with ::1: its configs say so (`lab_networks`)

LYING_RESOLVER = "127.77.0.53"
HONEST_RESOLVER = "127.77.0.54"
OPEN = "127.77.1.1"
DOMESTIC = "127.77.1.2"
TCP_TIMEOUT = "127.77.2.1"
TCP_REFUSED = "127.77.2.2"
TLS_RESET = "127.77.3.1"
TLS_DROP = "127.77.3.2"
ROGUE_CA = "127.77.3.3"
BLOCKPAGE = "127.77.4.1"
UDP_BLACKHOLE = "127.77.5.1"
STUN_GARBAGE = "127.77.5.2"
# A STUN server behind the lab's "provider NAT": it reports NAT_PUBLIC as the caller's
# address, a public address the bundled provider table (resources/ip2asn) knows.
STUN_NAT = "127.77.5.3"
NAT_PUBLIC = "8.8.8.8"  # AS15169, US in the table's excerpt; never connected to
# A white list by name in front of an address: ClientHellos naming a listed service pass,
# any other name is dropped (the connection opens, the handshake never completes).
WL_NAME = "127.77.6.1"
# A server that refuses names it does not serve with a TLS alert (nginx's
# ssl_reject_handshake): it serves names under `alert-`; a censor resets SNI_RESET_ALERT.
ALERT_SERVER = "127.77.3.4"
# A resolver that answers SERVFAIL to everything (a home router whose upstream is gone).
SERVFAIL_RESOLVER = "127.77.0.55"
# Today's techniques (lab/techniques.py): censors in front of real servers.
QUIC_BY_NAME = "127.77.7.2"  # drops QUIC Initials naming QUIC_BLOCKED; TLS over TCP open
QUIC_ALL = "127.77.7.3"  # drops every QUIC Initial; TLS over TCP open
QUIC_BLOCKED = f"quic-blocked.{DOMAIN}"
ECH_CENSOR = "127.77.8.1"  # drops ClientHellos with ECH and the outer name cloudflare-ech.com
WG_PEER, WG_CENSOR = "127.77.9.1", "127.77.9.2"  # wireguard-go; the censor (TLS over TCP open)
OVPN_SERVER, OVPN_CENSOR = "127.77.10.1", "127.77.10.2"  # openvpn; the censor (likewise)
QUIC_HOSTS = [OPEN, QUIC_BY_NAME, QUIC_ALL]  # UDP on the HTTPS port

# The open host's IPv6 twin: the same servers, the same censor by name.
OPEN_V6 = "::1"
OPEN_LIKE = (OPEN, OPEN_V6)

TLS_HOSTS = [
    OPEN,
    OPEN_V6,
    DOMESTIC,
    HONEST_RESOLVER,
    TLS_RESET,
    TLS_DROP,
    ROGUE_CA,
    BLOCKPAGE,
    WL_NAME,
    ALERT_SERVER,
    QUIC_BY_NAME,
    QUIC_ALL,
    WG_CENSOR,
    OVPN_CENSOR,
]
HTTP_HOSTS = [OPEN, OPEN_V6, DOMESTIC, BLOCKPAGE]
DNS_HOSTS = [LYING_RESOLVER, HONEST_RESOLVER, SERVFAIL_RESOLVER]
STUN_HOSTS = [OPEN, DOMESTIC, UDP_BLACKHOLE, STUN_GARBAGE, STUN_NAT]
BACKLOG_FULL_HOSTS = [TCP_TIMEOUT]  # SYNs dropped: connects time out

# SNI-keyed DPI in front of the open host.
SNI_RESET = f"sni-reset.{DOMAIN}"
SNI_DROP = f"sni-drop.{DOMAIN}"
SNI_RESET_ALERT = f"sni-reset-alert.{DOMAIN}"  # in front of the alerting server
# Server-side behaviours after a completed handshake, by SNI.
HTTP_RESET = f"http-reset.{DOMAIN}"
FREEZE = f"freeze.{DOMAIN}"
SLOW = f"slow.{DOMAIN}"
ENDLESS_HEADERS = f"endless-headers.{DOMAIN}"
HUGE_BODY = f"huge-body.{DOMAIN}"
# Sloppy servers on plain HTTP, as small ISP blockpages are: bare LF line endings, a folded
# header, two different Content-Lengths.
LF_ONLY = f"lf-only.{DOMAIN}"
FOLDED = f"folded.{DOMAIN}"
TWO_LENGTHS = f"two-lengths.{DOMAIN}"
# Host-keyed blockpages on plain HTTP.
BLOCKPAGE_REDIRECT = f"blocked-redirect.{DOMAIN}"
BLOCKPAGE_BODY = f"blocked-page.{DOMAIN}"
# Names the lying resolver lies about.
DNS_NXDOMAIN = f"dns-nx.{DOMAIN}"
DNS_SILENT = f"dns-silent.{DOMAIN}"
DNS_POISON = f"dns-poison.{DOMAIN}"
DNS_EMPTY = f"dns-empty.{DOMAIN}"
MANY_RECORDS = f"many-records.{DOMAIN}"

FREEZE_AFTER = 14 * 1024  # body bytes; with headers and handshake, the ~16 KB of the reports
SLOW_KBPS = 120  # Twitter, March 2021: ~130-150 kbit/s
MANY_RECORDS_COUNT = 4000

BLOCKPAGE_HTML = (
    "<html><head><title>Доступ ограничен</title></head><body>"
    "<h1>Доступ к сайту ограничен в соответствии с Федеральными законами</h1>"
    '<p>Подробнее: <a href="http://eais.rkn.gov.ru/">http://eais.rkn.gov.ru/</a></p>'
    "</body></html>"
)
BLOCKPAGE_REDIRECT_LOCATION = "http://warning.rt.ru/?id=17&st=0&dt=178.248.233.6&rs=lab"


# The lab's worlds (Lab(world=…)): the same services, the internet's ordinary shapes around
# them: every name with a dead address before its own, or after it; the open host's names
# on IPv6 only; the open host refusing names it does not serve with an alert.
WORLDS = ("", "dead-first", "dead-last", "ipv6", "alerting")


def honest_answer(name: str, world: str = "") -> list[str] | None:
    """The truth about `name`; None for names outside the lab (NXDOMAIN)."""
    answer = _answer(name)
    if answer is None or name.lower().rstrip(".") == MANY_RECORDS:
        return answer
    if world == "dead-first":
        return list(dict.fromkeys([TCP_TIMEOUT, *answer]))
    if world == "dead-last":
        return list(dict.fromkeys([*answer, TCP_TIMEOUT]))
    if world == "ipv6":
        return [OPEN_V6 if a == OPEN else a for a in answer]
    return answer


def _answer(name: str) -> list[str] | None:
    name = name.lower().rstrip(".")
    if name != DOMAIN and not name.endswith("." + DOMAIN):
        return None
    label = name[: -len(DOMAIN) - 1] if name != DOMAIN else ""
    if name == MANY_RECORDS:
        return [f"127.77.{200 + i // 250}.{1 + i % 250}" for i in range(MANY_RECORDS_COUNT)]
    fixed = {
        "tcp-timeout": [TCP_TIMEOUT],
        "tcp-refused": [TCP_REFUSED],
        "tls-reset": [TLS_RESET],
        "tls-drop": [TLS_DROP],
        "mitm": [ROGUE_CA],
        "calls-blackhole": [UDP_BLACKHOLE],
        "stun-garbage": [STUN_GARBAGE],
        # Names with several addresses: one dead or refusing, one fine (both orders).
        "dead-first": [TCP_TIMEOUT, OPEN],
        "dead-last": [OPEN, TCP_TIMEOUT],
        "refused-first": [TCP_REFUSED, OPEN],
        "v6-site": [OPEN_V6],
        "sni-reset-alert": [ALERT_SERVER],
        "unserved": [ALERT_SERVER],
    }
    if label in fixed:
        return fixed[label]
    if label.startswith("alert-"):
        return [ALERT_SERVER]
    if label.startswith("domestic"):
        return [DOMESTIC]
    if label.startswith("wln-"):
        return [WL_NAME]
    return [OPEN]


DECOY = f"decoy.{DOMAIN}"  # the decoy name of the lab's configs


def served_by_alerting(sni: str) -> bool:
    """The names the alerting server serves; any other is refused with an alert."""
    return sni.lower().startswith("alert-") and sni.lower().endswith("." + DOMAIN)


def served_by_open(sni: str) -> bool:
    """The names the open host serves when it refuses others with an alert (the alerting
    world): the lab's names, not the decoy, not a random name."""
    sni = sni.lower()
    return sni.endswith("." + DOMAIN) and sni != DECOY


def listed(sni: str) -> bool:
    """On the lab's white list by name: the domestic services, and names under wln-listed."""
    label = sni.lower().split(".", 1)[0]
    return sni.lower().endswith("." + DOMAIN) and label.startswith(("domestic", "wln-listed"))


def lying_answer(name: str, world: str = "") -> tuple[str, list[str]] | None:
    """What the resolver under test says: (rcode, addresses), or None for silence."""
    name = name.lower().rstrip(".")
    if name == DNS_SILENT:
        return None
    if name == DNS_NXDOMAIN:
        return "NXDOMAIN", []
    if name == DNS_POISON:
        return "NOERROR", [BLOCKPAGE]
    if name == DNS_EMPTY:
        return "NOERROR", []
    truth = honest_answer(name, world)
    return ("NXDOMAIN", []) if truth is None else ("NOERROR", truth)
