"""Two answers to the same request compared, as OONI's Web Connectivity compares a page with
its control's: the same status, and the same title or bodies of about the same length (the
shorter at least 70 % of the longer)."""

from __future__ import annotations

import html
import re

from .records import HttpExchange

_TITLE = re.compile(rb"<title[^>]*>(.*?)</title", re.IGNORECASE | re.DOTALL)
LENGTH_PROPORTION = 0.7


def title(body: bytes) -> str:
    found = _TITLE.search(body[:65536])
    if not found:
        return ""
    text = found.group(1).decode("utf-8", "replace")
    return " ".join(html.unescape(text).split())[:200]


def length(h: HttpExchange) -> int:
    """The body's length: as the server declared it, else as much as arrived (a body read
    only up to a cap is compared by what the server said it holds)."""
    declared = next((v for k, v in h.headers if k.lower() == "content-length"), "")
    return int(declared) if declared.strip().isdigit() else h.body_bytes


def alike(a: HttpExchange, b: HttpExchange) -> bool:
    if a.status != b.status:
        return False
    ta, tb = title(a.body), title(b.body)
    if ta and tb:
        return ta == tb
    la, lb = length(a), length(b)
    longer = max(la, lb)
    return longer == 0 or min(la, lb) / longer >= LENGTH_PROPORTION
