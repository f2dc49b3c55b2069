"""Where the test session's PostgreSQL comes from: TEST_DATABASE_URL, else testcontainers, else embedded.

Never DATABASE_URL: that may be somebody's real database.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def _docker_answers() -> bool:
    try:
        import docker

        docker.from_env(timeout=3).ping()
    except Exception:
        return False
    return True


@contextmanager
def test_postgres_url() -> Iterator[str]:
    if url := os.environ.get("TEST_DATABASE_URL"):
        yield url
        return
    if _docker_answers():
        from testcontainers.postgres import PostgresContainer

        with PostgresContainer("postgres:16-alpine", driver="psycopg") as container:
            yield container.get_connection_url()
        return
    from showbay.bootstrap.embedded_db import ensure_database, start_embedded_postgres

    data_dir = Path(__file__).resolve().parent.parent / ".showbay" / f"test-postgres-{os.getpid()}"
    server = start_embedded_postgres(data_dir, keep_data=False)
    try:
        yield ensure_database(server, "showbay_test")
    finally:
        server.cleanup()
