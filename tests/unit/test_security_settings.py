"""The security settings: read from the environment, refused when nonsensical."""

from __future__ import annotations

import pytest

from showbay.bootstrap.settings import Settings


def test_limits_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REDIS_URL", "redis://cache:6379/2")
    monkeypatch.setenv("RATE_LIMIT_REQUESTS", "30")
    monkeypatch.setenv("RATE_LIMIT_WINDOW", "second")
    monkeypatch.setenv("REQUEST_MAX_BODY_BYTES", "2048")
    settings = Settings.from_env()
    assert (settings.redis_url, settings.rate_limit_requests, settings.rate_limit_window) == (
        "redis://cache:6379/2",
        30,
        "second",
    )
    assert settings.request_max_body_bytes == 2048


def test_defaults_are_safe() -> None:
    settings = Settings()
    assert (settings.rate_limit_requests, settings.rate_limit_window, settings.request_max_body_bytes) == (
        120,
        "minute",
        1024 * 1024,
    )
    assert settings.cors_origins == ()
    assert settings.redis_url is None


@pytest.mark.parametrize(
    "overrides", [{"rate_limit_window": "fortnight"}, {"rate_limit_requests": 0}, {"request_max_body_bytes": -1}]
)
def test_nonsense_is_refused(overrides: dict[str, object]) -> None:
    with pytest.raises(ValueError, match=r"RATE_LIMIT|REQUEST_MAX_BODY"):
        Settings(**overrides)  # type: ignore[arg-type]
