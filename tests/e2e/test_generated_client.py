"""A Python client generated from docs/openapi.json by openapi-python-client (no warnings, nothing fixed by hand)
drives tasks, items, repos and analytics against the running service, errors included (parsed as ``Problem``).
"""

from __future__ import annotations

import importlib
import subprocess
import sys
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from tests.e2e.contract_service import ContractService, contract_service  # noqa: F401 - the fixture

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = "showbay_client"


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Generates the client into a temporary directory; fails on any warning of the generator."""
    where = tmp_path_factory.mktemp("generated-client")
    config = where / "config.yaml"
    config.write_text("post_hooks: []\n")  # no formatter run: the test needs the code, not its style
    result = subprocess.run(
        [
            str(Path(sys.executable).with_name("openapi-python-client")),
            "generate",
            "--path",
            str(ROOT / "docs" / "openapi.json"),
            "--output-path",
            str(where / PACKAGE),
            "--meta",
            "none",
            "--config",
            str(config),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "Warning" not in output, output
    sys.path.insert(0, str(where))
    try:
        yield PACKAGE
    finally:
        sys.path.remove(str(where))
        for name in [n for n in sys.modules if n == PACKAGE or n.startswith(f"{PACKAGE}.")]:
            del sys.modules[name]


def module(name: str) -> ModuleType:
    return importlib.import_module(f"{PACKAGE}.{name}")


@pytest.fixture
def client(generated: str, contract_service: ContractService) -> Any:  # noqa: F811
    return module("client").AuthenticatedClient(base_url=contract_service.url, token=contract_service.token)


def expect_problem(response: Any, status: int, code: str) -> None:
    problem_class = module("models").Problem
    assert response.status_code == status, response.content
    assert isinstance(response.parsed, problem_class)
    assert (response.parsed.status, response.parsed.code) == (status, code)


def test_tasks_through_the_generated_client(client: Any) -> None:
    models, tasks = module("models"), "api.tasks."
    created = module(tasks + "create_task").sync_detailed(
        client=client, body=models.TaskWrite(title="write the report", tags=["work"])
    )
    assert created.status_code == 201
    task = created.parsed
    assert isinstance(task, models.TaskRead)
    assert created.headers["location"].endswith(f"/api/v1/tasks/{task.id}")

    read = module(tasks + "get_task").sync_detailed(task.id, client=client)
    assert read.parsed.title == "write the report"
    etag = read.headers["etag"]
    not_modified = module(tasks + "get_task").sync_detailed(task.id, client=client, if_none_match=etag)
    assert not_modified.status_code == 304

    listed = module(tasks + "list_tasks").sync_detailed(client=client, tag=["work"], sort="-created_at")
    assert [t.id for t in listed.parsed.data] == [task.id]

    patch = module(tasks + "patch_task")
    patched = patch.sync_detailed(task.id, client=client, body=models.TaskPatch(title="report sent"), if_match=etag)
    assert (patched.status_code, patched.parsed.title) == (200, "report sent")
    stale = patch.sync_detailed(task.id, client=client, body=models.TaskPatch(title="again"), if_match=etag)
    expect_problem(stale, 412, "precondition_failed")

    assert module(tasks + "delete_task").sync_detailed(task.id, client=client).status_code == 204
    expect_problem(module(tasks + "get_task").sync_detailed(task.id, client=client), 404, "task_not_found")


def test_items_through_the_generated_client(client: Any) -> None:
    models, items = module("models"), "api.items."
    created = module(items + "create_item").sync_detailed(client=client, body=models.ItemWrite(title="lamp"))
    assert created.status_code == 201
    item = created.parsed
    assert isinstance(item, models.ItemRead)
    assert module(items + "get_item").sync_detailed(item.id, client=client).parsed.title == "lamp"
    listed = module(items + "list_items").sync_detailed(client=client, q="lamp")
    assert [i.id for i in listed.parsed.data] == [item.id]

    patched = module(items + "patch_item").sync_detailed(
        item.id, client=client, body=models.ItemMergePatch(external_ref=1)
    )
    assert (patched.status_code, patched.parsed.external_ref) == (200, 1)
    fetched = module(items + "fetch_item_external_data").sync_detailed(item.id, client=client)
    assert isinstance(fetched.parsed.external_data.post, models.LinkedPostRead)  # the formerly dropped model

    expect_problem(
        module(items + "create_item").sync_detailed(client=client, body=models.ItemWrite(title=" ")),
        422,
        "validation_failed",
    )
    assert module(items + "delete_item").sync_detailed(item.id, client=client).status_code == 204


def test_repos_through_the_generated_client(client: Any) -> None:
    models, repos = module("models"), "api.repos."
    tracked = module(repos + "track_repo").sync_detailed(
        client=client, body=models.RepoWrite(owner="octo", name="hello")
    )
    assert tracked.status_code == 201, tracked.content
    repo = tracked.parsed
    assert repo.full_name == "octo/hello"
    read = module(repos + "get_repo").sync_detailed(repo.id, client=client)
    assert read.parsed.id == repo.id
    listed = module(repos + "list_repos").sync_detailed(client=client, owner="octo", sort="-stars,name")
    assert [r.id for r in listed.parsed.data] == [repo.id]

    replaced = module(repos + "replace_repo").sync_detailed(
        repo.id,
        client=client,
        body=models.RepoWrite(owner="litestar-org", name="litestar"),
        if_match=read.headers["etag"],
    )
    assert (replaced.status_code, replaced.parsed.full_name) == (200, "litestar-org/litestar")

    assert module(repos + "untrack_repo").sync_detailed(repo.id, client=client).status_code == 204
    expect_problem(module(repos + "get_repo").sync_detailed(uuid.uuid4(), client=client), 404, "tracked_repo_not_found")


def test_analytics_through_the_generated_client(client: Any) -> None:
    models = module("models")
    row = models.TransactionWrite(
        occurred_at=datetime(2026, 11, 24, 12, 0, tzinfo=UTC),
        customer_id="c-1",
        customer_name="Dana",
        product="lamp",
        quantity=2,
        unit_price="19.99",
        status=models.TransactionStatus.COMPLETED,
    )
    created = module("api.sales.create_transaction").sync_detailed(client=client, body=row)
    assert created.status_code == 201, created.content
    assert created.parsed.amount == "39.98"
    read = module("api.sales.get_transaction").sync_detailed(created.parsed.id, client=client)
    assert read.parsed.customer_id == "c-1"

    assert module("api.analytics.get_dashboard").sync_detailed(client=client).status_code == 200
    customers = module("api.analytics.list_customers").sync_detailed(client=client, sort="-orders")
    assert customers.status_code == 200
    assert isinstance(customers.parsed, models.CustomerPage)
    products = module("api.analytics.list_products").sync_detailed(client=client, limit=5)
    assert isinstance(products.parsed, models.ProductPage)
    series = module("api.analytics.get_revenue_series").sync_detailed(
        client=client, granularity=models.Granularity.MONTH, from_="2026-01-01", to="2026-11-30"
    )
    assert len(series.parsed.data) == 11

    reversed_range = module("api.analytics.get_revenue_series").sync_detailed(
        client=client, from_="2026-11-30", to="2026-01-01"
    )
    expect_problem(reversed_range, 422, "validation_failed")
