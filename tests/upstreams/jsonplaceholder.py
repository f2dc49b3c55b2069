"""A scriptable local HTTP server imitating an upstream (JSONPlaceholder, GitHub, ...) for tests.

Binds 127.0.0.1 on a free port; nothing reaches the internet. Script each path with the replies it gives,
in order (the last one repeats), then assert on ``calls_to(path)``::

    fake.reply("/posts/1", status(500), ok({"id": 1}))     # 500 then 200 for ever
    fake.reply("/posts/2", rate_limited(retry_after=1), ok({...}))
    fake.reply("/posts/3", hang())                          # never answers (until the server closes)
    fake.reply("/posts/4", close_connection())
    fake.reply("/posts/5", malformed())

Use the ``fake_upstream`` fixture (registered in tests/conftest.py) or ``async with FakeUpstream() as fake``.

The server runs its own event loop in a thread: Litestar's test clients block the test's loop while the app
handles a request, and an app calling an upstream served by that same loop would wait for ever.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import threading
from collections import deque
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer


@dataclass(frozen=True)
class Reply:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    close: bool = False


def ok(payload: Any, *, headers: dict[str, str] | None = None, status_code: int = 200) -> Reply:
    return Reply(status_code, json.dumps(payload).encode(), {"Content-Type": "application/json", **(headers or {})})


def status(code: int, payload: Any = None, *, headers: dict[str, str] | None = None) -> Reply:
    body = json.dumps(payload if payload is not None else {}).encode()
    return Reply(code, body, {"Content-Type": "application/json", **(headers or {})})


def rate_limited(retry_after: int | str | None = None, *, code: int = 429) -> Reply:
    headers = {} if retry_after is None else {"Retry-After": str(retry_after)}
    return status(code, {"message": "slow down"}, headers=headers)


def hang(seconds: float = 60.0) -> Reply:
    """Never answer (within any sane client timeout); released when the server closes."""
    return Reply(delay=seconds)


def slow(payload: Any, seconds: float) -> Reply:
    return Reply(200, json.dumps(payload).encode(), {"Content-Type": "application/json"}, delay=seconds)


def close_connection() -> Reply:
    """Drop the TCP connection without sending a response."""
    return Reply(close=True)


def malformed(body: bytes = b'{"id": 1, "title": ') -> Reply:
    return Reply(200, body, {"Content-Type": "application/json"})


@dataclass(frozen=True)
class RecordedCall:
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]


class FakeUpstream:
    def __init__(self) -> None:
        self.calls: list[RecordedCall] = []
        self._scripts: dict[str, deque[Reply]] = {}
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="fake-upstream", daemon=True)
        self._server: TestServer | None = None
        self._closing: asyncio.Event | None = None

    @property
    def url(self) -> str:
        assert self._server is not None, "start the server first"
        return str(self._server.make_url("")).rstrip("/")

    def reply(self, path: str, *replies: Reply) -> None:
        """Answer ``path`` with ``replies`` in order; the last one repeats. Replaces any earlier script."""
        if not replies:
            raise ValueError("give at least one reply")
        self._scripts[path] = deque(replies)

    def calls_to(self, path: str) -> int:
        return sum(1 for call in list(self.calls) if call.path == path)

    def reset_calls(self) -> None:
        self.calls.clear()

    async def start(self) -> None:
        self._thread.start()
        await asyncio.wrap_future(asyncio.run_coroutine_threadsafe(self._start(), self._loop))

    async def close(self) -> None:
        await asyncio.wrap_future(asyncio.run_coroutine_threadsafe(self._close(), self._loop))
        self._loop.call_soon_threadsafe(self._loop.stop)
        await asyncio.to_thread(self._thread.join)
        self._loop.close()

    async def __aenter__(self) -> FakeUpstream:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    async def _start(self) -> None:
        self._closing = asyncio.Event()
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self._handle)
        self._server = TestServer(app, host="127.0.0.1", port=0)
        await self._server.start_server()

    async def _close(self) -> None:
        assert self._closing is not None
        assert self._server is not None
        self._closing.set()
        await self._server.close()

    def _next_reply(self, path: str) -> Reply:
        script = self._scripts.get(path)
        if not script:
            return status(404, {})
        return script.popleft() if len(script) > 1 else script[0]

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        self.calls.append(RecordedCall(request.method, request.path, dict(request.query), dict(request.headers)))
        reply = self._next_reply(request.path)
        if reply.delay:
            assert self._closing is not None
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._closing.wait(), reply.delay)
        if reply.close:
            assert request.transport is not None
            request.transport.abort()
            raise asyncio.CancelledError  # nothing more to send on a dropped connection
        return web.Response(status=reply.status, body=reply.body, headers=reply.headers)


@pytest.fixture
async def fake_upstream() -> AsyncIterator[FakeUpstream]:
    async with FakeUpstream() as fake:
        yield fake
