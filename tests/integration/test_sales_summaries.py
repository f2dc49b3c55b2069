"""The summary tables equal the views of migration 0006 recomputed from scratch, to the cent, after random ingests
through every path (single rows, batches, COPY), and concurrent ingests from two engines never lose or double-count.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import AsyncIterator, Sequence
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

import psycopg
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from showbay.adapters.persistence.database import create_engine
from showbay.adapters.persistence.sales.bulk_load import PsycopgTransactionCopier
from showbay.adapters.persistence.sales.check import SqlaSalesSummaryCheck
from showbay.adapters.persistence.sales.reader import SqlaSalesReader
from showbay.adapters.persistence.sales.store import SqlaTransactionStore
from showbay.application.listing import SortKey
from showbay.application.sales.queries import PageRequest
from showbay.domain.sales import TransactionDraft, TransactionStatus

PRODUCTS = ["מחשב נייד", "Widget", "כבל USB-C", "Zoë's lamp"]
CUSTOMERS = [f"C-{n:03d}" for n in range(12)]
NAMES = ["דוד כהן", "שרה לוי", "Zoë", "עומר, פרץ"]
PRICES = [Decimal("0.01"), Decimal("49.90"), Decimal("4299.00"), Decimal("0.00"), Decimal("1234567.89")]
# Midnight, week and month edges (2026-03-01 is a Sunday, 2026-03-02 a Monday), a leap day and a year's last instant.
EDGES = [
    datetime(2026, 2, 28, 23, 59, 59, 999_999, tzinfo=UTC),
    datetime(2026, 3, 1, 0, 0, tzinfo=UTC),
    datetime(2026, 3, 1, 23, 59, 59, 999_999, tzinfo=UTC),
    datetime(2026, 3, 2, 0, 0, tzinfo=UTC),
    datetime(2024, 2, 29, 12, 0, tzinfo=UTC),
    datetime(2025, 12, 31, 23, 59, 59, 999_999, tzinfo=UTC),
    datetime(2026, 3, 2, 1, 30, tzinfo=timezone(timedelta(hours=2))),  # still Sunday in UTC
]
SUMMARY_AND_VIEW = [
    ("sales_buckets", "v_sales_buckets", "granularity, bucket_start, status, transactions, amount, customers"),
    ("sales_products", "v_product_performance", "product, revenue, units, orders"),
    (
        "sales_customers",
        "v_customer_analytics",
        "customer_id, customer_name, orders, lifetime_value, first_order_date, last_order_date",
    ),
]


def random_draft(rng: random.Random) -> TransactionDraft:
    roll = rng.random()
    if roll < 0.3:
        occurred_at = rng.choice(EDGES)  # repeated instants: the latest name is decided by the id
    elif roll < 0.4:
        occurred_at = datetime(2019, 1, 1, tzinfo=UTC) + timedelta(seconds=rng.randrange(86_400 * 365))  # late
    else:
        occurred_at = datetime(2026, 2, 20, tzinfo=UTC) + timedelta(seconds=rng.randrange(86_400 * 20))
    quantity, price = rng.choice([1, 1, 2, 3, 10, 99_999]), rng.choice(PRICES)
    return TransactionDraft(
        occurred_at=occurred_at,
        customer_id=rng.choice(CUSTOMERS),
        customer_name=rng.choice(NAMES),
        product=rng.choice(PRODUCTS),
        quantity=quantity,
        unit_price=price,
        amount=price * quantity,
        currency="ILS",
        status=rng.choices(list(TransactionStatus), weights=[6, 2, 2])[0],
    )


async def _stream(drafts: Sequence[TransactionDraft]) -> AsyncIterator[TransactionDraft]:
    for draft in drafts:
        yield draft


async def add_batch(engine: AsyncEngine, drafts: Sequence[TransactionDraft]) -> list[int]:
    async with AsyncSession(engine) as session:
        ids = await SqlaTransactionStore(session).add_many(drafts)
        await session.commit()
    return ids


async def rows_of(engine: AsyncEngine, relation: str, columns: str) -> list[tuple[Any, ...]]:
    async with engine.connect() as connection:
        result = await connection.execute(text(f"SELECT {columns} FROM {relation} ORDER BY {columns}"))
        return [tuple(row) for row in result.all()]


async def assert_summaries_equal_views(engine: AsyncEngine) -> None:
    for summary, view, columns in SUMMARY_AND_VIEW:
        expected = await rows_of(engine, view, columns)
        assert expected, f"{view} is empty: the ingests did not reach it"
        assert await rows_of(engine, summary, columns) == expected, summary
    assert set((await SqlaSalesSummaryCheck(engine).differences()).values()) == {0}


async def test_random_ingests_through_every_path_keep_the_summaries_equal_to_the_views(clean_db: AsyncEngine) -> None:
    rng = random.Random(18)
    for _ in range(6):
        for _ in range(5):
            await add_batch(clean_db, [random_draft(rng)])  # single POSTs
        await add_batch(clean_db, [random_draft(rng) for _ in range(rng.randrange(2, 60))])
        await PsycopgTransactionCopier(clean_db).load(_stream([random_draft(rng) for _ in range(rng.randrange(1, 80))]))
        await assert_summaries_equal_views(clean_db)


async def test_a_failed_ingest_leaves_the_summaries_untouched(clean_db: AsyncEngine) -> None:
    rng = random.Random(5)
    await add_batch(clean_db, [random_draft(rng) for _ in range(20)])
    before = await rows_of(clean_db, "sales_buckets", "granularity, bucket_start, status, transactions, amount")
    with pytest.raises(psycopg.errors.CheckViolation, match="amount_is_quantity_times_price"):
        await PsycopgTransactionCopier(clean_db).load(_stream([random_draft(rng), _wrong_amount(random_draft(rng))]))
    assert await rows_of(clean_db, "sales_buckets", "granularity, bucket_start, status, transactions, amount") == before
    await assert_summaries_equal_views(clean_db)


def _wrong_amount(draft: TransactionDraft) -> TransactionDraft:
    return TransactionDraft(
        occurred_at=draft.occurred_at,
        customer_id=draft.customer_id,
        customer_name=draft.customer_name,
        product=draft.product,
        quantity=draft.quantity,
        unit_price=draft.unit_price,
        amount=draft.amount + Decimal("0.01"),
        currency=draft.currency,
        status=draft.status,
    )


async def test_the_latest_completed_order_names_the_customer_whatever_the_arrival_order(
    clean_db: AsyncEngine,
) -> None:
    base = random_draft(random.Random(1))
    at = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)

    def named(name: str, when: datetime, status: TransactionStatus = TransactionStatus.COMPLETED) -> TransactionDraft:
        return TransactionDraft(
            occurred_at=when,
            customer_id="C-NAME",
            customer_name=name,
            product=base.product,
            quantity=1,
            unit_price=Decimal("10.00"),
            amount=Decimal("10.00"),
            currency="ILS",
            status=status,
        )

    await add_batch(clean_db, [named("newest", at + timedelta(days=1)), named("older", at)])
    await add_batch(clean_db, [named("late arrival, in the past", at - timedelta(days=400))])
    await add_batch(clean_db, [named("pending is not an order", at + timedelta(days=9), TransactionStatus.PENDING)])
    page = await SqlaSalesReader(clean_db).customers(PageRequest(10, 0, (SortKey("customer_id", descending=False),)))
    [customer] = page.items
    assert (customer.customer_name, customer.orders, customer.lifetime_value) == ("newest", 3, Decimal("30.00"))
    assert (customer.first_order_date, customer.last_order_date) == (date(2025, 1, 25), date(2026, 3, 2))
    await add_batch(clean_db, [named("same instant, later id", at + timedelta(days=1))])
    assert (
        await SqlaSalesReader(clean_db).customers(PageRequest(10, 0, (SortKey("customer_id", descending=False),)))
    ).items[0].customer_name == "same instant, later id"
    await assert_summaries_equal_views(clean_db)


async def test_the_check_reports_a_summary_that_drifted(clean_db: AsyncEngine) -> None:
    rng = random.Random(3)
    await add_batch(clean_db, [random_draft(rng) for _ in range(30)])
    assert set((await SqlaSalesSummaryCheck(clean_db).differences()).values()) == {0}
    async with clean_db.begin() as connection:
        await connection.execute(
            text(
                "UPDATE sales_products SET revenue = revenue + 0.01"
                " WHERE product = (SELECT min(product) FROM sales_products)"
            )
        )
        await connection.execute(
            text("DELETE FROM sales_bucket_customers WHERE ctid = (SELECT min(ctid) FROM sales_bucket_customers)")
        )
    differences = await SqlaSalesSummaryCheck(clean_db).differences()
    assert differences["sales_products"] == 2  # the drifted row on one side, the true one on the other
    assert differences["sales_bucket_customers"] == 1
    assert differences["sales_buckets"] == differences["sales_customers"] == 0


async def test_as_of_moves_with_every_ingest(clean_db: AsyncEngine) -> None:
    reader = SqlaSalesReader(clean_db)
    assert await reader.as_of() is None
    rng = random.Random(9)
    await add_batch(clean_db, [random_draft(rng)])
    first = await reader.as_of()
    before = datetime.now(UTC)
    await PsycopgTransactionCopier(clean_db).load(_stream([random_draft(rng)]))
    second = await reader.as_of()
    assert first is not None
    assert second is not None
    assert first < second
    assert second >= before


async def test_concurrent_batches_from_two_engines_never_lose_or_double_count(
    database_url: str, clean_db: AsyncEngine
) -> None:
    """Two pools stand for two replicas; every batch hits the same few customers, products and days, so the
    upserts collide on the same rows and keys all the time (and would deadlock if locks were taken unordered)."""
    rng = random.Random(42)
    batches = [[random_draft(rng) for _ in range(rng.randrange(20, 120))] for _ in range(24)]
    replicas = [create_engine(database_url, pool_size=4), create_engine(database_url, pool_size=4)]
    try:

        async def ingest(number: int, drafts: list[TransactionDraft]) -> int:
            replica = replicas[number % 2]
            if number % 3 == 0:
                return await PsycopgTransactionCopier(replica).load(_stream(drafts))
            return len(await add_batch(replica, drafts))

        loaded = await asyncio.gather(*(ingest(n, b) for n, b in enumerate(batches)))
    finally:
        for replica in replicas:
            await replica.dispose()
    assert sum(loaded) == sum(len(b) for b in batches)
    completed = [d for b in batches for d in b if d.status is TransactionStatus.COMPLETED]
    async with clean_db.connect() as connection:
        revenue = (await connection.execute(text("SELECT sum(revenue) FROM sales_products"))).scalar_one()
        day_transactions = (
            await connection.execute(text("SELECT sum(transactions) FROM sales_buckets WHERE granularity = 'day'"))
        ).scalar_one()
    assert revenue == sum((d.amount for d in completed), Decimal("0"))  # independent of the views
    assert day_transactions == sum(loaded)
    await assert_summaries_equal_views(clean_db)
