"""Run ``showbay serve`` as a real process on a free loopback port, for the serving tests."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import httpx

from tests.conftest import TEST_JWT_SECRET
from tests.redis_server import free_port

_INHERITED_SETTINGS = ("DATABASE_URL", "DATABASE_REPLICA_URL", "REDIS_URL", "PROMETHEUS_MULTIPROC_DIR", "LOG_LEVEL")


class ServiceProcess:
    def __init__(
        self, log_path: Path, *, workers: int = 1, settings: Mapping[str, str] | None = None, **env: str
    ) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = log_path
        environment = {k: v for k, v in os.environ.items() if k not in _INHERITED_SETTINGS}
        environment.update(JWT_SECRET=TEST_JWT_SECRET, LOG_FORMAT="json", LOG_LEVEL="INFO", SHUTDOWN_GRACE_PERIOD="20")
        environment.update(settings or {})
        environment.update(env)
        command = [str(Path(sys.executable).with_name("showbay")), "serve", "--host", "127.0.0.1"]
        command += ["--port", str(self.port), "--workers", str(workers)]
        self._log = log_path.open("wb")
        self.process = subprocess.Popen(command, env=environment, stdout=self._log, stderr=subprocess.STDOUT)

    def wait_until_serving(self, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"showbay serve exited with {self.process.returncode}:\n{self.output()}")
            try:
                if httpx.get(f"{self.url}/health", timeout=1).status_code == 200:
                    return
            except httpx.TransportError:
                time.sleep(0.1)
        raise TimeoutError(f"showbay serve did not answer within {timeout}s:\n{self.output()}")

    def terminate(self) -> None:
        self.process.send_signal(signal.SIGTERM)

    def wait(self, timeout: float = 30) -> int:
        try:
            return self.process.wait(timeout=timeout)
        finally:
            self._log.close()

    def stop(self) -> None:
        """Cleanup after a test, whatever happened."""
        if self.process.poll() is None:
            self.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._log.close()

    def output(self) -> str:
        return self.log_path.read_text(errors="replace")

    def log_lines(self) -> list[dict[str, Any]]:
        lines = []
        for raw in self.output().splitlines():
            try:
                lines.append(json.loads(raw))
            except ValueError:
                continue
        return lines
