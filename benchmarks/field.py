"""Verdicts on bad networks and the internet's ordinary shapes: the lab and the real engine
in a network namespace whose loopback loses packets (nftables, input hook; at random or in
bursts), is a slow link (tc tbf, MTU 1500) or a long path (every packet held in an NFQUEUE),
or whose lab answers in other ways (a resolver that is down, names with a dead address
among several, IPv6 only, servers that refuse the decoy with an alert), scored against the
lab's truth (lab/truth.py). Needs root and ip, nft, tc (iptables for a long path).

For each network: false claims of censorship against uncensored services (goal 0), technique
accuracy on the censored services (goal >= 97 % at 3 % loss), the "cannot tell" rate, the
median round time (goal: at 10 % loss within 2x the lossless round), and bytes per round.
Rounds alternate: one compares speeds (as the hourly comparison does), the next only checks
reachability (every other round of a day). Then the bytes a day of the built-in catalog at
its default intervals, estimated from the lossless lab rounds per probe kind (goal <= 50 MB).

    sudo .venv/bin/python benchmarks/field.py [--rounds 10] [--only "3 %" "IPv6"]
"""

from __future__ import annotations

import argparse
import collections
import dataclasses
import json
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from censorwatch import catalog  # noqa: E402
from censorwatch.catalog import cost  # noqa: E402
from censorwatch.lab import field  # noqa: E402
from censorwatch.lab.truth import ALL as TRUTH  # noqa: E402
from censorwatch.lab.truth import score  # noqa: E402


@dataclasses.dataclass(frozen=True)
class Net:
    """One network: the field lab's shape, and the lab's world and config in it."""

    label: str
    loss: float = 0.0
    rate: int | None = None
    burst: tuple[float, float] | None = None
    delay_ms: float = 0.0
    world: str = ""
    config: str = "lab"


NETWORKS = [
    Net("lossless"),
    Net("3 % loss", loss=3),
    Net("10 % loss", loss=10),
    Net("800 kbit/s", rate=800),
    Net("2 Mbit/s", rate=2000),
    Net("10 Mbit/s", rate=10000),
    Net("resolver silent", config="resolver-silent"),
    Net("resolver SERVFAIL", config="resolver-servfail"),
    Net("dead address first", world="dead-first"),
    Net("dead address last", world="dead-last"),
    Net("IPv6 only", world="ipv6"),
    Net("servers alert the decoy", world="alerting"),
    Net("2 s bursts every 20 s", burst=(2.0, 20.0)),
    Net("300 ms path, 3 % loss", loss=3, delay_ms=150),
    # Today's techniques (techniques.toml, with the real VPN servers in the namespace).
    Net("techniques", config="techniques"),
    Net("techniques, 3 % loss", loss=3, config="techniques"),
    Net("techniques, 10 % loss", loss=10, config="techniques"),
]
DAY = 86400


def run(net: Net, rounds: int) -> list[dict]:
    argv = [sys.executable, str(ROOT / "tests" / "field_rounds.py")]
    argv += ["--rounds", str(rounds), "--speed-every", "2"]
    argv += ["--world", net.world, "--config", net.config]
    if net.config == "techniques":
        argv.append("--vpn")
    shape = field.FieldLab(
        loss=net.loss, rate_kbit=net.rate, burst=net.burst, delay_ms=net.delay_ms
    )
    with shape as lab:
        done = lab.run(argv, capture_output=True, text=True, cwd=ROOT, timeout=3600)
    if done.returncode != 0:
        raise SystemExit(done.stderr[-3000:])
    return [json.loads(line) for line in done.stdout.splitlines()]


def med(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def summary(results: list[dict]) -> dict:
    counts: collections.Counter = collections.Counter()
    censored: collections.Counter = collections.Counter()
    misses: collections.Counter = collections.Counter()
    for r in results:
        for sid, s in r["services"].items():
            kind = score(s["status"], s["technique"], sid)
            counts[kind] += 1
            # Accuracy where the network lets a service be judged: a resolver that is down
            # or a white list makes it "cannot check" (offline), which is no verdict.
            if TRUTH[sid][0] != "ok" and s["status"] != "offline":
                censored[kind] += 1
            if kind != "right":
                misses[f"{sid} {kind} ({s['status']}/{s['technique']})"] += 1
    compare = [r for r in results if r["speed"] == "due"]
    light = [r for r in results if r["speed"] != "due"]
    verdicts = sum(counts.values())
    return {
        "resolver_down": sum(1 for r in results if r.get("resolver") == "not_answering"),
        "false": counts["false_alarm"],
        "wrong": counts["wrong"],
        "accuracy": censored["right"] / max(1, sum(censored.values())),
        "cannot_tell": counts["cannot_tell"] / max(1, verdicts),
        "light_s": med([r["seconds"] for r in light]),
        "compare_s": med([r["seconds"] for r in compare]),
        "light_bytes": med([r["bytes"] for r in light]),
        "compare_bytes": med([r["bytes"] for r in compare]),
        "loss": med([r["quality"]["loss_percent"] or 0 for r in results]),
        "link": med([r["quality"]["reference_kbps"] or 0 for r in compare]),
        "results": results,
        "misses": misses,
    }


def per_probe(results: list[dict], speed: str) -> dict[str, float]:
    """Median bytes per probe of each kind, in rounds that did (not) compare speeds."""
    samples: dict[str, list[float]] = collections.defaultdict(list)
    for r in results:
        if (r["speed"] == "due") != (speed == "due"):
            continue
        for kind, (n, nbytes) in r["bytes_by_kind"].items():
            samples[kind].append(nbytes / n)
    return {kind: med(v) for kind, v in samples.items()}


FREEZE_BYTES = 54_000  # a freeze series on a large object, TLS included (the lab twin)


def day_of_builtin(light: dict[str, float], compare: dict[str, float]) -> tuple[float, float]:
    """Bytes a day of the built-in catalog at its default intervals: (lab-sized pages,
    every page at the body cap), with the bytes per probe measured here. Pages of real
    services are larger than the lab's, and a fetch stops at the cap, so the second is the
    bound. The freeze series is not in the lab's main config: its twin's 54 KB."""
    cat = catalog.load_default()
    measured = {**light, "freeze": FREEZE_BYTES}
    comparison = compare.get("throughput", 0.0)
    cap_extra = 64 * 1024  # a page fetch moves at most the cap (plus headers)
    lab_total = bound = 0.0
    for service in cat.services:
        lab = cost.service_cost(service, cat.settings, True, measured, comparison).total
        pages = sum(1 for p in service.probes if p.kind == "https" and not p.any_of) + sum(
            1 for p in service.probes if p.kind == "throughput"
        )
        lab_total += lab
        bound += lab + cost.rounds_a_day(service, cat.settings) * pages * cap_extra
    return lab_total, bound


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--only", nargs="*", help="networks whose label holds one of these")
    args = parser.parse_args()
    networks = NETWORKS
    if args.only:
        networks = [n for n in NETWORKS if any(x in n.label for x in args.only)]
    why = field.missing(delay=any(n.delay_ms for n in networks))
    if why:
        raise SystemExit(why)
    print(
        f"{args.rounds} rounds per network of the lab's config with a 5 s step timeout, speeds"
        " compared every other round\n"
    )
    head = (
        f"{'network':<26}{'false':>6}{'wrong':>6}{'accuracy':>9}{'cannot':>8}"
        f"{'round s':>9}{'cmp s':>7}{'round KB':>10}{'cmp KB':>8}{'loss %':>8}{'link kbit':>10}"
    )
    print(head)
    rows = {}
    for net in networks:
        s = summary(run(net, args.rounds))
        rows[net.label] = s
        name = net.label + (f" ({s['resolver_down']} down)" if s["resolver_down"] else "")
        print(
            f"{name:<26}{s['false']:>6}{s['wrong']:>6}{100 * s['accuracy']:>8.1f}%"
            f"{100 * s['cannot_tell']:>7.1f}%{s['light_s']:>9.1f}{s['compare_s']:>7.1f}"
            f"{s['light_bytes'] / 1000:>10.0f}{s['compare_bytes'] / 1000:>8.0f}"
            f"{s['loss']:>8.1f}{s['link']:>10.0f}",
            flush=True,
        )
        if s["misses"]:
            print("    not right: " + "; ".join(f"{k} x{n}" for k, n in s["misses"].items()))
    techniques = rows.get("techniques")
    if techniques:
        # Every round of techniques.toml: the working twins and the censored ones alike.
        worked = {}
        for speed in ("due", "not_due"):
            worked.update(per_probe(techniques["results"], speed))
        print("\nbytes per probe of today's techniques (lossless, working and censored twins "
              "together): " + ", ".join(f"{k} {v / 1000:.1f} KB" for k, v in sorted(worked.items())))  # fmt: skip
    clean, lossy = rows.get("lossless"), rows.get("10 % loss")
    if clean and lossy:
        print(
            f"\nround at 10 % loss / lossless: {lossy['light_s'] / clean['light_s']:.2f}x "
            f"(checks only), {lossy['compare_s'] / clean['compare_s']:.2f}x (with comparison)"
        )
    if clean:
        light = per_probe(clean["results"], "not_due")
        fast = rows.get("10 Mbit/s", clean)
        compare = per_probe(fast["results"], "due")
        print("\nbytes per probe (lossless lab): " + ", ".join(
            f"{k} {v / 1000:.1f} KB" for k, v in sorted(light.items())
        ))  # fmt: skip
        print(f"a speed comparison (10 Mbit/s link): {compare.get('throughput', 0) / 1e6:.2f} MB")
        lab_day, bound = day_of_builtin(light, compare)
        print(
            f"built-in catalog, default intervals: {lab_day / 1e6:.1f} MB a day with lab-sized "
            f"pages, at most {bound / 1e6:.1f} MB a day with every page at the 64 KB cap"
        )
        shown = cost.catalog_cost(catalog.load_default()).total
        print(
            f"the program's estimate (catalog/cost.py, shown before anything is sent): "
            f"{shown / 1e6:.1f} MB a day, {100 * (shown / lab_day - 1):+.0f} % of the measured "
            "day (goal: within 20 %)"
        )


if __name__ == "__main__":
    main()
