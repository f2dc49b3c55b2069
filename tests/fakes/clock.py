"""A monotonic clock the test moves by hand, and the provider that gives it to the app's upstream clients.

Breaker cool-downs then pass when the test says so, not after a ``sleep`` racing the real clock.
"""

from __future__ import annotations

from dishka import Provider, Scope, provide

from showbay.adapters.outbound import MonotonicClock


class HandClock:
    def __init__(self, start: float = 1_000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


class HandClockProvider(Provider):
    """Overrides the app's ``MonotonicClock`` (put it after the default providers)."""

    def __init__(self, clock: HandClock) -> None:
        super().__init__()
        self._clock = clock

    @provide(scope=Scope.APP)
    def clock(self) -> MonotonicClock:
        return self._clock
