"""The in-process client of the benchmarks hands requests to an app as a server does."""

from __future__ import annotations

import sys
import threading
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.middleware.gzip import GZipMiddleware

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
from asgi_call import InProcess  # noqa: E402


def app_seeing_threads(seen: list[threading.Thread]) -> FastAPI:
    app = FastAPI()
    app.add_middleware(GZipMiddleware, minimum_size=10)

    @app.get("/thread")
    def which_thread() -> dict:  # a sync endpoint: FastAPI runs it in a worker thread
        seen.append(threading.current_thread())  # kept alive, so no two threads share an id
        return {"text": "x" * 100}

    @app.get("/broken")
    async def broken() -> dict:
        raise RuntimeError("the app failed")

    return app


def test_worker_threads_are_reused_across_requests_as_under_a_server():
    seen: list[threading.Thread] = []
    with InProcess(app_seeing_threads(seen)) as client:
        for _ in range(20):
            assert client.status("/thread") == 200
    assert len(seen) == 20
    # a fresh root task per request would start a thread per request (20 here)
    assert len({id(t) for t in seen}) <= 2


def test_bodies_come_back_decompressed():
    with InProcess(app_seeing_threads([])) as client:
        status, body = client.get("/thread")
        assert status == 200
        assert body == b'{"text":"' + b"x" * 100 + b'"}'
        assert client.get("/nowhere")[0] == 404


def test_an_error_in_the_app_reaches_the_caller_and_the_client_goes_on():
    with InProcess(app_seeing_threads([])) as client:
        with pytest.raises(RuntimeError, match="the app failed"):
            client.status("/broken")
        assert client.status("/thread") == 200


def test_check_passes_a_200_and_fails_with_the_answer_otherwise():
    with InProcess(app_seeing_threads([])) as client:
        client.check("/thread")
        with pytest.raises(AssertionError, match="404"):
            client.check("/nowhere")
