"""The probes of today's techniques, run to the end with their comparisons: quic (the same
address with the decoy name, and the same name over TLS on TCP), ech (the same ClientHello
with and without the encrypted_client_hello extension), and the person's own VPN (wireguard,
openvpn: the profile read now, its keys kept nowhere; another way to the same server, where
the profile or the person names one)."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from . import ech, failures, openvpn, transport, wireguard
from .network import Network
from .records import (
    VIA_OTHER,
    VIA_TCP,
    EchHandshake,
    ProbeRecord,
    QuicHandshake,
    VpnHandshake,
)
from .tunnel import tunnel_hint

# The steps these probes fail at (vocabulary.FAILED_STEPS): a QUIC or VPN handshake over UDP
# is "udp", a ClientHello or a VPN handshake over TCP is "tls" (the first exchange on an open
# connection), a connection that never opens is "tcp".
PROFILE_KINDS = ("wireguard", "openvpn")
# A probe's warning (ProbeRecord.warning, evidence "warning"): other users of the computer can
# read the profile, and with it the keys (diagnosis/evidence.py says it in words).
PROFILE_READABLE = "profile_readable"
# Not checked: a VPN is connected on this computer (a WireGuard handshake with the person's
# key would interrupt their tunnel).
VPN_CONNECTED = "vpn_connected"


async def quic_probe(record: ProbeRecord, network: Network, host: str, port: int, sni: str) -> None:
    from . import quic  # aioquic: imported when a QUIC check runs, not at every start

    addresses = await transport.addresses(record, network, host)
    if not addresses:
        return
    address = addresses[0]
    timeout = network.timeout
    main = await quic.handshake(address, port, sni, timeout)
    _keep(record, record.quic, main)
    if main.failure is None:
        return
    record.fail("udp", main.failure)
    # The comparisons: the decoy name to the same address over QUIC (a block by name lets it
    # through), and the same name over TLS on TCP (a block of QUIC alone lets that through).
    decoy = await quic.handshake(address, port, network.settings.decoy_sni, timeout, decoy=True)
    _keep(record, record.quic, decoy)
    hs = await transport.fresh_handshake(network, address, port, sni, False, record)
    hs.via = VIA_TCP
    record.tls.append(hs)


async def ech_probe(record: ProbeRecord, network: Network, host: str, port: int, sni: str) -> None:
    addresses = await transport.addresses(record, network, host)
    if not addresses:
        return
    address = addresses[0]
    timeout = network.timeout
    with_ech = await ech.exchange(address, port, sni, timeout, ech=True)
    _keep(record, record.ech, with_ech)
    if with_ech.failure is None:
        return
    # Nothing sent: the connection never opened.
    record.fail("tls" if with_ech.bytes_sent else "tcp", with_ech.failure)
    without = await ech.exchange(address, port, sni, timeout, ech=False)
    _keep(record, record.ech, without)


Profile = wireguard.WireGuardProfile | openvpn.OpenVpnProfile


def read_profile(kind: str, path: str) -> tuple[Profile, str | None]:
    """The person's profile, parsed now (never kept): raises OSError or the protocol's
    ProfileError with a reason that names no key."""
    if kind == "wireguard":
        return wireguard.read_profile(path)
    return openvpn.read_profile(path)


def endpoints(kind: str, profile: Profile) -> list[tuple[str, int, str]]:
    """Where the profile's server listens: (host, port, transport), the first one first."""
    if kind == "wireguard":
        assert isinstance(profile, wireguard.WireGuardProfile)
        return [(profile.host, profile.port, "udp")]
    assert isinstance(profile, openvpn.OpenVpnProfile)
    return [(r.host, r.port, r.transport) for r in profile.remotes]


async def vpn_probe(
    record: ProbeRecord,
    network: Network,
    kind: str,
    profile_path: str,
    where: tuple[str, int | None] | None,
    compare_port: int | None,
) -> None:
    """`where`: the host (and port) the catalog names for the profile's first server, which
    replace the profile's (the same profile through another address or port)."""
    try:
        # The file is read off the event loop (a profile on a slow or network disk).
        path = str(Path(profile_path).expanduser())
        profile, warning = await asyncio.to_thread(read_profile, kind, path)
    except (OSError, wireguard.ProfileError, openvpn.ProfileError) as exc:
        # The person's file, not the network: no step failed (diagnosis says so plainly).
        record.failure = failures.unknown(f"the profile cannot be read: {_reason(exc)}")
        return
    record.warning = PROFILE_READABLE if warning else None
    hint = await asyncio.to_thread(tunnel_hint) if kind == "wireguard" else None
    if hint and not hint.startswith("proxy:"):
        # A handshake with the person's own key while their tunnel is up starts a new session
        # on the server and cuts the tunnel until the client shakes hands again: not now.
        record.warning = VPN_CONNECTED
        record.failure = failures.unknown("not checked while a VPN is connected")
        return
    ways = endpoints(kind, profile)
    host, port, way = ways[0]
    named = host
    if where:
        host, port = where[0], where[1] or port
    addresses = await transport.addresses(record, network, host)
    if not addresses:
        return
    address = addresses[0]
    main = await _vpn_handshake(kind, profile, address, port, way, network.timeout)
    _keep(record, record.vpn, main)
    if main.failure is None:
        return
    # Over TCP, nothing sent: the connection never opened.
    record.fail("udp" if way == "udp" else ("tls" if main.requests_sent else "tcp"), main.failure)
    # Another way to the same server: the profile's other transport, and the port the person
    # named (a plain TCP connection: the host is up and reachable when it opens).
    for other_host, other_port, other_way in ways[1:]:
        if other_way != way and other_host == named:
            hs = await _vpn_handshake(
                kind, profile, address, other_port, other_way, network.timeout
            )
            hs.via = VIA_OTHER
            _keep(record, record.vpn, hs)
            break
    if compare_port:
        step, stream = await transport.connect(address, compare_port, network.timeout)
        if stream is not None:
            stream.close()
        step.via = VIA_OTHER
        record.tcp.append(step)


async def _vpn_handshake(
    kind: str, profile: Profile, address: str, port: int, way: str, timeout: float
) -> VpnHandshake:
    if kind == "wireguard":
        assert isinstance(profile, wireguard.WireGuardProfile)
        return await wireguard.handshake(profile, address, port, timeout)
    assert isinstance(profile, openvpn.OpenVpnProfile)
    return await openvpn.handshake(profile, address, port, way, timeout)


def _keep(
    record: ProbeRecord, into: list[Any], hs: QuicHandshake | EchHandshake | VpnHandshake
) -> None:
    """A handshake into the record's evidence, its bytes into the probe's count."""
    into.append(hs)
    record.count(hs.bytes_sent, hs.bytes_received)


def _reason(exc: BaseException) -> str:
    if isinstance(exc, OSError):
        return exc.strerror or type(exc).__name__
    return str(exc)[:300]
