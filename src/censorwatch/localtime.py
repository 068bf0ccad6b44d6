"""Times as a person reads them: local time of the moment itself (its own offset, so the
hours on each side of a change to or from summer time are right), one rule for every text,
export and axis. Stored and exchanged times stay UTC (ISO 8601, `Z`) or Unix seconds."""

from __future__ import annotations

import datetime as dt

MINUTE = "%Y-%m-%d %H:%M"


def from_unix(seconds: float, zone: bool = False) -> str:
    """Unix seconds as local 'YYYY-MM-DD HH:MM' (with the zone's name when `zone`)."""
    moment = dt.datetime.fromtimestamp(seconds).astimezone()
    return moment.strftime(f"{MINUTE} %Z" if zone else MINUTE)


def short(seconds: float) -> str:
    """'HH:MM' today, else 'YYYY-MM-DD HH:MM' (local)."""
    moment = dt.datetime.fromtimestamp(seconds).astimezone()
    return moment.strftime("%H:%M" if moment.date() == dt.date.today() else MINUTE)


def utc_offset(moment: dt.datetime | float) -> str:
    """ "UTC+03:00": the offset of an aware moment, or of the local zone at Unix seconds;
    "" for a moment that names no zone."""
    if not isinstance(moment, dt.datetime):
        moment = dt.datetime.fromtimestamp(moment).astimezone()
    text = moment.strftime("%z")
    return f"UTC{text[:3]}:{text[3:]}" if text else ""


def _moment(iso: object) -> dt.datetime | None:
    """An ISO time (UTC with `Z`, or with an offset; none means UTC) as an aware datetime;
    None when it is not one (a value from someone else's log may be anything)."""
    if not isinstance(iso, str):
        return None
    try:
        moment = dt.datetime.fromisoformat(iso.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)


def unix_from_iso(iso: object) -> float | None:
    """An ISO time as Unix seconds; None when it is not one."""
    moment = _moment(iso)
    return None if moment is None else moment.timestamp()


def from_iso(iso: str, zone: bool = False) -> str:
    """An ISO time as local 'YYYY-MM-DD HH:MM'; text that is not a time comes back as it was."""
    moment = _moment(iso)
    if moment is None:
        return iso
    return moment.astimezone().strftime(f"{MINUTE} %Z" if zone else MINUTE)
