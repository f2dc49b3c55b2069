"""Observability: structured logs (structlog over stdlib logging), Prometheus metrics, the access line."""
