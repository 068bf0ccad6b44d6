"""`censorwatch catalog`: what would be checked, and where each endpoint comes from; probing
nothing."""

from __future__ import annotations

import json
import sys

from .common import EXIT_OK, load_catalog


def add_parser(sub, common) -> None:
    cat = sub.add_parser(
        "catalog", parents=[common], help="list what would be checked, probing nothing"
    )
    cat.add_argument("--json", action="store_true")


def run(args) -> int:
    catalog = load_catalog(args)
    if args.json:
        data = {
            "schema": "censorwatch.catalog/1",
            "path": catalog.path,
            "settings": {
                "timeout": catalog.settings.timeout,
                "interval": catalog.settings.interval,
                "resolver": catalog.settings.resolver,
                "control_resolvers": catalog.settings.control_resolvers,
                "decoy_sni": catalog.settings.decoy_sni,
            },
            "services": [
                {
                    "id": s.id,
                    "name": s.name,
                    "region": s.region,
                    "group": s.group,
                    "listed": s.is_listed,
                    "interval": s.interval or catalog.settings.interval,
                    "capabilities": s.capabilities,
                    "probes": [
                        {
                            "capability": p.capability,
                            "kind": p.kind,
                            "target": p.target,
                            "source": p.source,
                            **_extras(p),
                        }
                        for p in s.probes
                    ],
                    "not_measured": s.not_measured,
                }
                for s in catalog.services
            ],
        }
        json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
        print()
        return EXIT_OK
    print(f"# {catalog.path}")
    for s in catalog.services:
        if s.is_listed:
            region = " (on the white lists: a reference)"
        elif s.region == "domestic":
            region = " (domestic, on no white list: a control)"
        else:
            region = ""
        print(f"{s.id}: {s.name}{region} — {', '.join(s.capabilities)}")
        for p in s.probes:
            source = f"   [{p.source}]" if p.source else ""
            notes = ", ".join(f"{k} {v}" for k, v in _extras(p).items())
            how = f" ({notes})" if notes else ""
            print(f"    {p.capability:<9} {p.kind:<10} {p.target}{how}{source}")
        for capability, reason in s.not_measured.items():
            print(f"    {capability:<9} not measured: {reason}")
    return EXIT_OK


def _extras(p) -> dict[str, str]:
    """What a probe does besides the plain method of its kind, when it does."""
    out = {}
    if p.any_of:
        out["any_of"] = p.any_of
    if p.role:
        out["role"] = p.role
    if p.sni:
        out["sni"] = p.sni
    if p.trust != "system":
        out["trust"] = p.trust
    if p.direction != "download":
        out["direction"] = p.direction
    return out
