"""The verified-token cache: hits skip verification, never past exp or max age, failures never cached, bounded."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest

from showbay.adapters.security.jwt_tokens import JwtSettings, PyJwtTokenVerifier, mint_token
from showbay.adapters.security.token_cache import CachingTokenVerifier, expiry_of
from showbay.application.auth import InvalidCredentials
from showbay.application.principal import Principal

SECRET = "a-test-secret-that-is-long-enough-for-hs256-0123"


class CountingVerifier:
    """The real PyJWT verifier, counting how often it is asked."""

    def __init__(self) -> None:
        self.calls = 0
        self._real = PyJwtTokenVerifier(JwtSettings(secret=SECRET, leeway_seconds=0))

    async def verify(self, token: str) -> Principal:
        self.calls += 1
        return await self._real.verify(token)


class Clock:
    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def _token(subject: str = "alice", ttl: timedelta = timedelta(minutes=10)) -> str:
    return mint_token(SECRET, subject, ["tasks:write"], ttl=ttl)


def _cache(
    clock: Clock, *, max_entries: int = 16, max_age_seconds: float = 300
) -> tuple[CachingTokenVerifier, CountingVerifier]:
    inner = CountingVerifier()
    cache = CachingTokenVerifier(inner, max_entries=max_entries, max_age_seconds=max_age_seconds, clock=clock)
    return cache, inner


async def test_a_second_request_with_the_same_token_is_not_verified_again() -> None:
    clock = Clock(time.time())
    cache, inner = _cache(clock)
    token = _token()
    first = await cache.verify(token)
    second = await cache.verify(token)
    assert first == second == Principal(id="alice", scopes=frozenset({"tasks:write"}))
    assert inner.calls == 1


async def test_an_entry_is_never_served_at_or_past_the_tokens_exp() -> None:
    clock = Clock(time.time())
    cache, inner = _cache(clock, max_age_seconds=3600)
    token = _token(ttl=timedelta(seconds=60))
    exp = expiry_of(token)
    assert exp is not None
    await cache.verify(token)
    clock.now = exp - 1
    await cache.verify(token)
    assert inner.calls == 1
    clock.now = exp  # the cache lets go; the real verifier decides (here by the real clock: still valid)
    await cache.verify(token)
    assert inner.calls == 2


async def test_an_expired_token_is_refused_even_after_it_was_cached() -> None:
    clock = Clock(time.time())
    cache, _ = _cache(clock)
    token = _token(ttl=timedelta(seconds=-1))  # already expired: the real verifier refuses it
    with pytest.raises(InvalidCredentials):
        await cache.verify(token)
    assert cache.cached() == 0


async def test_entries_expire_after_max_age_even_when_the_token_lives_longer() -> None:
    clock = Clock(time.time())
    cache, inner = _cache(clock, max_age_seconds=5)
    token = _token(ttl=timedelta(hours=1))
    await cache.verify(token)
    clock.now += 4
    await cache.verify(token)
    clock.now += 2
    await cache.verify(token)
    assert inner.calls == 2


async def test_forged_tokens_are_verified_every_time_and_never_cached() -> None:
    cache, inner = _cache(Clock(time.time()))
    forged = mint_token("another-secret-that-is-long-enough-for-hs256-xyz", "mallory")
    for _ in range(3):
        with pytest.raises(InvalidCredentials):
            await cache.verify(forged)
    assert inner.calls == 3
    assert cache.cached() == 0


async def test_the_cache_is_bounded_and_drops_its_oldest_entry() -> None:
    cache, inner = _cache(Clock(time.time()), max_entries=2)
    tokens = [_token(f"user-{n}") for n in range(3)]
    for token in tokens:
        await cache.verify(token)
    assert cache.cached() == 2
    await cache.verify(tokens[2])  # still cached
    assert inner.calls == 3
    await cache.verify(tokens[0])  # evicted: verified again
    assert inner.calls == 4


def test_expiry_of_reads_exp_and_tolerates_garbage() -> None:
    assert expiry_of("not-a-jwt") is None
    token = _token(ttl=timedelta(seconds=30))
    exp = expiry_of(token)
    assert exp is not None
    assert exp > 0
