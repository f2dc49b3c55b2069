"""/api/v1/repos over HTTP: real PostgreSQL, and a local server imitating GitHub for every upstream answer.

Each GitHub case asserts the status and problem code, the calls GitHub saw, and what was (not) stored.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from litestar.testing import AsyncTestClient
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from showbay.adapters.persistence.tables import tracked_repos
from showbay.bootstrap.app import create_app
from showbay.bootstrap.settings import GitHubSettings, Settings
from tests.conftest import TEST_JWT_SECRET, auth_headers
from tests.fakes_github import FakeAnswer, FakeGitHub, primary_limit_exhausted, secondary_limit

Client = AsyncTestClient  # type: ignore[type-arg]
WRITER = auth_headers("alice", "repos:write")
READER = auth_headers("bob")
URL = "/api/v1/repos"


@pytest.fixture
async def client(database_url: str, clean_db: AsyncEngine, fake_github: FakeGitHub) -> AsyncIterator[Client]:
    settings = Settings(
        database_url=database_url,
        jwt_secret=TEST_JWT_SECRET,
        github=GitHubSettings(api_url=fake_github.url, token="t0ken"),
        outbound_timeout=0.5,
        outbound_max_attempts=2,
        outbound_backoff_initial=0.01,
        outbound_backoff_max=0.02,
        outbound_budget=3.0,
    )
    async with AsyncTestClient(app=create_app(settings)) as test_client:
        yield test_client


async def rows(engine: AsyncEngine) -> list[dict[str, Any]]:
    async with engine.connect() as connection:
        result = await connection.execute(select(tracked_repos).order_by(tracked_repos.c.name))
        return [dict(row) for row in result.mappings()]


async def track(client: Client, full_name: str = "octo/hello") -> dict[str, Any]:
    owner, name = full_name.split("/")
    response = await client.post(URL, json={"owner": owner, "name": name}, headers=WRITER)
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def assert_problem(response: Any, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body: dict[str, Any] = response.json()
    assert body["code"] == code
    return body


async def test_track_stores_github_metadata(client: Client, fake_github: FakeGitHub, clean_db: AsyncEngine) -> None:
    fake_github.publish("Octo/Hello", '"e1"', stargazers_count=42, language="Rust")
    response = await client.post(URL, json={"owner": "octo", "name": "hello"}, headers=WRITER)
    assert response.status_code == 201
    body = response.json()
    assert response.headers["location"] == f"{URL}/{body['id']}"
    assert response.headers["etag"] == f'"{body["id"]}-1"'
    assert (body["full_name"], body["stars"], body["language"], body["watchers"]) == ("Octo/Hello", 42, "Rust", 5)
    assert body["last_checked_at"] == body["last_changed_at"] == body["created_at"]
    assert body["pushed_at"] == "2026-11-20T10:00:00Z"
    (call,) = fake_github.calls
    assert (call.path, call.conditional, call.headers["Authorization"]) == ("/repos/octo/hello", False, "Bearer t0ken")
    (row,) = await rows(clean_db)
    assert (row["owner"], row["name"], row["stars"], row["github_etag"]) == ("Octo", "Hello", 42, '"e1"')


async def test_unknown_github_repo_is_404_and_nothing_is_stored(
    client: Client, fake_github: FakeGitHub, clean_db: AsyncEngine
) -> None:
    response = await client.post(URL, json={"owner": "octo", "name": "nope"}, headers=WRITER)
    assert_problem(response, 404, "github_repo_not_found")
    assert [c.status for c in fake_github.calls] == [404]
    assert await rows(clean_db) == []


async def test_renamed_repo_is_stored_under_its_canonical_name(
    client: Client, fake_github: FakeGitHub, clean_db: AsyncEngine
) -> None:
    fake_github.publish("octo/old")
    fake_github.rename("octo/old", "octocat/new")
    body = await track(client, "octo/old")
    assert (body["owner"], body["name"], body["full_name"]) == ("octocat", "new", "octocat/new")
    assert [c.status for c in fake_github.calls] == [301, 200]
    (row,) = await rows(clean_db)
    assert (row["owner"], row["name"]) == ("octocat", "new")
    again = await client.post(URL, json={"owner": "OCTOCAT", "name": "NEW"}, headers=WRITER)
    assert body["id"] in assert_problem(again, 409, "repo_already_tracked")["detail"]


async def test_duplicate_is_409_naming_the_existing_id_without_asking_github(
    client: Client, fake_github: FakeGitHub, clean_db: AsyncEngine
) -> None:
    fake_github.publish("octo/hello")
    first = await track(client)
    response = await client.post(URL, json={"owner": "OCTO", "name": "Hello"}, headers=WRITER)
    assert first["id"] in assert_problem(response, 409, "repo_already_tracked")["detail"]
    assert len(fake_github.calls) == 1
    assert len(await rows(clean_db)) == 1


@pytest.mark.parametrize(
    ("answer", "retry_after"),
    [
        (primary_limit_exhausted(403, reset=1_900_000_000), None),
        (primary_limit_exhausted(429, reset=1_900_000_000), None),
        (secondary_limit(30, 403), "30"),
        (secondary_limit(45, 429), "45"),
    ],
    ids=["403-primary", "429-primary", "403-secondary", "429-secondary"],
)
async def test_rate_limited_is_503_with_retry_after_and_nothing_stored(
    client: Client, fake_github: FakeGitHub, clean_db: AsyncEngine, answer: FakeAnswer, retry_after: str | None
) -> None:
    fake_github.publish("octo/hello")
    fake_github.fail("octo/hello", answer)
    response = await client.post(URL, json={"owner": "octo", "name": "hello"}, headers=WRITER)
    assert_problem(response, 503, "github_rate_limited")
    if retry_after is not None:
        assert response.headers["retry-after"] == retry_after
    else:  # until X-RateLimit-Reset (years ahead of the test clock)
        assert int(response.headers["retry-after"]) > 86_400
    assert len(fake_github.calls) == 1, "a rate-limited call is not retried"
    assert await rows(clean_db) == []


@pytest.mark.parametrize(
    ("answers", "status", "code"),
    [
        ([FakeAnswer(500), FakeAnswer(500)], 502, "upstream_bad_response"),
        ([FakeAnswer(503, headers={"Retry-After": "1"})] * 2, 503, "upstream_unavailable"),
        ([FakeAnswer(delay=30)] * 2, 504, "upstream_timeout"),
        ([FakeAnswer(200, body=b'{"full_name": "octo/hel')], 502, "upstream_bad_response"),
        ([FakeAnswer(200, {"full_name": "octo/hello", "stargazers_count": "many"})], 502, "upstream_bad_response"),
        ([FakeAnswer(401, {"message": "Bad credentials"})], 502, "upstream_bad_response"),
    ],
    ids=["500", "503", "timeout", "truncated-json", "wrong-shape", "401"],
)
async def test_upstream_failures_store_nothing(
    client: Client,
    fake_github: FakeGitHub,
    clean_db: AsyncEngine,
    answers: list[FakeAnswer],
    status: int,
    code: str,
) -> None:
    fake_github.publish("octo/hello")
    fake_github.fail("octo/hello", *answers)
    response = await client.post(URL, json={"owner": "octo", "name": "hello"}, headers=WRITER)
    assert_problem(response, status, code)
    assert len(fake_github.calls) == len(answers)
    assert await rows(clean_db) == []


async def test_a_server_error_then_success_is_retried_transparently(
    client: Client, fake_github: FakeGitHub, clean_db: AsyncEngine
) -> None:
    fake_github.publish("octo/hello")
    fake_github.fail("octo/hello", FakeAnswer(502))
    await track(client)
    assert [c.status for c in fake_github.calls] == [502, 200]
    assert len(await rows(clean_db)) == 1


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"owner": "-octo", "name": "hello"}, "owner"),
        ({"owner": "o" * 40, "name": "hello"}, "owner"),
        ({"owner": "octo", "name": "he llo"}, "name"),
        ({"owner": "octo", "name": ".."}, "name"),
        ({"owner": "octo", "name": "a\u0000b"}, "name"),
        ({"owner": "octo"}, "name"),
        ({"owner": "octo", "name": "x", "stars": 5}, "stars"),
    ],
)
async def test_invalid_names_are_422_and_github_is_not_asked(
    client: Client, fake_github: FakeGitHub, body: dict[str, Any], field: str
) -> None:
    response = await client.post(URL, json=body, headers=WRITER)
    problem = assert_problem(response, 422, "validation_failed")
    assert field in [e["field"] for e in problem["errors"]]
    assert fake_github.calls == []


async def test_writes_need_the_repos_write_scope_reads_do_not(client: Client, fake_github: FakeGitHub) -> None:
    fake_github.publish("octo/hello")
    denied = await client.post(URL, json={"owner": "octo", "name": "hello"}, headers=READER)
    assert_problem(denied, 403, "forbidden")
    assert fake_github.calls == []
    created = await track(client)
    for method, path in [("PUT", ""), ("POST", "/refresh"), ("DELETE", "")]:
        response = await client.request(
            method, f"{URL}/{created['id']}{path}", json={"owner": "octo", "name": "hello"}, headers=READER
        )
        assert_problem(response, 403, "forbidden")
    assert (await client.get(f"{URL}/{created['id']}", headers=READER)).status_code == 200
    assert (await client.get(URL, headers=READER)).status_code == 200
    assert (await client.get(URL)).status_code == 401
