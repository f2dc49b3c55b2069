"""Retry-After parsing, the back-off that honours it, the final error mapping and policy validation."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from showbay.adapters.outbound import CircuitOpen, UpstreamPolicy
from showbay.adapters.outbound.failures import RetryableStatus, TransportFailure, to_upstream_error
from showbay.adapters.outbound.retry_after import parse_retry_after
from showbay.application.errors import UpstreamBadResponse, UpstreamTimeout, UpstreamUnavailable

NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("header", "seconds"),
    [
        ("7", 7.0),
        (" 0 ", 0.0),
        ("Tue, 24 Nov 2026 12:00:30 GMT", 30.0),
        ("Tue, 24 Nov 2026 11:00:00 GMT", 0.0),
        (None, None),
        ("", None),
        ("soon", None),
        ("-5", None),
        ("²", None),  # "²".isdigit() is true and float("²") raises
        ("٣", None),  # int("٣") == 3: only ASCII digits count
        ("+5", None),
        ("1_000", None),
        ("1e3", None),
        ("9" * 40, None),
        ("99999999", 86_400.0),  # capped at a day
        ("Tue, 24 Nov 9999 12:00:00 GMT", 86_400.0),
        ("Tue, 24 Nov 2026 12:00:30 GMT²", None),
        ("Mon, 99 Foo 2026 99:00:00 GMT", None),
    ],
)
def test_retry_after_takes_seconds_or_an_http_date(header: str | None, seconds: float | None) -> None:
    assert parse_retry_after(header, now=NOW) == seconds


@pytest.mark.parametrize(
    ("failure", "error", "retry_after"),
    [
        (RetryableStatus(429, 30.0), UpstreamUnavailable, 30.0),
        (RetryableStatus(429, None), UpstreamUnavailable, 1.0),
        (RetryableStatus(503, 2.5), UpstreamUnavailable, 3.0),
        (RetryableStatus(500, None), UpstreamBadResponse, None),
        (RetryableStatus(502, None), UpstreamBadResponse, None),
        (TransportFailure(timed_out=True, cause=TimeoutError()), UpstreamTimeout, None),
        (TransportFailure(timed_out=False, cause=OSError()), UpstreamUnavailable, 1.0),
        (CircuitOpen("up", 12.2), UpstreamUnavailable, 13.0),
    ],
)
def test_the_last_failure_maps_to_an_application_error(
    failure: RetryableStatus | TransportFailure | CircuitOpen, error: type[Exception], retry_after: float | None
) -> None:
    mapped = to_upstream_error("up", failure)
    assert type(mapped) is error
    assert mapped.upstream == "up"
    assert mapped.retry_after == retry_after


@pytest.mark.parametrize(
    "overrides",
    [{"max_attempts": 0}, {"attempt_timeout": 0}, {"budget": -1}, {"breaker_threshold": 0}, {"breaker_cooldown": 0}],
)
def test_nonsense_policies_are_refused(overrides: dict[str, float]) -> None:
    with pytest.raises(ValueError, match="must"):
        UpstreamPolicy("up", "http://127.0.0.1", **overrides)  # type: ignore[arg-type]


def test_urls_join_whatever_the_slashes() -> None:
    assert UpstreamPolicy("up", "http://h/api/").url("/posts/1") == "http://h/api/posts/1"
    assert UpstreamPolicy("up", "http://h").url("posts") == "http://h/posts"
