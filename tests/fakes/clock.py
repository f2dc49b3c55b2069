"""The hand clocks: ``FakeClock`` (the application's ``Clock`` port, wall time) and ``HandClock`` (the outbound
layer's monotonic clock) with the provider that gives it to the app's upstream clients.

Breaker cool-downs then pass when the test says so, not after a ``sleep`` racing the real clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from dishka import Provider, Scope, provide

from showbay.adapters.outbound import MonotonicClock


class FakeClock:
    def __init__(self, start: datetime = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)) -> None:
        self.current = start

    def now(self) -> datetime:
        return self.current

    def advance(self, seconds: float) -> None:
        self.current += timedelta(seconds=seconds)


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
