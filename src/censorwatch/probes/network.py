"""What the probes of one round share: settings, trust, resolvers and a DNS cache."""

from __future__ import annotations

import asyncio
import ssl
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from ..resources import resources_dir
from .dns import DnsClient, Resolver
from .records import DnsQuery

# The next control resolver is asked when the ones before have not answered within this
# many seconds (or at once when they failed): a chain that costs one lookup when the first
# answers, and about a second more when a white list drops it.
CONTROL_HEDGE = 1.0

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
        self._signal_context: ssl.SSLContext | None = None
        self.resolver = DnsClient(
            Resolver.parse(settings.resolver), settings.timeout, self.verifying_context
        )
        self.controls = [
            DnsClient(Resolver.parse(spec), settings.timeout, self.verifying_context)
            for spec in settings.control_resolvers
            if spec != settings.resolver  # the resolver under test is no control of itself
        ]
        self._answering: DnsClient | None = None  # the control that answered last
        self._cache: dict[tuple[str, str, bool], asyncio.Task[list[DnsQuery]]] = {}
        # DNS answers are shared by the probes of a round (cached), so their cost is counted
        # here, once per lookup actually made.
        self.dns_sent = self.dns_received = 0
        self._charged: set[tuple[str, str, bool]] = set()

    @staticmethod
    def _verifying_context(ca_file: str, *more: str) -> ssl.SSLContext:
        ctx = ssl.create_default_context()
        for path in (ca_file, *more):
            if path:
                ctx.load_verify_locations(cafile=path)
        ctx.set_alpn_protocols(["http/1.1"])
        return ctx

    def context(self, trust: str) -> ssl.SSLContext:
        """The TLS context of a probe's `trust`: "system" (with the config's ca_file),
        "handshake" (any certificate: judged on the handshake alone), "signal" (the system's
        roots and Signal's own, as OONI's signal test trusts them)."""
        if trust == "handshake":
            return self.unverified_context
        if trust == "signal":
            if self._signal_context is None:
                roots = str(resources_dir() / "signal-roots.pem")
                self._signal_context = self._verifying_context(self.settings.ca_file, roots)
            return self._signal_context
        return self.verifying_context

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
        test = asyncio.ensure_future(self.resolver.lookup(hostname, "test"))
        try:
            controls = await self._controls(hostname) if with_controls and self.controls else []
            queries = [await test, *controls]
        finally:
            test.cancel()
        for q in queries:
            self.dns_sent += q.bytes_sent
            self.dns_received += q.bytes_received
        return queries

    async def _controls(self, hostname: str) -> list[DnsQuery]:
        """The control resolvers as a chain: the one that answered last first; the next
        when those before fail, say the name has no address, or stay silent for
        CONTROL_HEDGE seconds; the first answer with addresses ends it. Returned: that
        answer and the failures before it, in the chain's order."""
        chain = sorted(self.controls, key=lambda c: c is not self._answering)
        started: list[asyncio.Task[DnsQuery]] = []
        try:
            for client in chain:
                started.append(asyncio.ensure_future(client.lookup(hostname, "control")))
                answered = await self._first_answer(started, CONTROL_HEDGE)
                if answered is not None:
                    self._answering = chain[started.index(answered)]
                    return self._chain_result(started, answered)
            answered = await self._first_answer(started, None)
            if answered is not None:
                self._answering = chain[started.index(answered)]
                return self._chain_result(started, answered)
            return [t.result() for t in started]
        finally:
            for t in started:
                t.cancel()

    @staticmethod
    async def _first_answer(
        tasks: list[asyncio.Task[DnsQuery]], wait: float | None
    ) -> asyncio.Task[DnsQuery] | None:
        """The first of `tasks` whose resolver answered with addresses, waiting at most
        `wait` seconds (None: until all have ended). A control that says "no such name" does
        not end the chain: a provider that intercepts port 53 would make it a copy of its
        own view (the answers of all are kept, so agreeing "no such name" still shows)."""
        loop = asyncio.get_running_loop()
        deadline = None if wait is None else loop.time() + wait
        while True:
            for t in tasks:
                if t.done() and t.result().addresses:
                    return t
            pending = [t for t in tasks if not t.done()]
            left = None if deadline is None else deadline - loop.time()
            if not pending or (left is not None and left <= 0):
                return None
            await asyncio.wait(pending, timeout=left, return_when=asyncio.FIRST_COMPLETED)

    @staticmethod
    def _chain_result(
        tasks: list[asyncio.Task[DnsQuery]], answered: asyncio.Task[DnsQuery]
    ) -> list[DnsQuery]:
        failed = [t.result() for t in tasks if t is not answered and t.done()]
        return [*failed, answered.result()]

    async def aclose(self) -> None:
        for task in self._cache.values():
            task.cancel()
        for client in [self.resolver, *self.controls]:
            await client.aclose()


def _copy(q: DnsQuery, free: bool = False) -> DnsQuery:
    if free:
        return replace(q, addresses=list(q.addresses), bytes_sent=0, bytes_received=0)
    return replace(q, addresses=list(q.addresses))
