"""A small news site on loopback (http.server in a thread, random port) for the watcher's tests.

``site.pages[path] = (status, headers, body)`` or a callable(handler) -> (status, headers, body);
``site.log`` lists (method, path, request headers) of every request it answered.
"""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Site:
    def __init__(self):
        self.pages: dict = {}
        self.log: list = []
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_GET(self):  # noqa: N802
                path = self.path.split("?")[0]
                site.log.append(("GET", path, dict(self.headers)))
                entry = site.pages.get(path, (404, {"Content-Type": "text/plain"}, b"not found"))
                if callable(entry):
                    entry = entry(self)
                    if entry is None:
                        return  # the callable answered (or broke the connection) itself
                status, headers, body = entry
                body = body.encode("utf-8") if isinstance(body, str) else body
                self.send_response(status)
                for k, v in headers.items():
                    self.send_header(k, v)
                if "Content-Length" not in headers:
                    self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        class Server(ThreadingHTTPServer):
            def handle_error(self, request, client_address):
                pass  # the client hanging up on a slow or broken answer is part of the tests

        self.server = Server(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def url(self, path: str) -> str:
        return self.base + path

    def fetched(self, path: str) -> int:
        return sum(1 for _, p, _ in self.log if p == path)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


def slow(seconds: float):
    def answer(handler):
        time.sleep(seconds)
        return 200, {"Content-Type": "text/html"}, "<html><body><p>late</p></body></html>"
    return answer


def broken(handler):
    """Promise 10000 bytes, send a few, hang up."""
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html; charset=utf-8")
    handler.send_header("Content-Length", "10000")
    handler.end_headers()
    handler.wfile.write(b"<html><body><p>cut")
    handler.wfile.flush()
    handler.close_connection = True
    import socket

    handler.connection.shutdown(socket.SHUT_RDWR)
    return None


def conditional(body: str, etag: str, content_type: str = "application/rss+xml; charset=utf-8"):
    """A resource answering 304 to If-None-Match with its ETag."""
    def answer(handler):
        if handler.headers.get("If-None-Match") == etag:
            return 304, {"ETag": etag}, b""
        return 200, {"Content-Type": content_type, "ETag": etag,
                     "Last-Modified": "Mon, 30 Nov 2026 08:00:00 GMT"}, body
    return answer
