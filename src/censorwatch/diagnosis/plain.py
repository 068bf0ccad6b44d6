"""A service's state in the person's words, one line: "Calls don't connect since Tue 14:02;
messages work". The window's summary, the tray's notifications and `check` say it alike;
the technique's name ("SNI filtering") stays in the tooltip and the detail.

Each part is said by what the person notices, not by how it is done: the provider hides a
site (DNS), a site does not open (the connection is dropped, reset or cut), a block page
comes instead, it stops after the first few kilobytes, it is slowed down; calls do not
connect, messages do not get through."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence
from dataclasses import dataclass

from ..vocabulary import CAPABILITIES, RANK
from .wording import capability_word, translate


@dataclass(frozen=True, slots=True)
class Part:
    """One capability of a service as the round (or the history) left it."""

    name: str  # web, messages, calls, media, or a catalog's own
    status: str
    technique: str | None = None
    since: float | None = None  # Unix time the state began (censorwatch/since.py)
    first_look: bool = False  # already so at the first look: it began then or earlier


def part_words(part: Part) -> str:
    """What the person notices of one part, as a clause ("calls don't connect")."""
    name, status, technique = part.name, part.status, part.technique
    if status == "ok":
        return {
            "web": translate("Plain", "the site opens"),
            "messages": translate("Plain", "messages get through"),
            "calls": translate("Plain", "calls connect"),
            "media": translate("Plain", "video and pictures load"),
        }.get(name, translate("Plain", "{part} works").format(part=capability_word(name)))
    if status == "unknown":
        return translate("Plain", "{part}: cannot tell yet").format(part=capability_word(name))
    if status == "offline":
        return translate("Plain", "{part}: no connection to check it").format(
            part=capability_word(name)
        )
    if technique == "throttling":
        return {
            "web": translate("Plain", "the site is slowed down"),
            "media": translate("Plain", "video is slowed down"),
        }.get(name, translate("Plain", "{part} slowed down").format(part=capability_word(name)))
    if technique == "stall":
        return {
            "web": translate("Plain", "the site stops after the first few kilobytes"),
            "media": translate("Plain", "video stops after the first few kilobytes"),
        }.get(
            name,
            translate("Plain", "{part}: stops after the first few kilobytes").format(
                part=capability_word(name)
            ),
        )
    if technique == "quic":
        # Whatever column it stands in (HTTP/3 of its own, or a video service's media).
        return translate("Plain", "HTTP/3 is blocked (pages and video fall back to the slower way)")
    if technique == "ech":
        return translate("Plain", "encrypted ClientHello is dropped (sites open without it)")
    if technique == "vpn":
        return translate("Plain", "your VPN's protocol is blocked")
    if name == "calls":
        return translate("Plain", "calls don't connect")
    if name == "messages":
        return translate("Plain", "messages don't get through")
    word = capability_word(name)
    if technique == "dns":
        if name == "web":
            return translate("Plain", "the provider hides the site")
        return translate("Plain", "{part}: the provider hides it").format(part=word)
    if technique == "http_blockpage":
        if name == "web":
            return translate("Plain", "a block page instead of the site")
        return translate("Plain", "{part}: a block page instead").format(part=word)
    if technique == "tls_mitm":
        if name == "web":
            return translate("Plain", "someone intercepts the connection to the site")
        return translate("Plain", "{part}: someone intercepts the connection").format(part=word)
    if status == "degraded":
        return translate("Plain", "{part} works with trouble").format(part=word)
    if name == "web":
        return translate("Plain", "the site doesn't open")
    if name == "media":
        return translate("Plain", "video doesn't load")
    if name == "relays":
        return translate("Plain", "relays don't connect")
    if name == "app":
        return translate("Plain", "the app doesn't connect")
    return translate("Plain", "{part} doesn't open").format(part=word)


def when(t: float, now: float | None = None) -> str:
    """A moment as people say it: "14:02" today, "Tue 14:02" this week, else "12 Nov 14:02"
    (local time of the moment, its own offset)."""
    moment = dt.datetime.fromtimestamp(t).astimezone()
    today = dt.datetime.fromtimestamp(now).astimezone() if now is not None else None
    today_date = today.date() if today is not None else dt.date.today()
    # Not strftime: it imports the time module at each call, which a Qt binding's import
    # hook makes slow (a hundred summary lines at once stalled the window).
    hhmm = f"{moment.hour:02d}:{moment.minute:02d}"
    days = (today_date - moment.date()).days
    if days == 0:
        return hhmm
    if 0 < days < 7:
        return f"{weekday_name(moment.weekday())} {hhmm}"
    return f"{moment.day} {month_name(moment.month)} {hhmm}"


def weekday_name(i: int) -> str:
    """Monday is 0, in the person's language (short)."""
    return (
        translate("Plain", "Mon"),
        translate("Plain", "Tue"),
        translate("Plain", "Wed"),
        translate("Plain", "Thu"),
        translate("Plain", "Fri"),
        translate("Plain", "Sat"),
        translate("Plain", "Sun"),
    )[i]


def month_name(i: int) -> str:
    """January is 1, in the person's language (short)."""
    return (
        translate("Plain", "Jan"),
        translate("Plain", "Feb"),
        translate("Plain", "Mar"),
        translate("Plain", "Apr"),
        translate("Plain", "May"),
        translate("Plain", "Jun"),
        translate("Plain", "Jul"),
        translate("Plain", "Aug"),
        translate("Plain", "Sep"),
        translate("Plain", "Oct"),
        translate("Plain", "Nov"),
        translate("Plain", "Dec"),
    )[i - 1]


def _order(part: Part) -> tuple[int, int, str]:
    known = CAPABILITIES.index(part.name) if part.name in CAPABILITIES else len(CAPABILITIES)
    return (-RANK.get(part.status, 0), known, part.name)


def summary(status: str, parts: Sequence[Part], now: float | None = None) -> str:
    """The service in one line: what is wrong first, each with since when, then what works.
    `status`: the service's own verdict (a network that is down says so, once)."""
    measured = [p for p in parts if p.status != "not_measured"]
    if status == "offline" and all(p.status == "offline" for p in measured):
        since = min((p.since for p in measured if p.since), default=None)
        if since is None:
            return translate("Plain", "No connection to check it")
        return translate("Plain", "No connection to check it since {time}").format(
            time=when(since, now)
        )
    bad = sorted((p for p in measured if p.status != "ok"), key=_order)
    good = [p for p in measured if p.status == "ok"]
    if not measured:
        return translate("Plain", "Not checked yet")
    if not bad:
        return translate("Plain", "Everything works")
    clauses: list[str] = []
    # parts next to each other that began together are said with one "since"
    for (since, first_look, status), group in itertools.groupby(
        bad, key=lambda p: (p.since, p.first_look, p.status)
    ):
        text = ", ".join(part_words(p) for p in group)
        if since is not None and status in ("blocked", "degraded"):
            if first_look:  # the history begins with it: it may be older
                text = translate("Plain", "{what} since at least {time}").format(
                    what=text, time=when(since, now)
                )
            else:
                text = translate("Plain", "{what} since {time}").format(
                    what=text, time=when(since, now)
                )
        clauses.append(text)
    line = "; ".join(clauses)
    if len(good) == 1:
        line += "; " + part_words(good[0])
    elif good:
        line += "; " + translate("Plain", "the rest works")
    return line[:1].upper() + line[1:]
