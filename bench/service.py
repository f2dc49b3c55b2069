"""The service under test, started as in production: ``showbay serve --workers N`` (access log off), and the floor."""

from __future__ import annotations

import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psutil

from bench.database import plain_url
from bench.scenarios import normalize_route

ROOT = Path(__file__).resolve().parent.parent
UNLIMITED_RATE = 1_000_000_000  # requests per second: the rate limiter still runs, it just never says no


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def app_routes_and_scopes() -> tuple[set[tuple[str, str]], set[str]]:
    """Every (METHOD, normalized path) the app serves, and every scope its access rules ask for."""
    from showbay.bootstrap.app import create_app
    from showbay.bootstrap.settings import Settings

    app = create_app(Settings(database_url="postgresql+psycopg://unused/unused", jwt_secret=secrets.token_hex(32)))
    routes: set[tuple[str, str]] = set()
    scopes: set[str] = set()
    for route in app.routes:
        for handler in getattr(route, "route_handlers", ()):
            for method in getattr(handler, "http_methods", ()):
                routes.add((str(method), normalize_route(route.path)))
            rule = handler.opt.get("access")
            if isinstance(rule, str) and rule.startswith("scope:"):
                scopes.add(rule.removeprefix("scope:"))
    return routes, scopes


@dataclass
class Service:
    process: subprocess.Popen[bytes]
    base_url: str
    jwt_secret: str
    startup_s: float
    workers: int

    def worker_pids(self) -> list[int]:
        try:
            return [child.pid for child in psutil.Process(self.process.pid).children(recursive=True)]
        except psutil.Error:
            return []

    def idle_rss_mb(self) -> list[float]:
        """Resident memory of each worker (uvicorn's multiprocess supervisor is not a worker)."""
        sizes = []
        for pid in self.worker_pids():
            try:
                process = psutil.Process(pid)
                if any("resource_tracker" in part for part in process.cmdline()):
                    continue  # multiprocessing's helper, not a worker
                sizes.append(round(process.memory_info().rss / 2**20, 1))
            except psutil.Error:
                continue
        return sizes

    def wait_until_workers_idle(self, quiet_s: float = 0.5, timeout_s: float = 60) -> float:
        """Wait until every worker has finished starting (its CPU time stops growing); the seconds waited.

        ``/ready`` answers as soon as the first worker serves; on a busy machine the others may still be
        importing, and a run measured then would see fewer workers than configured.
        """
        started = time.monotonic()
        previous: dict[int, float] = {}
        while time.monotonic() - started < timeout_s:
            current: dict[int, float] = {}
            for pid in self.worker_pids():
                try:
                    times = psutil.Process(pid).cpu_times()
                except psutil.Error:
                    continue
                current[pid] = times.user + times.system
            enough = len(current) >= self.workers or self.workers == 1
            if (
                enough
                and current.keys() == previous.keys()
                and all(current[pid] - previous[pid] < 0.02 for pid in current)
            ):
                break
            previous = current
            time.sleep(quiet_s)
        return time.monotonic() - started

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def get_json(url: str, headers: dict[str, str] | None = None, timeout: float = 10.0) -> tuple[int, Any]:
    request = urllib.request.Request(url, headers=headers or {})  # noqa: S310 - loopback URLs we built
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            body = response.read()
            return response.status, json.loads(body) if body else None
    except urllib.error.HTTPError as exc:
        body = exc.read()
        try:
            return exc.code, json.loads(body)
        except ValueError:
            return exc.code, body.decode(errors="replace")


def start_service(database_url: str, workers: int, log_path: Path, extra_env: dict[str, str] | None = None) -> Service:
    secret = secrets.token_urlsafe(48)
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "JWT_SECRET": secret,
        "RATE_LIMIT_REQUESTS": str(UNLIMITED_RATE),
        "RATE_LIMIT_WINDOW": "second",
        # The access line is logged at INFO: WARNING is "access log off"; BENCH_LOG_LEVEL=INFO measures it.
        "LOG_LEVEL": os.environ.get("BENCH_LOG_LEVEL", "WARNING"),
        "GITHUB_REFRESH_ENABLED": "false",  # no background calls to GitHub while measuring
        **(extra_env or {}),
    }
    env.pop("REDIS_URL", None)  # the in-memory rate-limit store: no Redis round trip per request
    command = [str(Path(sys.executable).with_name("showbay")), "serve", "--workers", str(workers)]
    return _start(command, env, log_path, secret, workers)


def start_floor(database_url: str, workers: int, log_path: Path) -> Service:
    """bench/floor.py under uvicorn with showbay's serving options (uvloop + httptools, no access log)."""
    env = {**os.environ, "FLOOR_DATABASE_URL": plain_url(database_url)}
    command = [sys.executable, "-m", "uvicorn", "bench.floor:create_app", "--factory", "--workers", str(workers)]
    command += ["--no-access-log", "--no-server-header", "--proxy-headers", "--log-level", "warning"]
    return _start(command, env, log_path, "", workers)


def _start(command: list[str], env: dict[str, str], log_path: Path, secret: str, workers: int) -> Service:
    port = free_port()
    command = [*command, "--host", "127.0.0.1", "--port", str(port)]
    started = time.monotonic()
    log = log_path.open("wb")
    process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT, cwd=ROOT)
    base = f"http://127.0.0.1:{port}"
    deadline = started + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the service exited with {process.returncode}; see {log_path}")
        try:
            status, _ = get_json(f"{base}/ready", timeout=1)
        except OSError:
            status = 0
        if status == 200:
            return Service(process, base, secret, time.monotonic() - started, workers)
        time.sleep(0.05)
    process.kill()
    raise RuntimeError(f"the service was not ready within 60 s; see {log_path}")
