"""``showbay seed tasks``, ``showbay purge-deleted`` and ``showbay check-task-counts``: task maintenance from the
command line."""

from __future__ import annotations

import re
import time
from datetime import timedelta

import click
from dishka import AsyncContainer

from showbay.application.tasks.use_cases import PurgeDeletedTasks
from showbay.bootstrap.cli.container import run_in_container
from showbay.bootstrap.settings import Settings

_DURATION = re.compile(r"^\s*(\d+)\s*([dhms])\s*$")
_UNITS = {"d": "days", "h": "hours", "m": "minutes", "s": "seconds"}


def parse_duration(raw: str) -> timedelta:
    """``30d``, ``12h``, ``90m`` or ``45s`` → a timedelta."""
    found = _DURATION.match(raw)
    if found is None:
        raise click.BadParameter(f"'{raw}' is not a duration like 30d, 12h, 90m or 45s")
    return timedelta(**{_UNITS[found[2]]: int(found[1])})


@click.command("tasks")
@click.option("--count", type=click.IntRange(min=1), required=True, help="How many tasks to insert.")
@click.option("--owner", "owners", multiple=True, default=("alice",), show_default=True, help="Repeatable.")
@click.option("--seed", "random_seed", type=int, default=1, show_default=True, help="Random seed (same data).")
def seed_tasks(count: int, owners: tuple[str, ...], random_seed: int) -> None:
    """Insert COUNT tasks with PostgreSQL COPY into DATABASE_URL (already migrated)."""
    from showbay.adapters.persistence.tasks.seed import seed_tasks as load

    started = time.perf_counter()
    inserted = load(Settings.from_env().require_database_url(), count, owners, seed=random_seed)
    elapsed = time.perf_counter() - started
    click.echo(f"inserted {inserted} tasks for {', '.join(owners)} in {elapsed:.1f}s ({inserted / elapsed:,.0f}/s)")


@click.command("purge-deleted")
@click.option("--older-than", "older_than", default="30d", show_default=True, help="e.g. 30d, 12h, 90m")
def purge_deleted(older_than: str) -> None:
    """Remove, for good, tasks soft-deleted longer ago than --older-than."""
    retention = parse_duration(older_than)
    purged = run_in_container(Settings.from_env(), lambda scope: _purge(scope, retention))
    click.echo(f"purged {purged} tasks deleted more than {older_than} ago")


async def _purge(scope: AsyncContainer, retention: timedelta) -> int:
    purge = await scope.get(PurgeDeletedTasks)
    return await purge(retention)


async def _check_counts(scope: AsyncContainer, repair: bool) -> tuple[int, int | None]:
    from showbay.adapters.persistence.tasks.counts_check import SqlaTaskCountsCheck

    check = await scope.get(SqlaTaskCountsCheck)
    differing = await check.differing_keys()
    if not (repair and differing):
        return differing, None
    await check.rebuild()
    return differing, await check.differing_keys()


@click.command("check-task-counts")
@click.option("--repair", is_flag=True, help="Rebuild the counters when they differ (writers wait meanwhile).")
def check_task_counts(repair: bool) -> None:
    """Compare task_counts (the list totals' counters) with a real count of the live tasks. Counts every task:
    run it from cron or after an incident. Exit status 1 when they differ (and, with --repair, still differ)."""
    started = time.perf_counter()
    differing, after_repair = run_in_container(Settings.from_env(), lambda scope: _check_counts(scope, repair))
    click.echo(f"task_counts: {'consistent' if differing == 0 else f'{differing} differing keys'}")
    if after_repair is not None:
        click.echo(f"rebuilt: {'consistent' if after_repair == 0 else f'{after_repair} differing keys'}")
    click.echo(f"checked in {time.perf_counter() - started:.1f}s")
    if (differing if after_repair is None else after_repair) != 0:
        raise SystemExit(1)
