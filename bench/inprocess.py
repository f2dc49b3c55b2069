"""What one request costs in Python, without sockets: showbay's app and the floor's, called as ASGI apps in this
process, alternating round by round (docs/performance.md, "In process").

Over HTTP the two share the server's cost (uvicorn, httptools, the kernel), which dilutes the difference and
moves with the machine's load; here each request is the app alone, so the CPU per request compares changes
in the app within a few percent. Also counted: the cyclic collector's runs and the objects a request leaves
in reference cycles (``gc.DEBUG_SAVEALL``), which reference counting cannot free.

    BENCH_DATABASE_URL=postgresql://… python -m bench.inprocess [--scenario task_get] [--requests 5000]

The database must hold the bench's data (``make bench-quick`` with the same ``BENCH_DATABASE_URL`` seeds it).
Each round runs in a fresh process (``--worker``), as a server worker would: one app per process.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any

from bench.database import plain_url

Receive = Callable[[], Awaitable[dict[str, Any]]]
Send = Callable[[dict[str, Any]], Awaitable[None]]
Asgi = Callable[[dict[str, Any], Receive, Send], Awaitable[None]]
COMBOS = [(s, p) for s in ("pending", "in_progress", "completed") for p in ("low", "medium", "high")]
OWNER = "alice"


def _paths(scenario: str, url: str) -> list[tuple[str, bytes]]:
    import psycopg

    if scenario == "task_list_filtered":
        return [("/api/v1/tasks", f"status={s}&priority={p}&sort=-due_date&limit=20".encode()) for s, p in COMBOS]
    table, prefix = ("items", "/api/v1/items") if scenario == "item_get" else ("tasks", "/api/v1/tasks")
    with psycopg.connect(url) as connection:
        owner = connection.execute(f"SELECT owner_id FROM {table} GROUP BY 1 ORDER BY count(*) DESC LIMIT 1").fetchone()
        assert owner is not None, f"no {table}: seed the bench data first (make bench-quick)"
        rows = connection.execute(f"SELECT id FROM {table} WHERE owner_id = %s LIMIT 2000", owner).fetchall()
    return [(f"{prefix}/{row[0]}", b"") for row in rows]


def _owner(scenario: str, url: str) -> str:
    import psycopg

    table = "items" if scenario == "item_get" else "tasks"
    with psycopg.connect(url) as connection:
        row = connection.execute(f"SELECT owner_id FROM {table} GROUP BY 1 ORDER BY count(*) DESC LIMIT 1").fetchone()
    return str(row[0]) if row else OWNER


async def _lifespan(app: Asgi, started: asyncio.Event, stop: asyncio.Event) -> None:
    messages: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
    await messages.put({"type": "lifespan.startup"})

    async def send(message: dict[str, Any]) -> None:
        if message["type"].startswith("lifespan.startup."):
            started.set()

    async def serve() -> None:
        await app({"type": "lifespan", "asgi": {"version": "3.0"}, "state": {}}, messages.get, send)

    task = asyncio.create_task(serve())
    await stop.wait()
    await messages.put({"type": "lifespan.shutdown"})
    await task


def _prepare(args: argparse.Namespace) -> tuple[Asgi, list[tuple[bytes, bytes]], list[tuple[str, bytes]]]:
    """The app of this round (configured as ``bench/service.py`` configures the server), its request headers
    (a token of the owner with the most rows) and the paths to request."""
    url = plain_url(os.environ["BENCH_DATABASE_URL"])
    owner = _owner(args.scenario, url)
    secret = secrets.token_urlsafe(48)
    os.environ |= {
        "DATABASE_URL": url.replace("postgresql://", "postgresql+psycopg://", 1),
        "JWT_SECRET": secret,
        "FLOOR_DATABASE_URL": url,
        "RATE_LIMIT_REQUESTS": "1000000000",
        "RATE_LIMIT_WINDOW": "second",
        "LOG_LEVEL": os.environ.get("BENCH_LOG_LEVEL", "WARNING"),
        "GITHUB_REFRESH_ENABLED": "false",
        "PROMETHEUS_MULTIPROC_DIR": tempfile.mkdtemp(prefix="showbay-inprocess-"),
    }
    os.environ.pop("REDIS_URL", None)
    from bench.service import app_routes_and_scopes
    from showbay.adapters.security.jwt_tokens import mint_token

    _, scopes = app_routes_and_scopes()
    token = mint_token(secret, owner, scopes, ttl=timedelta(hours=1))
    if args.app == "showbay":
        try:
            from showbay.bootstrap.serving import create_worker_app as create_showbay
        except ImportError:  # a checkout before create_worker_app (measuring an older src/)
            from showbay.bootstrap.app import create_app as create_showbay

        app: Asgi = create_showbay()  # type: ignore[assignment]
    else:
        from bench.floor import create_app

        app = create_app()  # type: ignore[assignment]
    headers = [
        (b"host", b"127.0.0.1:8000"),
        (b"authorization", f"Bearer {token}".encode()),
        (b"x-floor-owner", owner.encode()),
    ]
    return app, headers, _paths(args.scenario, url)


def _scope(path: str, query: bytes, headers: list[tuple[bytes, bytes]]) -> dict[str, Any]:
    return {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": "2.3"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": query,
        "root_path": "",
        "headers": headers,
        "client": ("127.0.0.1", 40000),
        "server": ("127.0.0.1", 8000),
        "state": {},
    }


def _worker(args: argparse.Namespace) -> dict[str, Any]:
    """One round in this process: build the app, warm up, measure."""
    app, headers, paths = _prepare(args)
    latencies: list[float] = []

    async def one(number: int) -> int:
        path, query = paths[number % len(paths)]
        scope = _scope(path, query, headers)
        statuses: list[int] = []

        async def receive() -> dict[str, Any]:
            return {"type": "http.request", "body": b"", "more_body": False}

        async def send(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                statuses.append(message["status"])

        started = time.perf_counter()
        await app(scope, receive, send)
        latencies.append(time.perf_counter() - started)
        return statuses[0]

    async def measure() -> dict[str, Any]:
        started, stop = asyncio.Event(), asyncio.Event()
        lifespan = asyncio.create_task(_lifespan(app, started, stop))
        await started.wait()
        for number in range(300):
            status = await one(number)
            if status != 200:
                raise SystemExit(f"{args.app}: {paths[number % len(paths)]} answered {status}")
        garbage = await _cyclic_garbage(one, 200)
        latencies.clear()
        collections = [0, 0, 0]

        def count(phase: str, info: dict[str, int]) -> None:
            if phase == "start":
                collections[info["generation"]] += 1

        async def client(first: int) -> None:
            for number in range(first, args.requests, args.concurrency):
                await one(number)

        gc.callbacks.append(count)
        cpu, wall = time.process_time(), time.perf_counter()
        await asyncio.gather(*(client(k) for k in range(args.concurrency)))
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        gc.callbacks.remove(count)
        stop.set()
        await lifespan
        ordered = sorted(latencies)
        return {
            "cpu_us": cpu / args.requests * 1e6,
            "wall_us": wall / args.requests * 1e6,
            "p50_ms": ordered[len(ordered) // 2] * 1e3,
            "p99_ms": ordered[int(len(ordered) * 0.99)] * 1e3,
            "gc_collections": collections,
            "garbage_per_request": garbage,
        }

    return asyncio.run(measure())


async def _cyclic_garbage(one: Callable[[int], Awaitable[int]], requests: int) -> dict[str, float]:
    """Objects per request that only the cyclic collector frees, by type (the most common five)."""
    gc.collect()
    gc.disable()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        for number in range(requests):
            await one(number)
        gc.collect()
        kinds = Counter(type(found).__qualname__ for found in gc.garbage)
        return {kind: round(count / requests, 2) for kind, count in kinds.most_common(5)}
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        gc.enable()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scenario", choices=("task_get", "item_get", "task_list_filtered"), default="task_get")
    parser.add_argument("--requests", type=int, default=5000)
    parser.add_argument("--concurrency", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--app", choices=("showbay", "floor"), default="showbay", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if "BENCH_DATABASE_URL" not in os.environ:
        raise SystemExit("set BENCH_DATABASE_URL to a database holding the bench's data (make bench-quick)")
    if args.worker:
        print(json.dumps(_worker(args)))
        return
    results: dict[str, list[dict[str, Any]]] = {"floor": [], "showbay": []}
    for _ in range(args.rounds):
        for name, rounds_of in results.items():
            command = [sys.executable, "-m", "bench.inprocess", "--worker", "--app", name]
            command += ["--scenario", args.scenario, "--requests", str(args.requests)]
            command += ["--concurrency", str(args.concurrency)]
            done = subprocess.run(command, capture_output=True, text=True, check=False)
            if done.returncode != 0:
                raise SystemExit(done.stderr[-2000:] or done.stdout[-2000:])
            rounds_of.append(json.loads(done.stdout.strip().splitlines()[-1]))
    print(f"{args.scenario}, {args.requests} requests x {args.rounds} rounds, {args.concurrency} concurrent")
    print("| app | CPU µs/request (min, median) | p50 / p99 ms | gc runs gen0/1/2 | cyclic garbage per request |")
    print("|---|---:|---:|---:|---|")
    for name, rounds in results.items():
        cpu = sorted(r["cpu_us"] for r in rounds)
        last = rounds[-1]
        garbage = ", ".join(f"{v:g} {k}" for k, v in last["garbage_per_request"].items()) or "none"
        print(
            f"| {name} | {cpu[0]:.0f}, {statistics.median(cpu):.0f} | {last['p50_ms']:.2f} / {last['p99_ms']:.2f} "
            f"| {'/'.join(map(str, last['gc_collections']))} | {garbage} |"
        )
    floor = statistics.median(r["cpu_us"] for r in results["floor"])
    showbay = statistics.median(r["cpu_us"] for r in results["showbay"])
    print(f"\nshowbay costs {showbay / floor:.2f}x the floor's CPU per request ({floor / showbay:.2f}x floor)")


if __name__ == "__main__":
    main()
