"""Run the Alembic migrations from code (make run, the CLI and the test harness)."""

from __future__ import annotations

import os
from pathlib import Path

from alembic import command
from alembic.config import Config


def alembic_ini() -> Path:
    """alembic.ini of the checkout (or of SHOWBAY_ALEMBIC_INI, as in the container image)."""
    if explicit := os.environ.get("SHOWBAY_ALEMBIC_INI"):
        return Path(explicit)
    for base in (Path.cwd(), *Path(__file__).resolve().parents):
        candidate = base / "alembic.ini"
        if candidate.is_file() and (base / "migrations").is_dir():
            return candidate
    raise FileNotFoundError("alembic.ini not found: run from the checkout or set SHOWBAY_ALEMBIC_INI")


def alembic_config(database_url: str) -> Config:
    config = Config(str(alembic_ini()))
    config.attributes["database_url"] = database_url
    config.attributes["configure_logging"] = False
    return config


def upgrade(database_url: str, revision: str = "head") -> None:
    command.upgrade(alembic_config(database_url), revision)


def downgrade(database_url: str, revision: str) -> None:
    command.downgrade(alembic_config(database_url), revision)
