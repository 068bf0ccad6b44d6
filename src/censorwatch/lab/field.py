"""The field lab: the lab and the probes in a network namespace of their own, whose loopback
loses packets at random or in bursts, is shaped to a slow link and delays every packet, as
mobile and hotel networks do.

Loss is dropped on the input hook (nftables `numgen random`): a drop on output would return
an error to the sender, which no real network does. A burst drops everything for a while,
every so often (a rule switched on and off by a thread). The rate is a token bucket (tc
`tbf`) with the loopback's MTU set to 1500, as on a real link (with loopback's 64 KiB MTU,
tbf drops every large segment). The delay: every arriving packet held in an NFQUEUE by
lab/delay.py (netem is not in every kernel), so a 150 ms hold makes a 300 ms path. Needs
root and the `ip`, `nft` and `tc` commands (and `iptables` for a delay) (Linux); traffic
never leaves the namespace's own loopback.

    with FieldLab(loss=10, rate_kbit=800) as field:
        field.run([sys.executable, "-m", "censorwatch", "check", ...])
"""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
import threading
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

TOOLS = ("ip", "nft", "tc")


def missing(delay: bool = False) -> str | None:
    """Why a field lab cannot be made here, or None."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        return "the field lab needs root (network namespaces)"
    absent = [
        t for t in (*TOOLS, *(("iptables", "ip6tables") if delay else ())) if not shutil.which(t)
    ]
    if absent:
        return f"the field lab needs {', '.join(absent)} (Debian: iproute2, nftables, iptables)"
    return None


@dataclass
class FieldLab:
    """A network namespace with a lossy, slow, long loopback. `loss` in percent (of packets
    arriving, each direction), `rate_kbit` the link's rate (None: not shaped), `burst`
    (seconds dropped, every so many seconds), `delay_ms` each packet's hold on arrival (a
    path of twice that)."""

    loss: float = 0.0
    rate_kbit: int | None = None
    name: str = ""
    burst: tuple[float, float] | None = None
    delay_ms: float = 0.0
    # The namespace's own /etc/resolv.conf (`ip netns exec` puts /etc/netns/NAME/resolv.conf
    # in its place): the system resolver of the programs run inside.
    resolv_conf: str | None = None
    _stop: threading.Event = field(default_factory=threading.Event, repr=False)
    _threads: list[threading.Thread] = field(default_factory=list, repr=False)
    _delayer: subprocess.Popen | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        self.name = self.name or f"cwfield-{uuid.uuid4().hex[:8]}"

    def _ns(self, *command: str, stdin: str | None = None) -> None:
        subprocess.run(
            ["ip", "netns", "exec", self.name, *command],
            input=stdin,
            text=True,
            check=True,
            capture_output=True,
        )

    def start(self) -> FieldLab:
        problem = missing(delay=bool(self.delay_ms))
        if problem:
            raise OSError(problem)
        subprocess.run(["ip", "netns", "add", self.name], check=True, capture_output=True)
        if self.resolv_conf is not None:
            folder = Path("/etc/netns") / self.name
            folder.mkdir(parents=True, exist_ok=True)
            (folder / "resolv.conf").write_text(self.resolv_conf, encoding="utf-8")
        try:
            self._ns("ip", "link", "set", "lo", "mtu", "1500")
            self._ns("ip", "link", "set", "lo", "up")
            # numgen random mod 1000: a per-mille threshold, applied on input only; the
            # burst chain holds a drop rule while a burst lasts.
            threshold = max(1, round(self.loss * 10)) if self.loss > 0 else 0
            self._ns(
                "nft",
                "-f",
                "-",
                stdin=(
                    "table inet field {\n"
                    "  chain burst {\n  }\n"
                    "  chain input {\n"
                    "    type filter hook input priority -10; policy accept;\n"
                    + (f"    numgen random mod 1000 < {threshold} drop\n" if threshold else "")
                    + "    jump burst\n"
                    "  }\n"
                    "}\n"
                ),
            )
            if self.burst:
                thread = threading.Thread(target=self._bursts, daemon=True, name=self.name)
                thread.start()
                self._threads.append(thread)
            if self.delay_ms:
                self._hold_packets()
            if self.rate_kbit:
                # A burst of a few MTUs and a queue of about half a second, as on a real link.
                burst = max(4 * 1514, self.rate_kbit * 1000 // 8 // 50)
                self._ns(
                    "tc", "qdisc", "add", "dev", "lo", "root", "tbf",
                    "rate", f"{self.rate_kbit}kbit", "burst", str(burst), "latency", "500ms",
                )  # fmt: skip
        except BaseException:
            self.stop()
            raise
        return self

    def command(self, argv: Sequence[str]) -> list[str]:
        """`argv` run inside the namespace."""
        return ["ip", "netns", "exec", self.name, *argv]

    def run(self, argv: Sequence[str], **kwargs) -> subprocess.CompletedProcess:
        return subprocess.run(self.command(argv), **kwargs)

    def _bursts(self) -> None:
        """Everything dropped for `burst[0]` seconds, every `burst[1]` seconds, from a
        random point of the cycle (a round meets the bursts wherever they fall)."""
        length, period = self.burst or (0.0, 1.0)
        if self._stop.wait(random.uniform(0, period - length)):
            return
        while not self._stop.is_set():
            self._ns("nft", "add", "rule", "inet", "field", "burst", "drop")
            self._stop.wait(length)
            self._ns("nft", "flush", "chain", "inet", "field", "burst")
            if self._stop.wait(period - length):
                return

    def _hold_packets(self) -> None:
        """Every arriving packet through an NFQUEUE to lab/delay.py (both families)."""
        for tool in ("iptables", "ip6tables"):
            self._ns(tool, "-A", "INPUT", "-j", "NFQUEUE", "--queue-num", "0", "--queue-bypass")
        self._delayer = subprocess.Popen(
            self.command(
                [sys.executable, "-m", "censorwatch.lab.delay", "--ms", str(self.delay_ms)]
            )
        )

    def stop(self) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(10)
        if self._delayer is not None:
            self._delayer.terminate()
            self._delayer.wait(10)
        subprocess.run(["ip", "netns", "del", self.name], check=False, capture_output=True)
        shutil.rmtree(Path("/etc/netns") / self.name, ignore_errors=True)

    def __enter__(self) -> FieldLab:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def describe(self) -> str:
        parts = [f"{self.loss:g} % loss" if self.loss else "no loss"]
        if self.burst:
            parts.append(f"{self.burst[0]:g} s bursts every {self.burst[1]:g} s")
        if self.delay_ms:
            parts.append(f"{2 * self.delay_ms:g} ms path")
        parts.append(f"{self.rate_kbit} kbit/s" if self.rate_kbit else "unshaped")
        return ", ".join(parts)
