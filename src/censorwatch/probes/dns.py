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

    async def _exchange(self, query: dns.message.Message) -> dns.message.Message:
        r = self.resolver
        if r.kind == "udp":
            response, _ = await dns.asyncquery.udp_with_fallback(
                query, r.host, port=r.port, timeout=self.timeout
            )
            return response
        if r.kind == "https":
            if self._http is None:
                self._http = httpx.AsyncClient(
                    verify=self._ssl_context if self._ssl_context is not None else True,
                    timeout=self.timeout,
                    follow_redirects=False,
                )
            wire = query.to_wire()
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
        response, _ = await dns.asyncquery.udp_with_fallback(
            query, host, port=port, timeout=self.timeout
        )
        return response

    async def _one(
        self, hostname: str, rdtype: dns.rdatatype.RdataType
    ) -> tuple[str, list[str], bool]:
        query = dns.message.make_query(hostname, rdtype)
        response = await self._exchange(query)
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
        try:
            async with asyncio.timeout(self.timeout):
                results = await asyncio.gather(
                    self._one(hostname, dns.rdatatype.A),
                    self._one(hostname, dns.rdatatype.AAAA),
                    return_exceptions=True,
                )
        except BaseException as exc:
            if isinstance(exc, asyncio.CancelledError):
                raise
            record.failure = failures.failure_string(exc)
            return record
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
