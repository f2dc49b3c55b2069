"""The shipped deployment files: who may set X-Forwarded-For, /metrics closed at the proxy, and the compose
check (scripts/check_compose.py, run by `make lint`) catching what it is there to catch."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
# The directives only: the comments may name what is not done.
NGINX = re.sub(r"#.*", "", (ROOT / "deploy" / "nginx" / "showbay.conf").read_text())


def compose() -> dict[str, Any]:
    document: dict[str, Any] = yaml.safe_load((ROOT / "compose.yaml").read_text())
    return document


def check_compose() -> ModuleType:
    spec = importlib.util.spec_from_file_location("check_compose", ROOT / "scripts" / "check_compose.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_nginx_replaces_the_client_sent_x_forwarded_for_with_the_peer_address() -> None:
    assert re.search(r"^\s*proxy_set_header X-Forwarded-For \$remote_addr;$", NGINX, flags=re.MULTILINE)
    assert "$proxy_add_x_forwarded_for" not in NGINX


def test_nginx_closes_metrics_by_prefix() -> None:
    assert re.search(r"^\s*location \^~ /metrics \{\s*return 404;", NGINX, flags=re.MULTILINE)
    assert "location = /metrics" not in NGINX


def shipped_forwarded_allow_ips() -> dict[str, str]:
    found: dict[str, str] = {}
    paths = ["compose.yaml", ".env.example", "Containerfile"]
    paths += [str(path.relative_to(ROOT)) for path in sorted((ROOT / "deploy" / "k8s").glob("*.yaml"))]
    for path in paths:
        text = (ROOT / path).read_text()
        for value in re.findall(r"FORWARDED_ALLOW_IPS[=:]\s*\"?([^\"\s#]+)", text):
            found[path] = value
    return found


def test_no_shipped_config_trusts_every_peer_with_forwarded_headers() -> None:
    found = shipped_forwarded_allow_ips()
    assert set(found) >= {"compose.yaml", ".env.example", "deploy/k8s/configmap.yaml"}
    assert all("*" not in value for value in found.values()), found


def test_compose_replicas_trust_exactly_the_proxy_address() -> None:
    document = compose()
    trusted = document["services"]["showbay"]["environment"]["FORWARDED_ALLOW_IPS"]
    proxy_address = document["services"]["proxy"]["networks"]["default"]["ipv4_address"]
    assert trusted == proxy_address
    [subnet] = document["networks"]["default"]["ipam"]["config"]
    assert proxy_address.rsplit(".", 1)[0] == subnet["subnet"].split("/")[0].rsplit(".", 1)[0]


def test_the_shipped_compose_file_passes_the_check() -> None:
    assert check_compose().problems(compose()) == []


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda d: d["services"]["proxy"].update(restart_policy="always"), "restart_policy"),
        (lambda d: d["services"]["redis"].update(healthcheck={"interval": 5}), "interval"),
        (lambda d: d["services"]["showbay"]["depends_on"].update(cache={"condition": "service_healthy"}), "cache"),
        (lambda d: d["services"]["postgres"].update(volumes=["pgdata2:/var/lib/postgresql/data"]), "pgdata2"),
    ],
    ids=["unknown-key", "wrong-type", "missing-dependency", "undeclared-volume"],
)
def test_the_compose_check_finds_what_it_is_there_for(change: Any, expected: str) -> None:
    document = compose()
    change(document)
    problems = check_compose().problems(document)
    assert problems
    assert any(expected in problem for problem in problems), problems


def test_the_kustomization_applies_every_manifest_but_the_examples_and_the_job() -> None:
    kustomization = yaml.safe_load((ROOT / "deploy" / "k8s" / "kustomization.yaml").read_text())
    listed = set(kustomization["resources"])
    on_disk = {path.name for path in (ROOT / "deploy" / "k8s").glob("*.yaml")}
    assert listed <= on_disk
    assert on_disk - listed == {"kustomization.yaml", "secret.example.yaml", "migration-job.yaml"}


def test_the_pods_run_as_the_image_numeric_user() -> None:
    containerfile = (ROOT / "Containerfile").read_text()
    [user] = re.findall(r"^USER (\d+):(\d+)$", containerfile, flags=re.MULTILINE)
    for name in ("deployment.yaml", "migration-job.yaml"):
        manifest = yaml.safe_load((ROOT / "deploy" / "k8s" / name).read_text())
        context = manifest["spec"]["template"]["spec"]["securityContext"]
        assert (str(context["runAsUser"]), str(context["runAsGroup"])) == user
        assert context["runAsNonRoot"] is True


def test_the_image_installs_the_locked_runtime_only() -> None:
    containerfile = (ROOT / "Containerfile").read_text()
    assert "--require-hashes" in containerfile
    assert re.search(r"^ARG LOCKED=image$", containerfile, flags=re.MULTILINE)
    assert "--no-deps" in containerfile
    assert "[dev]" not in containerfile
    assert "[embedded]" not in containerfile
