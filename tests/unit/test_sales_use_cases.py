"""Sales use cases with in-memory fakes: all-or-nothing batches, ranges, the dashboard cache."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from showbay.application.sales.cache import DashboardCache
from showbay.application.sales.config import SalesConfig
from showbay.application.sales.read_models import RevenueBucket
from showbay.application.sales.use_cases import GetDashboard, GetRevenueSeries, RecordTransactions, TransactionInput
from showbay.domain.errors import ValidationFailed
from showbay.domain.sales import Granularity
from tests.fakes.clock import FakeClock
from tests.fakes.sales import FakeSalesReader, FakeTransactionStore
from tests.fakes.shared import FakeTransactionManager

ROW = TransactionInput(
    occurred_at=datetime(2026, 2, 1, tzinfo=UTC),
    customer_id="C1",
    customer_name="שרה",
    product="טאבלט",
    quantity=1,
    unit_price=Decimal("10.00"),
)
CLOCK_TODAY = FakeClock(datetime(2026, 3, 3, 23, 59, tzinfo=UTC))


async def test_a_batch_with_bad_rows_stores_nothing_and_names_every_row() -> None:
    store, tx = FakeTransactionStore(), FakeTransactionManager()
    record = RecordTransactions(store, tx, SalesConfig())
    bad_quantity = dataclasses.replace(ROW, quantity=0)
    bad_currency = dataclasses.replace(ROW, currency="EUR")
    with pytest.raises(ValidationFailed) as caught:
        await record([ROW, bad_quantity, ROW, bad_currency], batch=True)
    assert [p.field for p in caught.value.problems] == ["[1].quantity", "[3].currency"]
    assert (store.rows, tx.commits) == ([], 0)


async def test_a_good_batch_is_committed_once() -> None:
    store, tx = FakeTransactionStore(), FakeTransactionManager()
    ids = await RecordTransactions(store, tx, SalesConfig())([ROW, ROW], batch=True)
    assert (ids, tx.commits, len(store.rows)) == ([1, 2], 1, 2)


async def test_revenue_series_is_widened_and_zero_filled() -> None:
    reader = FakeSalesReader([RevenueBucket(date(2026, 2, 1), 2, Decimal("10.01"), 1)])
    series = await GetRevenueSeries(reader, CLOCK_TODAY, SalesConfig())(
        Granularity.MONTH, date(2026, 1, 31), date(2026, 3, 1)
    )
    assert (series.start, series.end) == (date(2026, 1, 1), date(2026, 3, 31))
    assert [(b.start, b.transactions, b.average_value) for b in series.buckets] == [
        (date(2026, 1, 1), 0, Decimal("0.00")),
        (date(2026, 2, 1), 2, Decimal("5.01")),  # 5.005 rounds half up
        (date(2026, 3, 1), 0, Decimal("0.00")),
    ]


async def test_revenue_series_defaults_to_the_last_30_utc_days() -> None:
    series = await GetRevenueSeries(FakeSalesReader(), CLOCK_TODAY, SalesConfig())(Granularity.DAY, None, None)
    assert (series.start, series.end, len(series.buckets)) == (date(2026, 2, 2), date(2026, 3, 3), 30)


@pytest.mark.parametrize(
    ("first", "last", "field"),
    [
        (date(2026, 3, 2), date(2026, 3, 1), "from"),
        (date(2000, 1, 1), date(2026, 3, 1), "to"),
        (date(9998, 1, 1), date(9999, 12, 31), "to"),
    ],
)
async def test_invalid_ranges(first: date, last: date, field: str) -> None:
    with pytest.raises(ValidationFailed) as caught:
        await GetRevenueSeries(FakeSalesReader(), CLOCK_TODAY, SalesConfig())(Granularity.DAY, first, last)
    assert [p.field for p in caught.value.problems] == [field]


async def test_dashboard_is_cached_for_its_ttl_while_no_ingest_moved_as_of() -> None:
    clock = FakeClock(datetime(2026, 3, 3, 12, tzinfo=UTC))
    reader, cache = FakeSalesReader(), DashboardCache(clock, ttl=5)
    dashboard = GetDashboard(reader, cache, clock, SalesConfig())
    first = await dashboard()
    assert (first.total_revenue, first.average_order_value, len(first.recent_trend)) == (
        Decimal("30.00"),
        Decimal("15.00"),
        30,
    )
    assert first.as_of == reader.last_ingest
    await dashboard()
    assert reader.calls == 1
    clock.advance(5)
    await dashboard()
    assert reader.calls == 2
    reader.last_ingest = datetime(2026, 3, 3, 12, 0, 1, tzinfo=UTC)  # an ingest, through any process
    assert (await dashboard()).as_of == reader.last_ingest
    assert reader.calls == 3
    await dashboard()
    assert reader.calls == 3
