"""A local web server (127.0.0.1 only) for the scan tests, and the host names mapped to it.

It serves the pages in ``site/`` (``{{PORT}}`` replaced by its port), the vendor stubs at the
vendors' real paths, and three hostile endpoints: a redirect loop, a page that never finishes
loading and a JSON endpoint the polling page calls forever.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

SITE = Path(__file__).parent / "site"
#: The vendors' real host names (and the tag manager's), resolved to the local server by Chromium.
MAPPED_HOSTS = ("s3-us-west-2.amazonaws.com", "ddwl4m2hdecbv.cloudfront.net", "tags.acme-analytics.test", "www.acme-analytics.test")
TYPES = {".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8"}


class Handler(BaseHTTPRequestHandler):
    server: SiteServer

    def log_message(self, format: str, *args: object) -> None:  # quiet
        pass

    def do_GET(self) -> None:
        self.server.seen.append((self.headers.get("Host", ""), self.path))
        path = self.path.split("?", 1)[0]
        if path.startswith("/b2bjsstore/b/") and path.endswith("/reb2b.js.gz"):
            return self._file("reb2b.js")
        if path == "/gtm.js":
            return self._file("gtm.js")
        if path == "/loop":
            return self._send(302, b"", {"Location": "/loop"})
        if path == "/poll":
            return self._send(200, b"{}", {"Content-Type": "application/json"})
        if path == "/huge":
            return self._endless()
        return self._file(path.lstrip("/") or "direct.html")

    def do_POST(self) -> None:
        self.server.seen.append((self.headers.get("Host", ""), self.path))
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(min(length, 1 << 16))
        self._send(204, b"", {})

    def _file(self, name: str) -> None:
        target = SITE / name
        if "/" in name or not target.is_file():
            return self._send(404, b"not found", {"Content-Type": "text/plain"})
        body = target.read_text("utf-8").replace("{{PORT}}", str(self.server.server_port)).encode()
        self._send(200, body, {"Content-Type": TYPES.get(target.suffix, "application/octet-stream")})

    def _send(self, status: int, body: bytes, headers: dict[str, str]) -> None:
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _endless(self) -> None:
        """A page of unbounded size, sent slowly: it never finishes loading (stops when the client goes, or after 120 s)."""
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.end_headers()
        chunk = b"<p>" + b"x" * 65536 + b"</p>\n"
        end = time.monotonic() + 120
        try:
            self.wfile.write(b"<!doctype html><title>huge</title>")
            while time.monotonic() < end and not self.server.stopping:
                self.wfile.write(chunk)
                time.sleep(0.05)
        except OSError:
            pass


class SiteServer(ThreadingHTTPServer):
    daemon_threads = True
    stopping = False

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.seen: list[tuple[str, str]] = []

    def url(self, path: str, host: str = "www.acme-analytics.test") -> str:
        return f"http://{host}:{self.server_port}{path}"

    def map_args(self) -> list[str]:
        return [arg for host in MAPPED_HOSTS for arg in ("--map-host", f"{host}=127.0.0.1")]


@contextmanager
def serving() -> Iterator[SiteServer]:
    server = SiteServer()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.stopping = True
        server.shutdown()
        server.server_close()
