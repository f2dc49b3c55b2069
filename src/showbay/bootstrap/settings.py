"""Every setting comes from an environment variable (see .env.example)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path


def _env(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name)
    return value if value not in (None, "") else default


def _int(name: str, default: int) -> int:
    raw = _env(name)
    return default if raw is None else int(raw)


def _float(name: str, default: float) -> float:
    raw = _env(name)
    return default if raw is None else float(raw)


def _bool(name: str, default: bool) -> bool:
    raw = _env(name)
    return default if raw is None else raw.strip().lower() in ("1", "true", "yes", "on")


def _list(name: str) -> tuple[str, ...]:
    raw = _env(name) or ""
    return tuple(part.strip() for part in raw.split(",") if part.strip())


@dataclass(frozen=True, slots=True)
class Settings:
    database_url: str | None = None
    host: str = "127.0.0.1"
    port: int = 8000
    data_dir: Path = Path(".showbay")
    db_pool_size: int = 10
    db_max_overflow: int = 10
    log_level: str = "INFO"
    jwt_secret: str | None = None
    jwt_public_key: str | None = None
    jwt_jwks_url: str | None = None
    jwt_algorithms: tuple[str, ...] = ("HS256",)
    jwt_issuer: str | None = None
    jwt_audience: str | None = None
    cors_origins: tuple[str, ...] = field(default_factory=tuple)
    sales_currency: str = "ILS"
    sales_refresh_worker: bool = True
    sales_refresh_interval_seconds: float = 300.0
    sales_dashboard_cache_seconds: float = 5.0

    @classmethod
    def from_env(cls) -> Settings:
        return cls(
            database_url=_env("DATABASE_URL"),
            host=_env("HOST", "127.0.0.1") or "127.0.0.1",
            port=_int("PORT", 8000),
            data_dir=Path(_env("SHOWBAY_DATA_DIR", ".showbay") or ".showbay"),
            db_pool_size=_int("DB_POOL_SIZE", 10),
            db_max_overflow=_int("DB_MAX_OVERFLOW", 10),
            log_level=(_env("LOG_LEVEL", "INFO") or "INFO").upper(),
            jwt_secret=_env("JWT_SECRET"),
            jwt_public_key=_env("JWT_PUBLIC_KEY"),
            jwt_jwks_url=_env("JWT_JWKS_URL"),
            jwt_algorithms=_list("JWT_ALGORITHMS") or ("HS256",),
            jwt_issuer=_env("JWT_ISSUER"),
            jwt_audience=_env("JWT_AUDIENCE"),
            cors_origins=_list("CORS_ORIGINS"),
            sales_currency=(_env("SALES_CURRENCY", "ILS") or "ILS").upper(),
            sales_refresh_worker=_bool("SALES_REFRESH_WORKER", True),
            sales_refresh_interval_seconds=_float("SALES_REFRESH_INTERVAL_SECONDS", 300.0),
            sales_dashboard_cache_seconds=_float("SALES_DASHBOARD_CACHE_SECONDS", 5.0),
        )

    def require_database_url(self) -> str:
        if not self.database_url:
            raise RuntimeError("DATABASE_URL is not set (make run starts an embedded PostgreSQL for you)")
        return self.database_url
