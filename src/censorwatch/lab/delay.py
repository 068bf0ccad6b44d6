"""A long path for the field lab: every packet arriving on the namespace's loopback is held
for a while before it goes on, as on a 300 ms mobile path (netem is not in every kernel).

nftables hands the packets to this process through an NFQUEUE (`queue num N`); each is
released, in order, when its time has come (a verdict NF_ACCEPT on its id). The netlink
protocol of nfnetlink_queue is spoken here directly (linux/netfilter/nfnetlink_queue.h), so
nothing needs building: only the packets' ids travel (copy mode "meta").

    ip netns exec NS python -m censorwatch.lab.delay --queue 0 --ms 150
"""

from __future__ import annotations

import argparse
import collections
import select
import socket
import struct
import time

NETLINK_NETFILTER = 12
NFNL_SUBSYS_QUEUE = 3
NFQNL_MSG_PACKET, NFQNL_MSG_VERDICT, NFQNL_MSG_CONFIG = 0, 1, 2
NFQA_CFG_CMD, NFQA_CFG_PARAMS, NFQA_CFG_QUEUE_MAXLEN = 1, 2, 3
NFQNL_CFG_CMD_BIND = 1
NFQNL_COPY_META = 1
NFQA_PACKET_HDR, NFQA_VERDICT_HDR = 1, 2
NF_ACCEPT = 1
NLM_F_REQUEST = 1
NLMSG_ERROR = 2
_HEADER = struct.Struct("=IHHII")  # nlmsghdr: length, type, flags, sequence, port id
_NFGEN = struct.Struct("=BBH")  # nfgenmsg: family, version, resource id (big-endian queue)


def _attribute(kind: int, payload: bytes) -> bytes:
    length = 4 + len(payload)
    return struct.pack("=HH", length, kind) + payload + b"\0" * (-length % 4)


def _message(kind: int, queue: int, attributes: bytes, sequence: int = 0) -> bytes:
    body = _NFGEN.pack(socket.AF_UNSPEC, 0, socket.htons(queue)) + attributes
    msg_type = (NFNL_SUBSYS_QUEUE << 8) | kind
    return _HEADER.pack(_HEADER.size + len(body), msg_type, NLM_F_REQUEST, sequence, 0) + body


class Queue:
    """One NFQUEUE, bound; packets' ids in, verdicts out."""

    def __init__(self, number: int, maxlen: int = 65536):
        self.number = number
        self.sock = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_NETFILTER)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 8 * 1024 * 1024)
        self.sock.bind((0, 0))
        cmd = struct.pack("!BBH", NFQNL_CFG_CMD_BIND, 0, 0)
        self.sock.send(_message(NFQNL_MSG_CONFIG, number, _attribute(NFQA_CFG_CMD, cmd)))
        params = struct.pack("!IB", 0, NFQNL_COPY_META) + b"\0" * 3
        self.sock.send(_message(NFQNL_MSG_CONFIG, number, _attribute(NFQA_CFG_PARAMS, params)))
        maxlen_attr = _attribute(NFQA_CFG_QUEUE_MAXLEN, struct.pack("!I", maxlen))
        self.sock.send(_message(NFQNL_MSG_CONFIG, number, maxlen_attr))

    def packets(self) -> list[int]:
        """The ids of the packets waiting (what one read brings)."""
        data = self.sock.recv(1 << 20)
        ids = []
        offset = 0
        while offset + _HEADER.size <= len(data):
            length, msg_type, _flags, _seq, _pid = _HEADER.unpack_from(data, offset)
            if length < _HEADER.size:
                break
            if msg_type & 0xFF == NFQNL_MSG_PACKET and msg_type >> 8 == NFNL_SUBSYS_QUEUE:
                at = offset + _HEADER.size + _NFGEN.size
                while at + 4 <= offset + length:
                    alen, akind = struct.unpack_from("=HH", data, at)
                    if alen < 4:
                        break
                    if akind & 0x7FFF == NFQA_PACKET_HDR:
                        ids.append(struct.unpack_from("!I", data, at + 4)[0])
                    at += alen + (-alen % 4)
            offset += length + (-length % 4)
        return ids

    def accept(self, packet_id: int) -> None:
        verdict = struct.pack("!II", NF_ACCEPT, packet_id)
        self.sock.send(
            _message(NFQNL_MSG_VERDICT, self.number, _attribute(NFQA_VERDICT_HDR, verdict))
        )


def hold(number: int, delay: float) -> None:
    """Release each packet `delay` seconds after it arrived, in order, for ever."""
    queue = Queue(number)
    waiting: collections.deque[tuple[float, int]] = collections.deque()
    while True:
        timeout = None
        if waiting:
            timeout = max(0.0, waiting[0][0] - time.monotonic())
        readable, _, _ = select.select([queue.sock], [], [], timeout)
        if readable:
            now = time.monotonic()
            waiting.extend((now + delay, packet_id) for packet_id in queue.packets())
        now = time.monotonic()
        while waiting and waiting[0][0] <= now:
            queue.accept(waiting.popleft()[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--queue", type=int, default=0)
    parser.add_argument("--ms", type=float, default=150.0, help="each packet's delay")
    args = parser.parse_args()
    hold(args.queue, args.ms / 1000)


if __name__ == "__main__":
    main()
