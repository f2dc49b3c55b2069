"""Sales persistence against PostgreSQL: constraints, the COPY loader, the CSV import, the daily view."""

from __future__ import annotations

import asyncio
import dataclasses
import io
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime
from decimal import Decimal

import psycopg
import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine

from showbay.adapters.importing.csv_transactions import CsvFormatError, read_transactions_csv
from showbay.adapters.persistence.sales.bulk_load import PsycopgTransactionCopier
from showbay.adapters.persistence.sales.seed import generate_transactions
from showbay.adapters.persistence.sales.summaries import STAGING_TABLE
from showbay.adapters.persistence.tables import sales_transactions
from showbay.application.errors import DatabaseUnavailable
from showbay.application.sales.config import SalesConfig
from showbay.application.sales.use_cases import ImportTransactions
from showbay.domain.sales import TransactionDraft

INSERT = (
    "INSERT INTO sales_transactions (occurred_at, customer_id, customer_name, product, quantity, unit_price, amount,"
    " currency, status) VALUES (now(), 'C1', 'דוד', 'מחשב', {q}, {p}, {a}, '{c}', '{s}')"
)


async def count_rows(engine: AsyncEngine) -> int:
    async with engine.connect() as connection:
        return int((await connection.execute(select(func.count()).select_from(sales_transactions))).scalar_one())


@pytest.mark.parametrize(
    "values",
    [
        {"q": 0, "p": 1, "a": 0, "c": "ILS", "s": "completed"},
        {"q": 1, "p": -1, "a": -1, "c": "ILS", "s": "completed"},
        {"q": 2, "p": "1.50", "a": "3.01", "c": "ILS", "s": "completed"},
        {"q": 1, "p": 1, "a": 1, "c": "ils", "s": "completed"},
        {"q": 1, "p": 1, "a": 1, "c": "ILS", "s": "refunded"},
    ],
)
async def test_database_constraints_reject_invalid_rows(clean_db: AsyncEngine, values: dict[str, object]) -> None:
    async with clean_db.connect() as connection:
        with pytest.raises(IntegrityError):
            await connection.execute(text(INSERT.format(**values)))


async def _drafts(drafts: list[TransactionDraft]) -> AsyncIterator[TransactionDraft]:
    for draft in drafts:
        yield draft


async def test_copy_loads_everything_or_nothing(clean_db: AsyncEngine) -> None:
    drafts = list(generate_transactions(1000, seed=1, years=1, end=date(2026, 11, 23)))
    assert await PsycopgTransactionCopier(clean_db).load(_drafts(drafts)) == 1000
    broken = [*drafts[:10], dataclasses.replace(drafts[0], amount=Decimal("-1"))]
    with pytest.raises(psycopg.errors.CheckViolation, match="ck_sales_transactions_amount_is_quantity_times_price"):
        await PsycopgTransactionCopier(clean_db).load(_drafts(broken))
    assert await count_rows(clean_db) == 1000


async def test_a_copy_cut_off_by_the_server_is_database_unavailable_and_its_connection_not_reused(
    clean_db: AsyncEngine,
) -> None:
    drafts = list(generate_transactions(3, seed=1, years=1, end=date(2026, 11, 23)))

    async def cut_off_after_the_first() -> AsyncIterator[TransactionDraft]:
        yield drafts[0]
        async with clean_db.connect() as admin:
            killed = await admin.execute(
                text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database()"
                    f" AND pid <> pg_backend_pid() AND query LIKE 'COPY {STAGING_TABLE}%'"
                )
            )
            assert killed.scalars().all() == [True]
        await asyncio.sleep(0.05)
        for draft in drafts[1:]:
            yield draft

    with pytest.raises(DatabaseUnavailable):
        await PsycopgTransactionCopier(clean_db).load(cut_off_after_the_first())
    assert await count_rows(clean_db) == 0
    assert await PsycopgTransactionCopier(clean_db).load(_drafts(drafts)) == 3  # the pool still serves


def test_seeding_is_deterministic_and_realistic() -> None:
    first = list(generate_transactions(5000, seed=7, years=3, end=date(2026, 11, 23)))
    assert first == list(generate_transactions(5000, seed=7, years=3, end=date(2026, 11, 23)))
    assert first != list(generate_transactions(5000, seed=8, years=3, end=date(2026, 11, 23)))
    assert all(d.amount == d.quantity * d.unit_price for d in first)
    assert {d.occurred_at.year for d in first} >= {2024, 2025, 2026}
    assert max(d.occurred_at for d in first) < datetime(2026, 11, 24, tzinfo=UTC)
    by_product: dict[str, int] = {}
    for d in first:
        by_product[d.product] = by_product.get(d.product, 0) + 1
    ranked = sorted(by_product.values(), reverse=True)
    assert ranked[0] > 5 * ranked[-1]  # skewed popularity
    assert any("\u05d0" <= ch <= "\u05ea" for ch in first[0].customer_name)  # Hebrew names


CSV = """occurred_at,customer_id,customer_name,product,quantity,unit_price,amount,currency,status
2026-02-01T10:00:00Z,C1,דוד כהן,מחשב נייד,1,4299.00,,ILS,completed
2026-02-01T10:00:00Z,C2,שרה לוי,עכבר,two,189.90,,ILS,completed
2026-02-01T10:00:00Z,C3,Zoë,עכבר,2,189.90,1.00,,completed
2026-02-01T10:00:00,C4,טל,עכבר,1,189.90,,,pending
2026-02-02T00:00:00+02:00,C5,"עומר, פרץ",טאבלט,3,1899.00,5697.00,,cancelled
,C6,x,y,1,1,,,completed
"""


async def test_csv_import_loads_valid_lines_and_reports_the_rest(clean_db: AsyncEngine) -> None:
    use_case = ImportTransactions(PsycopgTransactionCopier(clean_db), SalesConfig())
    report = await use_case(read_transactions_csv(io.StringIO(CSV)))
    assert report.loaded == 2
    assert [(r.line, [p.field for p in r.problems]) for r in report.rejected] == [
        (3, ["quantity"]),
        (4, ["amount"]),
        (5, ["occurred_at"]),
        (7, ["occurred_at"]),
    ]
    async with clean_db.connect() as connection:
        names = (await connection.execute(select(sales_transactions.c.customer_name).order_by("id"))).scalars().all()
        revenue = (await connection.execute(text("SELECT sum(revenue) FROM sales_products"))).scalar_one()
    assert names == ["דוד כהן", "עומר, פרץ"]
    assert revenue == Decimal("4299.00")


def test_csv_without_required_columns_is_refused() -> None:
    with pytest.raises(CsvFormatError, match="quantity"):
        list(read_transactions_csv(io.StringIO("occurred_at,customer_id\n")))


async def test_the_daily_revenue_view_agrees_with_the_day_buckets(clean_db: AsyncEngine) -> None:
    """Seed 004's v_daily_revenue (not served, kept for ad-hoc SQL) says what the completed day buckets hold."""
    drafts = list(generate_transactions(3000, seed=3, years=2, end=date(2026, 11, 23)))
    await PsycopgTransactionCopier(clean_db).load(_drafts(drafts))
    async with clean_db.connect() as connection:
        daily = await connection.execute(
            text(
                "SELECT count(*) FROM v_daily_revenue d JOIN sales_buckets b ON b.granularity = 'day'"
                " AND b.status = 'completed' AND b.bucket_start = d.day"
                " AND (b.transactions, b.amount, b.customers) = (d.transactions, d.revenue, d.unique_customers)"
            )
        )
        matched = daily.scalar_one()
        days = (await connection.execute(text("SELECT count(*) FROM v_daily_revenue"))).scalar_one()
        buckets = await connection.execute(
            text("SELECT count(*) FROM sales_buckets WHERE granularity = 'day' AND status = 'completed'")
        )
    assert matched == days == buckets.scalar_one() > 300
