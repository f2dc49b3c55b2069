"""Whose X-Forwarded-For the service believes: uvicorn's proxy-headers middleware (what `showbay serve` runs
with proxy_headers=True) with the trust settings showbay ships."""

from __future__ import annotations

from typing import Any

import pytest
import uvicorn
import yaml
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from tests.deploy.test_configs import ROOT, compose


async def client_seen(trusted: str, peer: str, forwarded_for: str | None) -> str:
    seen: list[str] = []

    async def app(scope: Any, receive: Any, send: Any) -> None:
        seen.append(scope["client"][0])

    headers = [(b"x-forwarded-for", forwarded_for.encode())] if forwarded_for is not None else []
    scope = {"type": "http", "client": (peer, 40000), "headers": headers, "scheme": "http"}
    await ProxyHeadersMiddleware(app, trusted_hosts=trusted)(scope, None, None)  # type: ignore[arg-type]
    return seen[0]


def test_by_default_only_the_loopback_proxy_is_trusted(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FORWARDED_ALLOW_IPS", raising=False)
    assert uvicorn.Config("showbay.bootstrap.app:create_app").forwarded_allow_ips == "127.0.0.1,::1"


async def test_compose_replicas_believe_the_proxy_and_nobody_else() -> None:
    trusted = compose()["services"]["showbay"]["environment"]["FORWARDED_ALLOW_IPS"]
    proxy = compose()["services"]["proxy"]["networks"]["default"]["ipv4_address"]
    # nginx sends the peer's address ($remote_addr): believed.
    assert await client_seen(trusted, proxy, "198.51.100.7") == "198.51.100.7"
    # another container talking to a replica directly cannot choose its address.
    assert await client_seen(trusted, "172.30.0.9", "198.51.100.7") == "172.30.0.9"
    # even a proxy that appended to a client-sent header would not let the client choose: the rightmost
    # untrusted entry wins (the nginx config replaces the header anyway).
    assert await client_seen(trusted, proxy, "203.0.113.1, 198.51.100.7") == "198.51.100.7"


async def test_trusting_every_peer_lets_a_client_choose_its_address() -> None:
    # Why "*" is not shipped anywhere: behind an appending proxy, the client's own entry wins.
    assert await client_seen("*", "172.30.0.2", "203.0.113.1, 198.51.100.7") == "203.0.113.1"


async def test_the_kubernetes_range_trusts_pods_of_the_range_only() -> None:
    configmap = yaml.safe_load((ROOT / "deploy" / "k8s" / "configmap.yaml").read_text())
    trusted = configmap["data"]["FORWARDED_ALLOW_IPS"]
    assert await client_seen(trusted, "10.244.3.17", "198.51.100.7") == "198.51.100.7"
    assert await client_seen(trusted, "192.168.1.5", "198.51.100.7") == "192.168.1.5"
