"""Run by the OONI test in OONI's own environment (.venv-ooni, made by make): loads every line
of an OONI-format export with oonidata's `load_measurement` and prints what it became."""

import json
import sys

from oonidata.dataclient import load_measurement

with open(sys.argv[1], encoding="utf-8") as log:
    lines = log.read().splitlines()
for line in lines:
    raw = json.loads(line)
    model = load_measurement(msmt=raw)
    keys = model.test_keys
    shaped = {
        "model": type(model).__name__,
        "report_id": model.report_id,
        "status": (model.annotations or {}).get("censorwatch_status"),
        "service": (model.annotations or {}).get("service"),
        "failed_operation": getattr(keys, "failed_operation", None),
        "queries": [
            {"query_type": q.query_type, "answers": len(q.answers or [])}
            for q in keys.queries or []
        ],
        "handshakes": [
            {"failure": h.failure, "server_name": h.server_name}
            for h in getattr(keys, "tls_handshakes", None) or []
        ],
        "endpoint": getattr(keys, "endpoint", None),
    }
    print(json.dumps(shaped))
