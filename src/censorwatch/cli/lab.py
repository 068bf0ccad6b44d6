"""`censorwatch lab`: run the local censorship lab and print the config that points at it."""

from __future__ import annotations

import signal
import threading

from .common import EXIT_OK


def add_parser(sub, common) -> None:
    lab = sub.add_parser(
        "lab", help="run the local censorship lab and print the config that points at it"
    )
    lab.add_argument(
        "--folder", metavar="DIR", help="where to write the lab's certificates and configs"
    )
    lab.add_argument(
        "--no-vpn",
        action="store_true",
        help="do not run the real WireGuard and OpenVPN servers (they need root)",
    )


def run(args) -> int:
    from ..lab import Lab

    lab = Lab(args.folder, vpn=not args.no_vpn).start()
    print("censorwatch lab is running on 127.77.0.0/16 (Ctrl-C to stop).")
    print(f"config: {lab.config_path}")
    print("more scenarios:")
    for name in ("catalog", "whitelist", "whitelist-address", "hostile", "offline", "techniques"):
        print(f"  {lab.config(name)}")
    if lab.vpn_problem:
        print(f"techniques.toml has no VPN twins: {lab.vpn_problem}")
    print(f"try: censorwatch check --agree --config {lab.config_path}", flush=True)
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    try:
        while not stop.wait(1):
            pass
    finally:
        lab.stop()
    return EXIT_OK
