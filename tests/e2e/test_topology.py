"""The shipped topology for real, without Docker: nginx (deploy/nginx/showbay.conf) in front of two
``showbay serve`` replicas sharing one Redis and one PostgreSQL.

It proves what compose.yaml and deploy/k8s rely on: requests reach both replicas, the rate-limit budget is
one budget (N, not 2N), a client-sent X-Forwarded-For buys no fresh bucket, /metrics is not served through
the proxy, and SIGTERM to one replica under load loses no request.
"""

from __future__ import annotations

import asyncio
import os
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.conftest import auth_headers
from tests.e2e.nginx_process import NginxProcess, NoNginx, nginx_binary
from tests.e2e.service_process import ServiceProcess

pytestmark = pytest.mark.slow

BUDGET = 10  # RATE_LIMIT_REQUESTS of the replicas, per principal (per address when anonymous)


@dataclass
class Topology:
    proxy: NginxProcess
    replicas: list[ServiceProcess]

    def served(self, predicate: str) -> list[int]:
        """Per replica, how many access lines have `predicate` in their principal or path."""
        return [
            sum(
                1
                for line in replica.log_lines()
                if line.get("logger") == "showbay.access" and predicate in f"{line.get('principal')} {line.get('path')}"
            )
            for replica in self.replicas
        ]

    def served_all(self, predicate: str, total: int) -> list[int]:
        """`served`, once the replicas have written all `total` access lines (each lands just after its answer)."""
        deadline = time.monotonic() + 5
        while sum(counts := self.served(predicate)) < total and time.monotonic() < deadline:
            time.sleep(0.05)
        return counts


def require_nginx() -> None:
    try:
        nginx_binary()
    except NoNginx as missing:
        if os.environ.get("CI"):
            raise  # .ci/run installs nginx: in CI a missing binary is a failure, not a skip
        pytest.skip(str(missing))


def start_topology(root: Path, database_url: str, redis_url: str) -> Iterator[Topology]:
    require_nginx()
    env: dict[str, Any] = {
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "RATE_LIMIT_REQUESTS": str(BUDGET),
        "FORWARDED_ALLOW_IPS": "127.0.0.1",  # the proxy's address, as compose.yaml and deploy/k8s set it
        "GITHUB_REFRESH_ENABLED": "false",
        "SALES_REFRESH_WORKER": "false",
    }
    replicas = [ServiceProcess(root / f"replica-{n}.log", **env) for n in range(2)]
    proxy: NginxProcess | None = None
    try:
        for replica in replicas:
            replica.wait_until_serving()
        proxy = NginxProcess(root / "nginx", [replica.port for replica in replicas])
        proxy.wait_until_proxying()
        yield Topology(proxy, replicas)
    finally:
        if proxy is not None:
            proxy.stop()
        for replica in replicas:  # stop them together: each takes a moment to drain
            if replica.process.poll() is None:
                replica.terminate()
        for replica in replicas:
            replica.stop()


@pytest.fixture(scope="module")
def topology(tmp_path_factory: pytest.TempPathFactory, database_url: str, redis_url: str) -> Iterator[Topology]:
    """One topology for the module (starting it is most of the module's time)."""
    yield from start_topology(tmp_path_factory.mktemp("topology"), database_url, redis_url)


async def test_requests_reach_both_replicas(topology: Topology) -> None:
    marker = f"spread-{uuid.uuid4().hex}"
    async with httpx.AsyncClient(base_url=topology.proxy.url, timeout=10) as http:
        for n in range(8):
            response = await http.get("/api/v1/tasks", params={"limit": 1}, headers=auth_headers(f"{marker}-{n}"))
            assert response.status_code == 200
    per_replica = topology.served_all(marker, 8)
    assert sum(per_replica) == 8
    assert min(per_replica) >= 2, per_replica


async def test_the_rate_limit_budget_is_shared_by_the_replicas(topology: Topology) -> None:
    caller = f"budget-{uuid.uuid4().hex}"
    headers = auth_headers(caller)
    async with httpx.AsyncClient(base_url=topology.proxy.url, timeout=10) as http:
        responses = [await http.get("/api/v1/tasks/1", headers=headers) for _ in range(2 * BUDGET)]
    statuses = [response.status_code for response in responses]
    assert statuses == [404] * BUDGET + [429] * BUDGET  # N, not 2N
    remaining = [int(response.headers["ratelimit-remaining"]) for response in responses[:BUDGET]]
    assert remaining == list(range(BUDGET - 1, -1, -1))  # one counter, whichever replica answered
    assert min(topology.served_all(caller, 2 * BUDGET)) >= BUDGET // 2 - 1  # and both replicas did answer


async def test_a_client_sent_x_forwarded_for_buys_no_fresh_bucket(topology: Topology) -> None:
    # Anonymous callers are limited per client address. If nginx appended to the client's header (or the
    # replicas trusted "*"), each spoofed address below would be a fresh bucket and no 429 would come.
    async with httpx.AsyncClient(base_url=topology.proxy.url, timeout=10) as http:
        statuses = [
            (await http.get("/api/v1/tasks/1", headers={"X-Forwarded-For": f"203.0.113.{n}"})).status_code
            for n in range(BUDGET + 3)
        ]
    assert statuses.count(401) <= BUDGET, statuses
    assert statuses[-3:] == [429, 429, 429], statuses


@pytest.mark.parametrize("path", ["/metrics", "/metrics/", "//metrics", "/%6Detrics", "/metrics?format=text"])
async def test_metrics_are_not_served_through_the_proxy(topology: Topology, path: str) -> None:
    async with httpx.AsyncClient(timeout=10) as http:
        direct = await http.get(f"{topology.replicas[0].url}/metrics")
        assert direct.status_code == 200  # the replica does serve them, to the scraper inside the network
        assert "showbay_http_requests_total" in direct.text
        proxied = await http.get(f"{topology.proxy.url}{path}")
    assert proxied.status_code == 404
    assert "showbay_http_requests_total" not in proxied.text


async def test_sigterm_to_one_replica_under_load_loses_no_request(topology: Topology) -> None:
    # Last in this module: it stops one of the module's two replicas.
    draining, survivor = topology.replicas
    assert draining.process.poll() is None
    assert survivor.process.poll() is None
    marker = f"load-{uuid.uuid4().hex}"
    outcomes: Counter[str] = Counter()
    sent = 0

    async def client(http: httpx.AsyncClient, worker: int, until: float) -> None:
        nonlocal sent
        while time.monotonic() < until:
            sent += 1
            # A fresh principal every few requests keeps each one far below its budget.
            headers = auth_headers(f"{marker}-{worker}-{sent // 4}")
            try:
                response = await http.get("/api/v1/tasks", params={"limit": 1}, headers=headers)
                outcomes[str(response.status_code)] += 1
            except httpx.TransportError as error:
                outcomes[type(error).__name__] += 1

    async with httpx.AsyncClient(base_url=topology.proxy.url, timeout=30) as http:
        until = time.monotonic() + 4
        load = asyncio.gather(*(client(http, worker, until) for worker in range(8)))
        await asyncio.sleep(1)
        served_before = topology.served(marker)
        draining.terminate()
        await load
    exit_code = await asyncio.to_thread(draining.wait, 30)

    assert outcomes == Counter({"200": sent}), outcomes  # no 502/504, no broken connection
    assert sent > 30
    assert exit_code == 0  # the replica drained its in-flight requests and shut down cleanly
    assert min(served_before) > 0, served_before  # both replicas carried the load before the SIGTERM
    served_after = topology.served_all(marker, sent)
    assert served_after[1] > served_before[1]
    assert sum(served_after) == sent
    lines = draining.log_lines()
    events = [line.get("event") for line in lines]
    assert "shutdown complete: pools and client sessions closed" in events
    # nginx did meet the stopped replica and moved those requests to the survivor.
    assert "connect() failed (111: Connection refused)" in topology.proxy.error_log()
    assert survivor.process.poll() is None
