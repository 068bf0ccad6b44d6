"""The dns probe step: ask the resolver under test and the control resolvers for A and AAAA."""

from __future__ import annotations

from . import dnslib  # noqa: F401 - dnspython without DNS over QUIC, before its resolver

# isort: split

import asyncio
import ipaddress
import socket
import ssl
import time
import urllib.parse
from dataclasses import dataclass

import dns.asyncquery
import dns.asyncresolver
import dns.exception
import dns.flags
import dns.message
import dns.rcode
import dns.rdatatype
import dns.resolver
import httpx

from . import failures
from .records import DnsQuery

ANSWER_CAP = 64  # addresses kept per query; more are counted as truncated
DOH_RESPONSE_CAP = 65535  # a DNS message never needs more


@dataclass(frozen=True, slots=True)
class Resolver:
    """A resolver as written in the config: "system", "udp://IP:PORT" or a DoH URL."""

    spec: str
    kind: str  # system | udp | https
    host: str = ""
    port: int = 53

    @classmethod
    def parse(cls, spec: str) -> Resolver:
        spec = spec.strip()
        if spec == "system":
            return cls(spec, "system")
        parsed = urllib.parse.urlsplit(spec)
        if parsed.scheme == "udp":
            try:
                host = str(ipaddress.ip_address(parsed.hostname or ""))
                port = parsed.port or 53
            except ValueError as exc:
                raise ValueError(f"{spec!r}: udp resolvers are written udp://IP:PORT") from exc
            return cls(spec, "udp", host, port)
        if parsed.scheme == "https" and parsed.hostname:
            try:
                port = parsed.port or 443
            except ValueError as exc:
                raise ValueError(f"{spec!r}: bad port") from exc
            return cls(spec, "https", parsed.hostname, port)
        raise ValueError(f'{spec!r}: expected "system", udp://IP:PORT or an https:// DoH URL')

    @property
    def address(self) -> str | None:
        """The resolver's own address when it is a literal (personal data when private)."""
        try:
            return str(ipaddress.ip_address(self.host))
        except ValueError:
            return None


FIRST_WAIT = 1.0  # seconds before the first retransmission, as stub resolvers wait
MIN_WAIT = 0.3
UDP_HEADERS = 28  # IPv4 and UDP headers, per datagram


@dataclass(slots=True)
class Tally:
    """What one lookup cost: datagrams sent, how many went unanswered, bytes."""

    attempts: int = 0
    lost: int = 0
    sent: int = 0
    received: int = 0

    def fill(self, record: DnsQuery) -> None:
        record.attempts, record.lost = self.attempts, self.lost
        record.bytes_sent, record.bytes_received = self.sent, self.received


def is_ip(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
        return True
    except ValueError:
        return False


class DnsClient:
    """Queries one resolver; shares a DoH connection pool across the queries of a round."""

    def __init__(
        self, resolver: Resolver, timeout: float, ssl_context: ssl.SSLContext | None = None
    ):
        self.resolver = resolver
        self.timeout = timeout
        self._ssl_context = ssl_context
        self._http: httpx.AsyncClient | None = None
        self._system: dns.asyncresolver.Resolver | None = None

    async def aclose(self) -> None:
        if self._http is not None:
            await self._http.aclose()

    async def _udp(
        self, query: dns.message.Message, host: str, port: int, tally: Tally, deadline: float
    ) -> dns.message.Message:
        """As a stub resolver does: the query again when no answer comes within a wait
        (about a second, doubling), until the deadline, from the same socket, so that a late
        answer to an earlier try still counts (a slow, queued link is not a lossy one); over
        TCP when the answer is cut. Each try has its own ID: an answer tells which try it
        answers, and only the tries before it, unanswered, count as lost."""
        loop = asyncio.get_running_loop()
        inbox: asyncio.Queue[tuple[bytes, object]] = asyncio.Queue(maxsize=64)
        destination = (host, port)
        transport, _ = await loop.create_datagram_endpoint(
            lambda: _Inbox(inbox), remote_addr=destination
        )
        wait = max(MIN_WAIT, min(FIRST_WAIT, self.timeout / 4))
        tries: dict[int, dns.message.Message] = {}
        order: list[int] = []
        try:
            while True:
                remaining = deadline - time.perf_counter()
                if remaining <= 0:
                    tally.lost += len(order)
                    raise dns.exception.Timeout
                attempt = query if not order else _with_new_id(query, set(tries))
                wire = attempt.to_wire()
                tries[attempt.id] = attempt
                order.append(attempt.id)
                tally.attempts += 1
                tally.sent += len(wire) + UDP_HEADERS
                transport.sendto(wire)
                answered = await _first_answer(inbox, tries, min(wait, remaining))
                if answered is not None:
                    response, size = answered
                    # The tries sent after the one answered were never given their chance.
                    answered_try = order.index(response.id)
                    tally.attempts -= len(order) - 1 - answered_try
                    tally.lost += answered_try
                    tally.received += size + UDP_HEADERS
                    break
                wait *= 2
        finally:
            transport.close()
        if response.flags & dns.flags.TC:
            remaining = max(0.1, deadline - time.perf_counter())
            response = await dns.asyncquery.tcp(query, host, port=port, timeout=remaining)
            tally.sent += len(wire) + 2
            tally.received += len(response.to_wire()) + 2
        return response

    async def _exchange(
        self, query: dns.message.Message, tally: Tally, deadline: float
    ) -> dns.message.Message:
        r = self.resolver
        if r.kind == "udp":
            return await self._udp(query, r.host, r.port, tally, deadline)
        if r.kind == "https":
            if self._http is None:
                self._http = httpx.AsyncClient(
                    verify=self._ssl_context if self._ssl_context is not None else True,
                    timeout=self.timeout,
                    follow_redirects=False,
                )
            wire = query.to_wire()
            tally.attempts += 1
            tally.sent += len(wire)
            headers = {
                "accept": "application/dns-message",
                "content-type": "application/dns-message",
            }
            async with self._http.stream("POST", r.spec, content=wire, headers=headers) as resp:
                if not 200 <= resp.status_code < 300:
                    raise failures.ProbeError(
                        failures.DNS_MISBEHAVING, f"DoH answered HTTP {resp.status_code}"
                    )
                body = bytearray()
                async for chunk in resp.aiter_raw():
                    body.extend(chunk)
                    if len(body) > DOH_RESPONSE_CAP:
                        raise failures.ProbeError(failures.DNS_MISBEHAVING, "DoH answer too large")
            tally.received += len(body)
            response = dns.message.from_wire(bytes(body))
            if not query.is_response(response):
                raise failures.ProbeError(failures.DNS_MISBEHAVING, "DoH answer for another query")
            return response
        return await self._system_exchange(query, tally, deadline)

    def system_servers(self) -> list[tuple[str, int]]:
        """The system's resolvers in order, as it is configured (resolv.conf, the registry;
        read by dnspython). Where systemd-resolved is the stub (127.0.0.53), the stub is what
        the system asks: its own fallbacks are its business."""
        if self._system is None:
            self._system = dns.asyncresolver.Resolver(configure=True)
        out = []
        for nameserver in self._system.nameservers:
            host = getattr(nameserver, "address", None) or str(nameserver)
            out.append((str(host), int(getattr(nameserver, "port", 53))))
        return out

    async def _system_exchange(
        self, query: dns.message.Message, tally: Tally, deadline: float
    ) -> dns.message.Message:
        """As the system's stub resolver does: each configured server in order, the next
        when one stays silent for its share of the time or answers SERVFAIL or REFUSED."""
        servers = self.system_servers()
        if not servers:
            raise failures.ProbeError(failures.DNS_MISBEHAVING, "no resolver is configured")
        last: dns.message.Message | None = None
        for i, (host, port) in enumerate(servers):
            left = deadline - time.perf_counter()
            share = max(min(left, 1.0), left / (len(servers) - i))
            try:
                response = await self._udp(query, host, port, tally, time.perf_counter() + share)
            except dns.exception.Timeout:
                if i == len(servers) - 1:
                    raise
                continue
            last = response
            if response.rcode() not in (dns.rcode.SERVFAIL, dns.rcode.REFUSED):
                return response
        assert last is not None  # the loop returned or raised otherwise
        return last

    async def _one(
        self, hostname: str, rdtype: dns.rdatatype.RdataType, tally: Tally, deadline: float
    ) -> tuple[str, list[str], bool]:
        query = dns.message.make_query(hostname, rdtype)
        response = await self._exchange(query, tally, deadline)
        rcode = dns.rcode.to_text(response.rcode())
        addresses: list[str] = []
        truncated = False
        for rrset in response.answer:
            if rrset.rdtype != rdtype:
                continue
            for rdata in rrset:
                if len(addresses) >= ANSWER_CAP:
                    truncated = True
                    break
                addresses.append(rdata.address)
        return rcode, addresses, truncated

    async def lookup(self, hostname: str, role: str) -> DnsQuery:
        record = DnsQuery(resolver=self.resolver.spec, role=role, hostname=hostname)
        if self.resolver.kind == "system":
            return await self._system_lookup(record)
        return await self._lookup(record)

    async def _system_lookup(self, record: DnsQuery) -> DnsQuery:
        """What the system does for a name: its resolvers in order (recorded), and what an
        application gets from getaddrinfo beside them (its hosts file, a local resolver), as
        OONI's system resolver asks. Where the resolvers give nothing, getaddrinfo's answer
        is the system's."""
        record.servers = [f"udp://{host}:{port}" for host, port in self.system_servers()]
        looked, found = await asyncio.gather(
            self._lookup(record), _getaddrinfo(record.hostname, self.timeout)
        )
        looked.system_addresses = found
        if looked.failure and found:
            looked.addresses, looked.failure, looked.rcode = found, None, "NOERROR"
        return looked

    async def _lookup(self, record: DnsQuery) -> DnsQuery:
        hostname = record.hostname
        start = time.perf_counter()
        deadline = start + self.timeout
        tally = Tally()
        try:
            async with asyncio.timeout(self.timeout + 0.05):
                results = await asyncio.gather(
                    self._one(hostname, dns.rdatatype.A, tally, deadline),
                    self._one(hostname, dns.rdatatype.AAAA, tally, deadline),
                    return_exceptions=True,
                )
        except BaseException as exc:
            if isinstance(exc, asyncio.CancelledError):
                raise
            record.failure = failures.failure_string(exc)
            tally.fill(record)
            return record
        tally.fill(record)
        record.time_ms = (time.perf_counter() - start) * 1000
        a, aaaa = results
        if isinstance(a, BaseException):
            record.failure = failures.failure_string(a)
            return record
        rcode, addresses, truncated = a
        if not isinstance(aaaa, BaseException) and aaaa[0] == "NOERROR":
            addresses += [x for x in aaaa[1] if len(addresses) < ANSWER_CAP]
            truncated = truncated or aaaa[2]
        record.rcode = rcode
        record.addresses = addresses
        record.truncated = truncated
        if rcode != "NOERROR":
            record.failure = failures.rcode_failure(rcode)
        elif not addresses:
            record.failure = failures.DNS_NO_ANSWER
        return record


class _Inbox(asyncio.DatagramProtocol):
    """Datagrams from the resolver (the socket is connected: nothing else arrives), kept
    up to a small cap: a flood of answers cannot grow memory."""

    def __init__(self, inbox: asyncio.Queue[tuple[bytes, object]]) -> None:
        self.inbox = inbox

    def datagram_received(self, data: bytes, addr: object) -> None:
        if not self.inbox.full():
            self.inbox.put_nowait((data, addr))

    def error_received(self, exc: Exception) -> None:  # ICMP unreachable: like no answer
        pass


def _with_new_id(query: dns.message.Message, taken: set[int]) -> dns.message.Message:
    again = dns.message.from_wire(query.to_wire())
    while again.id in taken:
        again.id = (again.id + 1) & 0xFFFF
    return again


async def _first_answer(
    inbox: asyncio.Queue[tuple[bytes, object]],
    tries: dict[int, dns.message.Message],
    wait: float,
) -> tuple[dns.message.Message, int] | None:
    """The first datagram within `wait` seconds that answers one of the tries; garbage and
    strangers are skipped (as dnspython's ignore_unexpected does)."""
    end = time.perf_counter() + wait
    while (left := end - time.perf_counter()) > 0:
        try:
            data, _ = await asyncio.wait_for(inbox.get(), left)
        except TimeoutError:
            return None
        try:
            response = dns.message.from_wire(data, ignore_trailing=True)
        except Exception:  # noqa: BLE001 - garbage from the network is skipped, like a loss
            continue
        sent = tries.get(response.id)
        if sent is not None and sent.is_response(response):
            return response, len(data)
    return None


async def _getaddrinfo(hostname: str, timeout: float) -> list[str] | None:
    """The addresses getaddrinfo gives an application (IPv6 and IPv4), None when it fails."""
    try:
        async with asyncio.timeout(timeout):
            infos = await asyncio.get_running_loop().getaddrinfo(
                hostname, None, type=socket.SOCK_STREAM
            )
    except asyncio.CancelledError:
        raise
    except Exception:  # noqa: BLE001 - the system's own failure: nothing to add
        return None
    out: list[str] = []
    for _family, _type, _proto, _name, sockaddr in infos:
        address = str(sockaddr[0])
        if address not in out and len(out) < ANSWER_CAP:
            out.append(address)
    return out
