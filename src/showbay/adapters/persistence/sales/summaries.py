"""The summary tables of migration 0008, maintained in the same statement that stores the transactions.

One SQL statement per ingest: the ``INSERT`` into ``sales_transactions`` returns the new rows, and data-modifying
CTEs fold them set-wise into every summary with ``INSERT ... ON CONFLICT DO UPDATE`` (additive increments, so
concurrent ingests never lose or double-count: a conflicting upsert waits for the other transaction and then adds
to its committed result). Distinct customers per bucket are counted through ``sales_bucket_customers``: only a key
that is new there increments the bucket, and its unique index settles races between concurrent ingests.

Every upsert feeds its rows in key order, so concurrent ingests take row locks in one global order (no deadlocks).
"""

# ruff: noqa: S608 - the statement is built from constants of this module and a FROM item the callers fix
from __future__ import annotations

from sqlalchemy import TextClause, text

from showbay.domain.sales import TransactionDraft

COLUMNS = (
    "occurred_at",
    "customer_id",
    "customer_name",
    "product",
    "quantity",
    "unit_price",
    "amount",
    "currency",
    "status",
)
_COLUMN_LIST = ", ".join(COLUMNS)
_UTC_DAY = "(n.occurred_at AT TIME ZONE 'UTC')::date"

_INGEST = f"""
WITH new AS (
    INSERT INTO sales_transactions ({_COLUMN_LIST})
    SELECT {_COLUMN_LIST} FROM {{source}}
    RETURNING id, occurred_at, customer_id, customer_name, product, quantity, amount, status
), keyed AS (
    SELECT b.granularity, b.bucket_start, n.status, n.customer_id, n.amount
    FROM new n
    CROSS JOIN LATERAL (
        VALUES ('day'::text, {_UTC_DAY}),
               ('week'::text, date_trunc('week', n.occurred_at AT TIME ZONE 'UTC')::date),
               ('month'::text, date_trunc('month', n.occurred_at AT TIME ZONE 'UTC')::date)
    ) AS b(granularity, bucket_start)
), first_seen AS (
    INSERT INTO sales_bucket_customers (granularity, bucket_start, status, customer_id)
    SELECT DISTINCT granularity, bucket_start, status, customer_id FROM keyed
    ORDER BY granularity, bucket_start, status, customer_id
    ON CONFLICT DO NOTHING
    RETURNING granularity, bucket_start, status
), buckets AS (
    INSERT INTO sales_buckets AS s (granularity, bucket_start, status, transactions, amount, customers)
    SELECT k.granularity, k.bucket_start, k.status, k.transactions, k.amount, coalesce(f.customers, 0)
    FROM (SELECT granularity, bucket_start, status, count(*) AS transactions, sum(amount) AS amount
          FROM keyed GROUP BY granularity, bucket_start, status) AS k
    LEFT JOIN (SELECT granularity, bucket_start, status, count(*) AS customers
               FROM first_seen GROUP BY granularity, bucket_start, status) AS f
           USING (granularity, bucket_start, status)
    ORDER BY k.granularity, k.bucket_start, k.status
    ON CONFLICT (granularity, bucket_start, status) DO UPDATE
    SET transactions = s.transactions + excluded.transactions,
        amount = s.amount + excluded.amount,
        customers = s.customers + excluded.customers
), products AS (
    INSERT INTO sales_products AS s (product, revenue, units, orders)
    SELECT product, sum(amount), sum(quantity), count(*) FROM new
    WHERE status = 'completed'
    GROUP BY product ORDER BY product
    ON CONFLICT (product) DO UPDATE
    SET revenue = s.revenue + excluded.revenue, units = s.units + excluded.units, orders = s.orders + excluded.orders
    RETURNING xmax = 0 AS added
), customers AS (
    INSERT INTO sales_customers AS s (customer_id, customer_name, latest_at, latest_id, orders, lifetime_value,
                                      first_order_date, last_order_date)
    SELECT DISTINCT ON (n.customer_id) n.customer_id, n.customer_name, n.occurred_at, n.id,
           count(*) OVER w, sum(n.amount) OVER w, min({_UTC_DAY}) OVER w, max({_UTC_DAY}) OVER w
    FROM new n
    WHERE n.status = 'completed'
    WINDOW w AS (PARTITION BY n.customer_id)
    ORDER BY n.customer_id, n.occurred_at DESC, n.id DESC
    ON CONFLICT (customer_id) DO UPDATE
    SET customer_name = CASE WHEN (excluded.latest_at, excluded.latest_id) > (s.latest_at, s.latest_id)
                             THEN excluded.customer_name ELSE s.customer_name END,
        latest_id = CASE WHEN (excluded.latest_at, excluded.latest_id) > (s.latest_at, s.latest_id)
                         THEN excluded.latest_id ELSE s.latest_id END,
        latest_at = greatest(s.latest_at, excluded.latest_at),
        orders = s.orders + excluded.orders,
        lifetime_value = s.lifetime_value + excluded.lifetime_value,
        first_order_date = least(s.first_order_date, excluded.first_order_date),
        last_order_date = greatest(s.last_order_date, excluded.last_order_date)
    RETURNING xmax = 0 AS added
), state AS (
    INSERT INTO sales_summary_state AS s (summary, row_count, updated_at)
    VALUES ('sales_customers', (SELECT count(*) FILTER (WHERE added) FROM customers), clock_timestamp()),
           ('sales_products', (SELECT count(*) FILTER (WHERE added) FROM products), clock_timestamp())
    ON CONFLICT (summary) DO UPDATE
    SET row_count = s.row_count + excluded.row_count, updated_at = greatest(s.updated_at, excluded.updated_at)
)
SELECT id FROM new ORDER BY id
"""
# ``xmax = 0`` holds for a row the upsert inserted, not for one it updated: how many customers/products are new.


def ingest_statement(source: str) -> TextClause:
    """The ingest statement reading the new transactions from ``source``, a FROM item with the ``COLUMNS``."""
    return text(_INGEST.format(source=source))


API_SOURCE = (
    "unnest(CAST(:occurred_at AS timestamptz[]), CAST(:customer_id AS text[]), CAST(:customer_name AS text[]),"
    " CAST(:product AS text[]), CAST(:quantity AS integer[]), CAST(:unit_price AS numeric[]),"
    " CAST(:amount AS numeric[]), CAST(:currency AS text[]), CAST(:status AS text[]))"
    f" WITH ORDINALITY AS batch({_COLUMN_LIST}, position) ORDER BY position"
)
"""A batch sent as one array per column: the ids follow the order of the batch."""

STAGING_TABLE = "sales_ingest_staging"
CREATE_STAGING = f"""
CREATE TEMPORARY TABLE {STAGING_TABLE} (
    occurred_at timestamptz, customer_id text, customer_name text, product text, quantity integer,
    unit_price numeric, amount numeric, currency text, status text
) ON COMMIT DROP
"""
"""Where COPY lands first; the ingest statement then moves the rows on and summarises them."""


def column_values(d: TransactionDraft) -> tuple[object, ...]:
    """A draft's values in ``COLUMNS`` order: one row of COPY, one element of each array of the batch statement."""
    return (
        d.occurred_at,
        d.customer_id,
        d.customer_name,
        d.product,
        d.quantity,
        d.unit_price,
        d.amount,
        d.currency,
        d.status.value,
    )
