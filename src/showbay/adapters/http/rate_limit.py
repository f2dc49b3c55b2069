"""Rate limiting per principal (per client address when anonymous) on Litestar's ``RateLimitMiddleware``.

Litestar's middleware reads a key's history, checks it and writes it back under an ``anyio.Lock`` that exists
once per process (litestar issue 4700): two workers or replicas sharing a ``RedisStore`` can both read the same
count and both let a request through, multiplying the limit. A ``WindowCountingStore`` takes the count in one
step instead: on Redis (``adapters/redis/window_store.py``) one Lua script (``INCR`` + ``EXPIRE``) that Redis runs
atomically, so every process shares one exact budget; in one process without Redis, ``LocalWindowStore`` counts
the same fixed windows in a dict.

When Redis does not answer, the limiter fails open (the request is served, a warning logged at most once a
minute): abuse limits must not turn a cache outage into an API outage.
"""

from __future__ import annotations

import logging
import math
from abc import abstractmethod
from collections.abc import Callable
from dataclasses import dataclass
from time import monotonic, time
from typing import Any

from litestar import Request
from litestar.exceptions import TooManyRequestsException
from litestar.middleware.rate_limit import (
    DURATION_VALUES,
    DurationUnit,
    RateLimitConfig,
    RateLimitMiddleware,
)
from litestar.stores.base import Store
from litestar.stores.memory import MemoryStore
from litestar.types import ASGIApp, Receive, Scope, Send

from showbay.application.principal import Principal

STORE_NAME = "rate_limit"
WARN_EVERY_SECONDS = 60.0
logger = logging.getLogger("showbay.http")


class CountStoreUnavailable(Exception):
    """The store holding the counts did not answer."""


class WindowCountingStore(Store):
    """A store that counts hits in fixed windows in one step."""

    __slots__ = ()

    @abstractmethod
    async def hit(self, key: str, window_seconds: int) -> tuple[int, int]:
        """Count one hit; return the hits in the current window and the seconds until it resets. Raises
        ``CountStoreUnavailable`` when the store does not answer."""


class LocalWindowStore(MemoryStore, WindowCountingStore):
    """Litestar's in-memory store (one process) that also counts hits in fixed windows, as the Redis store does:
    one dict lookup per request. The stock path instead decoded, extended and re-encoded the key's whole history
    (one timestamp per request in the window) under a lock, which grew with the request rate (~7 % of a GET's
    CPU at a high limit)."""

    __slots__ = ("_clock", "_sweep_at", "_windows")

    def __init__(self, clock: Callable[[], float] = monotonic, sweep_at: int = 10_000) -> None:
        super().__init__()
        self._clock = clock
        self._sweep_at = sweep_at  # keys; past it, ended windows are dropped before a new one is opened
        self._windows: dict[str, list[float]] = {}  # key -> [window end, hits]

    def open_windows(self) -> int:
        """How many keys have a window (not ``__len__``: Litestar's store registry tests a store's truthiness)."""
        return len(self._windows)

    async def hit(self, key: str, window_seconds: int) -> tuple[int, int]:
        """Count one hit; return the hits in the current window and the seconds until it resets."""
        now = self._clock()
        window = self._windows.get(key)
        if window is None or window[0] <= now:
            if len(self._windows) >= self._sweep_at:
                self._windows = {k: w for k, w in self._windows.items() if w[0] > now}
            window = self._windows[key] = [now + window_seconds, 0]
        window[1] += 1
        return int(window[1]), max(0, math.ceil(window[0] - now))


@dataclass(frozen=True, slots=True)
class Window:
    count: int  # including the current request
    reset_in: int  # seconds


def client_address(scope: Scope) -> str:
    """The client's address, as Litestar's ``get_remote_address`` reads it, without building a ``Request``."""
    client = scope.get("client")
    return str(client[0]) if client else "127.0.0.1"


def identity_of(scope: Scope) -> str:
    """The rate-limit identity: the authenticated principal, else the client address."""
    user = scope.get("user")
    if isinstance(user, Principal):
        return f"principal:{user.id}"
    return f"address:{client_address(scope)}"


def principal_or_address(request: Request[Any, Any, Any]) -> str:
    return identity_of(request.scope)


class SharedRateLimitMiddleware(RateLimitMiddleware):
    """Litestar's middleware with an atomic count on Redis and ``Retry-After`` on 429."""

    _last_warning: float | None = None

    def __init__(self, app: ASGIApp, config: RateLimitConfig) -> None:
        super().__init__(app, config)
        self._store: Store | None = None
        # The fixed headers encoded once; "remaining" and "reset" change with every request.
        self._fixed_headers = (
            (config.rate_limit_policy_header_key.lower().encode(), f"{self.max_requests}; w={self._window}".encode()),
            (config.rate_limit_limit_header_key.lower().encode(), str(self.max_requests).encode()),
        )
        self._remaining_header = config.rate_limit_remaining_header_key.lower().encode()
        self._reset_header = config.rate_limit_reset_header_key.lower().encode()

    @property
    def _window(self) -> int:
        return DURATION_VALUES[self.unit]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        app = scope["litestar_app"]
        if self.check_throttle_handler is None or await self.should_check_request(app.request_class(scope)):
            window = await self._hit_or_none(self._key(scope), self._store_of(app))
            if window is None:
                await self.app(scope, receive, send)
                return
            if window.count > self.max_requests:
                raise TooManyRequestsException(
                    "too many requests; retry after the time in Retry-After",
                    headers={**self._headers(window), "Retry-After": str(max(1, window.reset_in))},
                )
            send = self._with_headers(send, window)
        await self.app(scope, receive, send)

    def _key(self, scope: Scope) -> str:
        """Litestar's ``cache_key_from_request`` with the config's identity (``principal_or_address``), read from
        the scope without building a ``Request``."""
        key = f"{type(self).__name__}::{identity_of(scope)}"
        return key + "::mount" if getattr(scope["route_handler"], "is_mount", False) else key

    def _store_of(self, app: Any) -> Store:
        """The app's store, looked up once (the registry is a dict lookup and a name check per call)."""
        if self._store is None:
            self._store = self.config.get_store_from_app(app)
        return self._store

    async def _hit_or_none(self, key: str, store: Store) -> Window | None:
        try:
            return await self._hit(key, store)
        except (CountStoreUnavailable, OSError) as exc:
            now = monotonic()
            if self._last_warning is None or now - self._last_warning >= WARN_EVERY_SECONDS:
                self._last_warning = now
                logger.warning(
                    "rate limiting is off: the store does not answer (%s)", type(exc.__cause__ or exc).__name__
                )
            return None

    async def _hit(self, key: str, store: Store) -> Window:
        duration = DURATION_VALUES[self.unit]
        if isinstance(store, WindowCountingStore):
            count, reset_in = await store.hit(key, duration)
            return Window(count, reset_in)
        async with self._lock:  # any other store: Litestar's history, exact within one process
            history = await self.retrieve_cached_history(key, store)
            if len(history.history) < self.max_requests:
                await self.set_cached_history(key=key, cache_object=history, store=store)
                count = len(history.history)
            else:
                count = len(history.history) + 1
        return Window(count, max(0, math.ceil(history.reset - time())))

    def _headers(self, window: Window) -> dict[str, str]:
        if not self.config.set_rate_limit_headers:
            return {}
        return {
            self.config.rate_limit_policy_header_key: f"{self.max_requests}; w={DURATION_VALUES[self.unit]}",
            self.config.rate_limit_limit_header_key: str(self.max_requests),
            self.config.rate_limit_remaining_header_key: str(max(0, self.max_requests - window.count)),
            self.config.rate_limit_reset_header_key: str(window.reset_in),
        }

    def _with_headers(self, send: Send, window: Window) -> Send:
        """Appends the window's headers to the response's."""
        if not self.config.set_rate_limit_headers:
            return send
        added = (
            *self._fixed_headers,
            (self._remaining_header, str(max(0, self.max_requests - window.count)).encode()),
            (self._reset_header, str(window.reset_in).encode()),
        )

        async def send_with_headers(message: Any) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", ()), *added]
            await send(message)

        return send_with_headers


def rate_limit_config(requests: int, window: DurationUnit) -> RateLimitConfig:
    """``requests`` per ``window`` for each principal (each client address when anonymous)."""
    return RateLimitConfig(
        rate_limit=(window, requests),
        identifier_for_request=principal_or_address,
        middleware_class=SharedRateLimitMiddleware,
        store=STORE_NAME,
    )


def rate_limit_header_names(config: RateLimitConfig) -> tuple[str, ...]:
    """Every header the limiter sends (browsers read them only when CORS exposes them)."""
    return (
        config.rate_limit_policy_header_key,
        config.rate_limit_limit_header_key,
        config.rate_limit_remaining_header_key,
        config.rate_limit_reset_header_key,
        "Retry-After",
    )
