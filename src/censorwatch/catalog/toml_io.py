"""Config files: loading one (or the built-in catalog), and saving a catalog the window
edited. Saving edits the person's own TOML document in place with tomlkit, so their
comments, order and layout survive; only values that changed are written."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import tomlkit
from tomlkit.items import AoT, Table

from ..resources import resources_dir
from ..translation import translate
from .model import Catalog, ConfigError, ProbeSpec, Service, Settings
from .validate import loads

# Written even when they have their default value: a person reading the file sees them.
ALWAYS_WRITTEN = ("timeout", "interval", "resolver", "control_resolvers")


def load(path: str | Path) -> Catalog:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(str(path), None, "", translate("Config", "no such file")) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(
            str(path), None, "", translate("Config", "cannot read: {error}").format(error=exc)
        ) from None
    return loads(text, str(path))


def default_catalog_path() -> Path:
    return resources_dir() / "default-catalog.toml"


def load_default(names: Callable[[str], str] | None = None) -> Catalog:
    """The built-in catalog; `names` says its services' names in the person's language
    (wording.catalog_text: "Gosuslugi" is "Госуслуги" in Russian)."""
    catalog = load(default_catalog_path())
    if names is not None:
        for service in catalog.services:
            service.name = names(service.name)
    return catalog


# --- writing -------------------------------------------------------------------------------


def _sync(table: Table, wanted: dict[str, Any], optional: dict[str, Any]) -> None:
    """Make `table` hold `wanted` (keys always present) and `optional` (present when not
    None): a key whose value is unchanged keeps its item, comment and place."""
    for key, value in {**wanted, **optional}.items():
        if value is None:
            if key in table:
                del table[key]
        elif key not in table or table[key] != value:
            table[key] = value


def _settings(table: Table, s: Settings) -> None:
    defaults = Settings()
    for key in Settings.__slots__:
        value = getattr(s, key)
        shown = key in table or key in ALWAYS_WRITTEN or value != getattr(defaults, key)
        if shown and (key not in table or table[key] != value):
            table[key] = value


def _probe(table: Table, p: ProbeSpec) -> None:
    throughput = p.kind == "throughput"
    _sync(
        table,
        {"capability": p.capability, "kind": p.kind},
        {
            "trust": p.trust if p.trust != "system" or "trust" in table else None,
            "host": p.host or None,
            "port": p.port,
            "sni": p.sni or None,
            "url": p.url or None,
            "min_kbps": p.min_kbps if throughput else None,
            "max_seconds": p.max_seconds if throughput else None,
            "direction": p.direction if p.direction != "download" or "direction" in table else None,
            "any_of": p.any_of or None,
            "role": p.role or None,
            "profile": p.profile or None,
            "compare_port": p.compare_port,
            "source": p.source or None,
        },
    )


def _reuse(old: list[Table], new_ids: list[str]) -> list[Table | None]:
    """For each new service, the table it was read from: same id, else the same place (a
    renamed service), else None (a new one)."""
    by_id = {t.get("id"): t for t in old}
    used: set[int] = set()
    out: list[Table | None] = []
    for i, sid in enumerate(new_ids):
        table = by_id.get(sid)
        if table is None and i < len(old) and old[i].get("id") not in new_ids:
            table = old[i]
        if table is not None and id(table) in used:
            table = None
        if table is not None:
            used.add(id(table))
        out.append(table)
    return out


def _service(table: Table, s: Service) -> None:
    _sync(
        table,
        {"id": s.id, "name": s.name},
        {
            "region": s.region if s.region != "foreign" or "region" in table else None,
            "group": s.group or None,
            "interval": s.interval,
            "listed": s.listed,
        },
    )
    if s.not_measured:
        reasons = tomlkit.inline_table()
        reasons.update(s.not_measured)
        if table.get("not_measured") != s.not_measured:
            table["not_measured"] = reasons
    elif "not_measured" in table:
        del table["not_measured"]
    old = list(table.get("probes", []))
    probes = AoT([])
    for i, p in enumerate(s.probes):
        probe = old[i] if i < len(old) else tomlkit.table()
        _probe(probe, p)
        probes.append(probe)
    if "probes" in table:
        del table["probes"]
    table.append("probes", probes)


def document(catalog: Catalog, original: str | None = None) -> tomlkit.TOMLDocument:
    """The catalog as a TOML document: `original` edited in place, or a new one."""
    if original is not None:
        doc = tomlkit.parse(original)
    else:
        doc = tomlkit.document()
        doc.add(tomlkit.comment("censorwatch config (docs/configuration.md)"))
    settings = doc.get("settings")
    if not isinstance(settings, Table):
        settings = tomlkit.table()
        doc["settings"] = settings
    _settings(settings, catalog.settings)
    old = [t for t in doc.get("services", []) if isinstance(t, Table)]
    tables = _reuse(old, [s.id for s in catalog.services])
    services = AoT([])
    for table, service in zip(tables, catalog.services, strict=True):
        table = table if table is not None else tomlkit.table()
        _service(table, service)
        services.append(table)
    if "services" in doc:
        del doc["services"]
    doc.append("services", services)
    return doc


def dumps(catalog: Catalog, original: str | None = None) -> str:
    """The catalog as TOML that `loads` reads back to the same catalog."""
    return tomlkit.dumps(document(catalog, original))


def save(catalog: Catalog, path: str | Path) -> Path | None:
    """Validate, then write atomically; the previous file is kept as `<name>.bak`, and its
    comments and layout are kept in the new one. Returns the backup's path (None when there
    was no previous file)."""
    path = Path(path)
    original = path.read_text(encoding="utf-8") if path.exists() else None
    text = dumps(catalog, original)
    loads(text, str(path))  # never write what we could not read back
    path.parent.mkdir(parents=True, exist_ok=True)
    backup = None
    if original is not None:
        backup = path.with_name(path.name + ".bak")
        backup.write_bytes(path.read_bytes())
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return backup
