"""Fixtures every unit test module shares: the in-memory unit of work and the clock (2026-11-24 12:00 UTC)."""

from __future__ import annotations

import pytest

from tests.fakes.clock import FakeClock
from tests.fakes.shared import FakeTransactionManager


@pytest.fixture
def tx() -> FakeTransactionManager:
    return FakeTransactionManager()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()
