"""The one place that turns exceptions into OONI failure strings (ooni/spec df-007-errors)."""

from __future__ import annotations

from . import dnslib  # noqa: F401 - dnspython without DNS over QUIC, before its resolver

# isort: split

import asyncio
import errno
import ssl

import dns.exception
import dns.resolver

CONNECTION_REFUSED = "connection_refused"
CONNECTION_RESET = "connection_reset"
CONNECTION_ABORTED = "connection_aborted"
TIMEOUT = "generic_timeout_error"
EOF = "eof_error"
HOST_UNREACHABLE = "host_unreachable"
NETWORK_UNREACHABLE = "network_unreachable"
DNS_NXDOMAIN = "dns_nxdomain_error"
DNS_NO_ANSWER = "dns_no_answer"
DNS_REFUSED = "dns_refused_error"
DNS_SERVFAIL = "dns_servfail_error"
DNS_MISBEHAVING = "dns_server_misbehaving"
SSL_INVALID_HOSTNAME = "ssl_invalid_hostname"
SSL_UNKNOWN_AUTHORITY = "ssl_unknown_authority"
SSL_INVALID_CERTIFICATE = "ssl_invalid_certificate"
SSL_FAILED_HANDSHAKE = "ssl_failed_handshake"
HTTP_INVALID_REDIRECT_LOCATION_HOST = "http_invalid_redirect_location_host"
HTTP_INVALID_REDIRECT_LOCATION = "http_invalid_redirect_location"
TOO_MANY_REDIRECTS = "unknown_failure: stopped after too many redirects"
# A probe that failed inside censorwatch (a bug): its detail is in the program's log.
INTERNAL = "unknown_failure: censorwatch could not run this check"

# OpenSSL X509_V_ERR_* codes, grouped the way OONI's netxlite groups them.
_UNKNOWN_AUTHORITY_CODES = {2, 3, 18, 19, 20, 21, 27, 28}
_INVALID_HOSTNAME_CODES = {62, 63, 64}

_ERRNO = {
    errno.ECONNREFUSED: CONNECTION_REFUSED,
    errno.ECONNRESET: CONNECTION_RESET,
    errno.ECONNABORTED: CONNECTION_ABORTED,
    errno.EHOSTUNREACH: HOST_UNREACHABLE,
    errno.ENETUNREACH: NETWORK_UNREACHABLE,
    errno.ETIMEDOUT: TIMEOUT,
    errno.EPIPE: CONNECTION_RESET,
    errno.ENETDOWN: "network_down",
    errno.EADDRNOTAVAIL: "address_not_available",
    errno.EAFNOSUPPORT: "address_family_not_supported",
}


class ProbeError(Exception):
    """A failure the probes detect themselves (caps, protocol violations), already named."""

    def __init__(self, failure: str, detail: str = ""):
        super().__init__(detail or failure)
        self.failure = failure


def unknown(detail: str) -> str:
    """OONI's catch-all form, keeping the detail a support person needs."""
    return f"unknown_failure: {detail}"


def failure_string(exc: BaseException) -> str:
    """Map any exception raised by a network step to an OONI failure string."""
    if isinstance(exc, ProbeError):
        return exc.failure
    if isinstance(exc, (TimeoutError, asyncio.TimeoutError, dns.exception.Timeout)):
        return TIMEOUT
    if isinstance(exc, ssl.SSLCertVerificationError):
        code = getattr(exc, "verify_code", None)
        if code in _UNKNOWN_AUTHORITY_CODES:
            return SSL_UNKNOWN_AUTHORITY
        if code in _INVALID_HOSTNAME_CODES:
            return SSL_INVALID_HOSTNAME
        return SSL_INVALID_CERTIFICATE
    if isinstance(exc, (ssl.SSLEOFError, ssl.SSLZeroReturnError, asyncio.IncompleteReadError)):
        return EOF
    if isinstance(exc, ssl.SSLError):
        reason = getattr(exc, "reason", None) or ""
        if "UNEXPECTED_EOF" in reason:
            return EOF
        return SSL_FAILED_HANDSHAKE
    if isinstance(exc, dns.resolver.NXDOMAIN):
        return DNS_NXDOMAIN
    if isinstance(exc, (dns.resolver.NoAnswer, dns.resolver.NoNameservers)):
        return DNS_NO_ANSWER
    if isinstance(exc, ConnectionRefusedError):
        return CONNECTION_REFUSED
    if isinstance(exc, ConnectionResetError):
        return CONNECTION_RESET
    if isinstance(exc, ConnectionAbortedError):
        return CONNECTION_ABORTED
    if isinstance(exc, EOFError):
        return EOF
    if isinstance(exc, OSError) and exc.errno in _ERRNO:
        return _ERRNO[exc.errno]
    if isinstance(exc, dns.exception.DNSException):
        return unknown(f"dns: {type(exc).__name__}")
    return unknown(f"{type(exc).__name__}: {exc}"[:200])


RCODE_FAILURES = {
    "NXDOMAIN": DNS_NXDOMAIN,
    "REFUSED": DNS_REFUSED,
    "SERVFAIL": DNS_SERVFAIL,
}


def rcode_failure(rcode: str) -> str:
    return RCODE_FAILURES.get(rcode, DNS_MISBEHAVING)


# What the other side did at a step, whatever the step: the one classification every
# module uses (a verdict's comparisons, the network's state, the white list's kind).
ANSWERED = "answered"  # it spoke: a handshake, a response, an alert, a certificate, garbage
CLOSED = "closed"  # a clean close, a FIN (eof_error)
RESET = "reset"  # a reset (connection_reset)
REFUSED = "refused"  # a reset to the SYN (connection_refused)
SILENT = "silent"  # nothing at all (generic_timeout_error)
UNREACHABLE = "unreachable"  # the local network said no route, no address family, …
_ACTIONS = {
    EOF: CLOSED,
    CONNECTION_RESET: RESET,
    CONNECTION_ABORTED: RESET,
    CONNECTION_REFUSED: REFUSED,
    TIMEOUT: SILENT,
}


def peer_action(failure: str | None, alert: str | None = None) -> str:
    """What the other side did, from a step's failure (None: it answered) and the TLS
    alert it sent, if any."""
    if failure is None or alert is not None:
        return ANSWERED
    if failure in _ACTIONS:
        return _ACTIONS[failure]
    if failure.startswith(("ssl_", "http_", "unknown_failure", "dns_")):
        return ANSWERED  # it sent something: a certificate, a broken answer, an rcode
    return UNREACHABLE
