"""Without Redis the Redis tests skip locally but fail under CI=true (CI must not go green by skipping them)."""

from __future__ import annotations

import pytest

from tests.redis_server import redis_or_skip


@pytest.fixture
def no_redis(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("TEST_REDIS_URL", "REDIS_URL", "CI"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("PATH", "")  # no redis-server binary to start either


@pytest.mark.usefixtures("no_redis")
def test_no_redis_skips_outside_ci() -> None:
    with pytest.raises(pytest.skip.Exception, match="redis-server"), redis_or_skip():
        pass


@pytest.mark.usefixtures("no_redis")
@pytest.mark.parametrize("ci", ["true", "TRUE", "1"])
def test_no_redis_fails_under_ci(monkeypatch: pytest.MonkeyPatch, ci: str) -> None:
    monkeypatch.setenv("CI", ci)
    with pytest.raises(pytest.fail.Exception, match="CI is set, so the Redis tests must run"), redis_or_skip():
        pass


def test_a_given_redis_url_is_used_as_is(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TEST_REDIS_URL", "redis://redis.example:6379/3")
    with redis_or_skip() as url:
        assert url == "redis://redis.example:6379/3"
