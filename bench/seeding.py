"""Seed each data set once per size and reuse it; a marker table records what is there.

A data set is seeded by ``showbay seed <name> --count N`` when the checkout has that command (the context's
own seeder makes the most realistic data), otherwise by the SQL seeder below (``INSERT ... SELECT`` over
``generate_series``, done by the server in one statement: faster than COPY from the client), otherwise it is
unavailable and the scenarios that need it are skipped.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import psycopg

from bench.database import plain_url

MARKER_DDL = """
CREATE TABLE IF NOT EXISTS bench_seed (
    dataset text PRIMARY KEY,
    rows bigint NOT NULL,
    max_id bigint,
    method text NOT NULL,
    seconds double precision NOT NULL,
    seeded_at timestamptz NOT NULL DEFAULT now()
)
"""
OWNERS = 20  # the SQL seeders spread rows over bench-user-00 .. bench-user-19

_OWNER = f"'bench-user-' || lpad((g % {OWNERS})::text, 2, '0')"
_TASKS_SQL = f"""
INSERT INTO tasks (owner_id, title, description, status, priority, due_date, created_at, updated_at,
                   completed_at, version)
SELECT {_OWNER}, 'Task ' || g,
       CASE WHEN g % 3 = 0 THEN NULL ELSE 'Seeded by make bench, row ' || g END,
       (ARRAY['pending', 'in_progress', 'completed'])[g % 3 + 1],
       (ARRAY['low', 'medium', 'high'])[(g / 3) % 3 + 1],
       CASE WHEN g % 5 = 0 THEN NULL ELSE now() + ((g % 720) - 360) * interval '1 day' END,
       t.ts, t.ts, CASE WHEN g % 3 = 2 THEN t.ts + interval '1 hour' END, 1
FROM generate_series(1, COUNT) AS g, LATERAL (SELECT now() - (g % 525600) * interval '1 minute' AS ts) AS t
"""
_ITEMS_SQL = f"""
INSERT INTO items (owner_id, title, description, created_at, updated_at, version)
SELECT {_OWNER}, 'Item ' || g, 'Seeded by make bench, row ' || g, t.ts, t.ts, 1
FROM generate_series(1, COUNT) AS g, LATERAL (SELECT now() - (g % 525600) * interval '1 minute' AS ts) AS t
"""

_REPOS_SQL = """
INSERT INTO tracked_repos (id, owner, name, description, language, stars, forks, open_issues, watchers,
                           default_branch, html_url, archived, pushed_at, last_checked_at, last_changed_at)
SELECT gen_random_uuid(), 'bench-org-' || (g % 50), 'repo-' || g, 'Seeded by make bench, repository ' || g,
       (ARRAY['Python', 'Go', 'Rust', 'TypeScript', NULL])[g % 5 + 1], (g * 7919) % 100000, (g * 104729) % 5000,
       g % 300, (g * 7919) % 100000, 'main', 'https://github.com/bench-org-' || (g % 50) || '/repo-' || g,
       g % 10 = 0, now() - (g % 1000) * interval '1 hour', now(), now()
FROM generate_series(1, COUNT) AS g
"""


@dataclass(frozen=True, slots=True)
class Dataset:
    name: str
    table: str
    full: int
    quick: int
    command: str | None  # `showbay seed <command> --count N`
    sql: str | None = None  # fallback seeder; COUNT is replaced by the row count
    has_int_id: bool = True

    def size(self, quick: bool) -> int:
        return self.quick if quick else self.full


DATASETS: tuple[Dataset, ...] = (
    Dataset("tasks", "tasks", 1_000_000, 20_000, command="tasks", sql=_TASKS_SQL),
    Dataset("transactions", "sales_transactions", 1_000_000, 20_000, command="transactions"),
    Dataset("items", "items", 100_000, 5_000, command="items", sql=_ITEMS_SQL),
    Dataset("tracked_repos", "tracked_repos", 3_000, 300, command="repos", sql=_REPOS_SQL, has_int_id=False),
)


def seed_commands() -> set[str]:
    """The ``showbay seed`` subcommands this checkout has."""
    from showbay.bootstrap.cli.main import main

    seed = main.commands.get("seed")
    commands = getattr(seed, "commands", None)
    return set(commands) if commands else set()


def _showbay() -> str:
    return str(Path(sys.executable).with_name("showbay"))


def _table_exists(conn: psycopg.Connection, table: str) -> bool:
    return conn.execute("SELECT to_regclass(%s) IS NOT NULL", [table]).fetchone() == (True,)


@dataclass(frozen=True, slots=True)
class Seeded:
    name: str
    rows: int
    max_id: int | None
    method: str
    seconds: float
    reused: bool


def ensure_seeded(url: str, dataset: Dataset, quick: bool, commands: set[str]) -> Seeded | str:
    """The seeded data set, or why it is unavailable."""
    size = dataset.size(quick)
    method = "cli" if dataset.command in commands else ("sql" if dataset.sql else None)
    with psycopg.connect(plain_url(url), autocommit=True) as conn:
        conn.execute(MARKER_DDL)
        if not _table_exists(conn, dataset.table):
            return f"table {dataset.table} does not exist in this checkout yet"
        if method is None:
            return f"no seeder for {dataset.name}: neither `showbay seed {dataset.command}` nor a SQL seeder"
        row = conn.execute(
            "SELECT rows, max_id, method, seconds FROM bench_seed WHERE dataset = %s", [dataset.name]
        ).fetchone()
        if row is not None and row[0] >= size and row[2] == method:
            return Seeded(dataset.name, row[0], row[1], row[2], row[3], reused=True)
        print(f"seeding {size:,} {dataset.name} ({method}) ...", flush=True)
        started = time.monotonic()
        conn.execute(f"TRUNCATE {dataset.table} RESTART IDENTITY CASCADE")  # our own bench database
        if method == "cli":
            env = {**os.environ, "DATABASE_URL": url}
            subprocess.run([_showbay(), "seed", str(dataset.command), "--count", str(size)], env=env, check=True)
        else:
            conn.execute(str(dataset.sql).replace("COUNT", str(int(size))))
        conn.execute(f"VACUUM ANALYZE {dataset.table}")
        seconds = time.monotonic() - started
        rows = conn.execute(f"SELECT count(*) FROM {dataset.table}").fetchone()[0]  # type: ignore[index]
        max_id = (
            conn.execute(f"SELECT max(id) FROM {dataset.table}").fetchone()[0]  # type: ignore[index]
            if dataset.has_int_id
            else None
        )
        conn.execute(
            "INSERT INTO bench_seed (dataset, rows, max_id, method, seconds) VALUES (%s, %s, %s, %s, %s) "
            "ON CONFLICT (dataset) DO UPDATE SET rows = excluded.rows, max_id = excluded.max_id, "
            "method = excluded.method, seconds = excluded.seconds, seeded_at = now()",
            [dataset.name, rows, max_id, method, seconds],
        )
        print(f"seeded {rows:,} {dataset.name} in {seconds:.1f} s", flush=True)
        return Seeded(dataset.name, rows, max_id, method, seconds, reused=False)


def trim(url: str, table: str, max_id: int | None) -> int:
    """Delete the rows a write scenario added, so the next run sees the seeded data set again."""
    if max_id is None:
        return 0
    with psycopg.connect(plain_url(url), autocommit=True) as conn:
        deleted = conn.execute(f"DELETE FROM {table} WHERE id > %s", [max_id]).rowcount
        if deleted:
            conn.execute(f"VACUUM ANALYZE {table}")
        return deleted
