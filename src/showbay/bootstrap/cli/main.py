"""The ``showbay`` command line: run, serve, migrate, openapi, token."""

from __future__ import annotations

import dataclasses
import json
import os
import signal
import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

import click

from showbay.bootstrap.cli.api_keys import api_key
from showbay.bootstrap.cli.container import database_ready
from showbay.bootstrap.settings import Settings


def _exit_on_sigterm() -> None:
    # uvicorn re-raises SIGTERM after its graceful shutdown; turning it into SystemExit lets `finally` run.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))


def _with_dev_secret(settings: Settings) -> Settings:
    if settings.jwt_secret or settings.jwt_public_key or settings.jwt_jwks_url:
        return settings
    from showbay.bootstrap.dev_secret import dev_secret

    return dataclasses.replace(settings, jwt_secret=dev_secret(settings.data_dir))


@click.group()
def main() -> None:
    """showbay: tasks, items, tracked GitHub repositories and sales analytics."""


@main.command()
def run() -> None:
    """Local development: embedded PostgreSQL if DATABASE_URL is unset, migrate, serve on HOST:PORT."""
    import uvicorn

    from showbay.bootstrap.app import create_app
    from showbay.bootstrap.migrate import upgrade

    _exit_on_sigterm()
    settings = _with_dev_secret(Settings.from_env())
    if not os.environ.get("LOG_FORMAT"):
        settings = dataclasses.replace(settings, log_format="console")
    with database_ready(settings) as ready:
        upgrade(ready.require_database_url())
        click.echo(f"serving on http://{ready.host}:{ready.port}  (docs: http://{ready.host}:{ready.port}/docs)")
        click.echo("get a token: .venv/bin/showbay token --sub alice")
        uvicorn.run(
            create_app(ready),
            host=ready.host,
            port=ready.port,
            log_config=None,
            access_log=False,
            timeout_graceful_shutdown=max(1, round(ready.shutdown_grace_period)),
        )


@main.command()
@click.option("--workers", default=1, show_default=True, help="Worker processes.")
@click.option("--host", default=None, help="Defaults to HOST.")
@click.option("--port", default=None, type=int, help="Defaults to PORT.")
def serve(workers: int, host: str | None, port: int | None) -> None:
    """Production serving: DATABASE_URL is required and the schema must be migrated already."""
    from showbay.adapters.observability.logging import configure_logging
    from showbay.bootstrap.serving import serve as serve_app

    _exit_on_sigterm()
    settings = Settings.from_env()
    settings.require_database_url()
    configure_logging(settings.log_level, settings.log_format)
    serve_app(
        settings,
        host=host or settings.host,
        port=port or settings.port,
        workers=workers,
    )


@main.command()
@click.argument("revision", default="head")
def migrate(revision: str) -> None:
    """Upgrade the database at DATABASE_URL to REVISION (default: head)."""
    from showbay.bootstrap.migrate import upgrade

    upgrade(Settings.from_env().require_database_url(), revision)


def openapi_document() -> dict[str, Any]:
    from litestar.serialization import encode_json

    from showbay.adapters.http.openapi_exact import published_schema
    from showbay.bootstrap.app import create_app

    # Building the schema touches neither the database nor the secret; placeholders keep settings valid.
    app = create_app(Settings(database_url="postgresql+psycopg://unused/unused", jwt_secret="unused"))  # noqa: S106
    document: dict[str, Any] = json.loads(encode_json(published_schema(app.openapi_schema).to_schema()))
    return document


def render_openapi() -> str:
    return json.dumps(openapi_document(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


@main.command()
@click.option("--output", type=click.Path(path_type=Path), default=Path("docs/openapi.json"), show_default=True)
def openapi(output: Path) -> None:
    """Export the OpenAPI schema for client generation."""
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(render_openapi())
    click.echo(f"wrote {output}")


@main.command()
@click.option("--sub", required=True, help="The principal (the token's subject).")
@click.option("--scope", "scopes", multiple=True, help="A permission, e.g. repos:write (repeatable).")
@click.option("--ttl-minutes", default=60, show_default=True)
def token(sub: str, scopes: tuple[str, ...], ttl_minutes: int) -> None:
    """Mint a short-lived HS256 token with JWT_SECRET (or the local development secret)."""
    from showbay.adapters.security.jwt_tokens import mint_token

    settings = _with_dev_secret(Settings.from_env())
    if not settings.jwt_secret:
        raise click.UsageError("minting needs JWT_SECRET (tokens for RS256/ES256 are issued by your identity provider)")
    click.echo(
        mint_token(
            settings.jwt_secret,
            sub,
            scopes,
            ttl=timedelta(minutes=ttl_minutes),
            issuer=settings.jwt_issuer,
            audience=settings.jwt_audience,
        )
    )


main.add_command(api_key)


@main.group()
def seed() -> None:
    """Bulk-load realistic, deterministic sample data (benchmarks and demos; never production)."""


def _register_data_commands() -> None:
    from showbay.bootstrap.cli.sales import check_sales_summaries, import_transactions, seed_transactions
    from showbay.bootstrap.cli.tasks import check_task_counts, purge_deleted, seed_tasks

    seed.add_command(seed_tasks)
    seed.add_command(seed_transactions)
    main.add_command(purge_deleted)
    main.add_command(import_transactions)
    main.add_command(check_sales_summaries)
    main.add_command(check_task_counts)


_register_data_commands()
