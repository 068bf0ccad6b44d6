"""What the kernel knows of a TCP connection (Linux `TCP_INFO`): bytes sent and received on
the wire, segments, retransmissions and the smoothed round-trip time. They count the data
a check costs (metered connections) and show how lossy the network is, without guessing.
Elsewhere the probes count what they send and receive themselves."""

from __future__ import annotations

import socket
import struct
from dataclasses import dataclass

# Offsets in struct tcp_info (include/uapi/linux/tcp.h; the struct only ever grows).
_RTT = 68  # __u32 tcpi_rtt, microseconds
_TOTAL_RETRANS = 100  # __u32 tcpi_total_retrans
_BYTES = 120  # __u64 tcpi_bytes_acked, tcpi_bytes_received
_SEGS = 136  # __u32 tcpi_segs_out, tcpi_segs_in
_DATA_SEGS_OUT = 156  # __u32 tcpi_data_segs_out (Linux 4.6): segments that carried data
_SIZE = 144
HEADER_BYTES = 52  # IPv4 and TCP headers with timestamps, per segment


@dataclass(slots=True)
class TcpCounters:
    sent: int  # payload bytes acknowledged by the peer
    received: int
    segments_out: int
    segments_in: int
    retransmits: int
    rtt_ms: float
    data_segments_out: int | None = None  # None on kernels before 4.6

    @property
    def wire_sent(self) -> int:
        return self.sent + HEADER_BYTES * self.segments_out

    @property
    def wire_received(self) -> int:
        return self.received + HEADER_BYTES * self.segments_in


def read(sock: object) -> TcpCounters | None:
    """The counters of a connected TCP socket, or None where the system has no TCP_INFO."""
    option = getattr(socket, "TCP_INFO", None)
    getsockopt = getattr(sock, "getsockopt", None)
    if option is None or getsockopt is None:
        return None
    try:
        info = getsockopt(socket.IPPROTO_TCP, option, 256)
    except OSError:
        return None
    if len(info) < _SIZE:
        return None
    sent, received = struct.unpack_from("QQ", info, _BYTES)
    out, seg_in = struct.unpack_from("II", info, _SEGS)
    return TcpCounters(
        sent=sent,
        received=received,
        segments_out=out,
        segments_in=seg_in,
        retransmits=struct.unpack_from("I", info, _TOTAL_RETRANS)[0],
        rtt_ms=struct.unpack_from("I", info, _RTT)[0] / 1000,
        data_segments_out=struct.unpack_from("I", info, _DATA_SEGS_OUT)[0]
        if len(info) >= _DATA_SEGS_OUT + 4
        else None,
    )
