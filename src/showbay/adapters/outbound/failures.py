"""What one attempt can fail with, how long to wait before the next, and the errors a caller finally sees."""

from __future__ import annotations

import math

from tenacity import RetryCallState, wait_random_exponential
from tenacity.wait import wait_base

from showbay.adapters.outbound.breaker import CircuitOpen
from showbay.application.errors import UpstreamBadResponse, UpstreamError, UpstreamTimeout, UpstreamUnavailable

# How soon a client may try again after a transport failure, when the upstream said nothing.
DEFAULT_RETRY_AFTER = 1.0


class RetryableStatus(Exception):
    """The upstream answered 429 or 5xx."""

    def __init__(self, status: int, retry_after: float | None) -> None:
        self.status = status
        self.retry_after = retry_after
        super().__init__(f"status {status}")


class TransportFailure(Exception):
    """No usable answer: the connection failed or closed, or the attempt timed out."""

    def __init__(self, *, timed_out: bool, cause: BaseException) -> None:
        self.timed_out = timed_out
        super().__init__(f"{'timeout' if timed_out else 'connection error'}: {type(cause).__name__}")


class BackoffOrRetryAfter(wait_base):
    """Exponential back-off with full jitter, or exactly what the upstream's ``Retry-After`` asked for."""

    def __init__(self, initial: float, maximum: float) -> None:
        self._backoff = wait_random_exponential(multiplier=initial, max=maximum)

    def __call__(self, retry_state: RetryCallState) -> float:
        outcome = retry_state.outcome
        failure = outcome.exception() if outcome is not None else None
        if isinstance(failure, RetryableStatus) and failure.retry_after is not None:
            return failure.retry_after
        return float(self._backoff(retry_state))


def to_upstream_error(upstream: str, failure: RetryableStatus | TransportFailure | CircuitOpen) -> UpstreamError:
    """The last failure of a call, as the application error the HTTP table maps (503, 504, 502)."""
    if isinstance(failure, CircuitOpen):
        return UpstreamUnavailable(
            upstream, f"{upstream} is failing; calls are paused for a while", _ceil(failure.retry_after)
        )
    if isinstance(failure, TransportFailure):
        if failure.timed_out:
            return UpstreamTimeout(upstream, f"{upstream} did not answer in time")
        return UpstreamUnavailable(upstream, f"{upstream} could not be reached", DEFAULT_RETRY_AFTER)
    if failure.status == 429:
        return UpstreamUnavailable(upstream, f"{upstream} is rate limiting us", _ceil(failure.retry_after))
    if failure.status == 503:
        return UpstreamUnavailable(upstream, f"{upstream} is unavailable", _ceil(failure.retry_after))
    return UpstreamBadResponse(upstream, f"{upstream} answered with an error ({failure.status})")


def _ceil(seconds: float | None) -> float:
    return float(max(1, math.ceil(seconds))) if seconds is not None else DEFAULT_RETRY_AFTER
