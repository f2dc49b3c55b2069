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
    return default if raw is None else raw.strip().lower() in {"1", "true", "yes", "on"}


def _list(name: str) -> tuple[str, ...]:
    raw = _env(name) or ""
    return tuple(part.strip() for part in raw.split(",") if part.strip())


@dataclass(frozen=True, slots=True)
class GitHubSettings:
    """GitHub REST API access and the background refresh of tracked repos (GITHUB_*)."""

    api_url: str = "https://api.github.com"
    token: str | None = field(default=None, repr=False)
    refresh_enabled: bool = False
    refresh_interval: float = 3600.0
    refresh_batch_size: int = 10
    refresh_idle_delay: float = 60.0
    rate_limit_reserve: int = 50

    @classmethod
    def from_env(cls) -> GitHubSettings:
        return cls(
            api_url=_env("GITHUB_API_URL", "https://api.github.com") or "https://api.github.com",
            token=_env("GITHUB_TOKEN"),
            refresh_enabled=_bool("GITHUB_REFRESH_ENABLED", True),
            refresh_interval=_float("GITHUB_REFRESH_INTERVAL", 3600.0),
            refresh_batch_size=_int("GITHUB_REFRESH_BATCH_SIZE", 10),
            refresh_idle_delay=_float("GITHUB_REFRESH_IDLE_DELAY", 60.0),
            rate_limit_reserve=_int("GITHUB_RATE_LIMIT_RESERVE", 50),
        )


@dataclass(frozen=True, slots=True)
class Settings:
    database_url: str | None = None
    host: str = "127.0.0.1"
    port: int = 8000
    data_dir: Path = Path(".showbay")
    db_pool_size: int = 10
    db_max_overflow: int = 10
    db_pool_timeout: float = 5.0
    db_connect_timeout: float = 5.0
    log_level: str = "INFO"
    jwt_secret: str | None = None
    jwt_public_key: str | None = None
    jwt_jwks_url: str | None = None
    jwt_algorithms: tuple[str, ...] = ("HS256",)
    jwt_issuer: str | None = None
    jwt_audience: str | None = None
    jwt_jwks_lifespan_seconds: float = 300.0
    cors_origins: tuple[str, ...] = field(default_factory=tuple)
    # Outbound calls (defaults for every upstream) and JSONPlaceholder.
    outbound_connect_timeout: float = 2.0
    outbound_timeout: float = 5.0
    outbound_max_attempts: int = 3
    outbound_backoff_initial: float = 0.2
    outbound_backoff_max: float = 2.0
    outbound_budget: float = 10.0
    outbound_breaker_threshold: int = 5
    outbound_breaker_cooldown: float = 30.0
    jsonplaceholder_url: str = "https://jsonplaceholder.typicode.com"
    jsonplaceholder_cache_ttl: float = 60.0
    redis_url: str | None = None
    rate_limit_requests: int = 120
    rate_limit_window: str = "minute"
    auth_failure_limit: int = 20
    auth_failure_window_seconds: int = 300
    request_max_body_bytes: int = 1_048_576
    # Operations (docs/operations.md)
    log_format: str = "json"
    database_replica_url: str | None = None
    readiness_timeout: float = 2.0
    shutdown_grace_period: float = 25.0
    otel_exporter_otlp_endpoint: str | None = None
    task_enrichment_timeout: float = 2.0
    github: GitHubSettings = field(default_factory=GitHubSettings)
    sales_currency: str = "ILS"
    sales_dashboard_cache_seconds: float = 5.0
    # Idempotency-Key (docs/api.md); the background jobs are off unless enabled (the environment enables them).
    idempotency_key_ttl: float = 86_400.0
    idempotency_purge_enabled: bool = False
    idempotency_purge_interval: float = 3600.0
    # The background retry of pending/failed task enrichment (docs/outbound.md).
    enrichment_retry_enabled: bool = False
    enrichment_retry_interval: float = 10.0
    enrichment_retry_batch_size: int = 20
    enrichment_retry_max_attempts: int = 20
    enrichment_retry_backoff_initial: float = 5.0
    enrichment_retry_backoff_max: float = 40.0

    @classmethod
    def from_env(cls) -> Settings:
        return cls(
            database_url=_env("DATABASE_URL"),
            host=_env("HOST", "127.0.0.1") or "127.0.0.1",
            port=_int("PORT", 8000),
            data_dir=Path(_env("SHOWBAY_DATA_DIR", ".showbay") or ".showbay"),
            db_pool_size=_int("DB_POOL_SIZE", 10),
            db_max_overflow=_int("DB_MAX_OVERFLOW", 10),
            db_pool_timeout=_float("DB_POOL_TIMEOUT", 5.0),
            db_connect_timeout=_float("DB_CONNECT_TIMEOUT", 5.0),
            log_level=(_env("LOG_LEVEL", "INFO") or "INFO").upper(),
            jwt_secret=_env("JWT_SECRET"),
            jwt_public_key=_env("JWT_PUBLIC_KEY"),
            jwt_jwks_url=_env("JWT_JWKS_URL"),
            jwt_algorithms=_list("JWT_ALGORITHMS") or ("HS256",),
            jwt_issuer=_env("JWT_ISSUER"),
            jwt_audience=_env("JWT_AUDIENCE"),
            jwt_jwks_lifespan_seconds=_float("JWT_JWKS_LIFESPAN_SECONDS", 300.0),
            cors_origins=_list("CORS_ORIGINS"),
            outbound_connect_timeout=_float("OUTBOUND_CONNECT_TIMEOUT", 2.0),
            outbound_timeout=_float("OUTBOUND_TIMEOUT", 5.0),
            outbound_max_attempts=_int("OUTBOUND_MAX_ATTEMPTS", 3),
            outbound_backoff_initial=_float("OUTBOUND_BACKOFF_INITIAL", 0.2),
            outbound_backoff_max=_float("OUTBOUND_BACKOFF_MAX", 2.0),
            outbound_budget=_float("OUTBOUND_BUDGET", 10.0),
            outbound_breaker_threshold=_int("OUTBOUND_BREAKER_THRESHOLD", 5),
            outbound_breaker_cooldown=_float("OUTBOUND_BREAKER_COOLDOWN", 30.0),
            jsonplaceholder_url=_env("JSONPLACEHOLDER_URL", "https://jsonplaceholder.typicode.com")
            or "https://jsonplaceholder.typicode.com",
            jsonplaceholder_cache_ttl=_float("JSONPLACEHOLDER_CACHE_TTL", 60.0),
            redis_url=_env("REDIS_URL"),
            rate_limit_requests=_int("RATE_LIMIT_REQUESTS", 120),
            rate_limit_window=_env("RATE_LIMIT_WINDOW", "minute") or "minute",
            auth_failure_limit=_int("AUTH_FAILURE_LIMIT", 20),
            auth_failure_window_seconds=_int("AUTH_FAILURE_WINDOW_SECONDS", 300),
            request_max_body_bytes=_int("REQUEST_MAX_BODY_BYTES", 1_048_576),
            log_format=(_env("LOG_FORMAT", "json") or "json").lower(),
            database_replica_url=_env("DATABASE_REPLICA_URL"),
            readiness_timeout=_float("READINESS_TIMEOUT", 2.0),
            shutdown_grace_period=_float("SHUTDOWN_GRACE_PERIOD", 25.0),
            otel_exporter_otlp_endpoint=_env("OTEL_EXPORTER_OTLP_ENDPOINT"),
            task_enrichment_timeout=_float("TASK_ENRICHMENT_TIMEOUT", 2.0),
            github=GitHubSettings.from_env(),
            sales_currency=(_env("SALES_CURRENCY", "ILS") or "ILS").upper(),
            sales_dashboard_cache_seconds=_float("SALES_DASHBOARD_CACHE_SECONDS", 5.0),
            idempotency_key_ttl=_float("IDEMPOTENCY_KEY_TTL", 86_400.0),
            idempotency_purge_enabled=_bool("IDEMPOTENCY_PURGE_ENABLED", True),
            idempotency_purge_interval=_float("IDEMPOTENCY_PURGE_INTERVAL", 3600.0),
            enrichment_retry_enabled=_bool("ENRICHMENT_RETRY_ENABLED", True),
            enrichment_retry_interval=_float("ENRICHMENT_RETRY_INTERVAL", 10.0),
            enrichment_retry_batch_size=_int("ENRICHMENT_RETRY_BATCH_SIZE", 20),
            enrichment_retry_max_attempts=_int("ENRICHMENT_RETRY_MAX_ATTEMPTS", 20),
            enrichment_retry_backoff_initial=_float("ENRICHMENT_RETRY_BACKOFF_INITIAL", 5.0),
            enrichment_retry_backoff_max=_float("ENRICHMENT_RETRY_BACKOFF_MAX", 40.0),
        )

    def __post_init__(self) -> None:
        if self.rate_limit_window not in ("second", "minute", "hour", "day"):
            raise ValueError("RATE_LIMIT_WINDOW must be one of second, minute, hour, day")
        if self.rate_limit_requests < 1 or self.request_max_body_bytes < 1:
            raise ValueError("RATE_LIMIT_REQUESTS and REQUEST_MAX_BODY_BYTES must be positive")
        if self.idempotency_key_ttl <= 0:
            raise ValueError("IDEMPOTENCY_KEY_TTL must be positive")
        if self.enrichment_retry_interval <= 0 or self.enrichment_retry_batch_size < 1:
            raise ValueError("ENRICHMENT_RETRY_INTERVAL and ENRICHMENT_RETRY_BATCH_SIZE must be positive")
        if self.auth_failure_limit < 1 or self.auth_failure_window_seconds < 1:
            raise ValueError("AUTH_FAILURE_LIMIT and AUTH_FAILURE_WINDOW_SECONDS must be positive")

    def require_database_url(self) -> str:
        if not self.database_url:
            raise RuntimeError("DATABASE_URL is not set (make run starts an embedded PostgreSQL for you)")
        return self.database_url
