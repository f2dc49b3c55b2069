"""The walk itself: every operation against every credential case, checked against the rule the route declares."""

from __future__ import annotations

import re
from typing import Any

from litestar import Litestar
from litestar.testing import AsyncTestClient

from showbay.adapters.http.security import OWNER, SCOPE_PREFIX, SHARED_READ, is_valid_rule
from tests.e2e.access_matrix import (
    BODY_METHODS,
    METHODS,
    OPEN_PATHS,
    Credentials,
    Report,
    declared_rules,
    fill,
    request_body,
)

Client = AsyncTestClient[Litestar]
_FIRST_PARAM = re.compile(r"/\{[^}]+\}")


async def _call(client: Client, method: str, url: str, headers: dict[str, str], body: Any = None) -> Any:
    kwargs: dict[str, Any] = {"headers": headers}
    if method in BODY_METHODS:
        kwargs["json"] = {} if body is None else body
    return await client.request(method.upper(), url, **kwargs)


def _operations(document: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (method, path, operation)
        for path, item in sorted(document["paths"].items())
        for method, operation in item.items()
        if method in METHODS
    ]


async def walk(app: Litestar, client: Client, creds: Credentials) -> Report:
    document = app.openapi_schema.to_schema()
    rules = declared_rules(app)
    report = Report()
    for method, path, operation in _operations(document):
        name = f"{method.upper()} {path}"
        report.checked.append(name)
        if not path.startswith("/api/"):
            report.expect(path in OPEN_PATHS, f"{name}: outside /api/v1 but not one of the open endpoints")
            response = await _call(client, method, path, {})
            report.expect(response.status_code != 401, f"{name}: an open endpoint answered 401")
            continue
        rule = rules.get((method.upper(), path))
        if not is_valid_rule(rule):
            report.failures.append(f"{name}: declares no opt['access'] rule (OWNER, SHARED_READ or scope_rule)")
            continue
        url = fill(path, operation, document)
        await _check_rejections(client, method, url, name, creds, report)
        await _check_rule(client, method, url, name, str(rule), creds, report)
        if rule == OWNER:
            await _check_isolation(client, document, method, path, operation, name, creds, report)
    return report


async def _check_rejections(
    client: Client, method: str, url: str, name: str, creds: Credentials, report: Report
) -> None:
    for case, headers in {"no credentials": {}, **creds.rejected}.items():
        response = await _call(client, method, url, headers)
        ok = (
            response.status_code == 401
            and response.headers.get("www-authenticate", "").startswith("Bearer")
            and response.json().get("code") == "unauthenticated"
        )
        report.expect(ok, f"{name} with {case}: expected a 401 problem, got {response.status_code}")


async def _check_rule(
    client: Client, method: str, url: str, name: str, rule: str, creds: Credentials, report: Report
) -> None:
    if rule.startswith(SCOPE_PREFIX):
        needed = rule.removeprefix(SCOPE_PREFIX)
        denied = await _call(client, method, url, creds.with_scopes("carol", "some:other"))
        report.expect(
            denied.status_code == 403 and denied.json().get("code") == "forbidden",
            f"{name} without scope {needed}: expected a 403 problem, got {denied.status_code}",
        )
        allowed = await _call(client, method, url, creds.with_scopes("carol", needed))
        report.expect(allowed.status_code not in (401, 403), f"{name} with scope {needed}: {allowed.status_code}")
    elif rule in (OWNER, SHARED_READ):
        response = await _call(client, method, url, creds.bob)
        report.expect(response.status_code not in (401, 403), f"{name} as bob: got {response.status_code}")


async def _create_as_alice(
    client: Client, document: dict[str, Any], collection: str, creds: Credentials, report: Report
) -> str | None:
    create = document["paths"].get(collection, {}).get("post")
    if create is None:
        return None
    response = await _call(client, "post", collection, creds.alice, request_body(create, document))
    location = response.headers.get("location")
    report.expect(
        response.status_code == 201 and bool(location),
        f"POST {collection}: could not create a resource as alice ({response.status_code}); "
        f"add a valid body for {create.get('operationId')} to SAMPLE_BODIES in tests/e2e/access_matrix.py",
    )
    return location.rstrip("/").rsplit("/", 1)[-1] if response.status_code == 201 and location else None


async def _check_isolation(
    client: Client,
    document: dict[str, Any],
    method: str,
    path: str,
    operation: dict[str, Any],
    name: str,
    creds: Credentials,
    report: Report,
) -> None:
    found = _FIRST_PARAM.search(path)
    collection = path[: found.start()] if found else path
    resource_id = await _create_as_alice(client, document, collection, creds, report)
    if resource_id is None:
        return
    if found is None:
        if method == "get":  # a list: alice's resource never appears in bob's
            listed = (await _call(client, "get", path, creds.bob)).json()
            ids = [str(row.get("id")) for row in listed.get("data", [])] if isinstance(listed, dict) else []
            report.expect(resource_id not in ids, f"{name}: bob's list shows alice's {resource_id}")
        return
    url = fill(path, operation, document, first=resource_id)
    body = request_body(operation, document) if method in BODY_METHODS else None
    response = await _call(client, method, url, creds.bob, body)
    report.expect(
        response.status_code == 404, f"{name} on alice's {resource_id} as bob: expected 404, got {response.status_code}"
    )
    if "get" in document["paths"].get(collection + path[found.start() : found.end()], {}):
        still = await _call(client, "get", fill(path[: found.end()], {}, document, first=resource_id), creds.alice)
        report.expect(still.status_code == 200, f"{name} as bob changed alice's {resource_id}: {still.status_code}")
