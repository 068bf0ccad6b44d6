"""The test suite's safety net: no connection or datagram may leave 127.0.0.0/8 and ::1, and
no name may be resolved (a lookup is traffic to the system's resolver) but localhost.

Installed in the test process by conftest.py, and in every subprocess a test starts (this
folder is put on PYTHONPATH, so Python imports it at start-up). A violation is refused with
PermissionError and written to the log named by CENSORWATCH_NETGUARD_LOG, which conftest
reads after each test to fail it.
"""

import ipaddress
import os
import socket

_ALLOWED_FAMILIES = (socket.AF_INET, socket.AF_INET6)


def _allowed(address) -> bool:
    if not isinstance(address, tuple) or not address:
        return True  # AF_UNIX paths and the like never leave the machine
    host = address[0]
    try:
        ip = ipaddress.ip_address(host.split("%")[0])
    except ValueError:
        return False  # a name here would be resolved behind our back
    if ip.version == 6 and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return ip.is_loopback


def _report(what: str, address) -> None:
    message = f"netguard: refused {what} to {address!r} (pid {os.getpid()})"
    path = os.environ.get("CENSORWATCH_NETGUARD_LOG")
    if path:
        with open(path, "a", encoding="utf-8") as log:
            log.write(message + "\n")
    raise PermissionError(message)


def _resolvable(host) -> bool:
    """Literal addresses (the connect that follows is guarded) and localhost; any name when
    the system's resolvers are all the lab's (a field lab's namespace, whose resolv.conf
    names the lab's resolvers on 127.77.0.0/16: nothing leaves the machine)."""
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    name = str(host).split("%")[0].rstrip(".").lower()
    if name in ("localhost", "") or name.endswith(".localhost"):
        return True
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return _lab_resolvers_only()
    return True


_LAB = ipaddress.ip_network("127.77.0.0/16")


def _lab_resolvers_only() -> bool:
    try:
        with open("/etc/resolv.conf", encoding="utf-8") as conf:
            lines = conf.read().splitlines()
    except OSError:
        return False
    servers = [line.split()[1] for line in lines if line.split()[:1] == ["nameserver"]]
    try:
        return bool(servers) and all(ipaddress.ip_address(s) in _LAB for s in servers)
    except (ValueError, IndexError):
        return False


def install() -> None:
    cls = socket.socket
    if getattr(cls, "_censorwatch_guarded", False):
        return
    getaddrinfo = socket.getaddrinfo

    def guarded_getaddrinfo(host, *args, **kwargs):
        if host is not None and not _resolvable(host):
            _report("name resolution", host)
        return getaddrinfo(host, *args, **kwargs)

    socket.getaddrinfo = guarded_getaddrinfo
    connect, connect_ex, sendto = cls.connect, cls.connect_ex, cls.sendto

    def guarded_connect(self, address):
        if self.family in _ALLOWED_FAMILIES and not _allowed(address):
            _report("connect", address)
        return connect(self, address)

    def guarded_connect_ex(self, address):
        if self.family in _ALLOWED_FAMILIES and not _allowed(address):
            _report("connect", address)
        return connect_ex(self, address)

    def guarded_sendto(self, data, *args):
        address = args[-1]
        if self.family in _ALLOWED_FAMILIES and not _allowed(address):
            _report("datagram", address)
        return sendto(self, data, *args)

    cls.connect = guarded_connect
    cls.connect_ex = guarded_connect_ex
    cls.sendto = guarded_sendto
    cls._censorwatch_guarded = True


if os.environ.get("CENSORWATCH_NETGUARD") == "1":
    install()
