"""``GET /metrics`` (Litestar's Prometheus controller: it reads PROMETHEUS_MULTIPROC_DIR when set)."""

from __future__ import annotations

import os

from litestar.plugins.prometheus import PrometheusController


class MetricsController(PrometheusController):
    """Prometheus text format; the sum over every worker process under ``showbay serve``."""

    path = "/metrics"
    include_in_schema = False


def forget_this_worker() -> None:
    """On shutdown: drop this process's live gauges from the multiprocess directory (no-op otherwise)."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(os.getpid())  # type: ignore[no-untyped-call]
