"""Engines and session factories: the primary (read-write) one and the optional read replica."""

from __future__ import annotations

from typing import Any, NewType

from sqlalchemy.ext import asyncio as sa_asyncio
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from sqlalchemy.pool import Pool

from showbay.adapters.persistence.availability import FaultTranslatingPool, install_fault_handling
from showbay.adapters.persistence.utc_timestamps import write_timestamps_in_utc

ReadEngine = NewType("ReadEngine", AsyncEngine)
"""Engine for read-only queries: the replica at DATABASE_REPLICA_URL, or the primary in read-only mode."""


def to_async_url(url: str) -> str:
    """Accept plain ``postgresql://`` URLs and use the psycopg 3 driver for them."""
    for prefix in ("postgresql://", "postgres://", "postgresql+psycopg2://", "postgresql+asyncpg://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def create_engine(
    url: str,
    *,
    pool_size: int = 10,
    max_overflow: int = 10,
    echo: bool = False,
    name: str = "primary",
    poolclass: type[Pool] | None = None,
    pool_timeout: float = 5.0,
    connect_timeout: float = 5.0,
) -> AsyncEngine:
    """An engine whose database faults are ``DatabaseUnavailable`` (persistence/availability.py).

    ``pool_timeout``: how long a request waits for a free pooled connection; ``connect_timeout``: how long a new
    connection may take (an unreachable host would otherwise hang for the kernel's TCP timeout).
    """
    write_timestamps_in_utc()  # before SQLAlchemy copies psycopg's adapters for this engine
    pool: dict[str, Any] = {"pool_size": pool_size, "max_overflow": max_overflow, "pool_timeout": pool_timeout}
    chosen = poolclass or FaultTranslatingPool
    if not issubclass(chosen, FaultTranslatingPool):  # e.g. NullPool in tests: no size, no timeout
        pool = {}
    # Looked up at call time: OpenTelemetry's SQLAlchemy instrumentation (when enabled) wraps it.
    engine = sa_asyncio.create_async_engine(
        to_async_url(url),
        poolclass=chosen,
        # No pre-ping (a round trip per checkout, docs/performance.md): a connection the server closed is found
        # by the checkout hook of availability.py without one.
        pool_pre_ping=False,
        pool_recycle=1800,
        pool_logging_name=name,
        connect_args={"connect_timeout": max(1, round(connect_timeout))},  # libpq takes whole seconds
        echo=echo,
        **pool,
    )
    install_fault_handling(engine.sync_engine)
    return engine


def read_only(engine: AsyncEngine) -> ReadEngine:
    """The same engine (and pool), with every transaction read-only."""
    return ReadEngine(engine.execution_options(postgresql_readonly=True))


def create_session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False, autoflush=False)
