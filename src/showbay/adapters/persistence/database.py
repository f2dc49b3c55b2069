"""Engines and session factories: the primary (read-write) one and the optional read replica."""

from __future__ import annotations

from typing import Any, NewType

from sqlalchemy.ext import asyncio as sa_asyncio
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from sqlalchemy.pool import Pool

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
) -> AsyncEngine:
    extra: dict[str, Any] = {"poolclass": poolclass} if poolclass is not None else {}
    # Looked up at call time: OpenTelemetry's SQLAlchemy instrumentation (when enabled) wraps it.
    return sa_asyncio.create_async_engine(
        to_async_url(url),
        pool_size=pool_size,
        max_overflow=max_overflow,
        # No pre-ping: it is one more round trip on every checkout (about 20% of a GET's CPU, docs/performance.md).
        # A connection broken by a database restart fails one request; SQLAlchemy then invalidates the pool.
        pool_pre_ping=False,
        pool_recycle=1800,
        pool_logging_name=name,
        echo=echo,
        **extra,
    )


def read_only(engine: AsyncEngine) -> ReadEngine:
    """The same engine (and pool), with every transaction read-only."""
    return ReadEngine(engine.execution_options(postgresql_readonly=True))


def create_session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False, autoflush=False)
