"""The dashboard cache shares one load between concurrent misses and never serves another version's answer."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime
from decimal import Decimal

from showbay.application.sales.cache import DashboardCache
from showbay.application.sales.read_models import Dashboard
from tests.fakes.clock import FakeClock

TODAY = date(2026, 3, 3)
VERSION = datetime(2026, 3, 3, 11, tzinfo=UTC)


def dashboard(revenue: str) -> Dashboard:
    return Dashboard(
        as_of=datetime(2026, 3, 3, 12, tzinfo=UTC),
        total_revenue=Decimal(revenue),
        completed_transactions=1,
        transactions_by_status={"completed": 1, "pending": 0, "cancelled": 0},
        top_products=[],
        recent_trend=[],
    )


class GatedLoader:
    """Counts loads; each load waits until the test opens the gate."""

    def __init__(self, revenue: str = "1.00") -> None:
        self.loads = 0
        self.gate = asyncio.Event()
        self.revenue = revenue

    async def __call__(self) -> Dashboard:
        self.loads += 1
        await self.gate.wait()
        return dashboard(self.revenue)


async def test_concurrent_misses_share_one_load() -> None:
    cache = DashboardCache(FakeClock(datetime(2026, 3, 3, 12, tzinfo=UTC)), ttl=5)
    loader = GatedLoader()
    callers = [asyncio.create_task(cache.get_or_load(TODAY, VERSION, loader)) for _ in range(10)]
    await asyncio.sleep(0)
    loader.gate.set()
    results = await asyncio.gather(*callers)
    assert loader.loads == 1
    assert {r.total_revenue for r in results} == {Decimal("1.00")}


async def test_an_answer_for_another_version_is_not_served() -> None:
    cache = DashboardCache(FakeClock(datetime(2026, 3, 3, 12, tzinfo=UTC)), ttl=5)
    old = GatedLoader("1.00")
    old.gate.set()
    assert (await cache.get_or_load(TODAY, VERSION, old)).total_revenue == Decimal("1.00")
    assert cache.get(TODAY, VERSION) is not None
    newer = datetime(2026, 3, 3, 11, 0, 1, tzinfo=UTC)  # an ingest moved as_of
    assert cache.get(TODAY, newer) is None
    fresh = GatedLoader("2.00")
    fresh.gate.set()
    assert (await cache.get_or_load(TODAY, newer, fresh)).total_revenue == Decimal("2.00")
    assert (await cache.get_or_load(TODAY, newer, old)).total_revenue == Decimal("2.00")
    assert old.loads == 1
