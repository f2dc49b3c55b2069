"""The circuit breaker's state machine, driven by a hand-held clock."""

from __future__ import annotations

import pytest

from showbay.adapters.outbound import BreakerState, CircuitBreaker, CircuitOpen, OutboundCounters


class HandClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def make(threshold: int = 3, cooldown: float = 10.0) -> tuple[CircuitBreaker, HandClock, OutboundCounters]:
    clock, counters = HandClock(), OutboundCounters()
    breaker = CircuitBreaker("up", threshold=threshold, cooldown=cooldown, clock=clock, observer=counters)
    return breaker, clock, counters


def fail(breaker: CircuitBreaker, times: int) -> None:
    for _ in range(times):
        breaker.before_call()
        breaker.record_failure()


def test_stays_closed_below_the_threshold_and_a_success_resets_the_count() -> None:
    breaker, _, _ = make(threshold=3)
    fail(breaker, 2)
    breaker.before_call()
    breaker.record_success()
    fail(breaker, 2)
    assert breaker.state is BreakerState.CLOSED


def test_opens_at_the_threshold_and_refuses_with_the_rest_of_the_cooldown() -> None:
    breaker, clock, counters = make(threshold=3, cooldown=10.0)
    fail(breaker, 3)
    assert breaker.state is BreakerState.OPEN
    clock.now += 4
    with pytest.raises(CircuitOpen) as caught:
        breaker.before_call()
    assert caught.value.retry_after == pytest.approx(6.0)
    assert counters.breaker_states == {"up": "open"}


def test_after_the_cooldown_exactly_one_trial_goes_through() -> None:
    breaker, clock, _ = make(threshold=1, cooldown=10.0)
    fail(breaker, 1)
    clock.now += 10
    breaker.before_call()  # the trial
    assert breaker.state is BreakerState.HALF_OPEN
    with pytest.raises(CircuitOpen):
        breaker.before_call()  # everyone else waits for the trial


def test_a_successful_trial_closes_it() -> None:
    breaker, clock, counters = make(threshold=1, cooldown=10.0)
    fail(breaker, 1)
    clock.now += 11
    breaker.before_call()
    breaker.record_success()
    assert breaker.state is BreakerState.CLOSED
    breaker.before_call()
    assert [state for (_, state), _ in counters.breaker_transitions.items()] == ["open", "half_open", "closed"]


def test_a_failed_trial_opens_it_for_a_full_cooldown() -> None:
    breaker, clock, _ = make(threshold=5, cooldown=10.0)
    fail(breaker, 5)
    clock.now += 10
    fail(breaker, 1)
    assert breaker.state is BreakerState.OPEN
    clock.now += 9
    with pytest.raises(CircuitOpen):
        breaker.before_call()


def test_an_abandoned_trial_frees_the_slot_for_the_next_call() -> None:
    breaker, clock, _ = make(threshold=1, cooldown=1.0)
    fail(breaker, 1)
    clock.now += 1
    breaker.before_call()
    breaker.record_abandoned()
    breaker.before_call()
    assert breaker.state is BreakerState.HALF_OPEN
