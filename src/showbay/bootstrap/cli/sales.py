"""``showbay import-transactions`` and ``showbay seed transactions``: bulk loads through PostgreSQL COPY."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Callable, Iterable, Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import click
from dishka import AsyncContainer

from showbay.adapters.importing.csv_transactions import CsvFormatError, read_transactions_csv
from showbay.adapters.persistence.sales.seed import generate_transactions
from showbay.application.sales.ports import TransactionBulkLoader
from showbay.application.sales.use_cases import ImportReport, ImportTransactions, ParsedLine
from showbay.bootstrap.cli.container import run_in_container
from showbay.bootstrap.settings import Settings
from showbay.domain.sales import TransactionDraft

SHOWN_REJECTS = 20


async def _import(scope: AsyncContainer, lines: Iterable[ParsedLine], advance: Callable[[int], None]) -> ImportReport:
    use_case = await scope.get(ImportTransactions)
    return await use_case(lines, progress=advance)


@click.command("import-transactions")
@click.argument("csv_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_transactions(csv_file: Path) -> None:
    """Load CSV_FILE (UTF-8, header row) into sales_transactions through COPY.

    Valid lines are loaded in one transaction; invalid lines are rejected and reported with their line number
    and field; the analytics summaries change in the same transaction. Exit status 1 when any line was rejected.
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
            report = run_in_container(settings, lambda scope: _import(scope, read_transactions_csv(handle), bar.update))
        except CsvFormatError as exc:
            raise click.UsageError(str(exc)) from exc
    elapsed = time.perf_counter() - started
    click.echo(f"loaded {report.loaded} rows, rejected {len(report.rejected)} in {elapsed:.1f}s")
    for rejected in report.rejected[:SHOWN_REJECTS]:
        problems = "; ".join(f"{p.field}: {p.message}" for p in rejected.problems)
        click.echo(f"  line {rejected.line}: {problems}", err=True)
    if len(report.rejected) > SHOWN_REJECTS:
        click.echo(f"  ... and {len(report.rejected) - SHOWN_REJECTS} more rejected lines", err=True)
    if report.rejected:
        raise SystemExit(1)


async def _seed(scope: AsyncContainer, drafts: Iterator[TransactionDraft], advance: Callable[[int], None]) -> int:
    async def stream() -> AsyncIterator[TransactionDraft]:
        for number, draft in enumerate(drafts, start=1):
            if number % 10_000 == 0:
                advance(10_000)
            yield draft

    loader: TransactionBulkLoader = await scope.get(TransactionBulkLoader)
    return await loader.load(stream())


@click.command("transactions")
@click.option("--count", default=10_000, show_default=True, type=click.IntRange(1, 100_000_000))
@click.option("--seed", "seed_value", default=4, show_default=True, help="RNG seed: same seed, same rows.")
@click.option("--years", default=4, show_default=True, type=click.IntRange(1, 30))
@click.option(
    "--end", type=click.DateTime(["%Y-%m-%d"]), default=None, help="Last UTC day of the data (default: today)."
)
def seed_transactions(count: int, seed_value: int, years: int, end: datetime | None) -> None:
    """Append COUNT generated transactions (COPY), summaries included."""
    settings = Settings.from_env()
    last_day: date = end.date() if end else datetime.now(UTC).date()
    drafts = generate_transactions(count, seed=seed_value, years=years, end=last_day, currency=settings.sales_currency)
    started = time.perf_counter()
    with click.progressbar(length=count, label="seeding", show_pos=True) as bar:
        loaded = run_in_container(settings, lambda scope: _seed(scope, drafts, bar.update))
    elapsed = time.perf_counter() - started
    click.echo(f"seeded {loaded} transactions ending {last_day.isoformat()} in {elapsed:.1f}s")


async def _check(scope: AsyncContainer) -> dict[str, int]:
    from showbay.adapters.persistence.sales.check import SqlaSalesSummaryCheck

    check = await scope.get(SqlaSalesSummaryCheck)
    return await check.differences()


@click.command("check-sales-summaries")
def check_sales_summaries() -> None:
    """Recompute every analytics figure from the transactions (the views of migration 0006) and compare it with
    the summary tables. Scans the whole table: run it from cron or after an incident, not per request.
    Exit status 1 when any summary differs."""
    started = time.perf_counter()
    differences = run_in_container(Settings.from_env(), _check)
    for name, count in differences.items():
        click.echo(f"{name}: {'consistent' if count == 0 else f'{count} differing rows'}")
    click.echo(f"checked in {time.perf_counter() - started:.1f}s")
    if any(differences.values()):
        raise SystemExit(1)
