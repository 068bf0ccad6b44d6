"""`censorwatch add URL`: a site into the person's config, as the window's "Add a site" adds
it (catalog/from_text.py), written through tomlkit with the file's comments kept."""

from __future__ import annotations

import sys
from pathlib import Path

from .. import catalog as catalog_mod
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
    add.add_argument("site", metavar="URL", help="what you would type in the browser")
    add.add_argument("--name", help="the name shown (default: the site's domain)")
    add.add_argument(
        "--region",
        choices=REGIONS,
        help="domestic or foreign (default: guessed from the domain; it decides how white "
        "lists are judged)",
    )


def run(args) -> int:
    path = Path(args.config) if args.config else user_config_path()
    built_in = catalog_mod.load_default()
    # Without a config of your own, the built-in list is what runs: it is kept, with the site.
    into = catalog_mod.load(path) if path.is_file() else built_in
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
