"""Prometheus metrics of showbay, and the helpers other modules call to record theirs.

Every metric lives in prometheus-client's default registry. Under ``showbay serve`` the workers share
``PROMETHEUS_MULTIPROC_DIR`` (multiprocess mode): counters and histograms are summed over workers, gauges
declare how they combine (``livesum``/``livemax``) and a worker's gauges vanish when it stops.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

from prometheus_client import Counter, Gauge, Histogram

from showbay.adapters.outbound.observer import AttemptEvent

LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)

# HTTP (recorded by adapters/observability/access.py)
HTTP_REQUESTS = Counter("showbay_http_requests_total", "HTTP requests served", ["method", "route", "status"])
HTTP_LATENCY = Histogram(
    "showbay_http_request_duration_seconds",
    "Time to serve an HTTP request",
    ["method", "route", "status"],
    buckets=LATENCY_BUCKETS,
)
HTTP_IN_PROGRESS = Gauge(
    "showbay_http_requests_in_progress", "HTTP requests being served", ["method"], multiprocess_mode="livesum"
)

# Database pools (recorded by adapters/observability/db_pool.py)
DB_POOL_CONNECTIONS = Gauge(
    "showbay_db_pool_connections",
    "Connections of the pool by state (in_use: checked out; idle: in the pool, ready)",
    ["pool", "state"],
    multiprocess_mode="livesum",
)
DB_POOL_WAITING = Gauge(
    "showbay_db_pool_waiting",
    "Checkouts waiting for a connection (for a free one, or for a new one to open)",
    ["pool"],
    multiprocess_mode="livesum",
)
DB_POOL_CAPACITY = Gauge(
    "showbay_db_pool_capacity", "pool_size + max_overflow of the pool", ["pool"], multiprocess_mode="livesum"
)

# Outbound HTTP calls
OUTBOUND_CALLS = Counter(
    "showbay_outbound_requests_total",
    "Attempts of outbound HTTP calls by upstream and outcome",
    ["upstream", "outcome"],
)
OUTBOUND_LATENCY = Histogram(
    "showbay_outbound_request_duration_seconds",
    "Duration of one outbound HTTP attempt",
    ["upstream", "outcome"],
    buckets=LATENCY_BUCKETS,
)
OUTBOUND_RETRIES = Counter(
    "showbay_outbound_retries_total", "Outbound attempts after the first (retries)", ["upstream"]
)

# Circuit breakers
CIRCUIT_STATE_VALUES: dict[str, int] = {"closed": 0, "half_open": 1, "open": 2}
CIRCUIT_STATE = Gauge(
    "showbay_circuit_breaker_state",
    "Circuit breaker per upstream: 0 closed, 1 half-open, 2 open (the worst over the workers)",
    ["upstream"],
    multiprocess_mode="livemax",
)

# Background jobs
JOB_RUNS = Counter("showbay_job_runs_total", "Background job runs by outcome", ["job", "outcome"])
ENRICHMENT_RETRIES = Counter(
    "showbay_task_enrichment_retries_total",
    "Background retries of pending/failed task enrichment by outcome (ok, not_found, failed, pending, stale, released)",
    ["outcome"],
)
JOB_DURATION = Histogram(
    "showbay_job_duration_seconds", "Duration of one background job run", ["job"], buckets=LATENCY_BUCKETS
)
JOB_LAG = Gauge(
    "showbay_job_lag_seconds",
    "How late the last run started after it was due",
    ["job"],
    multiprocess_mode="livemax",
)
JOB_LAST_SUCCESS = Gauge(
    "showbay_job_last_success_timestamp_seconds",
    "Unix time of the last successful run",
    ["job"],
    multiprocess_mode="max",
)


def outcome_for_status(status: int) -> str:
    """The ``outcome`` label of an outbound attempt that got an HTTP answer."""
    if status < 400:
        return "ok"
    if status == 429:
        return "rate_limited"
    return "client_error" if status < 500 else "server_error"


class PrometheusOutboundObserver:
    """The outbound layer's observer (``adapters.outbound.OutboundObserver``) exporting Prometheus series.

    The outcome label is ``outcome_for_status(status)`` when the upstream answered, otherwise the attempt's
    outcome (``timeout``, ``connection_error``, ``circuit_open``).
    """

    def on_attempt(self, event: AttemptEvent) -> None:
        outcome = outcome_for_status(event.status) if event.status is not None else str(event.outcome)
        observe_outbound_call(event.upstream, outcome, event.duration, event.attempt)

    def on_breaker_state(self, upstream: str, state: str) -> None:
        if state in CIRCUIT_STATE_VALUES:  # an observer must not raise
            set_circuit_state(upstream, state)


def observe_outbound_call(upstream: str, outcome: str, duration: float, attempt: int = 1) -> None:
    OUTBOUND_CALLS.labels(upstream, outcome).inc()
    OUTBOUND_LATENCY.labels(upstream, outcome).observe(max(0.0, duration))
    if attempt > 1:
        OUTBOUND_RETRIES.labels(upstream).inc()


def set_circuit_state(upstream: str, state: str) -> None:
    """Call on every transition of a circuit breaker (and once when it is created, as ``closed``)."""
    CIRCUIT_STATE.labels(upstream).set(CIRCUIT_STATE_VALUES[state])


def record_job_run(job: str, outcome: str, duration: float, lag: float | None = None) -> None:
    JOB_RUNS.labels(job, outcome).inc()
    JOB_DURATION.labels(job).observe(max(0.0, duration))
    if lag is not None:
        JOB_LAG.labels(job).set(max(0.0, lag))
    if outcome == "ok":
        JOB_LAST_SUCCESS.labels(job).set(time.time())


def record_enrichment_retries(outcomes: dict[str, int]) -> None:
    for outcome, count in outcomes.items():
        ENRICHMENT_RETRIES.labels(outcome).inc(count)


@contextmanager
def job_run(job: str, due_at: datetime | None = None, now: datetime | None = None) -> Iterator[None]:
    """Time a background job run: ``with job_run("sync_repos", due_at=scheduled): ...``.

    The lag is how late the run started after ``due_at`` (an aware datetime); an exception counts as
    outcome ``error`` and propagates.
    """
    lag = None
    if due_at is not None:
        lag = ((now or datetime.now(due_at.tzinfo)) - due_at).total_seconds()
    started = time.perf_counter()
    try:
        yield
    except BaseException:
        record_job_run(job, "error", time.perf_counter() - started, lag)
        raise
    record_job_run(job, "ok", time.perf_counter() - started, lag)
