"""Each service's and capability's state and since when it holds (censorwatch/since.py: a
gap does not end a stretch), and the changes between states, as rounds are written."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from ..since import Gap, Held, Stretch, advance, advance_all
from ..vocabulary import STATUSES
from .codes import SERVICE_WIDE, STATUS_CODE, STATUS_RANK
from .interning import Interning

# The states table's columns after (service_id, capability), as _stretch and _state_row read
# and write them.
_STATE_COLUMNS = (
    "status, technique, since_ms, t_ms, held_status, held_technique, held_since_ms, "
    "gap_status, gap_from_ms, gap_to_ms"
)


def _stretch(row: Any, text: Any) -> Stretch:
    status, technique, since, t, h_status, h_technique, h_since, g_status, g_from, g_to = row
    held = gap = None
    if h_status is not None:
        held = Held(STATUSES[h_status], text(h_technique), h_since, g_from, STATUSES[g_status])
    elif g_status is not None:
        gap = Gap(g_from, g_to, STATUSES[g_status])
    return Stretch(STATUSES[status], text(technique), since, t, held, gap)


def _state_row(s: Stretch, string: Any) -> tuple[Any, ...]:
    code = STATUS_CODE
    held: tuple[Any, ...]
    if s.held is not None:
        h = s.held
        held = (
            code[h.status],
            string(h.technique),
            h.since,
            code[h.gap_status],
            h.interrupted,
            None,
        )
    elif s.gap is not None:
        held = (None, None, None, code[s.gap.status], s.gap.start, s.gap.end)
    else:
        held = (None,) * 6
    return (code[s.status], string(s.technique), s.since, s.checked, *held)


class States(Interning):
    def _load_states(self) -> dict[tuple[int, str], Stretch]:
        if self._states is None:
            self._states = {
                (r[0], r[1]): _stretch(r[2:], self._text)
                for r in self.conn.execute(
                    f"SELECT service_id, capability, {_STATE_COLUMNS} FROM states"
                )
            }
        return self._states

    def _record_changes(
        self,
        by_round: dict[tuple[int, int, int], dict[str, tuple[int, str | None]]],
        judged_services: dict[tuple[int, int], tuple[int, str | None]],
    ) -> None:
        """State changes per service and capability (and of the service as a whole: as the
        round judged it, or, for a log from before, its worst capability), and since when
        each state holds (censorwatch/since.py: a gap does not end a stretch). `by_round`:
        (round time, round id, service id) -> capability -> (worst status, technique)."""
        states = self._load_states()
        # Each series' looks in time order, then each series advanced over all of its looks.
        looks: dict[tuple[int, str], list[tuple[int, str, str | None]]] = {}
        for (when, rid, service_id), caps in sorted(by_round.items()):
            whole = judged_services.get((rid, service_id))
            if whole is None:  # a log from before: the worst capability (the first of equals)
                for c in caps.values():
                    if whole is None or STATUS_RANK[c[0]] > STATUS_RANK[whole[0]]:
                        whole = c
            assert whole is not None  # a look holds one capability at least
            for capability, (code, technique) in [*caps.items(), (SERVICE_WIDE, whole)]:
                series = looks.get((service_id, capability))
                if series is None:
                    series = looks[(service_id, capability)] = []
                series.append((when, STATUSES[code], technique if code else None))
        changes: list[tuple[Any, ...]] = []
        updates: dict[tuple[int, str], Stretch] = {}
        for key, series in looks.items():
            current = states.get(key)
            stretch, begun = advance_all(current, series)
            if stretch is current or stretch is None:
                continue  # older than what we know: history, not news
            for t, new, before in begun:
                code = STATUS_CODE[new.status]
                changes.append(
                    (
                        key[0],
                        key[1],
                        t,
                        code,
                        None if before is None else STATUS_CODE[before],
                        self._string(new.technique) if code else None,
                    )
                )
            states[key] = updates[key] = stretch
        self.conn.executemany(
            "INSERT INTO changes (service_id, capability, t_ms, status, previous, technique) VALUES (?, ?, ?, ?, ?, ?)",
            changes,
        )
        self._write_states(updates)

    def _write_states(self, updates: dict[tuple[int, str], Stretch]) -> None:
        self.conn.executemany(
            f"INSERT INTO states (service_id, capability, {_STATE_COLUMNS}) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (service_id, capability) DO UPDATE SET "
            + ", ".join(f"{c} = excluded.{c}" for c in _STATE_COLUMNS.split(", ")),
            [(k[0], k[1], *_state_row(v, self._string)) for k, v in updates.items()],
        )

    def rebuild_states(self) -> None:
        """The states replayed from the changes (a history from before since.py kept the
        start of a stretch's last piece only); when each was last seen stays."""
        checked = {
            (r[0], r[1]): r[2]
            for r in self.conn.execute("SELECT service_id, capability, t_ms FROM states")
        }
        states: dict[tuple[int, str], Stretch] = {}
        for service_id, capability, t, code, technique in self.conn.execute(
            "SELECT service_id, capability, t_ms, status, technique FROM changes ORDER BY t_ms, rowid"
        ):
            key = (service_id, capability)
            states[key], _ = advance(states.get(key), STATUSES[code], self._text(technique), t)
        for key, stretch in states.items():
            if key in checked:
                states[key] = replace(stretch, checked=max(stretch.checked, checked[key]))
        with self.conn:
            self._write_states({k: v for k, v in states.items() if k in checked})
        self._states = None
