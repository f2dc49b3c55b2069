"""The dashboard cache shares one load between concurrent misses and never stores an answer made stale."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime
from decimal import Decimal

from showbay.application.sales.cache import DashboardCache
from showbay.application.sales.read_models import Dashboard
from tests.fakes.shared import FakeClock

TODAY = date(2026, 3, 3)


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
    callers = [asyncio.create_task(cache.get_or_load(TODAY, loader)) for _ in range(10)]
    await asyncio.sleep(0)
    loader.gate.set()
    results = await asyncio.gather(*callers)
    assert loader.loads == 1
    assert {r.total_revenue for r in results} == {Decimal("1.00")}


async def test_a_load_overtaken_by_clear_is_returned_but_not_cached() -> None:
    cache = DashboardCache(FakeClock(datetime(2026, 3, 3, 12, tzinfo=UTC)), ttl=5)
    loader = GatedLoader("1.00")
    pending = asyncio.create_task(cache.get_or_load(TODAY, loader))
    await asyncio.sleep(0)
    cache.clear()  # new data arrived while the old answer was being computed
    loader.gate.set()
    assert (await pending).total_revenue == Decimal("1.00")
    assert cache.get(TODAY) is None
    fresh = GatedLoader("2.00")
    fresh.gate.set()
    assert (await cache.get_or_load(TODAY, fresh)).total_revenue == Decimal("2.00")
    assert cache.get(TODAY) is not None
