"""`showbay import-transactions` and `showbay seed transactions` against PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import psycopg
from click.testing import CliRunner

from showbay.adapters.persistence.database import to_async_url
from showbay.bootstrap.cli.main import main

CSV = """occurred_at,customer_id,customer_name,product,quantity,unit_price,status
2026-02-01T10:00:00Z,C1,דוד כהן,מחשב נייד,1,4299.00,completed
2026-02-01T10:00:00Z,C2,שרה לוי,עכבר,0,189.90,completed
"""


def _count(database_url: str) -> int:
    plain = to_async_url(database_url).replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(plain) as connection:
        row = connection.execute("SELECT count(*) FROM sales_transactions").fetchone()
    assert row is not None
    return int(row[0])


def test_import_reports_loaded_and_rejected_lines(database_url: str, clean_db: object, tmp_path: Path) -> None:
    path = tmp_path / "sales.csv"
    path.write_text(CSV, encoding="utf-8")
    result = CliRunner().invoke(main, ["import-transactions", str(path)], env={"DATABASE_URL": database_url})
    assert result.exit_code == 1, result.output
    assert "loaded 1 rows, rejected 1" in result.output
    assert "line 3: quantity: must be between 1 and 100000" in result.output
    assert _count(database_url) == 1


def test_import_refuses_a_file_without_the_required_columns(
    database_url: str, clean_db: object, tmp_path: Path
) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("occurred_at,customer_id\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["import-transactions", str(path)], env={"DATABASE_URL": database_url})
    assert result.exit_code == 2
    assert "quantity" in result.output
    assert _count(database_url) == 0


def test_seed_appends_the_requested_count(database_url: str, clean_db: object) -> None:
    args = ["seed", "transactions", "--count", "2000", "--end", "2026-11-23"]
    result = CliRunner().invoke(main, args, env={"DATABASE_URL": database_url})
    assert result.exit_code == 0, result.output
    assert "seeded 2000 transactions ending 2026-11-23" in result.output
    assert _count(database_url) == 2000


def test_refresh_command_reports_as_of(database_url: str, clean_db: object) -> None:
    result = CliRunner().invoke(main, ["refresh-sales-views"], env={"DATABASE_URL": database_url})
    assert result.exit_code == 0, result.output
    assert "sales views refreshed as of" in result.output
