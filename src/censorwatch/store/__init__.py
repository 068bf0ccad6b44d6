"""The local history in SQLite: schema and migrations, batched writes, rollups, retention
and queries for charts and the CLI. No Qt.

    db.py          opening, checking, moving a damaged file aside, migrations
    schema.py      the version-gated migration steps
    codes.py       status and state codes, rollup levels, times in ms
    interning.py   strings, services, targets and address sets stored once
    write.py       measurements in, rollups and state changes updated
    rollups.py     the rollups' aggregates of a batch, level by level
    retention.py   what is kept how long, pruning
    queries.py     timelines, changes, latest states, stored rows
    latency.py     latency histograms of the rollups
    history.py     the Store made of those parts
    importing.py   loading measurements of the JSON Lines contract
    writer.py      the writer thread the window uses
"""

from .codes import (
    DAY,
    HOUR,
    LEVEL_SECONDS,
    MINUTE,
    NETWORK_STATES,
    SERVICE_WIDE,
    STATUSES,
    StoreError,
    iso_from_ms,
    ms_from_iso,
)
from .db import FILENAME, default_data_dir
from .history import Store
from .importing import import_measurements
from .retention import Retention, keep_everything, retention_from
from .rows import Bucket, StoredRow
from .write import WriteResult

__all__ = [
    "DAY",
    "FILENAME",
    "HOUR",
    "LEVEL_SECONDS",
    "MINUTE",
    "NETWORK_STATES",
    "SERVICE_WIDE",
    "STATUSES",
    "Bucket",
    "Retention",
    "Store",
    "StoreError",
    "StoredRow",
    "WriteResult",
    "default_data_dir",
    "import_measurements",
    "iso_from_ms",
    "keep_everything",
    "ms_from_iso",
    "retention_from",
]
