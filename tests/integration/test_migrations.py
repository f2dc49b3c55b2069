"""Alembic is the only way the schema changes: the stairway holds and the metadata agrees with it."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, create_engine
from sqlalchemy.pool import NullPool

from showbay.adapters.persistence.database import to_async_url
from showbay.adapters.persistence.tables import metadata
from showbay.bootstrap.migrate import alembic_config, downgrade, upgrade


def _sync_url(url: str) -> str:
    return to_async_url(url)  # psycopg 3 serves both sync and async engines


def test_stairway_upgrade_downgrade_upgrade_every_revision(database_url: str) -> None:
    script = ScriptDirectory.from_config(alembic_config(database_url))
    revisions = list(reversed(list(script.walk_revisions())))
    try:
        for revision in revisions:
            upgrade(database_url, revision.revision)
            downgrade(database_url, revision.down_revision or "base")
            upgrade(database_url, revision.revision)
    finally:
        upgrade(database_url, "head")


def test_metadata_and_migrations_agree(database_url: str) -> None:
    upgrade(database_url, "head")
    engine = create_engine(_sync_url(database_url), poolclass=NullPool)
    try:
        with engine.connect() as connection:
            differences = _compare(connection)
    finally:
        engine.dispose()
    assert differences == []


def _compare(connection: Connection) -> list[object]:
    context = MigrationContext.configure(connection, opts={"compare_type": True, "compare_server_default": False})
    return list(compare_metadata(context, metadata))


def test_constraint_names_follow_the_naming_convention_once(database_url: str) -> None:
    """Explicit names in migrations must be wrapped in op.f(), or the convention prefixes them twice."""
    upgrade(database_url, "head")
    engine = create_engine(_sync_url(database_url), poolclass=NullPool)
    try:
        with engine.connect() as connection:
            names = (
                connection.exec_driver_sql(
                    "SELECT conname FROM pg_constraint JOIN pg_namespace n ON n.oid = connamespace "
                    "WHERE n.nspname = 'public'"
                )
                .scalars()
                .all()
            )
    finally:
        engine.dispose()
    assert names, "expected constraints in the public schema"
    doubled = [name for name in names if name.count("ck_") > 1 or name.count("uq_") > 1 or name.count("pk_") > 1]
    assert doubled == []
