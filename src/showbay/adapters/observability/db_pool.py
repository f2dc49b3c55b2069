"""The database pools' state in Prometheus (``showbay_db_pool_*``): the SQLAlchemy pools report on every
checkout and return, psycopg's read pool (``pool="primary-reads"``) is sampled every second.

SQLAlchemy's gauges are *set* from the pool's own counters (``checkedout()``, ``checkedin()``) after every checkout,
return and dispose, so they cannot drift; ``waiting`` counts the checkouts in progress. The pool's name
(the ``pool`` label) is its ``logging_name``: pass ``pool_logging_name=`` to ``create_async_engine``.
"""

from __future__ import annotations

import asyncio
import threading
from typing import Any

from psycopg_pool import AsyncConnectionPool
from sqlalchemy.pool import ConnectionPoolEntry, PoolProxiedConnection

from showbay.adapters.observability.metrics import DB_POOL_CAPACITY, DB_POOL_CONNECTIONS, DB_POOL_WAITING
from showbay.adapters.persistence.availability import FaultTranslatingPool


class InstrumentedAsyncPool(FaultTranslatingPool):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._waiting = 0
        self._waiting_lock = threading.Lock()
        self._report()

    @property
    def metrics_name(self) -> str:
        return str(self._orig_logging_name or "primary")

    def connect(self) -> PoolProxiedConnection:
        self._add_waiting(1)
        try:
            return super().connect()
        finally:
            self._add_waiting(-1)
            self._report()

    def _return_conn(self, record: ConnectionPoolEntry) -> None:
        super()._return_conn(record)
        self._report()

    def dispose(self) -> None:
        super().dispose()
        self._report()

    def _add_waiting(self, delta: int) -> None:
        with self._waiting_lock:
            self._waiting += delta
            DB_POOL_WAITING.labels(self.metrics_name).set(self._waiting)

    def _report(self) -> None:
        name = self.metrics_name
        DB_POOL_CONNECTIONS.labels(name, "in_use").set(max(0, self.checkedout()))
        DB_POOL_CONNECTIONS.labels(name, "idle").set(self.checkedin())
        DB_POOL_CAPACITY.labels(name).set(self.size() + max(0, self._max_overflow))


READ_POOL_REPORT_SECONDS = 1.0


def report_psycopg_pool(pool: AsyncConnectionPool[Any]) -> None:
    """The ``showbay_db_pool_*`` gauges of a psycopg pool (labelled with its name), set from its ``get_stats()``."""
    stats = pool.get_stats()
    size, idle = stats.get("pool_size", 0), stats.get("pool_available", 0)
    DB_POOL_CONNECTIONS.labels(pool.name, "in_use").set(max(0, size - idle))
    DB_POOL_CONNECTIONS.labels(pool.name, "idle").set(idle)
    DB_POOL_WAITING.labels(pool.name).set(stats.get("requests_waiting", 0))
    DB_POOL_CAPACITY.labels(pool.name).set(pool.max_size)


async def report_psycopg_pool_periodically(
    pool: AsyncConnectionPool[Any], every: float = READ_POOL_REPORT_SECONDS
) -> None:
    """Sampled off the hot path (a report per checkout would cost every GET the gauge writes): a second stale."""
    while True:
        report_psycopg_pool(pool)
        await asyncio.sleep(every)
