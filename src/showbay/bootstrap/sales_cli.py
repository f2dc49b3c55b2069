"""``showbay import-transactions`` and ``showbay seed transactions``: bulk loads through PostgreSQL COPY."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable, Iterable, Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import click

from showbay.adapters.importing.csv_transactions import CsvFormatError, read_transactions_csv
from showbay.adapters.persistence.sales.seed import generate_transactions
from showbay.application.sales.config import SalesConfig
from showbay.application.sales.importing import ImportReport, ImportTransactions, ParsedLine
from showbay.bootstrap.settings import Settings
from showbay.domain.sales import TransactionDraft

SHOWN_REJECTS = 20


async def _import(settings: Settings, lines: Iterable[ParsedLine], advance: Callable[[int], None]) -> ImportReport:
    # Imported here, as in cli.py: `showbay --help` should not load the database stack.
    from showbay.adapters.persistence.database import create_engine
    from showbay.adapters.persistence.sales.bulk_load import PsycopgTransactionCopier
    from showbay.adapters.persistence.sales.views import SqlaSalesViewRefresher

    engine = create_engine(settings.require_database_url(), pool_size=2)
    try:
        use_case = ImportTransactions(
            PsycopgTransactionCopier(engine),
            SqlaSalesViewRefresher(engine),
            SalesConfig(currency=settings.sales_currency),
        )
        return await use_case(lines, progress=advance)
    finally:
        await engine.dispose()


@click.command("import-transactions")
@click.argument("csv_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_transactions(csv_file: Path) -> None:
    """Load CSV_FILE (UTF-8, header row) into sales_transactions through COPY.

    Valid lines are loaded in one transaction; invalid lines are rejected and reported with their line number
    and field. The analytics views are refreshed afterwards. Exit status 1 when any line was rejected.
    """
    settings = Settings.from_env()
    with csv_file.open(newline="", encoding="utf-8") as handle:
        total = max(sum(1 for _ in handle) - 1, 0)
    started = time.perf_counter()
    with (
        csv_file.open(newline="", encoding="utf-8") as handle,
        click.progressbar(length=total, label="importing", show_pos=True) as bar,
    ):
        try:
            report = asyncio.run(_import(settings, read_transactions_csv(handle), bar.update))
        except CsvFormatError as exc:
            raise click.UsageError(str(exc)) from exc
    elapsed = time.perf_counter() - started
    click.echo(
        f"loaded {report.loaded} rows, rejected {len(report.rejected)} in {elapsed:.1f}s"
        f" (of which refreshing the views {report.refresh_seconds:.1f}s)"
    )
    for rejected in report.rejected[:SHOWN_REJECTS]:
        problems = "; ".join(f"{p.field}: {p.message}" for p in rejected.problems)
        click.echo(f"  line {rejected.line}: {problems}", err=True)
    if len(report.rejected) > SHOWN_REJECTS:
        click.echo(f"  ... and {len(report.rejected) - SHOWN_REJECTS} more rejected lines", err=True)
    if report.rejected:
        raise SystemExit(1)


async def _seed(
    settings: Settings, drafts: Iterator[TransactionDraft], advance: Callable[[int], None]
) -> tuple[int, float]:
    from showbay.adapters.persistence.database import create_engine
    from showbay.adapters.persistence.sales.bulk_load import PsycopgTransactionCopier
    from showbay.adapters.persistence.sales.views import SqlaSalesViewRefresher

    async def stream() -> AsyncIterator[TransactionDraft]:
        for number, draft in enumerate(drafts, start=1):
            if number % 10_000 == 0:
                advance(10_000)
            yield draft

    engine = create_engine(settings.require_database_url(), pool_size=2)
    try:
        loaded = await PsycopgTransactionCopier(engine).load(stream())
        started = time.perf_counter()
        await SqlaSalesViewRefresher(engine).refresh()
        return loaded, time.perf_counter() - started
    finally:
        await engine.dispose()


@click.command("transactions")
@click.option("--count", default=10_000, show_default=True, type=click.IntRange(1, 100_000_000))
@click.option("--seed", "seed_value", default=4, show_default=True, help="RNG seed: same seed, same rows.")
@click.option("--years", default=4, show_default=True, type=click.IntRange(1, 30))
@click.option(
    "--end", type=click.DateTime(["%Y-%m-%d"]), default=None, help="Last UTC day of the data (default: today)."
)
def seed_transactions(count: int, seed_value: int, years: int, end: datetime | None) -> None:
    """Append COUNT generated transactions (COPY), then refresh the analytics views."""
    settings = Settings.from_env()
    last_day: date = end.date() if end else datetime.now(UTC).date()
    drafts = generate_transactions(count, seed=seed_value, years=years, end=last_day, currency=settings.sales_currency)
    started = time.perf_counter()
    with click.progressbar(length=count, label="seeding", show_pos=True) as bar:
        loaded, refresh_seconds = asyncio.run(_seed(settings, drafts, bar.update))
    elapsed = time.perf_counter() - started
    click.echo(
        f"seeded {loaded} transactions ending {last_day.isoformat()} in {elapsed:.1f}s "
        f"(of which refreshing the views {refresh_seconds:.1f}s)"
    )


async def _refresh(settings: Settings) -> datetime:
    from showbay.adapters.persistence.database import create_engine
    from showbay.adapters.persistence.sales.views import SqlaSalesViewRefresher

    engine = create_engine(settings.require_database_url(), pool_size=1)
    try:
        return await SqlaSalesViewRefresher(engine).refresh()
    finally:
        await engine.dispose()


@click.command("refresh-sales-views")
def refresh_sales_views() -> None:
    """Refresh the materialized analytics views concurrently (for cron when SALES_REFRESH_WORKER=false)."""
    started = time.perf_counter()
    as_of = asyncio.run(_refresh(Settings.from_env()))
    click.echo(
        f"sales views refreshed as of {as_of.astimezone(UTC).isoformat()} in {time.perf_counter() - started:.1f}s"
    )
