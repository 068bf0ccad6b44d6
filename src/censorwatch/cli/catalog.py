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
                    "interval": s.interval or catalog.settings.interval,
                    "capabilities": s.capabilities,
                    "probes": [
                        {
                            "capability": p.capability,
                            "kind": p.kind,
                            "target": p.target,
                            "source": p.source,
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
        region = " (domestic reference)" if s.region == "domestic" else ""
        print(f"{s.id}: {s.name}{region} — {', '.join(s.capabilities)}")
        for p in s.probes:
            source = f"   [{p.source}]" if p.source else ""
            print(f"    {p.capability:<9} {p.kind:<10} {p.target}{source}")
        for capability, reason in s.not_measured.items():
            print(f"    {capability:<9} not measured: {reason}")
    return EXIT_OK
