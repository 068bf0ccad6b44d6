"""Writes docs/schemas/measurement.schema.json from the reader's own rules
(censorwatch.measurement.schema): python tools/write_schemas.py (tests/test_contract.py checks
the file is current)."""

from __future__ import annotations

import json
from pathlib import Path

from censorwatch.measurement.schema import measurement_schema

PATH = Path(__file__).resolve().parents[1] / "docs" / "schemas" / "measurement.schema.json"


def render() -> str:
    return json.dumps(measurement_schema(), indent=2, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    PATH.write_text(render(), encoding="utf-8")
