"""Alembic is the only way the schema changes: the stairway holds and the metadata agrees with it."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, create_engine, text
from sqlalchemy.pool import NullPool

from showbay.adapters.persistence.database import to_async_url
from showbay.adapters.persistence.tables import metadata
from showbay.bootstrap.migrate import alembic_config, downgrade, upgrade


def _sync_url(url: str) -> str:
    return to_async_url(url)  # psycopg 3 serves both sync and async engines


# Everything a migration can leave in the public schema, each object with its full definition.
SCHEMA_QUERIES = {
    "relation": "SELECT c.relname, c.relkind::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
    "WHERE n.nspname = 'public' AND c.relname NOT LIKE 'alembic_version%'",
    "column": "SELECT table_name, column_name, data_type, is_nullable, coalesce(column_default, '') "
    "FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> 'alembic_version'",
    "constraint": "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(c.oid) FROM pg_constraint c "
    "JOIN pg_namespace n ON n.oid = c.connamespace WHERE n.nspname = 'public' AND conname NOT LIKE 'alembic_version%'",
    "index": "SELECT tablename, indexname, indexdef FROM pg_indexes "
    "WHERE schemaname = 'public' AND tablename <> 'alembic_version'",
    "view": "SELECT viewname, definition FROM pg_views WHERE schemaname = 'public' "
    "UNION ALL SELECT matviewname, definition FROM pg_matviews WHERE schemaname = 'public'",
    "function": "SELECT p.proname, pg_get_function_identity_arguments(p.oid) FROM pg_proc p "
    "JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'public'",
    "trigger": "SELECT c.relname, t.tgname, pg_get_triggerdef(t.oid) FROM pg_trigger t "
    "JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
    "WHERE n.nspname = 'public' AND NOT t.tgisinternal",
    "type": "SELECT t.typname, t.typtype::text FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace "
    "WHERE n.nspname = 'public' AND t.typtype IN ('e', 'd')",
}
Schema = frozenset[tuple[str, ...]]


def _schema(database_url: str) -> Schema:
    engine = create_engine(_sync_url(database_url), poolclass=NullPool)
    try:
        with engine.connect() as connection:
            return frozenset(
                (kind, *(str(value) for value in row))
                for kind, query in SCHEMA_QUERIES.items()
                for row in connection.execute(text(query))
            )
    finally:
        engine.dispose()


def _differences(expected: Schema, actual: Schema) -> list[str]:
    return sorted(f"missing {o}" for o in expected - actual) + sorted(f"unexpected {o}" for o in actual - expected)


def test_stairway_upgrade_downgrade_upgrade_every_revision(database_url: str) -> None:
    """Each revision's downgrade restores exactly the schema before it; its upgrade then rebuilds the same schema."""
    script = ScriptDirectory.from_config(alembic_config(database_url))
    revisions = list(reversed(list(script.walk_revisions())))
    try:
        downgrade(database_url, "base")
        before = _schema(database_url)
        assert before == frozenset(), f"base should have no schema objects: {sorted(before)}"
        for revision in revisions:
            previous = revision.down_revision
            assert previous is None or isinstance(previous, str), f"{revision.revision}: merges are not expected"
            upgrade(database_url, revision.revision)
            after = _schema(database_url)
            assert after != before, f"{revision.revision} changed nothing in the schema"
            downgrade(database_url, previous or "base")
            assert _differences(before, _schema(database_url)) == [], f"downgrade of {revision.revision}"
            upgrade(database_url, revision.revision)
            assert _differences(after, _schema(database_url)) == [], f"upgrade of {revision.revision} again"
            before = after
        engine = create_engine(_sync_url(database_url), poolclass=NullPool)
        with engine.connect() as connection:
            assert _compare(connection) == []  # and the last step's schema is the one the metadata describes
        engine.dispose()
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
