"""OONI-shaped JSON: one OONI measurement per probe (ooni/spec df-000, with the test keys of
df-001/002/005/006), for researchers and OONI's own tools."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .. import __version__
from .jsonl import write_jsonl
from .rows import TextOut


def _ooni_time(iso: str) -> str:
    return iso[:19].replace("T", " ")


def ooni_measurement(m: dict[str, Any]) -> dict[str, Any]:
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


def write_ooni(items: Iterable[dict[str, Any]], out: TextOut) -> int:
    return write_jsonl((ooni_measurement(m) for m in items), out)
