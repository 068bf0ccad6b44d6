"""The contract `censorwatch.measurement/1`: one probe measurement as exported in JSON Lines,
stored in the history and read back by `censorwatch import` and the shared-log window.

Every part of the program that makes, stores, reads or writes a measurement uses it: the
`Measurement` record, `validate()` (caps on line length, nesting, list sizes and string
lengths; types checked field by field), `decode()` and `encode()`. A log from someone else
is untrusted: a line that fails is reported with its reason and skipped.

    record.py   the record, its derived fields, encode()
    caps.py     the caps, and the shapes of the evidence
    checks.py   validate(): types field by field, within the caps
    reading.py  decode() and reading a file line by line
    beside.py   a long log decoded in a second process beside the history's writing
"""

from ..vocabulary import NETWORK_STATES, REGIONS, STATUSES
from .caps import MAX_DEPTH, MAX_ITEMS, InvalidMeasurement
from .checks import validate
from .reading import MAX_LINE, UnreadableLog, decode, read_measurements
from .record import (
    REDACTED,
    SCHEMA,
    Measurement,
    effective_status,
    encode,
    is_address,
    iso_time,
    time_ms,
)

__all__ = [
    "MAX_DEPTH",
    "MAX_ITEMS",
    "MAX_LINE",
    "NETWORK_STATES",
    "REDACTED",
    "REGIONS",
    "SCHEMA",
    "STATUSES",
    "InvalidMeasurement",
    "Measurement",
    "UnreadableLog",
    "decode",
    "effective_status",
    "encode",
    "is_address",
    "iso_time",
    "read_measurements",
    "time_ms",
    "validate",
]
