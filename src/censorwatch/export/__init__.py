"""Logs to share: CSV, JSON Lines, OONI-shaped JSON and a self-contained HTML report, with
personal data redacted unless the person chooses otherwise. Everything streams: a million
measurements never sit in memory at once.

    files.py    export() to a file, preview()
    jsonl.py    JSON Lines (the contract import reads)
    csv.py      CSV for spreadsheets
    ooni.py     OONI-shaped JSON
    report.py   the HTML report
    redact.py   what is personal, and hiding it
    rows.py     stored rows decoded for the fast writers
"""

from .csv import CSV_COLUMNS, csv_row, write_csv
from .files import FORMATS, export, preview
from .jsonl import write_jsonl
from .ooni import ooni_measurement, write_ooni
from .redact import Redactor

__all__ = [
    "CSV_COLUMNS",
    "FORMATS",
    "Redactor",
    "csv_row",
    "export",
    "ooni_measurement",
    "preview",
    "write_csv",
    "write_jsonl",
    "write_ooni",
]
