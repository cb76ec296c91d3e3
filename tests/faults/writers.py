"""Writer threads for the fault tests: they create and update projects through the HTTP API and
remember exactly what the server acknowledged (2xx), and the one request in flight when it failed."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

import httpx

REGION = "350000000"


@dataclass
class Writer:
    """One client writing sequentially: at most one request is in flight at any moment."""

    base: str
    token: str
    number: int
    acked: dict[int, dict] = field(default_factory=dict)  # project id -> last acknowledged values
    pending: dict | None = None    # the request in flight: {"op", "id", "name", "jobs"}
    maybe: list[dict] = field(default_factory=list)  # requests that may or may not have been written
    errors: list[str] = field(default_factory=list)  # answers that were neither 2xx nor clean errors
    refused: list[httpx.Response] = field(default_factory=list)  # clean error answers (problem+json)
    stop_on_failure: bool = True
    request_timeout: float = 30

    def run(self, stop: threading.Event) -> None:
        headers = {"Authorization": f"Bearer {self.token}"}
        with httpx.Client(base_url=self.base, headers=headers, timeout=self.request_timeout) as http:
            i = 0
            while not stop.is_set():
                i += 1
                try:
                    if not self.acked or i % 3 == 0:
                        self._create(http, i)
                    else:
                        self._update(http, i)
                except httpx.TransportError:
                    self.maybe.append(self.pending)
                    self.pending = None
                    if self.stop_on_failure:
                        return  # the server is gone
                    stop.wait(0.05)

    def _name(self, i: int) -> str:
        return f"Завод W{self.number}-{i}"

    def _create(self, http: httpx.Client, i: int) -> None:
        name = self._name(i)
        self.pending = {"op": "create", "id": None, "name": name, "jobs": i}
        r = http.post("/api/v1/projects", json={"name": {"ru": name}, "region_kato": REGION,
                                                "jobs_permanent_planned": i,
                                                "investment_planned": {"amount": f"{i}000.50"}})
        self._answer(r, 201)
        if r.status_code == 201:
            body = r.json()
            self.acked[body["id"]] = {"name": name, "jobs": i, "version": body["version"]}

    def _update(self, http: httpx.Client, i: int) -> None:
        ids = sorted(self.acked)
        pid = ids[i % len(ids)]
        known = self.acked[pid]
        self.pending = {"op": "update", "id": pid, "name": known["name"], "jobs": i}
        r = http.patch(f"/api/v1/projects/{pid}", json={"jobs_permanent_planned": i, "version": known["version"]})
        if r.status_code == 409:  # an earlier unanswered update was written after all: take the current state
            current = r.json()["current"]
            self.acked[pid] = {**known, "jobs": current["jobs_permanent_planned"], "version": current["version"]}
            self.pending = None
            return
        self._answer(r, 200)
        if r.status_code == 200:
            body = r.json()
            self.acked[pid] = {**known, "jobs": i, "version": body["version"]}

    def _answer(self, r: httpx.Response, expected: int) -> None:
        if r.status_code != expected:
            if r.headers.get("content-type", "").startswith("application/problem+json") and r.status_code == 503:
                self.refused.append(r)
            else:
                self.errors.append(f"{r.status_code} {r.headers.get('content-type')}: {r.text[:300]}")
            self.maybe.append(self.pending)  # a failed commit may still have reached the database
        self.pending = None

    def acknowledged(self) -> int:
        return len(self.acked)


def start(writers: list[Writer]) -> tuple[threading.Event, list[threading.Thread]]:
    stop = threading.Event()
    threads = [threading.Thread(target=w.run, args=(stop,), daemon=True) for w in writers]
    for t in threads:
        t.start()
    return stop, threads
