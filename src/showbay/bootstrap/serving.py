"""Production serving: the ASGI server, shared metrics for its workers, and a graceful SIGTERM.

uvicorn is the default (see docs/operations.md for the measurements); granian can be chosen with
``--server granian`` when it is installed (``pip install granian``).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Literal

from showbay.bootstrap.settings import Settings

APP_FACTORY = "showbay.bootstrap.app:create_app"
ServerName = Literal["uvicorn", "granian"]


def prepare_metrics_dir() -> Path:
    """Point prometheus-client's multiprocess mode at a clean directory shared by every worker.

    Must run before any worker imports prometheus_client; an existing PROMETHEUS_MULTIPROC_DIR is reused
    but emptied (stale files from an earlier run would be summed in).
    """
    configured = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    directory = Path(configured) if configured else Path(tempfile.mkdtemp(prefix="showbay-metrics-"))
    directory.mkdir(parents=True, exist_ok=True)
    for stale in directory.glob("*.db"):
        stale.unlink()
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(directory)
    return directory


def serve(settings: Settings, *, host: str, port: int, workers: int, server: ServerName = "uvicorn") -> None:
    prepare_metrics_dir()
    if server == "granian":
        _serve_granian(settings, host=host, port=port, workers=workers)
    else:
        _serve_uvicorn(settings, host=host, port=port, workers=workers)


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


def _serve_granian(settings: Settings, *, host: str, port: int, workers: int) -> None:
    from granian.constants import Interfaces
    from granian.server import Server

    Server(
        APP_FACTORY,
        factory=True,
        address=host,
        port=port,
        interface=Interfaces.ASGI,
        workers=workers,
        log_access=False,
        log_level=settings.log_level.lower(),  # type: ignore[arg-type]
        workers_kill_timeout=max(1, round(settings.shutdown_grace_period)),
    ).serve()
