"""PostgreSQL faults end as ``DatabaseUnavailable`` (503) at the persistence boundary, and a pooled connection
that the server has closed (a restart) is replaced at checkout, before any statement is sent on it.

Three SQLAlchemy hooks, installed on every engine by ``create_engine``:

- ``handle_error`` turns a refused or failed connect, a disconnect and the "operator intervention" / "connection
  exception" / "insufficient resources" SQLSTATE classes into ``DatabaseUnavailable``. SQLAlchemy still
  invalidates the connection and, on a disconnect, every connection of the pool checked out before it.
- ``checkout`` polls the socket of a pooled connection without waiting (one ``poll(2)``, no round trip): a
  server that shut down has sent its FATAL message and closed the socket, so the connection is readable or hung
  up while idle. SQLAlchemy then invalidates it (the whole pool on a hang-up) and connects afresh: the
  statement, which never left the process, is served on the new connection. That replaces ``pool_pre_ping``
  (a ``SELECT 1`` round trip per checkout, docs/performance.md).
- ``FaultTranslatingPool.connect`` turns the pool's own timeout (every connection busy for ``pool_timeout``)
  into ``DatabaseUnavailable``; the pool raises it outside any SQLAlchemy event.
"""

from __future__ import annotations

import select
from typing import Any

import psycopg
from sqlalchemy import event
from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import Engine, ExceptionContext
from sqlalchemy.pool import AsyncAdaptedQueuePool, ConnectionPoolEntry, PoolProxiedConnection

from showbay.application.errors import DatabaseUnavailable

# SQLSTATE classes that say "the server cannot serve you now", not "your statement is wrong":
# 08 connection exception, 53 insufficient resources (too many connections, out of memory or disk),
# 57 operator intervention (admin/crash shutdown, cannot connect now, statement canceled by a timeout).
_UNAVAILABLE_SQLSTATE_CLASSES = frozenset({"08", "53", "57"})
_HUNG_UP = select.POLLHUP | select.POLLERR | select.POLLNVAL | getattr(select, "POLLRDHUP", 0)
_IDLE_WATCH = select.POLLIN | _HUNG_UP


def is_unavailability(ctx: ExceptionContext) -> bool:
    """Whether a database error means the server is unavailable (rather than a bug or bad data)."""
    error = ctx.original_exception
    if ctx.is_disconnect:
        return True
    if ctx.connection is None and isinstance(error, psycopg.OperationalError):
        return True  # raised while connecting: refused, unreachable, timed out, "the database system is starting up"
    sqlstate = getattr(error, "sqlstate", None)
    return isinstance(sqlstate, str) and sqlstate[:2] in _UNAVAILABLE_SQLSTATE_CLASSES


def is_unavailable_driver_error(error: psycopg.Error, connection: psycopg.AsyncConnection[object]) -> bool:
    """The same rule for an error of psycopg used directly (``COPY``), outside SQLAlchemy's hooks."""
    sqlstate = error.sqlstate
    return connection.broken or (sqlstate is not None and sqlstate[:2] in _UNAVAILABLE_SQLSTATE_CLASSES)


def _translate_unavailability(ctx: ExceptionContext) -> None:
    # A pre-ping failure is SQLAlchemy's to handle (it reconnects); everything else that means "down" is a 503.
    if not ctx.is_pre_ping and is_unavailability(ctx):
        raise DatabaseUnavailable() from ctx.original_exception


def replace_if_closed_by_server(
    dbapi_connection: Any, _record: ConnectionPoolEntry, _proxy: PoolProxiedConnection
) -> None:
    driver = getattr(dbapi_connection, "driver_connection", dbapi_connection)
    pgconn = getattr(driver, "pgconn", None)
    if pgconn is None:  # not psycopg: nothing to check cheaply
        return
    if driver.closed or driver.broken:
        raise sa_exc.DisconnectionError("the connection was closed")
    try:
        socket = pgconn.socket
    except psycopg.OperationalError as closed:
        raise sa_exc.DisconnectionError("the connection has no socket") from closed
    poller = select.poll()
    poller.register(socket, _IDLE_WATCH)
    ready = poller.poll(0)
    if not ready:
        return
    if ready[0][1] & _HUNG_UP:
        # The server went away: every connection it held is dead too.
        raise sa_exc.InvalidatePoolError("the server closed the connection")
    # Data while idle: the server's goodbye (FATAL 57P01) before the hang-up, or an asynchronous notice. Either
    # way this connection is not in the state the pool expects; a fresh one is cheap.
    raise sa_exc.DisconnectionError("the server sent data to an idle connection")


def install_fault_handling(engine: Engine) -> None:
    """Idempotent: attach the ``handle_error`` and ``checkout`` hooks to a (sync) engine and its pool."""
    if not event.contains(engine, "handle_error", _translate_unavailability):
        event.listen(engine, "handle_error", _translate_unavailability)
    if not event.contains(engine.pool, "checkout", replace_if_closed_by_server):
        event.listen(engine.pool, "checkout", replace_if_closed_by_server)


class FaultTranslatingPool(AsyncAdaptedQueuePool):
    """The async queue pool whose checkout timeout is a 503, not a bug."""

    def connect(self) -> PoolProxiedConnection:
        try:
            return super().connect()
        except sa_exc.TimeoutError as exhausted:
            raise DatabaseUnavailable("no database connection became free in time; retry shortly") from exhausted
