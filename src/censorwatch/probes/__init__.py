"""One network measurement per probe kind (dns, tcp, tls, http, https, throughput, stun).
Pure asyncio, no Qt: each returns a plain record with per-step timings and OONI failures.

    measure.py    a probe of any kind, run to the end
    network.py    what the probes of a round share: settings, trust, resolvers, DNS cache
    dns.py        the dns step: the resolver under test and the controls
    transport.py  the tcp and tls steps, with the decoy-SNI differential
    http.py       http and https over those steps; a download measured for speed
    throughput.py speed comparisons: real name against decoy name, A/B/A/B; the reference
    counters.py   the kernel's own count of a connection's bytes and retransmissions
    stun.py       RFC 5389 Binding Requests over UDP
    x509.py       the certificate fields a support person reads
    failures.py   exceptions to OONI failure strings, in one place
    records.py    the plain records of what each step saw
    tunnel.py     a VPN or proxy on this machine (it changes what the checks describe)
"""

from . import throughput
from .dns import Resolver
from .measure import KINDS, measure, target_of
from .network import Network, ProbeSettings
from .records import ProbeRecord

__all__ = [
    "KINDS",
    "Network",
    "ProbeRecord",
    "ProbeSettings",
    "Resolver",
    "measure",
    "target_of",
    "throughput",
]
