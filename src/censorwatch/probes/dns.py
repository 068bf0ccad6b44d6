"""The dns probe step: ask the resolver under test and the control resolvers for A and AAAA."""

from __future__ import annotations

import asyncio
import ipaddress
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
        # system: the OS configuration, as dnspython reads it (resolv.conf, the registry).
        if self._system is None:
            self._system = dns.asyncresolver.Resolver(configure=True)
        nameserver = self._system.nameservers[0]
        host = getattr(nameserver, "address", None) or str(nameserver)
        port = getattr(nameserver, "port", 53)
        return await self._udp(query, host, int(port), tally, deadline)

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
