"""A local aiohttp server imitating GitHub's ``GET /repos/{owner}/{repo}`` (127.0.0.1, free port).

It keeps repositories with ETags (answering 304 to a matching ``If-None-Match``, which costs no rate limit),
redirects renamed repositories with a 301 like GitHub does, counts a primary rate limit in its
``X-RateLimit-*`` headers, and can be scripted to fail: ``fake.fail("octo/hello", FakeAnswer(500))``.
Every request is recorded with its headers for assertions.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import threading
from collections import deque
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

RESET_AT = 1_900_000_000  # X-RateLimit-Reset the fake announces (epoch seconds)


def repo_payload(full_name: str, **changes: Any) -> dict[str, Any]:
    owner, name = full_name.split("/")
    payload: dict[str, Any] = {
        "id": abs(hash(full_name.lower())) % 10**9,
        "name": name,
        "full_name": full_name,
        "owner": {"login": owner},
        "description": f"{name} does things",
        "language": "Python",
        "stargazers_count": 42,
        "forks_count": 7,
        "open_issues_count": 3,
        "watchers_count": 42,
        "subscribers_count": 5,
        "default_branch": "main",
        "html_url": f"https://github.com/{full_name}",
        "archived": False,
        "pushed_at": "2026-11-20T10:00:00Z",
        "topics": ["ignored"],
    }
    payload.update(changes)
    return payload


@dataclass(frozen=True)
class FakeAnswer:
    """A scripted answer: status, JSON body (or raw ``body``), headers; ``delay`` seconds before answering."""

    status: int = 200
    json_body: Any = None
    body: bytes | None = None
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0


@dataclass
class Seen:
    """A request as it arrived; ``status`` is filled in once it is answered (None while hanging)."""

    path: str
    headers: dict[str, str]
    status: int | None = None

    @property
    def conditional(self) -> bool:
        return "If-None-Match" in self.headers


class FakeGitHub:
    def __init__(self, rate_limit: int = 5000) -> None:
        self.repos: dict[str, dict[str, Any]] = {}
        self.etags: dict[str, str] = {}
        self.renamed: dict[str, str] = {}
        self.limit = rate_limit
        self.remaining = rate_limit
        self.calls: list[Seen] = []
        self.delay = 0.0
        """Seconds every unscripted answer waits (to make concurrent callers overlap)."""
        self._scripts: dict[str, deque[FakeAnswer]] = {}
        self._closing = asyncio.Event()
        app = web.Application()
        app.router.add_get("/repos/{owner}/{name}", self._repo)
        app.router.add_get("/repositories/{canonical:.+}", self._by_id)
        self._server = TestServer(app, host="127.0.0.1", port=0)

    @property
    def url(self) -> str:
        return str(self._server.make_url("")).rstrip("/")

    def publish(self, full_name: str, etag: str = '"e1"', **changes: Any) -> dict[str, Any]:
        """Create or change a repository; a new ``etag`` marks a new version."""
        self.repos[full_name.lower()] = repo_payload(full_name, **changes)
        self.etags[full_name.lower()] = etag
        return self.repos[full_name.lower()]

    def rename(self, old: str, new: str, etag: str = '"r1"') -> None:
        payload = self.repos.pop(old.lower())
        self.etags.pop(old.lower())
        owner, name = new.split("/")
        self.repos[new.lower()] = {**payload, "full_name": new, "name": name, "owner": {"login": owner}}
        self.etags[new.lower()] = etag
        self.renamed[old.lower()] = new.lower()

    def fail(self, full_name: str, *answers: FakeAnswer) -> None:
        """The next requests for ``full_name`` get ``answers`` in order, then normal service resumes."""
        self._scripts.setdefault(full_name.lower(), deque()).extend(answers)

    def calls_for(self, full_name: str) -> list[Seen]:
        return [c for c in self.calls if c.path.lower() == f"/repos/{full_name.lower()}"]

    async def __aenter__(self) -> FakeGitHub:
        await self._server.start_server()
        return self

    async def __aexit__(self, *exc: object) -> None:
        self._closing.set()
        await self._server.close()

    def _rate_headers(self) -> dict[str, str]:
        return {
            "X-RateLimit-Limit": str(self.limit),
            "X-RateLimit-Remaining": str(self.remaining),
            "X-RateLimit-Reset": str(RESET_AT),
            "X-RateLimit-Used": str(self.limit - self.remaining),
        }

    @staticmethod
    def _answer(seen: Seen, status: int, body: bytes, headers: dict[str, str]) -> web.Response:
        seen.status = status
        return web.Response(status=status, body=body, headers=headers)

    def _arrived(self, request: web.Request) -> Seen:
        seen = Seen(request.path, dict(request.headers))
        self.calls.append(seen)
        return seen

    async def _scripted(self, seen: Seen, answer: FakeAnswer) -> web.Response:
        if answer.delay:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._closing.wait(), answer.delay)
        body = answer.body if answer.body is not None else json.dumps(answer.json_body or {}).encode()
        headers = {"Content-Type": "application/json; charset=utf-8", **self._rate_headers(), **answer.headers}
        return self._answer(seen, answer.status, body, headers)

    async def _repo(self, request: web.Request) -> web.Response:
        seen = self._arrived(request)
        key = f"{request.match_info['owner']}/{request.match_info['name']}".lower()
        script = self._scripts.get(key)
        if script:
            return await self._scripted(seen, script.popleft())
        if key in self.renamed:
            location = f"{self.url}/repositories/{self.renamed[key]}"
            return self._answer(seen, 301, b'{"message": "Moved Permanently"}', {"Location": location})
        return await self._serve(seen, key)

    async def _by_id(self, request: web.Request) -> web.Response:
        return await self._serve(self._arrived(request), request.match_info["canonical"])

    async def _serve(self, seen: Seen, key: str) -> web.Response:
        if self.delay:
            await asyncio.sleep(self.delay)
        if key in self.repos and seen.headers.get("If-None-Match") == self.etags[key]:
            return self._answer(seen, 304, b"", {"ETag": self.etags[key], **self._rate_headers()})
        self.remaining = max(self.remaining - 1, 0)
        json_headers = {"Content-Type": "application/json; charset=utf-8", **self._rate_headers()}
        if key not in self.repos:
            return self._answer(seen, 404, b'{"message": "Not Found"}', json_headers)
        body = json.dumps(self.repos[key]).encode()
        return self._answer(seen, 200, body, {**json_headers, "ETag": self.etags[key]})


def primary_limit_exhausted(status: int = 403, reset: int = RESET_AT) -> FakeAnswer:
    return FakeAnswer(
        status,
        {"message": "API rate limit exceeded"},
        headers={"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": str(reset)},
    )


def secondary_limit(retry_after: int = 30, status: int = 403) -> FakeAnswer:
    return FakeAnswer(
        status, {"message": "You have exceeded a secondary rate limit"}, headers={"Retry-After": str(retry_after)}
    )


@pytest.fixture
async def fake_github() -> AsyncIterator[FakeGitHub]:
    async with FakeGitHub() as fake:
        yield fake


@contextlib.contextmanager
def fake_github_in_thread() -> Iterator[FakeGitHub]:
    """The fake on its own event loop in a thread: for Litestar's test client, which blocks the test's loop
    while the app (in another thread) serves a request."""
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, name="fake-github", daemon=True)
    thread.start()

    async def start() -> FakeGitHub:
        return await FakeGitHub().__aenter__()

    fake = asyncio.run_coroutine_threadsafe(start(), loop).result(timeout=10)
    try:
        yield fake
    finally:
        asyncio.run_coroutine_threadsafe(fake.__aexit__(), loop).result(timeout=10)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(timeout=10)
        loop.close()
