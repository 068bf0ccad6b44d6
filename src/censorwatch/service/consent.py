"""The first run's consent, in every door: before `censorwatch watch` or `check` sends
anything it shows what the window's first start shows, and runs only once the person has
agreed (`--agree`, a yes at the terminal, the window's first start, or `censorwatch
install-service`, which asks). The agreement is a small file in the history's folder, with
the time and the way it was given: once per history is enough (cron keeps working)."""

from __future__ import annotations

import datetime as dt
import sys
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
                "the checks themselves (about 64 MB a day with the whole built-in list, within "
                "the daily data limit you set; less on a metered connection). What it "
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


def record(data_dir: Path, how: str = "censorwatch watch --agree") -> None:
    folder = Path(data_dir)
    folder.mkdir(parents=True, exist_ok=True)
    when = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    (folder / FILE).write_text(
        f"agreed {when} to the text below ({how})\n\n{text()}\n", encoding="utf-8"
    )


def ask(data_dir: Path, command: str, agree: bool, interactive: bool) -> str | None:
    """Make sure the person has agreed before `command` sends anything: with `agree`, it is
    recorded; at a terminal, the notice is shown and a yes recorded; otherwise the one line
    that says how to agree is returned (and nothing may be sent)."""
    if agree:
        record(data_dir, f"censorwatch {command} --agree")
    if given(data_dir):
        return None
    if interactive:
        print(text(), file=sys.stderr)
        question = translate("Watch", "Agree and start checking? [y/N] ")
        try:
            answer = input("\n" + question).strip().lower()
        except EOFError:
            answer = ""
        if answer in ("y", "yes", "д", "да"):
            record(data_dir, f"censorwatch {command}, agreed at the terminal")
            return None
    return translate(
        "Watch",
        "nothing was sent: first agree to what the checks mean for you — run `censorwatch {command} --agree` once for this history (or start the window, which asks)",
    ).format(command=command)
