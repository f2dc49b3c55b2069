"""``showbay api-key create|list|revoke``: API keys for service-to-service calls, managed by operators."""

from __future__ import annotations

import getpass
import sys
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import TypeVar

import click
from dishka import AsyncContainer

from showbay.adapters.observability.logging import configure_logging
from showbay.application.api_keys.errors import ApiKeyNotFound
from showbay.application.api_keys.use_cases import CreateApiKey, ListApiKeys, RevokeApiKey
from showbay.bootstrap.cli.container import database_ready, run_in_container
from showbay.bootstrap.settings import Settings
from showbay.domain.api_keys import ApiKey, NewApiKey
from showbay.domain.errors import ValidationFailed

T = TypeVar("T")
U = TypeVar("U")


def _run(use_case: type[U], call: Callable[[U], Awaitable[T]]) -> T:
    async def work(scope: AsyncContainer) -> T:
        return await call(await scope.get(use_case))

    with database_ready(Settings.from_env()) as ready:
        return run_in_container(ready, work)


def _actor() -> str:
    return f"cli:{getpass.getuser()}"


def _when(moment: datetime | None) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ") if moment else "-"


def _describe(key: ApiKey) -> str:
    state = f"revoked {_when(key.revoked_at)}" if key.revoked_at else "active"
    scopes = " ".join(sorted(key.scopes)) or "-"
    return (
        f"{key.id}\t{key.prefix}\t{key.name}\t{key.principal_id}\t{scopes}\t"
        f"created {_when(key.created_at)}\tlast used {_when(key.last_used_at)}\t{state}"
    )


@click.group("api-key")
def api_key() -> None:
    """API keys (X-API-Key) for service-to-service calls: shown once, stored only as a SHA-256 digest."""
    # Every log line (the audit events of create/revoke included) goes to stderr: stdout carries only the key.
    configure_logging(Settings.from_env().log_level, "console", stream=sys.stderr)


@api_key.command("create")
@click.option("--name", required=True, help="What the key is for, e.g. the calling service.")
@click.option("--sub", "principal_id", default=None, help="The principal it acts as (default: service:<name>).")
@click.option("--scope", "scopes", multiple=True, help="A permission, e.g. repos:write (repeatable).")
def create(name: str, principal_id: str | None, scopes: tuple[str, ...]) -> None:
    """Create a key and print it once."""
    try:
        request = NewApiKey(name=name, principal_id=principal_id or f"service:{name.strip()}", scopes=frozenset(scopes))
    except ValidationFailed as exc:
        raise click.BadParameter(str(exc)) from exc
    issued = _run(CreateApiKey, lambda create_key: create_key(_actor(), request))
    click.echo(issued.plaintext)
    click.echo(
        f"created key {issued.key.id} ({issued.key.prefix}) acting as {issued.key.principal_id}; "
        "it is shown only now: store it in your secret manager",
        err=True,
    )


@api_key.command("list")
def list_keys() -> None:
    """List every key (prefix, scopes, last use, revocation); never the secret."""
    keys = _run(ListApiKeys, lambda list_all: list_all())
    click.echo("id\tprefix\tname\tprincipal\tscopes\tcreated\tlast used\tstate")
    for key in keys:
        click.echo(_describe(key))


@api_key.command("revoke")
@click.argument("key_ref")
def revoke(key_ref: str) -> None:
    """Revoke the key with this id or public prefix; it stops working at once."""
    try:
        key = _run(RevokeApiKey, lambda revoke_key: revoke_key(_actor(), key_ref))
    except ApiKeyNotFound as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"revoked key {key.id} ({key.prefix}) at {_when(key.revoked_at)}")
