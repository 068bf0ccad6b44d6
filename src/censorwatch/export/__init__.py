"""Logs to share: CSV, JSON Lines, OONI-shaped JSON and a self-contained HTML report, with
personal data redacted unless the person chooses otherwise. Everything streams: a million
measurements never sit in memory at once."""

from __future__ import annotations

import csv
import getpass
import io
import ipaddress
import itertools
import json
import os
import re
import socket
import tempfile
import zlib
from collections.abc import Iterable
from pathlib import Path

from .. import __version__
from ..store import Store, iso_from_ms

FORMATS = ("csv", "jsonl", "ooni", "html")
CSV_COLUMNS = (
    "schema",
    "time",
    "round",
    "service",
    "service_name",
    "region",
    "capability",
    "kind",
    "target",
    "status",
    "technique",
    "failure",
    "failed_step",
    "dns_ms",
    "tcp_ms",
    "tls_ms",
    "http_ms",
    "addresses",
    "control_addresses",
    "kbps",
    "network_state",
)
REDACTED_ADDRESS = "[redacted address]"
REDACTED_HOST = "[redacted machine]"
REDACTED_USER = "[redacted user]"
REDACTED_PATH = "[redacted folder]"


class Redactor:
    """Removes what identifies the person: their own public and local addresses (as a STUN
    server reflects them), a private resolver's address, machine and user names, folders."""

    def __init__(self, enabled: bool = True, extra_paths: Iterable[str | Path] = ()):
        self.enabled = enabled
        self._addresses: set[str] = set()
        names: list[tuple[str, str]] = []
        try:
            host = socket.gethostname()
            if host and host not in ("localhost",):
                names.append((host, REDACTED_HOST))
        except OSError:
            pass
        try:
            user = getpass.getuser()
            if user and len(user) > 1:
                names.append((user, REDACTED_USER))
        except Exception:  # noqa: BLE001 - no user name to hide
            pass
        paths = [str(Path.home()), *(str(p) for p in extra_paths)]
        self._fixed = [
            (p, REDACTED_PATH) for p in sorted(set(paths), key=len, reverse=True) if len(p) > 1
        ]
        self._fixed += names
        self._compile()

    def _compile(self) -> None:
        # Longest first, so a folder under the home folder goes before the home folder. The
        # JSON-escaped form of each value is hidden too (a Windows path doubles its "\\").
        pairs = self._fixed + [(a, REDACTED_ADDRESS) for a in self._addresses]
        pairs += [
            (json.dumps(k, ensure_ascii=False)[1:-1], v)
            for k, v in pairs
            if json.dumps(k, ensure_ascii=False)[1:-1] != k
        ]
        pairs.sort(key=lambda pair: len(pair[0]), reverse=True)
        self._map = dict(pairs)
        pattern = "|".join(re.escape(k) for k, _ in pairs)
        self._regex = re.compile(pattern) if pattern else None

    def learn(self, m: dict) -> None:
        """Pick up the personal addresses a measurement reveals."""
        found = False
        stun = (m.get("evidence") or {}).get("stun") or {}
        mapped = stun.get("mapped_address")
        if mapped:
            host = mapped.rsplit(":", 1)[0].strip("[]")
            found |= self._add(host)
        for q in (m.get("evidence") or {}).get("dns", []):
            resolver = q.get("resolver") or ""
            m_host = re.match(r"^(?:udp|https)://\[?([^\]/]+?)\]?(?::\d+)?(?:/|$)", resolver)
            if m_host and _is_private(m_host.group(1)):
                found |= self._add(m_host.group(1))
        if found:
            self._compile()

    def _add(self, address: str) -> bool:
        if address in self._addresses:
            return False
        self._addresses.add(address)
        return True

    def text(self, value: str) -> str:
        if not self.enabled or self._regex is None:
            return value
        return self._regex.sub(lambda match: self._map[match.group(0)], value)


class RedactingWriter:
    """Redacts text on its way to a file, whole lines at a time (a value is never split
    between two chunks), so the writers can stream without walking every record."""

    CHUNK = 256 * 1024

    def __init__(self, out, redactor: Redactor):
        self.out, self.redactor = out, redactor
        self._parts: list[str] = []
        self._size = 0

    def write(self, text: str) -> None:
        if not self.redactor.enabled:
            self.out.write(text)
            return
        self._parts.append(text)
        self._size += len(text)
        if self._size >= self.CHUNK:
            self._drain(final=False)

    def _drain(self, final: bool) -> None:
        text = "".join(self._parts)
        cut = len(text) if final else text.rfind("\n") + 1
        if cut <= 0:
            return
        self.out.write(self.redactor.text(text[:cut]))
        rest = text[cut:]
        self._parts, self._size = ([rest], len(rest)) if rest else ([], 0)

    def flush(self) -> None:
        if self.redactor.enabled:
            self._drain(final=True)


def _is_private(host: str) -> bool:
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        return False
    return not ip.is_global


def learn(store: Store, redactor: Redactor, since=None, until=None, service=None) -> None:
    """A first pass over the stored evidence, so nothing personal slips out before it is
    known (personal addresses only ever appear in evidence)."""
    if redactor.enabled:
        for evidence in store.evidence_items(since, until, service):
            redactor.learn({"evidence": evidence})


# --- the formats ---------------------------------------------------------------------------


_STATUS = ("ok", "degraded", "offline", "blocked")
_NETWORK = ("online", "whitelist", "offline")


def _num(tenths) -> str:
    return "null" if tenths is None else repr(tenths / 10)


def _rows(store: Store, since=None, until=None, service=None):
    """Stored rows with their time and words decoded once per distinct value:
    (row, "YYYY-MM-DDThh:mm:ss.mmmZ", technique, failure, failed_step)."""
    seconds: dict[int, str] = {}
    texts: dict[int | None, str | None] = {None: None}
    for row in store.raw_measurements(since, until, service):
        ms = row[1] + row[10]
        second = seconds.get(ms // 1000)
        if second is None:
            if len(seconds) > 4096:
                seconds.clear()
            second = seconds[ms // 1000] = iso_from_ms(ms)[:19]
        words = []
        for sid in (row[12], row[13], row[14]):
            if sid not in texts:
                texts[sid] = store.text_of(sid)
            words.append(texts[sid])
        yield row, f"{second}.{ms % 1000:03d}Z", words[0], words[1], words[2]


def fast_jsonl(store: Store, out, since=None, until=None, service=None) -> int:
    """The JSON Lines contract straight from the stored columns: repeated parts (a probe's
    service and target, a round, a word) are encoded once, the stored evidence is already
    JSON. Same lines as `write_jsonl(store.measurements())`, much faster."""
    enc = json.JSONEncoder(ensure_ascii=False).encode
    heads: dict[int, str] = {}
    encoded: dict[str | None, str] = {None: "null"}
    addrs: dict[str | None, str] = {None: '"addresses": [], "control_addresses": []'}
    last_round, round_text = None, ""
    n = 0
    write = out.write
    for row, when, tech, fail, step in _rows(store, since, until, service):
        rkey, _rt, net, skey, sname, region, cap, kind, target, tid = row[:10]
        status, dns, tcp, tls, http, kbps, atext, data = row[11], *row[15:22]
        if rkey != last_round:
            last_round, round_text = rkey, enc(rkey)
        head = heads.get(tid)
        if head is None:
            head = heads[tid] = (
                f'"service": {enc(skey)}, "service_name": {enc(sname)}, "region": {enc(region)}, '
                f'"capability": {enc(cap)}, "kind": {enc(kind)}, "target": {enc(target)}'
            )
        for word in (tech, fail, step):
            if word not in encoded:
                encoded[word] = enc(word)
        a = addrs.get(atext)
        if a is None:
            test, _, control = atext.partition("|")
            a = addrs[atext] = (
                f'"addresses": {enc(test.split())}, "control_addresses": {enc(control.split())}'
            )
        evidence = enc(json.loads(zlib.decompress(data))) if data else "{}"
        write(
            f'{{"schema": "censorwatch.measurement/1", "time": "{when}", '
            f'"round": {round_text}, {head}, "status": "{_STATUS[status]}", "technique": {encoded[tech]}, '
            f'"failure": {encoded[fail]}, "failed_step": {encoded[step]}, "timings_ms": {{"dns": {_num(dns)}, '
            f'"tcp": {_num(tcp)}, "tls": {_num(tls)}, "http": {_num(http)}}}, {a}, "kbps": {_num(kbps)}, '
            f'"network_state": "{_NETWORK[net]}", "evidence": {evidence}}}\n'
        )
        n += 1
    return n


def fast_csv(store: Store, out, since=None, until=None, service=None) -> int:
    """CSV rows straight from the stored columns (see `fast_jsonl`)."""
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    addrs: dict[str | None, tuple[str, str]] = {None: ("", "")}
    rows = []
    n = 0
    for row, when, tech, fail, step in _rows(store, since, until, service):
        rkey, _rt, net, skey, sname, region, cap, kind, target = row[:9]
        status, dns, tcp, tls, http, kbps, atext = row[11], *row[15:21]
        a = addrs.get(atext)
        if a is None:
            test, _, control = atext.partition("|")
            a = addrs[atext] = (test, control)
        rows.append(
            (
                "censorwatch.measurement/1",
                when,
                rkey,
                skey,
                sname,
                region,
                cap,
                kind,
                target,
                _STATUS[status],
                tech or "",
                fail or "",
                step or "",
                "" if dns is None else dns / 10,
                "" if tcp is None else tcp / 10,
                "" if tls is None else tls / 10,
                "" if http is None else http / 10,
                *a,
                "" if kbps is None else kbps / 10,
                _NETWORK[net],
            )
        )
        n += 1
        if len(rows) >= 5000:
            writer.writerows(rows)
            rows = []
    writer.writerows(rows)
    return n


def write_jsonl(items: Iterable[dict], out) -> int:
    n = 0
    dumps = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": ")).encode
    for m in items:
        out.write(dumps(m))
        out.write("\n")
        n += 1
    return n


def csv_row(m: dict) -> list:
    t = m.get("timings_ms") or {}
    row = []
    for col in CSV_COLUMNS:
        if col.endswith("_ms"):
            value = t.get(col[:-3])
        elif col in ("addresses", "control_addresses"):
            value = " ".join(m.get(col) or [])
        else:
            value = m.get(col)
        row.append("" if value is None else value)
    return row


def write_csv(items: Iterable[dict], out) -> int:
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    n = 0
    for m in items:
        writer.writerow(csv_row(m))
        n += 1
    return n


def _ooni_time(iso: str) -> str:
    return iso[:19].replace("T", " ")


def ooni_measurement(m: dict) -> dict:
    """One probe as an OONI measurement (ooni/spec df-000 with df-001/002/005/006 test keys)."""
    ev = m.get("evidence") or {}
    queries = []
    for q in ev.get("dns", []):
        engine = (
            "doh"
            if str(q.get("resolver", "")).startswith("https")
            else ("system" if q.get("resolver") == "system" else "udp")
        )
        for qtype in ("A", "AAAA"):
            answers = [
                {"answer_type": qtype, ("ipv4" if qtype == "A" else "ipv6"): a}
                for a in q.get("addresses", [])
                if (":" in a) == (qtype == "AAAA")
            ]
            if qtype == "AAAA" and not answers:
                continue
            queries.append(
                {
                    "answers": answers,
                    "engine": engine,
                    "failure": q.get("failure"),
                    "hostname": q.get("hostname"),
                    "query_type": qtype,
                    "resolver_address": q.get("resolver"),
                    "t": (q.get("time_ms") or 0) / 1000,
                    "censorwatch_role": q.get("role"),
                }
            )
    tcp_connect = [
        {
            "ip": t.get("address"),
            "port": t.get("port"),
            "status": {
                "failure": t.get("failure"),
                "success": t.get("failure") is None,
                "blocked": None,
            },
            "t": (t.get("time_ms") or 0) / 1000,
        }
        for t in ev.get("tcp", [])
    ]
    tls = []
    for h in ev.get("tls", []):
        cert = h.get("certificate") or {}
        tls.append(
            {
                "address": f"{h.get('address')}:{h.get('port')}",
                "server_name": h.get("sni"),
                "failure": h.get("failure"),
                "tls_version": h.get("version"),
                "cipher_suite": None,
                "negotiated_protocol": None,
                "no_tls_verify": bool(h.get("decoy")),
                "peer_certificates": [],
                "t": (h.get("time_ms") or 0) / 1000,
                "censorwatch_certificate": cert or None,
                "censorwatch_decoy": bool(h.get("decoy")),
            }
        )
    requests = [
        {
            "failure": r.get("failure"),
            "request": {"method": "GET", "url": r.get("url"), "headers": {}},
            "response": {
                "code": r.get("status"),
                "headers": {k: v for k, v in (r.get("headers") or [])},
                "body": r.get("body") or "",
                "body_is_truncated": not r.get("body_complete", False)
                or len(r.get("body") or "") >= 512,
            },
            "censorwatch_body_bytes": r.get("body_bytes"),
            "censorwatch_stalled": r.get("stalled"),
        }
        for r in ev.get("http", [])
    ]
    start = _ooni_time(m["time"])
    return {
        "data_format_version": "0.2.0",
        "measurement_start_time": start,
        "test_start_time": start,
        "test_runtime": 0.0,
        "input": m.get("target"),
        "probe_asn": "AS0",
        "probe_cc": "ZZ",
        "probe_ip": "127.0.0.1",
        "software_name": "censorwatch",
        "software_version": __version__,
        "test_name": f"censorwatch_{m.get('kind')}",
        "test_version": "0.1.0",
        "annotations": {
            "service": m.get("service"),
            "service_name": m.get("service_name"),
            "capability": m.get("capability"),
            "round": m.get("round"),
            "network_state": m.get("network_state"),
        },
        "test_keys": {
            "queries": queries,
            "tcp_connect": tcp_connect,
            "tls_handshakes": tls,
            "requests": requests,
            "censorwatch": {
                "status": m.get("status"),
                "technique": m.get("technique"),
                "failure": m.get("failure"),
                "failed_step": m.get("failed_step"),
                "timings_ms": m.get("timings_ms"),
                "kbps": m.get("kbps"),
                "explanation": ev.get("explanation"),
            },
        },
    }


def write_ooni(items: Iterable[dict], out) -> int:
    return write_jsonl((ooni_measurement(m) for m in items), out)


# --- writing a file --------------------------------------------------------------------------


def export(
    store: Store,
    fmt: str,
    path: str | Path,
    since: float | None = None,
    until: float | None = None,
    service: str | None = None,
    redact: bool = True,
    extra_paths: Iterable[str | Path] = (),
) -> int:
    """Write the export atomically; returns how many measurements it holds."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose {', '.join(FORMATS)}")
    path = Path(path)
    redactor = Redactor(redact, [store.folder, *extra_paths])
    learn(store, redactor, since, until, service)
    fd, temp = tempfile.mkstemp(dir=path.parent or ".", prefix=f".{path.name}.", suffix=".tmp")
    try:
        # utf-8-sig for CSV: spreadsheets then read Cyrillic right.
        encoding = "utf-8-sig" if fmt == "csv" else "utf-8"
        with os.fdopen(fd, "w", encoding=encoding, newline="" if fmt == "csv" else None) as handle:
            out = RedactingWriter(handle, redactor)
            if fmt == "html":
                from .report import write_html

                n = write_html(store, out, since, until, service, redactor)
            elif fmt == "jsonl":
                n = fast_jsonl(store, out, since, until, service)
            elif fmt == "csv":
                n = fast_csv(store, out, since, until, service)
            else:
                n = write_ooni(store.measurements(since, until, service), out)
            out.flush()
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return n


def preview(
    store: Store, fmt: str, since=None, until=None, service=None, redact=True, lines: int = 5
) -> str:
    """The first lines of what would be shared, redacted as the export will be ("" for the
    HTML report, which the dialog describes in words)."""
    if fmt == "html":
        return ""
    redactor = Redactor(redact, [store.folder])
    learn(store, redactor, since, until, service)
    head = list(itertools.islice(store.measurements(since, until, service), lines))
    out = io.StringIO()
    writer = RedactingWriter(out, redactor)
    {"csv": write_csv, "ooni": write_ooni, "jsonl": write_jsonl}[fmt](head, writer)
    writer.flush()
    return out.getvalue()
