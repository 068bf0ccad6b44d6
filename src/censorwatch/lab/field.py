"""The field lab: the lab and the probes in a network namespace of their own, whose loopback
loses packets at random and is shaped to a slow link, as mobile and hotel networks are.

Loss is dropped on the input hook (nftables `numgen random`): a drop on output would return
an error to the sender, which no real network does. The rate is a token bucket (tc `tbf`)
with the loopback's MTU set to 1500, as on a real link (with loopback's 64 KiB MTU, tbf
drops every large segment). Needs root and the `ip`, `nft` and `tc` commands (Linux);
traffic never leaves the namespace's own loopback.

    with FieldLab(loss=10, rate_kbit=800) as field:
        field.run([sys.executable, "-m", "censorwatch", "check", ...])
"""

from __future__ import annotations

import os
import shutil
import subprocess
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

TOOLS = ("ip", "nft", "tc")


def missing() -> str | None:
    """Why a field lab cannot be made here, or None."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        return "the field lab needs root (network namespaces)"
    absent = [t for t in TOOLS if shutil.which(t) is None]
    if absent:
        return f"the field lab needs {', '.join(absent)} (Debian: iproute2, nftables)"
    return None


@dataclass
class FieldLab:
    """A network namespace with a lossy, slow loopback. `loss` in percent (of packets
    arriving, each direction), `rate_kbit` the link's rate (None: not shaped)."""

    loss: float = 0.0
    rate_kbit: int | None = None
    name: str = ""

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
        problem = missing()
        if problem:
            raise OSError(problem)
        subprocess.run(["ip", "netns", "add", self.name], check=True, capture_output=True)
        try:
            self._ns("ip", "link", "set", "lo", "mtu", "1500")
            self._ns("ip", "link", "set", "lo", "up")
            if self.loss > 0:
                # numgen random mod 1000: a per-mille threshold, applied on input only.
                threshold = max(1, round(self.loss * 10))
                self._ns(
                    "nft",
                    "-f",
                    "-",
                    stdin=(
                        "table inet field {\n"
                        "  chain input {\n"
                        "    type filter hook input priority 0; policy accept;\n"
                        f"    numgen random mod 1000 < {threshold} drop\n"
                        "  }\n"
                        "}\n"
                    ),
                )
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

    def stop(self) -> None:
        subprocess.run(["ip", "netns", "del", self.name], check=False, capture_output=True)

    def __enter__(self) -> FieldLab:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def describe(self) -> str:
        parts = [f"{self.loss:g} % loss" if self.loss else "no loss"]
        parts.append(f"{self.rate_kbit} kbit/s" if self.rate_kbit else "unshaped")
        return ", ".join(parts)
