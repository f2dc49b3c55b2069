"""Hooks for metrics: the client reports every attempt and every breaker transition to an observer.

A metrics adapter (Prometheus, for example) implements ``OutboundObserver``; nothing here imports one.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol


class AttemptOutcome(StrEnum):
    OK = "ok"  # any response that is not retried: 2xx, 3xx, 4xx other than 429
    RETRYABLE_STATUS = "retryable_status"  # 429 or 5xx
    TIMEOUT = "timeout"
    CONNECTION_ERROR = "connection_error"
    CIRCUIT_OPEN = "circuit_open"  # rejected by the breaker, nothing was sent


@dataclass(frozen=True, slots=True)
class AttemptEvent:
    """One attempt of one outbound call."""

    upstream: str
    method: str
    path: str
    attempt: int
    outcome: AttemptOutcome
    status: int | None
    duration: float


class OutboundObserver(Protocol):
    """Receives what the outbound layer does. Must be fast and must not raise."""

    def on_attempt(self, event: AttemptEvent) -> None: ...

    def on_breaker_state(self, upstream: str, state: str) -> None:
        """``state`` is ``closed``, ``open`` or ``half_open``."""
        ...


class NullObserver:
    def on_attempt(self, event: AttemptEvent) -> None:
        pass

    def on_breaker_state(self, upstream: str, state: str) -> None:
        pass


class OutboundCounters:
    """In-process counters: attempts by (upstream, outcome), and the last known breaker state per upstream."""

    def __init__(self) -> None:
        self.attempts: Counter[tuple[str, AttemptOutcome]] = Counter()
        self.breaker_states: dict[str, str] = {}
        self.breaker_transitions: Counter[tuple[str, str]] = Counter()

    def on_attempt(self, event: AttemptEvent) -> None:
        self.attempts[(event.upstream, event.outcome)] += 1

    def on_breaker_state(self, upstream: str, state: str) -> None:
        self.breaker_states[upstream] = state
        self.breaker_transitions[(upstream, state)] += 1

    def count(self, upstream: str, outcome: AttemptOutcome | None = None) -> int:
        return sum(n for (name, seen), n in self.attempts.items() if name == upstream and outcome in (None, seen))


class CompositeObserver:
    """Fans every event out to several observers (counters and a metrics exporter, say)."""

    def __init__(self, observers: Sequence[OutboundObserver]) -> None:
        self._observers = tuple(observers)

    def on_attempt(self, event: AttemptEvent) -> None:
        for observer in self._observers:
            observer.on_attempt(event)

    def on_breaker_state(self, upstream: str, state: str) -> None:
        for observer in self._observers:
            observer.on_breaker_state(upstream, state)
