"""Production serving: the ASGI server, shared metrics for its workers, and a graceful SIGTERM.

uvicorn was chosen over granian by measuring both (docs/operations.md, bench/servers.sh).
"""

from __future__ import annotations

import gc
import os
import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from showbay.bootstrap.settings import Settings

if TYPE_CHECKING:
    from litestar import Litestar

APP_FACTORY = "showbay.bootstrap.serving:create_worker_app"


def create_worker_app() -> Litestar:
    """The app of one server worker: ``create_app`` plus what only a long-lived process wants."""
    from showbay.bootstrap.app import create_app

    app = create_app()
    app.on_startup.append(freeze_startup_heap)
    return app


async def freeze_startup_heap() -> None:
    """Move the objects of start-up (modules, the schema, the container) out of the collector's reach: a full
    collection then scans only what requests allocate, not the whole heap (the p99 stalls of docs/performance.md).
    Not in ``create_app``: a test process builds many apps and would freeze every earlier one for good."""
    gc.collect()
    gc.freeze()


def prepare_metrics_dir() -> tuple[Path, bool]:
    """Point prometheus-client's multiprocess mode at a clean directory shared by every worker.

    Must run before any worker imports prometheus_client; an existing PROMETHEUS_MULTIPROC_DIR is reused
    but emptied (stale files from an earlier run would be summed in). Returns the directory and whether
    it was created here (and is then removed on exit).
    """
    configured = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    directory = Path(configured) if configured else Path(tempfile.mkdtemp(prefix="showbay-metrics-"))
    directory.mkdir(parents=True, exist_ok=True)
    for stale in directory.glob("*.db"):
        stale.unlink()
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(directory)
    return directory, not configured


def serve(settings: Settings, *, host: str, port: int, workers: int) -> None:
    directory, created = prepare_metrics_dir()
    try:
        _serve_uvicorn(settings, host=host, port=port, workers=workers)
    finally:
        if created:
            shutil.rmtree(directory, ignore_errors=True)


def _serve_uvicorn(settings: Settings, *, host: str, port: int, workers: int) -> None:
    import uvicorn

    # SIGTERM/SIGINT: stop accepting, let in-flight requests finish (at most the grace period), run the
    # lifespan shutdown (pools and client sessions close), exit. With workers, the supervisor forwards
    # SIGTERM to each worker and waits for them.
    uvicorn.run(
        APP_FACTORY,
        factory=True,
        host=host,
        port=port,
        workers=workers,
        access_log=False,  # one access line per request comes from the app (adapters/observability/access.py)
        log_config=None,  # logging is configured by the app (adapters/observability/logging.py)
        log_level=settings.log_level.lower(),
        timeout_graceful_shutdown=max(1, round(settings.shutdown_grace_period)),
        proxy_headers=True,
        server_header=False,
    )
