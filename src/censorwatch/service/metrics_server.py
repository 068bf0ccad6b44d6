"""Serving the metrics page over HTTP: the standard library's WSGI server in a thread of its
own, answering `/metrics` with the page the last round rendered (a scrape never waits on the
engine or renders anything)."""

from __future__ import annotations

import socket
import threading
from socketserver import ThreadingMixIn
from typing import TYPE_CHECKING, Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from prometheus_client import CONTENT_TYPE_LATEST

from .metrics import Metrics

if TYPE_CHECKING:
    from wsgiref.types import StartResponse


class _Server(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _Server6(_Server):
    address_family = socket.AF_INET6


class _Quiet(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass  # a scrape every 15 s is not news


class MetricsServer:
    def __init__(self, metrics: Metrics, host: str, port: int) -> None:
        self.metrics = metrics

        def app(environ: dict[str, Any], start_response: StartResponse) -> list[bytes]:
            if environ.get("PATH_INFO", "/") not in ("/", "/metrics"):
                start_response("404 Not Found", [("Content-Type", "text/plain")])
                return [b"censorwatch serves /metrics\n"]
            page = self.metrics.page()
            start_response(
                "200 OK",
                [("Content-Type", CONTENT_TYPE_LATEST), ("Content-Length", str(len(page)))],
            )
            return [page]

        server_class = _Server6 if ":" in host else _Server
        self.httpd = make_server(host, port, app, server_class, _Quiet)
        bound_host, bound_port = (
            str(self.httpd.server_address[0]),
            int(self.httpd.server_address[1]),
        )
        shown = f"[{bound_host}]" if ":" in bound_host else bound_host
        self.address = f"{shown}:{bound_port}"
        self.port = bound_port
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, name="censorwatch-metrics", daemon=True
        )
        self.thread.start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(5)
