"""The service catalog and settings: the data, loading and validating the TOML contract
(errors name file, line and key), saving what the window edited, the built-in catalog.

    model.py     services, probes, settings
    validate.py  reading and checking a config
    probe_keys.py  one probe's table checked
    values.py    what a single value may be (a resolver, a host)
    locate.py    where each key stands, for messages
    toml_io.py   files: load, the default catalog, save (comments kept)
"""

from ..vocabulary import REGIONS
from .model import (
    CAPABILITY_ORDER,
    DISCRIMINATORS,
    KINDS,
    Catalog,
    ConfigError,
    ProbeSpec,
    Service,
    Settings,
    capability_sort_key,
)
from .toml_io import default_catalog_path, dumps, load, load_default, save
from .validate import loads
from .values import resolver_problem

__all__ = [
    "CAPABILITY_ORDER",
    "DISCRIMINATORS",
    "KINDS",
    "REGIONS",
    "Catalog",
    "ConfigError",
    "ProbeSpec",
    "Service",
    "Settings",
    "capability_sort_key",
    "default_catalog_path",
    "dumps",
    "load",
    "load_default",
    "loads",
    "resolver_problem",
    "save",
]
