"""The history's schema, as version-gated migration steps (PRAGMA user_version)."""

from __future__ import annotations

# Each step takes the database from version N-1 to N. Never edit a released step: add one.
MIGRATIONS: dict[int, str] = {
    1: """
    CREATE TABLE strings (id INTEGER PRIMARY KEY, text TEXT NOT NULL UNIQUE);
    CREATE TABLE services (
        id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, name TEXT NOT NULL,
        region TEXT NOT NULL
    );
    CREATE TABLE targets (
        id INTEGER PRIMARY KEY, service_id INTEGER NOT NULL, capability TEXT NOT NULL,
        kind TEXT NOT NULL, target TEXT NOT NULL, last_status INTEGER, last_t_ms INTEGER,
        UNIQUE (service_id, capability, kind, target)
    );
    CREATE TABLE rounds (
        id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, t_ms INTEGER NOT NULL,
        network_state INTEGER NOT NULL
    );
    CREATE INDEX rounds_t ON rounds (t_ms);
    -- One row per probe measurement, kept small: codes instead of strings, timings in
    -- tenths of a millisecond, address lists and evidence by reference.
    CREATE TABLE measurements (
        round_id INTEGER NOT NULL, target_id INTEGER NOT NULL, dt_ms INTEGER NOT NULL,
        status INTEGER NOT NULL, effective INTEGER, technique INTEGER, failure INTEGER,
        failed_step INTEGER, dns INTEGER, tcp INTEGER, tls INTEGER, http INTEGER,
        kbps INTEGER, addrs INTEGER, detail INTEGER,
        PRIMARY KEY (round_id, target_id)
    ) WITHOUT ROWID;
    CREATE TABLE addrsets (id INTEGER PRIMARY KEY, text TEXT NOT NULL UNIQUE);
    CREATE TABLE details (id INTEGER PRIMARY KEY, data BLOB NOT NULL);
    CREATE TABLE changes (
        service_id INTEGER NOT NULL, capability TEXT NOT NULL, t_ms INTEGER NOT NULL,
        status INTEGER NOT NULL, previous INTEGER, technique INTEGER
    );
    CREATE INDEX changes_series ON changes (service_id, capability, t_ms);
    CREATE INDEX changes_t ON changes (t_ms);
    CREATE TABLE states (
        service_id INTEGER NOT NULL, capability TEXT NOT NULL, status INTEGER NOT NULL,
        technique INTEGER, since_ms INTEGER NOT NULL, t_ms INTEGER NOT NULL,
        PRIMARY KEY (service_id, capability)
    ) WITHOUT ROWID;
    CREATE TABLE rollups (
        level INTEGER NOT NULL, service_id INTEGER NOT NULL, capability TEXT NOT NULL,
        bucket INTEGER NOT NULL, n0 INTEGER NOT NULL, n1 INTEGER NOT NULL,
        n2 INTEGER NOT NULL, n3 INTEGER NOT NULL, lat_min INTEGER, lat_max INTEGER,
        hist BLOB,
        PRIMARY KEY (level, service_id, capability, bucket)
    ) WITHOUT ROWID;
    """,
    # Version 2: each round records whether a VPN or proxy seemed active, since results
    # then describe the tunnel rather than the provider.
    2: """
    ALTER TABLE rounds ADD COLUMN tunnel TEXT;
    """,
    # Version 3: "cannot tell" (status code 4) is counted in rollups; each round measured
    # here records the bytes it moved (imported rounds leave them empty).
    3: """
    ALTER TABLE rollups ADD COLUMN n4 INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE rounds ADD COLUMN sent INTEGER;
    ALTER TABLE rounds ADD COLUMN received INTEGER;
    """,
    # Version 4: whether the resolver under test answered any name in the round
    # ("answering", "not_answering"; empty when nothing was asked of it, or imported).
    4: """
    ALTER TABLE rounds ADD COLUMN resolver TEXT;
    """,
    # Version 5: "since when" survives a gap (censorwatch/since.py): while a state is a gap
    # (offline, cannot tell), the stretch it interrupted (held_*); once that stretch goes on,
    # its last gap (gap_*). The states are rebuilt from the changes when migrating.
    5: """
    ALTER TABLE states ADD COLUMN held_status INTEGER;
    ALTER TABLE states ADD COLUMN held_technique INTEGER;
    ALTER TABLE states ADD COLUMN held_since_ms INTEGER;
    ALTER TABLE states ADD COLUMN gap_status INTEGER;
    ALTER TABLE states ADD COLUMN gap_from_ms INTEGER;
    ALTER TABLE states ADD COLUMN gap_to_ms INTEGER;
    """,
    # Version 6: the provider of the round's public address (censorwatch/provider.py), as the
    # contract writes it ({"asn", "name", "country"}, a string id); empty when unknown.
    6: """
    ALTER TABLE rounds ADD COLUMN provider INTEGER;
    """,
}

CURRENT = max(MIGRATIONS)
