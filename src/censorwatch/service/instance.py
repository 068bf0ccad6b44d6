"""One censorwatch per history: a window or a `censorwatch watch`, never both. The window
holds a Qt local socket named for the history (ui/app.py); `watch` holds the same name, so
each refuses to start while the other runs. On Linux and macOS Qt's socket is a Unix socket
in $TMPDIR (else /tmp) with that name, which plain Python can hold and ask."""

from __future__ import annotations

import contextlib
import getpass
import hashlib
import os
import socket
from pathlib import Path


def instance_name(data_dir: Path) -> str:
    """One running censorwatch per history: the name of its local socket."""
    digest = hashlib.sha1(str(Path(data_dir).resolve()).encode()).hexdigest()[:12]
    return f"censorwatch-{getpass.getuser()}-{digest}"


def socket_path(name: str) -> Path:
    """Where Qt's QLocalServer puts `name` on Unix (QDir::tempPath())."""
    return Path((os.environ.get("TMPDIR") or "/tmp").rstrip("/") or "/") / name


class AlreadyRunning(Exception):
    """Another window or watch holds this history."""


class InstanceLock:
    """Held while `watch` runs: a listening Unix socket at the window's name. Connections
    (a window starting, asking the running one to show itself) are accepted and closed, so
    the window learns that this history is taken and says so."""

    def __init__(self, name: str) -> None:
        self.path = socket_path(name)
        self.sock: socket.socket | None = None

    def acquire(self) -> None:
        if not hasattr(socket, "AF_UNIX"):
            return  # Windows: the rule is the window's alone (docs/watching.md)
        probe = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        probe.settimeout(0.5)
        try:
            probe.connect(str(self.path))
        except OSError:
            pass  # nobody listens: a stale socket file is replaced below
        else:
            raise AlreadyRunning(
                "another censorwatch (a window or `censorwatch watch`) already uses this history"
            )
        finally:
            probe.close()
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.bind(str(self.path))
        sock.listen(8)
        sock.setblocking(False)
        self.sock = sock

    def answer_waiting(self) -> int:
        """Accept and close whoever knocked (a window that will not start); how many."""
        n = 0
        while self.sock is not None:
            try:
                conn, _ = self.sock.accept()
            except (BlockingIOError, OSError):
                return n
            conn.close()
            n += 1
        return n

    def release(self) -> None:
        if self.sock is not None:
            self.sock.close()
            self.sock = None
            with contextlib.suppress(OSError):
                self.path.unlink()
