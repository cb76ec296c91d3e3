"""Requests handed straight to the ASGI app, in an event loop in this thread, as a server hands them.

The benchmarks that compare an endpoint with hand-written SQL time what the *server* spends on a
request: middleware, routing, the permission dependencies, the worker thread of a sync endpoint,
the query, JSON and gzip. Starlette's ``TestClient`` adds a cost no deployment pays: it runs the
app in a loop on another thread and crosses threads for every ASGI message (about 1-1.5 ms a
request on a 2-core machine even for a bare FastAPI app, against 0.03 ms called directly), which
weighs on the short queries. An HTTP server's own parsing is small beside that (uvicorn with
httptools) and is measured by ``vs_datasette.py``, which goes over loopback.

Like a server, one long-lived task spawns a task per request (uvicorn runs under
``asyncio.run(server.serve())``). That matters for sync endpoints and dependencies: anyio ties its
worker threads to the root task and stops them when it ends, so a fresh ``run_until_complete`` per
request would start a new thread for every request, a cost no server pays.

    with InProcess(app) as client:
        client.check("/api/v1/stats?group_by=region")                  # what a timing loop calls
        status, body = client.get("/api/v1/stats?group_by=region")    # the body, to check or show
"""

from __future__ import annotations

import asyncio
import gzip
from urllib.parse import urlsplit

import anyio


class InProcess:
    """A minimal client: GET only, the app's lifespan entered once, one event loop for all calls."""

    def __init__(self, app, headers: dict[str, str] | None = None):
        self.app = app
        # gzip asked for, as browsers and HTTP clients do: compressing is part of the server's work
        self.headers = [(b"host", b"bench"), (b"accept-encoding", b"gzip")] + [
            (k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in (headers or {}).items()]

    def __enter__(self) -> InProcess:
        self.loop = asyncio.new_event_loop()
        self.lifespan = self.app.router.lifespan_context(self.app)
        self.loop.run_until_complete(self.lifespan.__aenter__())
        self.inbox: asyncio.Queue = asyncio.Queue()
        self.server = self.loop.create_task(self._serve())
        return self

    def __exit__(self, *exc) -> None:
        self.server.cancel()
        self.loop.run_until_complete(asyncio.gather(self.server, return_exceptions=True))
        self.loop.run_until_complete(self.lifespan.__aexit__(None, None, None))
        self.loop.close()

    def get(self, url: str) -> tuple[int, bytes]:
        """The status and the body, decompressed (client-side work: time ``status`` instead)."""
        status, headers, body = self._call(url)
        if headers.get(b"content-encoding") == b"gzip":
            body = gzip.decompress(body)
        return status, body

    def status(self, url: str) -> int:
        """Only the status: the cheapest call, for timing."""
        return self._call(url)[0]

    def check(self, url: str) -> None:
        """What a timing loop calls: the request, and an error with the answer unless it is 200."""
        if self.status(url) != 200:
            raise AssertionError(self.get(url))

    def sent(self, url: str) -> tuple[int, dict[bytes, bytes], int]:
        """The status, the headers and the number of body bytes sent, the body not kept (a download's
        size is then not counted in this process's memory as the server's)."""
        return self._call(url, keep=False)

    def _call(self, url: str, keep: bool = True) -> tuple[int, dict[bytes, bytes], bytes]:
        answer = self.loop.create_future()
        self.inbox.put_nowait((url, answer, keep))
        return self.loop.run_until_complete(answer)  # a plain future: the server task stays the root

    async def _serve(self) -> None:
        """The server's task: one task per request, in a task group that lives as long as the client."""
        async with anyio.create_task_group() as requests:
            while True:
                url, answer, keep = await self.inbox.get()
                requests.start_soon(self._answer, url, answer, keep)

    async def _answer(self, url: str, answer: asyncio.Future, keep: bool = True) -> None:
        try:
            answer.set_result(await self._get(url, keep))
        except Exception as e:  # handed to the caller, not to the task group
            answer.set_exception(e)

    async def _get(self, url: str, keep: bool = True) -> tuple[int, dict[bytes, bytes], bytes | int]:
        parts = urlsplit(url)
        scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET",
                 "scheme": "http", "path": parts.path, "raw_path": parts.path.encode(),
                 "query_string": parts.query.encode(), "root_path": "", "headers": self.headers,
                 "client": ("127.0.0.1", 50000), "server": ("bench", 80)}
        sent = False

        async def receive():
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": b"", "more_body": False}
            await asyncio.Event().wait()  # the client never disconnects

        start, chunks, size = {}, [], 0

        async def send(message):
            nonlocal size
            if message["type"] == "http.response.start":
                start.update(message)
            elif message["type"] == "http.response.body":
                size += len(message.get("body", b""))
                if keep:
                    chunks.append(message.get("body", b""))

        await self.app(scope, receive, send)
        return start["status"], dict(start.get("headers", [])), b"".join(chunks) if keep else size
