"""What detecting a dead pooled connection costs: no check, the checkout poll (``persistence/availability.py``)
and SQLAlchemy's ``pool_pre_ping`` (a ``SELECT 1`` round trip per checkout). docs/performance.md has the figures.

    DATABASE_URL=postgresql://... .venv/bin/python -m bench.pool_checkout [--http]

The engine part times checkout + the single-row task read of ``GET /api/v1/tasks/{id}`` in-process, the three
variants interleaved round by round (so other load on the machine hits each alike). ``--http`` also serves
the real app once per variant (uvicorn, one worker) and runs wrk against ``GET /api/v1/tasks/{id}``.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Literal

from dishka import Provider, Scope, provide
from litestar import Litestar
from sqlalchemy import event, text
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from bench.service import free_port, get_json
from bench.wrk import lua_script, parse_output, wrk_command
from showbay.adapters.observability.db_pool import InstrumentedAsyncPool
from showbay.adapters.persistence.availability import install_fault_handling, replace_if_closed_by_server
from showbay.adapters.persistence.database import create_engine, to_async_url
from showbay.adapters.security.jwt_tokens import mint_token
from showbay.bootstrap.settings import Settings

Variant = Literal["none", "poll", "pre_ping"]
VARIANTS: tuple[Variant, ...] = ("none", "poll", "pre_ping")
_READ = text("SELECT id, title, version FROM tasks WHERE id = :id AND deleted_at IS NULL")


def variant_engine(url: str, variant: Variant, pool_size: int, max_overflow: int) -> AsyncEngine:
    if variant == "pre_ping":
        engine = create_async_engine(
            to_async_url(url),
            poolclass=InstrumentedAsyncPool,
            pool_pre_ping=True,
            pool_size=pool_size,
            max_overflow=max_overflow,
        )
        install_fault_handling(engine.sync_engine)
    else:
        engine = create_engine(url, poolclass=InstrumentedAsyncPool, pool_size=pool_size, max_overflow=max_overflow)
    if variant != "poll":
        event.remove(engine.sync_engine.pool, "checkout", replace_if_closed_by_server)
    return engine


async def engine_round(engine: AsyncEngine, task_id: int, iterations: int) -> tuple[float, float]:
    """Mean µs per checkout + read + return, sequential: wall clock, and this process's CPU (steadier when
    other load shares the machine)."""
    auto = engine.execution_options(isolation_level="AUTOCOMMIT")
    started, cpu = time.perf_counter(), time.process_time()
    for _ in range(iterations):
        async with auto.connect() as connection:
            (await connection.execute(_READ, {"id": task_id})).one_or_none()
    wall, used = time.perf_counter() - started, time.process_time() - cpu
    return wall / iterations * 1e6, used / iterations * 1e6


async def seed_task(url: str) -> int:
    engine = create_engine(url)
    async with engine.begin() as connection:
        task_id = (
            await connection.execute(
                text("INSERT INTO tasks (owner_id, title) VALUES ('bench-checkout', 'checkout cost') RETURNING id")
            )
        ).scalar_one()
    await engine.dispose()
    return int(task_id)


async def measure_engines(url: str, rounds: int, iterations: int) -> dict[Variant, list[tuple[float, float]]]:
    task_id = await seed_task(url)
    engines = {variant: variant_engine(url, variant, pool_size=1, max_overflow=0) for variant in VARIANTS}
    results: dict[Variant, list[tuple[float, float]]] = {variant: [] for variant in VARIANTS}
    try:
        for engine in engines.values():
            await engine_round(engine, task_id, 200)  # warm: connect, prepare
        for _ in range(rounds):
            for variant, engine in engines.items():
                results[variant].append(await engine_round(engine, task_id, iterations))
    finally:
        for engine in engines.values():
            await engine.dispose()
    return results


class _VariantEngineProvider(Provider):
    """The app's primary engine, with the checkout variant named by BENCH_CHECKOUT."""

    @provide(scope=Scope.APP)
    async def engine(self, settings: Settings) -> AsyncIterator[AsyncEngine]:
        variant: Variant = os.environ.get("BENCH_CHECKOUT", "poll")  # type: ignore[assignment]
        engine = variant_engine(
            settings.require_database_url(), variant, pool_size=settings.db_pool_size, max_overflow=10
        )
        yield engine
        await engine.dispose()


def app() -> Litestar:
    """``uvicorn --factory bench.pool_checkout:app``: the real app with the engine of BENCH_CHECKOUT."""
    from showbay.bootstrap.app import create_app

    return create_app(Settings.from_env(), providers=[_VariantEngineProvider()])


def measure_http(url: str, variant: Variant, task_id: int, duration: float, connections: int) -> float:
    port, secret = free_port(), secrets.token_urlsafe(48)
    env = {**os.environ, "DATABASE_URL": url, "JWT_SECRET": secret, "BENCH_CHECKOUT": variant}
    env |= {"LOG_LEVEL": "WARNING", "RATE_LIMIT_REQUESTS": "100000000", "RATE_LIMIT_WINDOW": "second"}
    env.pop("REDIS_URL", None)
    uvicorn = str(Path(sys.executable).with_name("uvicorn"))
    command = [uvicorn, "--factory", "bench.pool_checkout:app", "--port", str(port), "--no-access-log"]
    server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(300):
            try:
                if get_json(f"{base}/ready", timeout=1)[0] == 200:
                    break
            except OSError:
                pass
            time.sleep(0.05)
        token = mint_token(secret, "bench-checkout", ())
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
            script.write(lua_script("GET", [f"/api/v1/tasks/{task_id}"], {"Authorization": f"Bearer {token}"}))
        wrk = wrk_command(base, Path(script.name), connections, duration, 1)
        result = parse_output(subprocess.run(wrk, capture_output=True, text=True, check=True).stdout)
        if result.errors:
            raise RuntimeError(f"{result.errors} errors while measuring {variant}")
        return result.rps
    finally:
        server.terminate()
        server.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--iterations", type=int, default=2000)
    parser.add_argument("--http", action="store_true")
    parser.add_argument("--http-rounds", type=int, default=3)
    parser.add_argument("--duration", type=float, default=5.0)
    parser.add_argument("--connections", type=int, default=10)
    args = parser.parse_args()
    url = os.environ["DATABASE_URL"]
    engines = asyncio.run(measure_engines(url, args.rounds, args.iterations))
    wall_base = statistics.median(wall for wall, _ in engines["none"])
    cpu_base = statistics.median(cpu for _, cpu in engines["none"])
    print("checkout + single-row read + return, µs (median of rounds, sequential, one connection):")
    for variant, values in engines.items():
        wall, cpu = statistics.median(w for w, _ in values), statistics.median(c for _, c in values)
        print(
            f"  {variant:9} wall {wall:8.1f} µs ({(wall - wall_base) / wall_base:+6.1%})"
            f"  cpu {cpu:7.1f} µs ({(cpu - cpu_base) / cpu_base:+6.1%})"
        )
    if not args.http:
        return
    task_id = asyncio.run(seed_task(url))
    http: dict[Variant, list[float]] = {variant: [] for variant in VARIANTS}
    for _ in range(args.http_rounds):
        for variant in VARIANTS:
            http[variant].append(measure_http(url, variant, task_id, args.duration, args.connections))
    base = statistics.median(http["none"])
    print(f"GET /api/v1/tasks/{{id}}, req/s (median of {args.http_rounds}, wrk c={args.connections}, 1 worker):")
    for variant, rates in http.items():
        median = statistics.median(rates)
        print(f"  {variant:9} {median:8.0f} req/s  ({(median - base) / base:+.1%} vs none)")


if __name__ == "__main__":
    main()
