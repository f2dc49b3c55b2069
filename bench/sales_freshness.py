"""Sales analytics at size: ingest-to-visible latency, ingest throughput with and without the summaries.

``make bench`` runs it once on its transactions data set (scenario ``sales_freshness``); the curve over table
sizes comes from ``python -m bench.sales_freshness --sizes 100000,1000000,10000000`` (``make bench-sales``),
which seeds each size in turn (appending: transactions are immutable) and measures at each one.

- **freshness**: one transaction posted through ``POST /api/v1/transactions``, then every analytics endpoint
  polled until each shows it (dashboard count, today's revenue bucket, customers and products totals; the row has
  a new customer and a new product); latency = from sending the POST to the last endpoint showing it.
- **throughput**: rows/s through ``POST /transactions/batch`` (1,000 rows a batch, two clients), and at the
  persistence level the same rows with the summaries maintained (the ingest statement, COPY through staging)
  against the same load without them (a plain ``INSERT ... SELECT unnest``, a plain ``COPY``).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import time
import urllib.request
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import psycopg

from bench.database import plain_url
from bench.service import Service, get_json, start_service

ROOT = Path(__file__).resolve().parent.parent
SCENARIO = "sales_freshness"
WRITE_SCOPE = "sales:write"


def _post(url: str, body: Any, headers: dict[str, str]) -> int:
    data = json.dumps(body).encode()
    request = urllib.request.Request(  # noqa: S310 - loopback
        url, data=data, method="POST", headers={**headers, "Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
        return int(response.status)


def _row(n: int, tag: str, when: datetime) -> dict[str, Any]:
    return {
        "occurred_at": when.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        "customer_id": f"ZZ-{tag}-{n:07d}",
        "customer_name": "בדיקת רעננות",
        "product": f"fresh {tag} {n:07d}",
        "quantity": 1,
        "unit_price": "10.00",
        "status": "completed",
    }


def _percentile(values: list[float], q: int) -> float:
    return statistics.quantiles(values, n=100)[q - 1] if len(values) >= 2 else values[0]


def freshness(service: Service, headers: dict[str, str], samples: int, tag: str) -> dict[str, Any]:
    """``samples`` sequential ingests; each one's time until all four endpoints show it."""
    base = service.base_url + "/api/v1"
    today = datetime.now(UTC).date().isoformat()
    revenue = f"{base}/analytics/revenue?granularity=day&from={today}&to={today}"

    def state() -> tuple[int, int, int, int]:
        dashboard = get_json(f"{base}/analytics/dashboard", headers)[1]
        day = get_json(revenue, headers)[1]["data"][0]
        customers = get_json(f"{base}/analytics/customers?limit=1", headers)[1]["pagination"]["total"]
        products = get_json(f"{base}/analytics/products?limit=1", headers)[1]["pagination"]["total"]
        return dashboard["transactions"], day["transactions"], customers, products

    latencies, polls = [], []
    for n in range(samples):
        before = state()
        started = time.perf_counter()
        assert _post(f"{base}/transactions", _row(n, tag, datetime.now(UTC)), headers) == 201
        attempts = 0
        while True:
            attempts += 1
            now = state()
            if all(after == earlier + 1 for after, earlier in zip(now, before, strict=True)):
                break
            if time.perf_counter() - started > 30:
                raise RuntimeError(f"ingest {n} not visible after 30 s: {before} -> {now}")
        latencies.append((time.perf_counter() - started) * 1000)
        polls.append(attempts)
    return {
        "samples": samples,
        "p50_ms": round(_percentile(latencies, 50), 1),
        "p99_ms": round(_percentile(latencies, 99), 1),
        "max_ms": round(max(latencies), 1),
        "polls_max": max(polls),
    }


def batch_api_throughput(service: Service, headers: dict[str, str], batches: int, tag: str) -> dict[str, Any]:
    """Rows/s through POST /transactions/batch: ``batches`` batches of 1,000 rows from two concurrent clients."""
    url = service.base_url + "/api/v1/transactions/batch"
    when = datetime.now(UTC) - timedelta(days=3)
    bodies = [[_row(b * 1000 + i, f"{tag}b", when) for i in range(1000)] for b in range(batches)]

    async def two_clients() -> float:
        started = time.perf_counter()

        async def client(share: list[list[dict[str, Any]]]) -> None:
            for body in share:
                await asyncio.to_thread(_post, url, body, headers)

        await asyncio.gather(client(bodies[0::2]), client(bodies[1::2]))
        return time.perf_counter() - started

    seconds = asyncio.run(two_clients())
    return {"rows": batches * 1000, "seconds": round(seconds, 2), "rows_per_s": round(batches * 1000 / seconds)}


async def _persistence_throughput(url: str, rows: int, tag: str) -> dict[str, Any]:
    from sqlalchemy import text
    from sqlalchemy.ext.asyncio import AsyncSession

    from showbay.adapters.persistence.database import create_engine
    from showbay.adapters.persistence.sales.bulk_load import PsycopgTransactionCopier
    from showbay.adapters.persistence.sales.seed import generate_transactions
    from showbay.adapters.persistence.sales.store import SqlaTransactionStore, transaction_columns
    from showbay.adapters.persistence.sales.summaries import COLUMNS
    from showbay.domain.sales import TransactionDraft

    end = datetime.now(UTC).date() - timedelta(days=1)
    drafts = list(generate_transactions(rows, seed=hash(tag) % 1000, years=4, end=end))
    engine = create_engine(url, pool_size=2)
    plain_insert = text(
        f"INSERT INTO sales_transactions ({', '.join(COLUMNS)}) SELECT * FROM unnest("
        "CAST(:occurred_at AS timestamptz[]), CAST(:customer_id AS text[]), CAST(:customer_name AS text[]),"
        " CAST(:product AS text[]), CAST(:quantity AS integer[]), CAST(:unit_price AS numeric[]),"
        " CAST(:amount AS numeric[]), CAST(:currency AS text[]), CAST(:status AS text[]))"
    )

    async def batches(with_summaries: bool) -> float:
        started = time.perf_counter()
        for first in range(0, rows, 1000):
            chunk = drafts[first : first + 1000]
            async with AsyncSession(engine) as session:
                if with_summaries:
                    await SqlaTransactionStore(session).add_many(chunk)
                else:
                    await session.execute(plain_insert, transaction_columns(chunk))
                await session.commit()
        return time.perf_counter() - started

    async def stream(items: list[TransactionDraft]) -> AsyncIterator[TransactionDraft]:
        for item in items:
            yield item

    def plain_copy() -> float:
        started = time.perf_counter()
        with psycopg.connect(plain_url(url)) as conn, conn.cursor() as cursor:
            with cursor.copy(f"COPY sales_transactions ({', '.join(COLUMNS)}) FROM STDIN") as copy:
                for d in drafts:
                    row = (d.occurred_at, d.customer_id, d.customer_name, d.product, d.quantity, d.unit_price)
                    copy.write_row((*row, d.amount, d.currency, d.status.value))
            # The rows bypassed the summaries: take them out again so the summaries stay true.
            conn.rollback()
        return time.perf_counter() - started

    try:
        with_batches = await batches(with_summaries=True)
        started = time.perf_counter()
        await PsycopgTransactionCopier(engine).load(stream(drafts))
        with_copy = time.perf_counter() - started
        # Without summaries, in a transaction rolled back afterwards (else the summaries would be wrong).
        async with engine.connect() as connection:
            started = time.perf_counter()
            for first in range(0, rows, 1000):
                await connection.execute(plain_insert, transaction_columns(drafts[first : first + 1000]))
            without_batches = time.perf_counter() - started
            await connection.rollback()
        without_copy = plain_copy()
    finally:
        await engine.dispose()

    def rate(seconds: float) -> int:
        return round(rows / seconds)

    return {
        "rows": rows,
        "batch_1000_with_summaries_rows_per_s": rate(with_batches),
        "batch_1000_without_summaries_rows_per_s": rate(without_batches),
        "copy_with_summaries_rows_per_s": rate(with_copy),
        "copy_without_summaries_rows_per_s": rate(without_copy),
    }


def persistence_throughput(url: str, rows: int, tag: str) -> dict[str, Any]:
    return asyncio.run(_persistence_throughput(url, rows, tag))


def measure(
    service: Service, url: str, token_for: Callable[[str], dict[str, str]], quick: bool, tag: str
) -> dict[str, Any]:
    """Everything above at the table's current size (the rows it adds stay: the summaries count them)."""
    headers = token_for("bench-ingest")
    with psycopg.connect(plain_url(url)) as conn:
        size = conn.execute("SELECT count(*) FROM sales_transactions").fetchone()[0]  # type: ignore[index]
    result: dict[str, Any] = {"table_rows": size}
    result["freshness"] = freshness(service, headers, 30 if quick else 200, tag)
    print(f"freshness at {size:,} rows: {result['freshness']}", flush=True)
    result["batch_api"] = batch_api_throughput(service, headers, 4 if quick else 20, tag)
    print(f"batch API at {size:,} rows: {result['batch_api']}", flush=True)
    result["persistence"] = persistence_throughput(url, 5_000 if quick else 50_000, tag)
    print(f"persistence at {size:,} rows: {result['persistence']}", flush=True)
    return result


def _seed_to(url: str, size: int) -> float | None:
    with psycopg.connect(plain_url(url)) as conn:
        have = conn.execute("SELECT count(*) FROM sales_transactions").fetchone()[0]  # type: ignore[index]
    if have >= size:
        return None
    env = {**os.environ, "DATABASE_URL": url}
    started = time.monotonic()
    end = (datetime.now(UTC).date() - timedelta(days=1)).isoformat()
    command = [str(Path(sys.executable).with_name("showbay")), "seed", "transactions", "--count", str(size - have)]
    subprocess.run([*command, "--seed", str(size), "--end", end], env=env, check=True)
    with psycopg.connect(plain_url(url), autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")
    return round(time.monotonic() - started, 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="100000,1000000", help="comma-separated table sizes, ascending")
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL"), required=False)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    if not args.database_url:
        parser.error("--database-url or BENCH_DATABASE_URL: a database this run may fill (it is never emptied)")
    from showbay.adapters.security.jwt_tokens import mint_token
    from showbay.bootstrap.migrate import upgrade

    url = args.database_url
    upgrade(url)
    curve = []
    for size in (int(s) for s in args.sizes.split(",")):
        seeded_s = _seed_to(url, size)
        print(f"seeded to {size:,} rows in {seeded_s} s", flush=True)
        service = start_service(url, args.workers, ROOT / ".showbay" / f"bench-sales-{size}.log")
        try:

            def token_for(subject: str, secret: str = service.jwt_secret) -> dict[str, str]:
                token = mint_token(secret, subject, (WRITE_SCOPE,), ttl=timedelta(hours=2))
                return {"Authorization": f"Bearer {token}"}

            point = measure(service, url, token_for, args.quick, tag=f"s{size}")
        finally:
            service.stop()
        curve.append({"size": size, "seeding_s": seeded_s, **point})
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    out = ROOT / "bench" / "results" / f"sales-{stamp}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"curve": curve, "cpus": os.cpu_count(), "load": os.getloadavg()}, indent=2) + "\n")
    print(json.dumps(curve, indent=2))
    print(f"results: {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
