"""A service made from what a person has — a URL, a bare domain, `пример.рф`, a link copied
from the browser — the way the built-in catalog measures a site (one `https` probe of the
page, as OONI's web_connectivity measures a URL). The one rule for the window's "Add a site"
and `censorwatch add`."""

from __future__ import annotations

import datetime as dt
import re
import urllib.parse
from dataclasses import dataclass

from ..probes.names import BadName, ascii_name, unicode_name
from ..translation import translate
from .model import Catalog, ProbeSpec, Service
from .values import host_ok

# Top-level domains of Russian sites: .ru, .рф (xn--p1ai), .su.
DOMESTIC_TLDS = ("ru", "xn--p1ai", "su")
# Russian letters in Latin, as passports and domain names usually write them.
_LATIN = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
        [
            "a",
            "b",
            "v",
            "g",
            "d",
            "e",
            "e",
            "zh",
            "z",
            "i",
            "y",
            "k",
            "l",
            "m",
            "n",
            "o",
            "p",
            "r",
            "s",
            "t",
            "u",
            "f",
            "kh",
            "ts",
            "ch",
            "sh",
            "shch",
            "",
            "y",
            "",
            "e",
            "yu",
            "ya",
        ],
        strict=True,
    )
)


class NotASite(ValueError):
    """What the person typed is not a site we can check; the message says why."""


@dataclass(slots=True)
class NewSite:
    service: Service
    region_guessed: bool  # False: the region is the person's own choice
    region_sure: bool  # True: a Russian domain, or a site the built-in list knows

    @property
    def url(self) -> str:
        """What will be fetched (no query or fragment: a copied link may hold a session)."""
        return self.service.probes[0].url or ""


def site_url(text: str) -> str:
    """`online.sberbank.ru`, `пример.рф/news`, `https://host/path?x#y` → an https URL of the
    page (the scheme kept when given; query and fragment dropped)."""
    text = typed = text.strip()
    if not text:
        raise NotASite(translate("Config", "type a site's address, such as example.org"))
    if "://" not in text:
        text = "https://" + text.lstrip("/")
    parts = urllib.parse.urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise NotASite(
            translate("Config", "{text} is not a site's address: write it as example.org").format(
                text=repr(text)
            )
        )
    try:
        host = unicode_name(ascii_name(parts.hostname)).rstrip(".")
    except BadName:
        host = ""
    if not host or "." not in host or not host_ok(host):
        raise NotASite(
            translate(
                "Config", "{host} is not a site's name: a name has a dot, such as example.org"
            ).format(host=repr(typed))
        )
    netloc = host if parts.port is None else f"{host}:{parts.port}"
    return urllib.parse.urlunsplit((parts.scheme, netloc, parts.path or "/", "", ""))


def service_id(name: str, taken: set[str]) -> str:
    """An id from a name in any language ("Мой банк" → "moy-bank"), not one of `taken`."""
    latin = "".join(_LATIN.get(c, c) for c in name.lower())
    base = re.sub(r"[^a-z0-9]+", "-", latin).strip("-")[:40].strip("-") or "site"
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def _known_domestic(host: str, catalog: Catalog) -> Service | None:
    """The domestic service of `catalog` whose site is the host or a domain above it."""
    labels = ascii_name(host).split(".")
    suffixes = {".".join(labels[i:]) for i in range(len(labels) - 1)}
    for service in catalog.services:
        if service.region != "domestic":
            continue
        for probe in service.probes:
            target = probe.site
            if target and ascii_name(target).removeprefix("www.") in suffixes:
                return service
    return None


def new_site(
    text: str,
    into: Catalog,
    known: Catalog | None = None,
    name: str | None = None,
    region: str | None = None,
) -> NewSite:
    """A service for `text`, to add to `into`; `known` (the built-in catalog) tells domestic
    sites apart where the domain does not. NotASite when it cannot be one, or is watched
    already."""
    url = site_url(text)
    host = urllib.parse.urlsplit(url).hostname or ""
    for service in into.services:
        for probe in service.probes:
            target = probe.site
            if target and ascii_name(target) == ascii_name(host):
                raise NotASite(
                    translate("Config", "{host} is checked already, as {name}").format(
                        host=host, name=repr(service.name)
                    )
                )
    label = (name or "").strip() or host.removeprefix("www.")
    domestic_tld = ascii_name(host).rsplit(".", 1)[-1] in DOMESTIC_TLDS
    reference = _known_domestic(host, known) if known is not None else None
    sure = domestic_tld or reference is not None
    guessed = region is None
    if region is None:
        region = "domestic" if sure else "foreign"
    today = dt.date.today().isoformat()
    probe = ProbeSpec(
        capability="web",
        kind="https" if url.startswith("https:") else "http",
        url=url,
        source=translate("Config", "added by you ({date}); measured as OONI measures a URL").format(
            date=today
        ),
    )
    service = Service(
        id=service_id(label, {s.id for s in into.services}),
        name=label[:200],
        region=region,
        probes=[probe],
        # On the white lists only when the built-in list says so of its site: a site of
        # one's own is not a reference that tells a white list from a block.
        listed=reference.is_listed if reference is not None and region == "domestic" else False,
    )
    return NewSite(service, guessed, sure)
