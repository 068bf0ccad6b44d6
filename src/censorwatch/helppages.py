"""Short help pages for every word the window shows (each status and each technique), in
English and Russian, shipped with the program and read offline: what it is, how
censorwatch knows, what the person can do, how it is usually got around (without naming
products). The pages live in resources/help/<language>.toml; docs/verdicts.md is the
engineer's version."""

from __future__ import annotations

import html
import tomllib
from functools import cache
from typing import Any

from .resources import resources_dir
from .vocabulary import STATUSES, TECHNIQUES

LANGUAGES = ("en", "ru")
SECTIONS = ("what", "how", "do", "around")
WORDS = (*STATUSES, *TECHNIQUES)  # every word that gets a page


@cache
def pages(language: str) -> dict[str, Any]:
    """The pages of one language (English where the language has none)."""
    lang = language if language in LANGUAGES else "en"
    with (resources_dir() / "help" / f"{lang}.toml").open("rb") as f:
        return tomllib.load(f)


def page_html(word: str, language: str = "en") -> str:
    """One word's page as HTML (escaped: the pages are ours, but the rule holds)."""
    data = pages(language)
    page = data.get(word) or pages("en").get(word)
    if page is None:
        return ""
    heads = data["_sections"]
    out = [f"<h2>{html.escape(page['title'])}</h2>"]
    for key in SECTIONS:
        out.append(f"<h4>{html.escape(heads[key])}</h4><p>{html.escape(page[key])}</p>")
    if page.get("sources"):  # the public reports a technique's page rests on
        out.append(f"<h4>{html.escape(heads['sources'])}</h4><p>{html.escape(page['sources'])}</p>")
    return "".join(out)


def index_html(language: str = "en") -> str:
    """Every word with a link to its page (`help:<word>`)."""
    data = pages(language)
    items = "".join(
        f"<li><a href='help:{w}'>{html.escape(data[w]['title'])}</a></li>"
        for w in WORDS
        if w in data
    )
    return f"<h2>{html.escape(data['_sections']['index'])}</h2><ul>{items}</ul>"
