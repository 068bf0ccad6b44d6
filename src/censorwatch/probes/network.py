"""What the probes of one round share: settings, trust, resolvers and a DNS cache."""

from __future__ import annotations

import asyncio
import ssl
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from .dns import DnsClient, Resolver
from .records import DnsQuery

USER_AGENT = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
    "(KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"
)


@dataclass(slots=True)
class ProbeSettings:
    timeout: float = 10.0
    resolver: str = "system"
    control_resolvers: list[str] = field(default_factory=list)
    ca_file: str = ""
    decoy_sni: str = "example.org"
    body_cap: int = 64 * 1024
    header_cap: int = 64 * 1024
    throttle_ratio: float = 0.3
    throttle_floor_kbps: float = 2000.0


class Network:
    """One round's view of the network. Create per round; `aclose()` at the end."""

    def __init__(self, settings: ProbeSettings):
        self.settings = settings
        self.timeout = settings.timeout
        self.verifying_context = self._verifying_context(settings.ca_file)
        self.unverified_context = self._unverified_context()
        self.resolver = DnsClient(
            Resolver.parse(settings.resolver), settings.timeout, self.verifying_context
        )
        self.controls = [
            DnsClient(Resolver.parse(spec), settings.timeout, self.verifying_context)
            for spec in settings.control_resolvers
        ]
        self._cache: dict[tuple[str, str, bool], asyncio.Task[list[DnsQuery]]] = {}
        # DNS answers are shared by the probes of a round (cached), so their cost is counted
        # here, once per lookup actually made.
        self.dns_sent = self.dns_received = 0
        self._charged: set[tuple[str, str, bool]] = set()

    @staticmethod
    def _verifying_context(ca_file: str) -> ssl.SSLContext:
        ctx = ssl.create_default_context()
        if ca_file:
            ctx.load_verify_locations(cafile=ca_file)
        ctx.set_alpn_protocols(["http/1.1"])
        return ctx

    @staticmethod
    def _unverified_context() -> ssl.SSLContext:
        # Used to read a certificate that failed verification, and for the decoy handshake,
        # which counts as completed whenever the server answers with any certificate.
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
        ctx.set_alpn_protocols(["http/1.1"])
        return ctx

    async def resolve(self, hostname: str, with_controls: bool = True) -> list[DnsQuery]:
        """The resolver under test first, then each control; cached for the round."""
        key = ("", hostname.lower().rstrip("."), with_controls)
        task = self._cache.get(key)
        if task is None:
            task = asyncio.ensure_future(self._resolve(key[1], with_controls))
            self._cache[key] = task
        queries = await asyncio.shield(task)
        # The first probe to receive an answer carries its cost; the others got it free.
        free = key in self._charged
        self._charged.add(key)
        return [_copy(q, free) for q in queries]

    def forget(self, hostnames: Iterable[str]) -> None:
        """Drop cached answers, so that a confirmation retry asks the resolvers again."""
        names = {h.lower().rstrip(".") for h in hostnames}
        for key in [k for k in self._cache if k[1] in names]:
            del self._cache[key]
            self._charged.discard(key)

    async def _resolve(self, hostname: str, with_controls: bool) -> list[DnsQuery]:
        clients = [(self.resolver, "test")]
        if with_controls:
            clients += [(c, "control") for c in self.controls]
        queries = list(await asyncio.gather(*(c.lookup(hostname, role) for c, role in clients)))
        for q in queries:
            self.dns_sent += q.bytes_sent
            self.dns_received += q.bytes_received
        return queries

    async def aclose(self) -> None:
        for task in self._cache.values():
            task.cancel()
        for client in [self.resolver, *self.controls]:
            await client.aclose()


def _copy(q: DnsQuery, free: bool = False) -> DnsQuery:
    if free:
        return replace(q, addresses=list(q.addresses), bytes_sent=0, bytes_received=0)
    return replace(q, addresses=list(q.addresses))
