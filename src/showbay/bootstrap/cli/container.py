"""What every command needs: a database to talk to and the app's dishka container to take use cases and
adapters from (the CLI builds no adapter by hand)."""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

import click
from dishka import AsyncContainer, make_async_container

from showbay.bootstrap.settings import Settings

T = TypeVar("T")


@contextmanager
def database_ready(settings: Settings) -> Iterator[Settings]:
    """Yield settings with a database URL, starting the embedded PostgreSQL when none is configured."""
    if settings.database_url:
        yield settings
        return
    from showbay.bootstrap.embedded_db import EmbeddedPostgresUnavailable, ensure_database, start_embedded_postgres

    click.echo(
        f"DATABASE_URL is not set: starting the embedded PostgreSQL in {settings.data_dir / 'postgres'}", err=True
    )
    try:
        server = start_embedded_postgres(settings.data_dir / "postgres")
    except EmbeddedPostgresUnavailable as missing:
        raise click.ClickException(str(missing)) from missing
    try:
        yield dataclasses.replace(settings, database_url=ensure_database(server, "showbay"))
    finally:
        server.cleanup()
        click.echo("embedded PostgreSQL stopped", err=True)


def run_in_container(settings: Settings, work: Callable[[AsyncContainer], Awaitable[T]]) -> T:
    """Run ``work`` with a REQUEST scope of the app's container (``await scope.get(UseCase)``), then close it."""
    settings.require_database_url()
    # Imported here, not at the top: providers pull in prometheus_client, which must not be imported before
    # `showbay serve` has set PROMETHEUS_MULTIPROC_DIR (it picks its value class once, at import).
    from showbay.bootstrap.providers import default_providers

    async def go() -> T:
        container = make_async_container(*default_providers(settings))
        try:
            async with container() as request:
                return await work(request)
        finally:
            await container.close()

    return asyncio.run(go())
