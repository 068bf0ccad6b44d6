"""How services are grouped where a person sees them (the status grid, the checklist of the
built-in list): by the catalog's `group`, domestic services without one among the domestic
references, the rest under "other"."""

from __future__ import annotations

from .model import Service

ORDER = ("messengers", "video", "social", "news", "tools", "domestic")


def group_of(service: Service) -> str:
    return service.group or ("domestic" if service.region == "domestic" else "")


def grouped(services: list[Service]) -> list[tuple[str, list[Service]]]:
    """(group, its services in catalog order), groups in ORDER, then others as they come."""
    groups: dict[str, list[Service]] = {}
    for s in services:
        groups.setdefault(group_of(s), []).append(s)
    order = [g for g in ORDER if g in groups] + [g for g in groups if g not in ORDER]
    return [(g, groups[g]) for g in order]
