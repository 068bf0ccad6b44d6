"""TLS over our own connection, sans-IO (`ssl.MemoryBIO`): every byte of the handshake
passes through our hands, so what the other side did is seen as it happened: it answered
(a ServerHello, or an alert that names its reason), closed the connection cleanly (a FIN:
`eof_error`) or cut it (a reset: `connection_reset`), or said nothing (a timeout). The
HTTP layer then reads and writes through the same object (h11 is sans-IO too)."""

from __future__ import annotations

import asyncio
import ssl
import time
from dataclasses import dataclass

from . import failures

_READ = 64 * 1024


class PeerClosed(EOFError):
    """The other side closed the connection (a FIN) before the handshake completed."""


@dataclass(slots=True)
class Handshake:
    """What one handshake saw: a failure (None when it completed), its time, the peer's
    certificate (DER, when verified), the TLS version, the alert the peer sent and, for a
    certificate that failed verification, the verifier's reason ("certificate has expired")."""

    failure: str | None = None
    ms: float | None = None
    der: bytes | None = None
    version: str | None = None
    alert: str | None = None
    verify_error: str | None = None


class Channel:
    """A TLS client on an asyncio (reader, writer) pair."""

    def __init__(
        self,
        reader: asyncio.StreamReader,
        writer: asyncio.StreamWriter,
        context: ssl.SSLContext,
        sni: str,
    ):
        self.reader, self.writer = reader, writer
        self.incoming, self.outgoing = ssl.MemoryBIO(), ssl.MemoryBIO()
        self.tls = context.wrap_bio(self.incoming, self.outgoing, server_hostname=sni or None)

    def _flush(self) -> None:
        data = self.outgoing.read()
        if data:
            self.writer.write(data)

    async def _feed(self) -> bool:
        """More bytes from the peer into the TLS object; False at the peer's FIN."""
        data = await self.reader.read(_READ)
        if not data:
            self.incoming.write_eof()
            return False
        self.incoming.write(data)
        return True

    async def handshake(self, timeout: float) -> Handshake:
        out = Handshake()
        start = time.perf_counter()
        try:
            async with asyncio.timeout(timeout):
                while True:
                    try:
                        self.tls.do_handshake()
                        break
                    except ssl.SSLWantReadError:
                        self._flush()
                        await self.writer.drain()
                        if not await self._feed():
                            raise PeerClosed("the peer closed the connection") from None
                self._flush()
                await self.writer.drain()
        except asyncio.CancelledError:
            raise
        except ssl.SSLCertVerificationError as exc:
            out.failure = failures.failure_string(exc)
            out.verify_error = str(getattr(exc, "verify_message", "") or exc)[:200]
            return out
        except ssl.SSLError as exc:
            out.failure = failures.failure_string(exc)
            out.alert = alert_of(exc)
            return out
        except BaseException as exc:  # noqa: BLE001 - every failure is a measurement
            out.failure = failures.failure_string(exc)
            return out
        out.ms = (time.perf_counter() - start) * 1000
        out.der = self.tls.getpeercert(binary_form=True)
        out.version = self.tls.version()
        return out

    def write(self, data: bytes) -> None:
        self.tls.write(data)
        self._flush()

    async def read(self, n: int = _READ) -> bytes:
        """Up to `n` bytes of plaintext; b"" at the end (a close_notify, or the peer's FIN
        without one, as servers that close after a response often do)."""
        while True:
            try:
                return self.tls.read(n)
            except ssl.SSLWantReadError:
                self._flush()  # a key update may want an answer
                if self.incoming.eof:
                    return b""
                await self._feed()
            except (ssl.SSLZeroReturnError, ssl.SSLEOFError):
                return b""


def alert_of(exc: ssl.SSLError) -> str | None:
    """The alert a peer sent, in OpenSSL's words ("unrecognized name"), when `exc` is one."""
    reason = getattr(exc, "reason", None) or ""
    for prefix in ("TLSV1_ALERT_", "SSLV3_ALERT_", "TLSV13_ALERT_", "TLSV1_UNRECOGNIZED_NAME"):
        if reason.startswith(prefix):
            name = reason[len(prefix) :] if prefix.endswith("_") else "UNRECOGNIZED_NAME"
            return name.replace("_", " ").lower()
    return None
