"""OONI-shaped JSON: one OONI measurement per probe (ooni/spec df-000, with the test keys of
df-001/002/005/006), for researchers and OONI's own tools."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

from .. import __version__
from ..measurement import Measurement
from ..provider import Provider
from .rows import TextOut


def _ooni_time(iso: str) -> str:
    return iso[:19].replace("T", " ")


# OONI's experiments whose test keys ours match (ooni/probe-cli internal/experiment/...):
# urlgetter for the dns, tcp, tls and http steps, stunreachability for STUN.
TEST_NAMES = {"stun": "stunreachability"}
# Our failed steps as OONI names the operation that failed (df-008 netevents).
OPERATIONS = {
    "dns": "resolve",
    "tcp": "connect",
    "tls": "tls_handshake",
    "http": "http_round_trip",
    "body": "read",
    "udp": "read",
}


def report_id(m: Measurement, test_name: str) -> str:
    """An OONI report id for the round (df-000: date, test, country, ASN, a random part)."""
    stamp = m.time[:19].replace("-", "").replace(":", "") + "Z"
    tail = re.sub(r"[^A-Za-z0-9]", "", m.round)[-20:] or "censorwatch"
    return f"{stamp}_{test_name}_ZZ_0_n1_{tail}"


def ooni_measurement(m: Measurement) -> dict[str, Any]:
    provider = Provider.from_dict(m.evidence.get("provider"))
    """One probe as an OONI measurement (ooni/spec df-000 with df-001/002/005/006 test keys)."""
    ev = m.evidence
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
    start = _ooni_time(m.time)
    test_name = TEST_NAMES.get(m.kind, "urlgetter")
    verdict = {
        "status": m.status,
        "technique": m.technique,
        "failure": m.failure,
        "failed_step": m.failed_step,
        "timings_ms": m.timings_ms,
        "kbps": m.kbps,
        "explanation": ev.get("explanation"),
    }
    keys: dict[str, Any] = {
        "failure": m.failure,
        "queries": queries,
        "censorwatch": verdict,
    }
    if test_name == "stunreachability":
        keys["endpoint"] = m.target
    else:
        keys["failed_operation"] = OPERATIONS.get(m.failed_step or "")
        keys["tcp_connect"] = tcp_connect
        keys["tls_handshakes"] = tls
        keys["requests"] = requests
    return {
        "data_format_version": "0.2.0",
        "report_id": report_id(m, test_name),
        "measurement_start_time": start,
        "test_start_time": start,
        "test_runtime": 0.0,
        "input": m.target,
        # The round's provider (OONI's pipeline places a measurement by these); AS0 and
        # ZZ, OONI's "unknown", when the round found none.
        "probe_asn": f"AS{provider.asn}" if provider else "AS0",
        "probe_cc": (provider.country or "ZZ") if provider else "ZZ",
        "probe_network_name": provider.name if provider else "",
        "probe_ip": "127.0.0.1",
        "software_name": "censorwatch",
        "software_version": __version__,
        "test_name": test_name,
        "test_version": "0.1.0",
        # OONI's annotations are strings: our verdict is kept there too.
        "annotations": {
            "censorwatch_kind": m.kind,
            "censorwatch_status": m.status,
            "censorwatch_technique": m.technique or "",
            "censorwatch_failed_step": m.failed_step or "",
            "service": m.service,
            "service_name": m.service_name,
            "region": m.region,
            "capability": m.capability,
            "round": m.round,
            "network_state": m.network_state,
        },
        "test_keys": keys,
    }


def write_ooni(items: Iterable[Measurement], out: TextOut) -> int:
    n = 0
    dumps = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": ")).encode
    for m in items:
        out.write(dumps(ooni_measurement(m)))
        out.write("\n")
        n += 1
    return n
