"""Latency of the analytics endpoints: p50/p99 at 10 concurrent clients against a real uvicorn server.

Usage: DATABASE_URL=... .venv/bin/python scripts/bench_sales.py [--requests 500] [--concurrency 10] [--workers 1]
       DATABASE_URL=... .venv/bin/python scripts/bench_sales.py --sql   (each SalesReader query, no HTTP)

Starts `uvicorn showbay.bootstrap.app:create_app` on a free 127.0.0.1 port (one worker, dashboard cache off,
no scheduled refresh), mints a token, warms up, then sends --requests requests per endpoint from --concurrency
concurrent clients (httpx) and prints a Markdown table. A stop-gap until the `make bench` harness exists.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import secrets
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable
from datetime import date, timedelta

import httpx

from showbay.adapters.persistence.database import create_engine
from showbay.adapters.persistence.sales.reader import SqlaSalesReader
from showbay.adapters.security.jwt_tokens import mint_token
from showbay.application.sales.queries import PageRequest, Seek, SortKey
from showbay.domain.sales import Granularity

ENDPOINTS = {
    "(baseline) GET /health, no auth, no I/O": "/health",
    "dashboard": "/api/v1/analytics/dashboard",
    "revenue, day, 30 days": "/api/v1/analytics/revenue",
    "revenue, day, 4 years": "/api/v1/analytics/revenue?granularity=day&from=2022-11-24&to=2026-11-23",
    "revenue, week, 1 year": "/api/v1/analytics/revenue?granularity=week&from=2025-11-24&to=2026-11-23",
    "revenue, month, 4 years": "/api/v1/analytics/revenue?granularity=month&from=2022-11-01&to=2026-11-30",
    "customers, first page": "/api/v1/analytics/customers",
    "customers, -last_order_date, offset 30000": "/api/v1/analytics/customers?sort=-last_order_date&offset=30000",
    "customers, orders ascending": "/api/v1/analytics/customers?sort=orders&limit=100",
    "products, first page": "/api/v1/analytics/products",
    "products, by units": "/api/v1/analytics/products?sort=-units&limit=100",
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


async def measure(client: httpx.AsyncClient, path: str, requests: int, concurrency: int) -> list[float]:
    timings: list[float] = []
    queue = iter(range(requests))

    async def worker() -> None:
        for _ in queue:
            started = time.perf_counter()
            response = await client.get(path)
            timings.append((time.perf_counter() - started) * 1000)
            response.raise_for_status()

    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return timings


async def bench(base: str, token: str, requests: int, concurrency: int) -> None:
    headers = {"Authorization": f"Bearer {token}"}
    limits = httpx.Limits(max_connections=concurrency)
    async with httpx.AsyncClient(base_url=base, headers=headers, limits=limits, timeout=30) as client:
        print(f"| endpoint | p50 ms | p99 ms | max ms |  ({requests} requests, {concurrency} concurrent clients)")
        print("|---|---:|---:|---:|")
        for name, path in ENDPOINTS.items():
            await measure(client, path, 50, concurrency)  # warm-up
            timings = sorted(await measure(client, path, requests, concurrency))
            p99 = timings[min(len(timings) - 1, int(len(timings) * 0.99))]
            print(f"| {name} | {statistics.median(timings):.1f} | {p99:.1f} | {timings[-1]:.1f} |")


def _page(field: str, descending: bool, limit: int = 20, offset: int = 0) -> PageRequest:
    return PageRequest(limit, offset, (SortKey(field, descending),))


async def bench_sql(requests: int) -> None:
    """Each reader query alone, sequentially, on its own pooled connection (as the endpoints run them)."""
    engine = create_engine(os.environ["DATABASE_URL"], pool_size=2)
    reader = SqlaSalesReader(engine)
    queries: dict[str, Callable[[], Awaitable[object]]] = {
        "as_of": reader.as_of,
        "status totals": reader.status_totals,
        "revenue buckets, day, 30 days": lambda: reader.revenue_buckets(
            Granularity.DAY, date(2026, 10, 25), date(2026, 11, 23)
        ),
        "revenue buckets, day, 4 years": lambda: reader.revenue_buckets(
            Granularity.DAY, date(2022, 11, 24), date(2026, 11, 23)
        ),
        "revenue buckets, month, 4 years": lambda: reader.revenue_buckets(
            Granularity.MONTH, date(2022, 11, 1), date(2026, 11, 1)
        ),
        "products, top 5 by revenue": lambda: reader.products(_page("revenue", True, 5)),
        "customers, -lifetime_value": lambda: reader.customers(_page("lifetime_value", True)),
        "customers, -last_order_date, offset 30000": lambda: reader.customers(
            _page("last_order_date", True, 20, 30000)
        ),
        "customers, -last_order_date, keyset cursor ~38,000 deep": lambda: reader.customers(
            PageRequest(20, 0, (SortKey("last_order_date", True),), Seek(date(2025, 6, 1), "C-000000"))
        ),
    }
    print(f"| query | p50 ms | p99 ms |  ({requests} sequential runs)")
    print("|---|---:|---:|")
    try:
        for name, run in queries.items():
            timings = []
            for _ in range(requests):
                started = time.perf_counter()
                await run()
                timings.append((time.perf_counter() - started) * 1000)
            timings.sort()
            p99 = timings[min(len(timings) - 1, int(len(timings) * 0.99))]
            print(f"| {name} | {statistics.median(timings):.2f} | {p99:.2f} |")
    finally:
        await engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=500)
    parser.add_argument("--concurrency", type=int, default=10)
    parser.add_argument("--workers", type=int, default=1, help="uvicorn worker processes")
    parser.add_argument("--sql", action="store_true", help="time the SalesReader queries, not the HTTP endpoints")
    args = parser.parse_args()
    if args.sql:
        asyncio.run(bench_sql(args.requests))
        return
    secret = secrets.token_urlsafe(32)
    port = free_port()
    env = {
        **os.environ,
        "JWT_SECRET": secret,
        "SALES_DASHBOARD_CACHE_SECONDS": "0",
        "SALES_REFRESH_INTERVAL_SECONDS": "0",
        "LOG_LEVEL": "WARNING",
    }
    command = [sys.executable, "-m", "uvicorn", "--factory", "showbay.bootstrap.app:create_app"]
    server = subprocess.Popen(  # noqa: S603 - our own interpreter and module
        [*command, "--port", str(port), "--workers", str(args.workers), "--no-access-log", "--log-level", "warning"],
        env=env,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(200):
            try:
                if httpx.get(f"{base}/health").status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        time.sleep(2.0 if args.workers > 1 else 0.0)  # let every worker finish starting
        token = mint_token(secret, "bench", (), ttl=timedelta(hours=1))
        asyncio.run(bench(base, token, args.requests, args.concurrency))
    finally:
        server.terminate()
        server.wait(10)


if __name__ == "__main__":
    main()
