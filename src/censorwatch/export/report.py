"""The HTML report: one self-contained, print-friendly file (styles and charts inline, no
external request) with the network states, a timeline per service, the verdicts and the
evidence of each failure."""

from __future__ import annotations

import datetime as dt
import html
import time
from typing import Any

from .. import __version__
from ..diagnosis import evidence_lines_of
from ..diagnosis.plain import when
from ..diagnosis.wording import (
    STATUS_COLOURS,
    capability_word,
    gap_words,
    part_words,
    status_word,
    technique_short,
    translate,
    uptime_words,
)
from ..localtime import from_iso, from_unix
from ..measurement import Measurement
from ..store import Bucket, Store
from .diagnosis import overview, summary_lines
from .jsonl import fast_jsonl
from .redact import Redactor
from .rows import TextOut
from .shared import EMBED_CLOSE, EMBED_OPEN, ScriptSafe

NETWORK_COLOURS = {"online": "#2e7d32", "whitelist": "#ef8f00", "offline": "#616161"}
BUCKETS = 120
CSS = """
body{font:14px/1.45 system-ui,sans-serif;margin:24px;color:#212121;max-width:1100px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 8px;border-bottom:1px solid #ccc}
h3{font-size:15px;margin:18px 0 4px}.meta{color:#555}.tag{display:inline-block;padding:1px 8px;
border-radius:10px;color:#fff;font-size:12px}table{border-collapse:collapse;margin:6px 0}
td,th{border:1px solid #ddd;padding:3px 8px;text-align:left;vertical-align:top}
code,pre{font:12px/1.4 ui-monospace,monospace;white-space:pre-wrap;word-break:break-all}
.service{page-break-inside:avoid}svg{display:block}.axis text{font-size:10px;fill:#666}
.summary{background:#f5f5f5;border-radius:6px;padding:4px 14px;margin:10px 0}.summary p{margin:6px 0}
@media print{body{margin:0}h2{page-break-after:avoid}}
"""


def _local(ms_or_s: float) -> str:
    return from_unix(ms_or_s, zone=True)


def _iso_local(iso: str) -> str:
    return from_iso(iso)


def _network_word(state: str) -> str:
    return {
        "online": translate("Verdict", "network works"),
        "whitelist": translate("Verdict", "white list"),
        "offline": translate("Verdict", "no connection"),
    }.get(state, state)


def _gap(state: dict[str, Any]) -> str:
    """The last gap inside a stretch, after its since ("; your connection was down …")."""
    gap = state.get("gap")
    if not gap:
        return ""
    return "; " + gap_words(gap["status"], _iso_local(gap["from"]), _iso_local(gap["to"]))


def _band(
    buckets: list[Bucket], colours: dict[str, str], width: int = 960, height: int = 18
) -> str:
    """A status band as inline SVG: one rectangle per slice, grey where nothing was measured."""
    w = width / max(1, len(buckets))
    rects = []
    for i, b in enumerate(buckets):
        status = b.status
        colour = colours.get(status or "", "#eeeeee")
        title = html.escape(
            f"{_local(b.start)}: {', '.join(f'{k} {v}' for k, v in b.counts.items()) or 'no checks'}"
        )
        rects.append(
            f'<rect x="{i * w:.2f}" y="0" width="{w + 0.3:.2f}" height="{height}" fill="{colour}"><title>{title}</title></rect>'
        )
    return f'<svg width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img">{"".join(rects)}</svg>'


def _axis(start: float, end: float, width: int = 960, ticks: int = 5) -> str:
    """The time under a band: a few moments as people say them, in local time."""
    marks = []
    for i in range(ticks):
        x = i * width / (ticks - 1)
        anchor = "start" if i == 0 else "end" if i == ticks - 1 else "middle"
        moment = start + (end - start) * i / (ticks - 1)
        marks.append(
            f'<text x="{x:.0f}" y="11" text-anchor="{anchor}">{html.escape(when(moment))}</text>'
        )
    return (
        f'<svg width="{width}" height="14" viewBox="0 0 {width} 14" class="axis" '
        f'aria-hidden="true">{"".join(marks)}</svg>'
    )


def _summary(lines: list[str]) -> str:
    """The whole connection's summary (export/diagnosis.py) as the report's opening."""
    out, items = [], []
    for line in lines[1:]:
        if line.startswith("- "):
            items.append(f"<li>{html.escape(line[2:])}</li>")
            continue
        if items:
            out.append("<ul>" + "".join(items) + "</ul>")
            items = []
        out.append(f"<p>{html.escape(line)}</p>")
    if items:
        out.append("<ul>" + "".join(items) + "</ul>")
    return "<div class='summary'>" + "".join(out) + "</div>"


def _tag(status: str | None) -> str:
    colour = STATUS_COLOURS.get(status or "", "#9e9e9e")
    return f'<span class="tag" style="background:{colour}">{html.escape(status_word(status) if status else "—")}</span>'


def write_html(
    store: Store,
    out: TextOut,
    since: float | None = None,
    until: float | None = None,
    service: str | None = None,
    redactor: Redactor | None = None,
) -> int:
    now = time.time()
    end = until or now
    start = since
    if start is None:  # everything: from the history's first round (a week when it has none)
        first = store.round_span(0, end)
        start = first[0] if first is not None else end - 7 * 86400
    # The bands cover the log's own rounds when they are fewer than the period (a short log
    # fills its bands instead of being a sliver at their edge).
    span = store.round_span(start, end)
    band_start, band_end = start, end
    if span is not None:
        band_start = max(start, span[0])
        band_end = min(end, max(span[1] + 60, band_start + 300))
    services = store.service_ids()
    latest = {e["service"]: e for e in store.latest()}
    if service:
        services = {k: v for k, v in services.items() if k == service}
    # The evidence of each failure: the last failed measurement per probe, and how many.
    redactor = redactor or Redactor(False)
    failures: dict[tuple[str, str, str, str], Measurement] = {}
    counts: dict[tuple[str, str, str, str], int] = {}
    total = 0
    for m in store.measurements(start, end, service):
        total += 1
        if m.status in ("blocked", "degraded"):
            probe = (m.service, m.capability, m.kind, m.target)
            failures[probe] = m
            counts[probe] = counts.get(probe, 0) + 1
    # Every word a person reads, through the translation (pyside6-lupdate finds them here).
    t = {
        "censorwatch_report": html.escape(translate("Verdict", "censorwatch report")),
        "period": html.escape(translate("Verdict", "Period")),
        "measurements": html.escape(translate("Verdict", "%n measurement(s)", None, total)),
        "made": html.escape(translate("Verdict", "made")),
        "on": html.escape(translate("Verdict", "on")),
        "network": html.escape(translate("Verdict", "Network")),
        "services": html.escape(translate("Verdict", "Services")),
        "domestic_reference": html.escape(translate("Verdict", "domestic reference")),
        "in_the_period": html.escape(translate("Verdict", "in the period")),
        "last": html.escape(translate("Verdict", "last")),
        "changes": html.escape(translate("Verdict", "Changes")),
        "time": html.escape(translate("Verdict", "time")),
        "service": html.escape(translate("Verdict", "service")),
        "now": html.escape(translate("Verdict", "now")),
        "before": html.escape(translate("Verdict", "before")),
    }
    where = html.escape(redactor.machine())
    w = out.write
    w("<!DOCTYPE html><html><head><meta charset='utf-8'>")
    made = dt.datetime.fromtimestamp(now).astimezone().isoformat(timespec="seconds")
    w(f"<meta name='generator' content='censorwatch {html.escape(__version__)}'>")
    w(f"<meta name='censorwatch-made' content='{made}'>")  # the maker's time and zone
    w(f"<title>{t['censorwatch_report']}</title><style>{CSS}</style></head><body>")
    w(f"<h1>{t['censorwatch_report']}</h1>")
    w(
        f"<p class='meta'>{t['period']}: {_local(start)} — {_local(end)} · {t['measurements']} · "
        f"{t['made']} {_local(now)} {t['on']} {where} · censorwatch {__version__}</p>"
    )
    w(_summary(summary_lines(overview(store, service, now), now=now)))
    w(f"<h2>{t['network']}</h2>")
    w(_band(store.timeline("network", None, band_start, band_end, BUCKETS), NETWORK_COLOURS))
    w(_axis(band_start, band_end))
    w(
        "<p class='meta'>"
        + " ".join(
            f"<span class='tag' style='background:{c}'>{html.escape(_network_word(n))}</span>"
            for n, c in NETWORK_COLOURS.items()
        )
        + "</p>"
    )
    changes = [c for c in store.changes(service, since=start) if c["capability"] == "*"]
    w(f"<h2>{t['services']}</h2>")
    for key, (_sid, name, region) in services.items():
        info = latest.get(key, {})
        w(f"<div class='service'><h3>{html.escape(name)} {_tag(info.get('status'))}")
        if region == "domestic":
            w(f" <small class='meta'>{t['domestic_reference']}</small>")
        w("</h3>")
        w(_band(store.timeline(key, None, band_start, band_end, BUCKETS), STATUS_COLOURS))
        w(_axis(band_start, band_end))
        caps = info.get("capabilities", [])
        if caps:
            w(
                "<table><tr><th>"
                + "</th><th>".join(
                    html.escape(x)
                    for x in (
                        translate("Verdict", "capability"),
                        translate("Verdict", "status"),
                        translate("Verdict", "how"),
                        translate("Verdict", "since"),
                    )
                )
                + "</th></tr>"
            )
            for c in caps:
                w(
                    f"<tr><td>{html.escape(capability_word(c['name']))}</td><td>{_tag(c['status'])}</td>"
                    f"<td>{html.escape(technique_short(c['technique']) if c['status'] != 'ok' else '')}</td><td>{_iso_local(c['since'])}{html.escape(_gap(c))}</td></tr>"
                )
            w("</table>")
        uptime = store.uptime(key)
        w("<p class='meta'>" + html.escape(uptime_words(uptime)) + "</p>")
        for fkey, stored in failures.items():
            if fkey[0] != key:
                continue
            m = redactor.measurement(stored)
            ev = m.evidence
            w(
                f"<p><b>{html.escape(capability_word(m.capability))}</b> · {html.escape(m.kind)} <code>{html.escape(m.target)}</code>: "
                f"{_tag(m.status)} {html.escape(technique_short(m.technique))} — {counts[fkey]} × {t['in_the_period']}, "
                f"{t['last']} {_iso_local(m.time)}</p>"
            )
            part = part_words(ev.get("role"), ev.get("any_of"))
            if part:
                w(f"<p><i>{html.escape(part)}</i></p>")
            if ev.get("explanation"):
                w(f"<p>{html.escape(str(ev['explanation']))}</p>")
            detail = evidence_lines_of(ev)
            if m.failure:
                detail.insert(
                    0,
                    translate("Verdict", "failure: {failure} at step {step}").format(
                        failure=m.failure, step=m.failed_step or "—"
                    ),
                )
            w("<pre>" + html.escape("\n".join(detail)) + "</pre>")
        w("</div>")
    w(
        f"<h2>{t['changes']}</h2><table><tr><th>{t['time']}</th><th>{t['service']}</th><th>{t['now']}</th><th>{t['before']}</th></tr>"
    )
    for c in changes[:500]:
        w(
            f"<tr><td>{_iso_local(c['time'])}</td><td>{html.escape(c['service_name'])}</td><td>{_tag(c['status'])} "
            f"{html.escape(technique_short(c['technique']) if c['status'] != 'ok' else '')}</td><td>{_tag(c['previous'])}</td></tr>"
        )
    w("</table>")
    # The measurements themselves, as the JSON Lines export writes them (redacted alike):
    # the same file opens in censorwatch (Open a shared log, `censorwatch import`).
    w(f"\n{EMBED_OPEN}\n")
    fast_jsonl(store, ScriptSafe(out), start, end, service, redactor)
    w(f"{EMBED_CLOSE}\n</body></html>\n")
    return total
