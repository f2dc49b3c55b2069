"""The metric helpers other modules call (outbound observer, circuit breaker gauge, job runs)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from prometheus_client import REGISTRY

from showbay.adapters.observability.metrics import (
    PrometheusOutboundObserver,
    job_run,
    outcome_for_status,
    set_circuit_state,
)
from showbay.adapters.outbound.observer import AttemptEvent, AttemptOutcome


def sample(name: str, **labels: str) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


@pytest.mark.parametrize(
    ("status", "outcome"),
    [(200, "ok"), (304, "ok"), (404, "client_error"), (429, "rate_limited"), (503, "server_error")],
)
def test_outcome_for_status(status: int, outcome: str) -> None:
    assert outcome_for_status(status) == outcome


def test_outbound_observer_counts_attempts_latency_and_retries() -> None:
    labels = {"upstream": "unit-upstream", "outcome": "timeout"}
    before = sample("showbay_outbound_requests_total", **labels)
    retries = sample("showbay_outbound_retries_total", upstream="unit-upstream")
    observer = PrometheusOutboundObserver()
    for attempt, duration in ((1, 0.2), (2, 0.3)):
        observer.on_attempt(
            AttemptEvent("unit-upstream", "GET", "/x", attempt, AttemptOutcome.TIMEOUT, status=None, duration=duration)
        )
    assert sample("showbay_outbound_requests_total", **labels) == before + 2
    assert sample("showbay_outbound_request_duration_seconds_count", **labels) >= 2
    assert sample("showbay_outbound_retries_total", upstream="unit-upstream") == retries + 1


def test_outbound_observer_labels_answered_attempts_by_status_class() -> None:
    labels = {"upstream": "unit-upstream", "outcome": "server_error"}
    before = sample("showbay_outbound_requests_total", **labels)
    event = AttemptEvent("unit-upstream", "GET", "/x", 1, AttemptOutcome.RETRYABLE_STATUS, status=503, duration=0.01)
    PrometheusOutboundObserver().on_attempt(event)
    assert sample("showbay_outbound_requests_total", **labels) == before + 1


def test_observer_exports_breaker_transitions() -> None:
    observer = PrometheusOutboundObserver()
    observer.on_breaker_state("unit-observed", "open")
    assert sample("showbay_circuit_breaker_state", upstream="unit-observed") == 2
    observer.on_breaker_state("unit-observed", "closed")
    assert sample("showbay_circuit_breaker_state", upstream="unit-observed") == 0


def test_circuit_state_gauge_follows_transitions() -> None:
    set_circuit_state("unit-breaker", "open")
    assert sample("showbay_circuit_breaker_state", upstream="unit-breaker") == 2
    set_circuit_state("unit-breaker", "half_open")
    assert sample("showbay_circuit_breaker_state", upstream="unit-breaker") == 1
    set_circuit_state("unit-breaker", "closed")
    assert sample("showbay_circuit_breaker_state", upstream="unit-breaker") == 0


def test_job_run_records_success_lag_and_last_success() -> None:
    now = datetime(2026, 11, 24, 5, 0, tzinfo=UTC)
    with job_run("unit-job", due_at=now - timedelta(seconds=7), now=now):
        pass
    assert sample("showbay_job_runs_total", job="unit-job", outcome="ok") == 1
    assert sample("showbay_job_lag_seconds", job="unit-job") == 7
    assert sample("showbay_job_last_success_timestamp_seconds", job="unit-job") > 0


def test_job_run_counts_a_failure_and_reraises() -> None:
    with pytest.raises(ValueError, match="boom"), job_run("unit-failing-job"):
        raise ValueError("boom")
    assert sample("showbay_job_runs_total", job="unit-failing-job", outcome="error") == 1
    assert sample("showbay_job_runs_total", job="unit-failing-job", outcome="ok") == 0
    assert sample("showbay_job_last_success_timestamp_seconds", job="unit-failing-job") == 0
