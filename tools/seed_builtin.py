"""Six hours of believable history for the built-in catalog's services, written to a data
folder, so the window can be seen with the real list without sending anything:

    python tools/seed_builtin.py /tmp/builtin
    CENSORWATCH_LANG=ru censorwatch --data-dir /tmp/builtin --paused --size 1366x768 \
        --screenshot /tmp/builtin_ru.png

(WhatsApp's calls blocked, YouTube slowed down, Instagram, Facebook and X blocked by name,
Meduza hidden by DNS, Tor's relays unreachable, foreign hosting freezing; the rest works.)
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from censorwatch import catalog
from censorwatch.lab.demo import BUILTIN_STORY, demo_history
from censorwatch.store import Store


def main(folder: str) -> int:
    services = [
        (s.id, s.name, s.region, [(p.capability, p.kind, p.target) for p in s.probes])
        for s in catalog.load_default().services
    ]
    with Store(Path(folder)) as store:
        store.write(demo_history(services, now=time.time() - 60, story=BUILTIN_STORY))
    print(f"seeded {folder}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
