"""dnspython as the probes use it: DNS over QUIC switched off before its resolver is imported
(dnspython imports aioquic, installed for the quic probe, as soon as the resolver is, for DNS
over QUIC, which censorwatch never asks: a tenth of a second of every start)."""

from __future__ import annotations

import dns._features

dns._features.force("doq", False)
