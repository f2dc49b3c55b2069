"""UpstreamClient: one upstream's calls with timeouts, retries, a circuit breaker, decoding, logs and hooks."""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator, Callable, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any, TypeVar

import aiohttp
import msgspec
from tenacity import AsyncRetrying, retry_if_exception_type, stop_after_attempt, stop_before_delay

from showbay.adapters.outbound.breaker import CircuitBreaker, CircuitOpen, MonotonicClock
from showbay.adapters.outbound.failures import BackoffOrRetryAfter, RetryableStatus, TransportFailure, to_upstream_error
from showbay.adapters.outbound.observer import AttemptEvent, AttemptOutcome, NullObserver, OutboundObserver
from showbay.adapters.outbound.policy import UpstreamPolicy
from showbay.adapters.outbound.retry_after import parse_retry_after
from showbay.adapters.request_context import current_request_id
from showbay.application.errors import UpstreamBadResponse

T = TypeVar("T")
logger = logging.getLogger("showbay.outbound")

IDEMPOTENT = frozenset({"GET", "HEAD", "OPTIONS"})
Params = Mapping[str, str | int]


@dataclass(frozen=True, slots=True)
class UpstreamResponse:
    """A final (not retried) answer: 2xx, 3xx, or a 4xx other than 429."""

    status: int
    headers: Mapping[str, str] = field(repr=False)
    body: bytes = field(repr=False)


def create_client_session(policy: UpstreamPolicy, headers: Mapping[str, str] | None = None) -> aiohttp.ClientSession:
    """The one pooled session of an upstream; call inside the running event loop, close on shutdown."""
    return aiohttp.ClientSession(
        timeout=aiohttp.ClientTimeout(total=policy.attempt_timeout, connect=policy.connect_timeout),
        connector=aiohttp.TCPConnector(limit=policy.max_connections),
        headers={"User-Agent": policy.user_agent, **(headers or {})},
        raise_for_status=False,
    )


class UpstreamClient:
    """Calls one upstream. Idempotent methods are retried; every failure leaves as an ``Upstream*`` error."""

    def __init__(
        self,
        session: aiohttp.ClientSession,
        policy: UpstreamPolicy,
        *,
        breaker: CircuitBreaker | None = None,
        observer: OutboundObserver | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._session = session
        self._policy = policy
        self._observer = observer or NullObserver()
        self._clock = clock
        self.breaker = breaker or CircuitBreaker(
            policy.name,
            threshold=policy.breaker_threshold,
            cooldown=policy.breaker_cooldown,
            clock=clock,
            observer=self._observer,
        )

    @property
    def name(self) -> str:
        return self._policy.name

    @property
    def closed(self) -> bool:
        return self._session.closed

    async def get(
        self, path: str, *, params: Params | None = None, headers: Mapping[str, str] | None = None
    ) -> UpstreamResponse:
        return await self.request("GET", path, params=params, headers=headers)

    async def get_json(
        self, path: str, type_: type[T], *, params: Params | None = None, headers: Mapping[str, str] | None = None
    ) -> T:
        """GET and decode a 2xx body into ``type_``; any other final status is a bad response."""
        response = await self.get(path, params=params, headers=headers)
        return self.decode(self.expect_success(response, path), type_)

    async def get_json_or_none(
        self, path: str, type_: type[T], *, params: Params | None = None, headers: Mapping[str, str] | None = None
    ) -> T | None:
        """Like ``get_json`` but a 404 means "no such thing" and gives ``None``."""
        response = await self.get(path, params=params, headers=headers)
        if response.status == 404:
            return None
        return self.decode(self.expect_success(response, path), type_)

    def expect_success(self, response: UpstreamResponse, path: str) -> UpstreamResponse:
        if not 200 <= response.status < 300:
            raise UpstreamBadResponse(self.name, f"{self.name} answered {response.status} to {path}")
        return response

    def decode(self, response: UpstreamResponse, type_: type[T]) -> T:
        """msgspec-decode the body; an unexpected shape is ``UpstreamBadResponse`` (502)."""
        try:
            return msgspec.json.decode(response.body, type=type_)
        except (msgspec.DecodeError, msgspec.ValidationError) as exc:
            logger.warning("unexpected answer from %s: %s", self.name, exc, extra={"upstream": self.name})
            raise UpstreamBadResponse(self.name, f"{self.name} sent an answer of an unexpected shape") from exc

    async def request(
        self,
        method: str,
        path: str,
        *,
        params: Params | None = None,
        headers: Mapping[str, str] | None = None,
        json: Any = None,
    ) -> UpstreamResponse:
        call = _Call(method.upper(), path, params, headers, json, started=self._clock())
        attempts = self._policy.max_attempts if call.method in IDEMPOTENT else 1
        counter = iter(range(1, attempts + 1))

        async def one_attempt() -> UpstreamResponse:
            return await self._attempt(call, next(counter))

        retrying = AsyncRetrying(
            stop=stop_after_attempt(attempts) | stop_before_delay(self._policy.budget),
            wait=BackoffOrRetryAfter(self._policy.backoff_initial, self._policy.backoff_max),
            retry=retry_if_exception_type((RetryableStatus, TransportFailure)),
            reraise=True,
        )
        try:
            return await retrying(one_attempt)
        except (RetryableStatus, TransportFailure, CircuitOpen) as exc:
            raise to_upstream_error(self.name, exc) from exc

    async def _attempt(self, call: _Call, attempt: int) -> UpstreamResponse:
        begin = self._clock()
        try:
            self.breaker.before_call()
        except CircuitOpen:
            self._report(call, attempt, AttemptOutcome.CIRCUIT_OPEN, None, begin)
            raise
        remaining = self._policy.budget - (begin - call.started)
        limits = aiohttp.ClientTimeout(
            total=max(0.001, min(self._policy.attempt_timeout, remaining)), connect=self._policy.connect_timeout
        )
        try:
            response = await self._send(call, limits)
        except TimeoutError as exc:
            self.breaker.record_failure()
            self._report(call, attempt, AttemptOutcome.TIMEOUT, None, begin)
            raise TransportFailure(timed_out=True, cause=exc) from exc
        except aiohttp.ClientError as exc:
            self.breaker.record_failure()
            self._report(call, attempt, AttemptOutcome.CONNECTION_ERROR, None, begin)
            raise TransportFailure(timed_out=False, cause=exc) from exc
        except BaseException:
            self.breaker.record_abandoned()
            raise
        return self._judge(call, response, attempt, begin)

    def _judge(self, call: _Call, response: UpstreamResponse, attempt: int, begin: float) -> UpstreamResponse:
        status = response.status
        retryable = status == 429 or status >= 500
        if retryable and self._policy.hands_back is not None and self._policy.hands_back(status, response.headers):
            retryable = False
        if status >= 500:
            self.breaker.record_failure()
        else:
            self.breaker.record_success()  # a 429 or a 4xx still proves the upstream is alive
        outcome = AttemptOutcome.RETRYABLE_STATUS if retryable else AttemptOutcome.OK
        self._report(call, attempt, outcome, status, begin)
        if retryable:
            raise RetryableStatus(status, parse_retry_after(response.headers.get("Retry-After")))
        return response

    async def _send(self, call: _Call, limits: aiohttp.ClientTimeout) -> UpstreamResponse:
        outgoing = dict(call.headers or {})
        if (request_id := current_request_id()) is not None:
            outgoing["X-Request-ID"] = request_id
        url = self._policy.url(call.path)
        async with self._session.request(
            call.method, url, params=call.params, headers=outgoing, json=call.json, timeout=limits
        ) as raw:
            body = await raw.read()
            return UpstreamResponse(raw.status, raw.headers, body)

    def _report(self, call: _Call, attempt: int, outcome: AttemptOutcome, status: int | None, begin: float) -> None:
        duration = self._clock() - begin
        level = logging.INFO if outcome is AttemptOutcome.OK else logging.WARNING
        logger.log(
            level,
            "%s %s %s -> %s (%s) attempt %d in %.3fs",
            self.name,
            call.method,
            call.path,
            status if status is not None else "-",
            outcome.value,
            attempt,
            duration,
            extra={
                "upstream": self.name,
                "method": call.method,
                "path": call.path,
                "status": status,
                "outcome": outcome.value,
                "attempt": attempt,
                "duration": duration,
                "request_id": current_request_id(),
            },
        )
        self._observer.on_attempt(AttemptEvent(self.name, call.method, call.path, attempt, outcome, status, duration))


@dataclass(frozen=True, slots=True)
class _Call:
    method: str
    path: str
    params: Params | None
    headers: Mapping[str, str] | None
    json: Any
    started: float


@asynccontextmanager
async def open_upstream(
    policy: UpstreamPolicy,
    observer: OutboundObserver | None = None,
    headers: Mapping[str, str] | None = None,
    clock: MonotonicClock = time.monotonic,
) -> AsyncIterator[UpstreamClient]:
    """A client with its own pooled session and breaker, for an APP-scope provider; closes the session."""
    session = create_client_session(policy, headers)
    try:
        yield UpstreamClient(session, policy, observer=observer, clock=clock)
    finally:
        await session.close()
