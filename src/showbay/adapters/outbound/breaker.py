"""A circuit breaker per upstream: stop calling a service that keeps failing, try again after a cool-down.

Written here rather than taken from a library: ``purgatory`` (the maintained asyncio breaker) lets every
concurrent call through while half-open and times the cool-down with the wall clock; ``aiobreaker`` has not
been released since 2021. This one is small, uses a monotonic clock that tests can drive, and lets exactly one
trial call through when the cool-down has passed.

    closed ──(threshold consecutive failures)──▶ open ──(cool-down over: one trial call)──▶ half_open
      ▲                                            ▲                                          │
      └──────────────(trial succeeds)──────────────┼──────────────(trial fails)───────────────┘
"""

from __future__ import annotations

import time
from collections.abc import Callable
from enum import StrEnum
from typing import Protocol

from showbay.adapters.outbound.observer import NullObserver, OutboundObserver


class MonotonicClock(Protocol):
    """Seconds that never go backwards (``time.monotonic``); tests hand the app one they move themselves."""

    def __call__(self) -> float: ...


class BreakerState(StrEnum):
    CLOSED = "closed"
    OPEN = "open"
    HALF_OPEN = "half_open"


class CircuitOpen(Exception):
    """The breaker refused the call; nothing was sent. ``retry_after`` is the rest of the cool-down."""

    def __init__(self, upstream: str, retry_after: float) -> None:
        self.upstream = upstream
        self.retry_after = retry_after
        super().__init__(f"the circuit to {upstream} is open; retry in {retry_after:.1f}s")


class CircuitBreaker:
    """Counts consecutive failures of one upstream. Single event loop; no locking needed between awaits."""

    def __init__(
        self,
        upstream: str,
        *,
        threshold: int,
        cooldown: float,
        clock: Callable[[], float] = time.monotonic,
        observer: OutboundObserver | None = None,
    ) -> None:
        self.upstream = upstream
        self._threshold = threshold
        self._cooldown = cooldown
        self._clock = clock
        self._observer = observer or NullObserver()
        self._state = BreakerState.CLOSED
        self._failures = 0
        self._opened_at = 0.0
        self._trial_in_flight = False

    @property
    def state(self) -> BreakerState:
        return self._state

    def refuses_calls(self) -> bool:
        """Whether ``before_call`` would refuse now (open and cooling down, or a trial call is out)."""
        if self._state is BreakerState.OPEN:
            return self._opened_at + self._cooldown > self._clock()
        return self._state is BreakerState.HALF_OPEN and self._trial_in_flight

    def before_call(self) -> None:
        """Raise ``CircuitOpen`` unless a call may go out now. Pair every pass with one ``record_*`` call."""
        if self._state is BreakerState.CLOSED:
            return
        if self._state is BreakerState.OPEN:
            remaining = self._opened_at + self._cooldown - self._clock()
            if remaining > 0:
                raise CircuitOpen(self.upstream, remaining)
            self._move(BreakerState.HALF_OPEN)
        if self._trial_in_flight:
            # Another call is the trial; until it reports, everyone else is refused.
            raise CircuitOpen(self.upstream, min(1.0, self._cooldown))
        self._trial_in_flight = True

    def record_success(self) -> None:
        self._failures = 0
        self._trial_in_flight = False
        if self._state is not BreakerState.CLOSED:
            self._move(BreakerState.CLOSED)

    def record_failure(self) -> None:
        self._trial_in_flight = False
        self._failures += 1
        if self._state is BreakerState.HALF_OPEN or self._failures >= self._threshold:
            self._opened_at = self._clock()
            self._move(BreakerState.OPEN)

    def record_abandoned(self) -> None:
        """The call ended without an outcome (cancelled): free the trial slot, count nothing."""
        self._trial_in_flight = False

    def _move(self, state: BreakerState) -> None:
        if state is self._state:
            return
        self._state = state
        if state is BreakerState.CLOSED:
            self._failures = 0
        self._observer.on_breaker_state(self.upstream, state.value)


class BreakerCircuit:
    """A breaker seen through an application port (``PlaceholderCircuit``): is it refusing calls?"""

    def __init__(self, breaker: CircuitBreaker) -> None:
        self._breaker = breaker

    def is_open(self) -> bool:
        return self._breaker.refuses_calls()
