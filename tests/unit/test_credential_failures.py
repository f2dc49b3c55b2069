"""The in-memory failed-credential buckets: a window per address, checked before authentication, bounded."""

from __future__ import annotations

from showbay.adapters.http.credential_failures import FailureLimit, MemoryCredentialFailures


class ManualClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


async def test_an_address_is_blocked_after_its_limit_until_the_window_ends() -> None:
    clock = ManualClock()
    failures = MemoryCredentialFailures(FailureLimit(limit=3, window_seconds=60), clock=clock)
    for _ in range(2):
        await failures.record("10.0.0.1")
    assert await failures.retry_after("10.0.0.1") is None
    await failures.record("10.0.0.1")
    assert await failures.retry_after("10.0.0.1") == 60
    assert await failures.retry_after("10.0.0.2") is None  # another address is not affected
    clock.now += 45.5
    assert await failures.retry_after("10.0.0.1") == 15
    clock.now += 15
    assert await failures.retry_after("10.0.0.1") is None  # a new window
    await failures.record("10.0.0.1")
    assert await failures.retry_after("10.0.0.1") is None


async def test_memory_stays_bounded_under_rotating_addresses() -> None:
    failures = MemoryCredentialFailures(FailureLimit(limit=1, window_seconds=60), max_addresses=100)
    for n in range(10_000):
        await failures.record(f"10.{n // 65536}.{n // 256 % 256}.{n % 256}")
    assert len(failures) == 100
    assert await failures.retry_after("10.0.39.15") == 60  # the most recent addresses are still counted
    assert await failures.retry_after("10.0.0.0") is None  # the oldest were forgotten first
