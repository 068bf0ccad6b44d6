"""The first run's consent, for the headless case: before `censorwatch watch` sends anything
it shows what the window's first start shows, and runs only once the person has agreed
(`--agree`, or `censorwatch install-service`, which asks). The agreement is a small file in
the history's folder, with the time it was given."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ..diagnosis.wording import translate

FILE = "watch-consent.txt"


def text() -> str:
    """The three paragraphs (each its own message: lupdate misreads escapes in joined
    literals)."""
    return "\n\n".join(
        (
            translate(
                "Watch",
                "censorwatch checks whether services you depend on are blocked. To check, it "
                "connects to those services from this computer, as a browser or messenger "
                "would, every few minutes for as long as it runs. Your internet provider (and "
                "anyone who watches your network) can see these connections, including to "
                "services that are blocked where you are. If that could put you at risk, check "
                "only what you would open anyway, or stop here.",
            ),
            translate(
                "Watch",
                "censorwatch uploads nothing and has no telemetry: the only traffic it sends is "
                "the checks themselves (about 50 MB a day with the built-in list). What it "
                "finds stays on this computer, unless you turn on its metrics for a team's "
                "Prometheus to read: then that server sees the verdicts, the times and the "
                "labels you chose, never your addresses.",
            ),
            translate(
                "Watch",
                "A VPN or proxy changes what the checks describe: censorwatch says so when it "
                "notices one.",
            ),
        )
    )


def given(data_dir: Path) -> bool:
    return (Path(data_dir) / FILE).is_file()


def record(data_dir: Path) -> None:
    folder = Path(data_dir)
    folder.mkdir(parents=True, exist_ok=True)
    when = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    (folder / FILE).write_text(
        f"agreed {when} to the text below (censorwatch watch --agree)\n\n{text()}\n",
        encoding="utf-8",
    )
