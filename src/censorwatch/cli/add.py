"""`censorwatch add URL`: a site into the person's config, as the window's "Add a site" adds
it (catalog/from_text.py), written through tomlkit with the file's comments kept."""

from __future__ import annotations

import sys
from pathlib import Path

from .. import catalog as catalog_mod
from ..catalog.from_profile import PROTOCOLS, NotAProfile, is_profile, new_vpn
from ..catalog.from_text import NotASite, new_site
from ..diagnosis.wording import catalog_text, translate
from ..vocabulary import REGIONS
from .common import EXIT_OK, EXIT_USAGE, user_config_path


def add_parser(sub, common) -> None:
    add = sub.add_parser(
        "add",
        parents=[common],
        help="add a site to watch: a URL, a bare domain or пример.рф (into your config)",
    )
    add.add_argument(
        "site",
        metavar="URL|PROFILE",
        help="what you would type in the browser, or your VPN's profile (a WireGuard .conf or "
        "an OpenVPN .ovpn file: its handshake is checked; the keys stay in your file)",
    )
    add.add_argument("--name", help="the name shown (default: the site's domain)")
    add.add_argument(
        "--region",
        choices=REGIONS,
        help="domestic or foreign (default: guessed from the domain; it decides how white "
        "lists are judged)",
    )
    add.add_argument(
        "--compare-port",
        type=int,
        metavar="PORT",
        help="a VPN profile's: a TCP port of the same server that answers whatever happens to "
        "the VPN (SSH's 22, a web server's 443): it tells a blocked protocol from a server "
        "that is down",
    )


def run(args) -> int:
    path = Path(args.config) if args.config else user_config_path()
    built_in = catalog_mod.load_default()
    # Without a config of your own, the built-in list is what runs: it is kept, with the site.
    into = catalog_mod.load(path) if path.is_file() else built_in
    if is_profile(args.site) or args.compare_port is not None:
        return _add_vpn(args, path, into)
    try:
        site = new_site(args.site, into, built_in, name=args.name, region=args.region)
    except NotASite as exc:
        print(f"censorwatch: {exc}", file=sys.stderr)
        return EXIT_USAGE
    into.services.append(site.service)
    path.parent.mkdir(parents=True, exist_ok=True)
    catalog_mod.save(into, path)
    region = {
        "domestic": translate("Add", "a Russian site"),
        "foreign": translate("Add", "a foreign site"),
    }[site.service.region]
    print(
        translate("Add", "Added {name} ({url}) as {region}, id {id}, to {path}.").format(
            name=catalog_text(site.service.name),
            url=site.url,
            region=region,
            id=site.service.id,
            path=path,
        )
    )
    if site.region_guessed and not site.region_sure:
        print(
            translate(
                "Add",
                "Taken as foreign: during white-list hours foreign sites are expected to fail, and a domestic one that fails tells you the list is on. If it is a Russian site, run again with --region domestic.",
            )
        )
    return EXIT_OK


def _add_vpn(args, path: Path, into: catalog_mod.Catalog) -> int:
    if args.compare_port is not None and not 1 <= args.compare_port <= 65535:
        print(translate("Add", "censorwatch: --compare-port must be 1 to 65535"), file=sys.stderr)
        return EXIT_USAGE
    try:
        vpn = new_vpn(args.site, into, name=args.name, compare_port=args.compare_port)
    except NotAProfile as exc:
        print(f"censorwatch: {exc}", file=sys.stderr)
        return EXIT_USAGE
    into.services.append(vpn.service)
    path.parent.mkdir(parents=True, exist_ok=True)
    catalog_mod.save(into, path)
    print(
        translate(
            "Add", "Added {name}: the {protocol} handshake with {endpoint}, id {id}, to {path}."
        ).format(
            name=vpn.service.name,
            protocol=PROTOCOLS[vpn.kind],
            endpoint=vpn.endpoint,
            id=vpn.service.id,
            path=path,
        )
    )
    print(
        translate(
            "Add",
            "The keys stay in your file: censorwatch reads them at each check and stores them nowhere.",
        )
    )
    if vpn.readable_by_others:
        print(
            translate(
                "Add",
                "Warning: other users of this computer can read the profile, and the keys in it: chmod 600 {file}",
            ).format(file=args.site)
        )
    if args.compare_port is None:
        print(
            translate(
                "Add",
                'Without --compare-port a silent server reads "cannot tell" (it may be down); name a TCP port of the same server that answers to tell a block from an outage.',
            )
        )
    return EXIT_OK
