"""p50/p99 of GET /api/v1/tasks/{id} and of a filtered, sorted list page, against a running showbay.

    DATABASE_URL=... JWT_SECRET=... .venv/bin/showbay serve --port 8765 &
    JWT_SECRET=... .venv/bin/python bench/tasks_latency.py --base-url http://127.0.0.1:8765 --owner alice

Sequential requests (one client, keep-alive), after a warm-up; prints one line per scenario.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import time
from collections.abc import Callable
from datetime import timedelta

import httpx

from showbay.adapters.security.jwt_tokens import mint_token


def measure(name: str, requests: int, call: Callable[[], httpx.Response]) -> None:
    for _ in range(min(50, requests)):
        call()
    durations = []
    for _ in range(requests):
        started = time.perf_counter()
        response = call()
        durations.append((time.perf_counter() - started) * 1000)
        response.raise_for_status()
    cuts = statistics.quantiles(durations, n=100)
    print(f"{name}: n={requests} p50={cuts[49]:.1f} ms p99={cuts[98]:.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--base-url", default="http://127.0.0.1:8765")
    parser.add_argument("--owner", default="alice")
    parser.add_argument("--requests", type=int, default=2000)
    args = parser.parse_args()
    token = mint_token(os.environ["JWT_SECRET"], args.owner, (), ttl=timedelta(hours=1))
    rng = random.Random(5)  # noqa: S311 - picking ids, not secrets
    with httpx.Client(base_url=args.base_url, headers={"Authorization": f"Bearer {token}"}) as client:
        first = client.get("/api/v1/tasks", params={"limit": 100, "sort": "created_at"}).json()["data"]
        last = client.get("/api/v1/tasks", params={"limit": 1}).json()["data"]
        low, high = first[0]["id"], last[0]["id"]
        measure("GET /api/v1/tasks/{id}", args.requests, lambda: client.get(f"/api/v1/tasks/{rng.randint(low, high)}"))
        filtered = {"status": ["pending", "in_progress"], "priority": "high", "tag": "work", "sort": "due_date"}
        measure(
            "GET /api/v1/tasks?status=pending&status=in_progress&priority=high&tag=work&sort=due_date (offset page)",
            args.requests // 4,
            lambda: client.get("/api/v1/tasks", params=filtered),
        )
        cursor = client.get("/api/v1/tasks", params=filtered).json()["pagination"]["next_cursor"]
        measure(
            "same filters, keyset page (cursor)",
            args.requests,
            lambda: client.get("/api/v1/tasks", params={**filtered, "cursor": cursor}),
        )
        everyday = {"sort": "-priority,due_date"}
        cursor2 = client.get("/api/v1/tasks", params=everyday).json()["pagination"]["next_cursor"]
        measure(
            "GET /api/v1/tasks?sort=-priority,due_date (keyset page)",
            args.requests,
            lambda: client.get("/api/v1/tasks", params={**everyday, "cursor": cursor2}),
        )


if __name__ == "__main__":
    main()
