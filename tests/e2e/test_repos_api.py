"""/api/v1/repos over HTTP: real PostgreSQL, and a local server imitating GitHub for every upstream answer.

Each GitHub case asserts the status and problem code, the calls GitHub saw, and what was (not) stored.
"""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from tests.e2e.repos_support import READER, URL, WRITER, Client, assert_problem, rows, track
from tests.upstreams.github import FakeAnswer, FakeGitHub, primary_limit_exhausted, secondary_limit


async def test_track_stores_github_metadata(repos_client: Client, github: FakeGitHub, clean_db: AsyncEngine) -> None:
    github.publish("Octo/Hello", '"e1"', stargazers_count=42, language="Rust")
    response = await repos_client.post(URL, json={"owner": "octo", "name": "hello"}, headers=WRITER)
    assert response.status_code == 201
    body = response.json()
    assert response.headers["location"] == f"{URL}/{body['id']}"
    assert response.headers["etag"] == f'"{body["id"]}-1"'
    assert (body["full_name"], body["stars"], body["language"], body["watchers"]) == ("Octo/Hello", 42, "Rust", 5)
    assert body["last_checked_at"] == body["last_changed_at"] == body["created_at"]
    assert body["pushed_at"] == "2026-11-20T10:00:00Z"
    (call,) = github.calls
    assert (call.path, call.conditional, call.headers["Authorization"]) == ("/repos/octo/hello", False, "Bearer t0ken")
    (row,) = await rows(clean_db)
    assert (row["owner"], row["name"], row["stars"], row["github_etag"]) == ("Octo", "Hello", 42, '"e1"')


async def test_unknown_github_repo_is_404_and_nothing_is_stored(
    repos_client: Client, github: FakeGitHub, clean_db: AsyncEngine
) -> None:
    response = await repos_client.post(URL, json={"owner": "octo", "name": "nope"}, headers=WRITER)
    assert_problem(response, 404, "github_repo_not_found")
    assert [c.status for c in github.calls] == [404]
    assert await rows(clean_db) == []


async def test_renamed_repo_is_stored_under_its_canonical_name(
    repos_client: Client, github: FakeGitHub, clean_db: AsyncEngine
) -> None:
    github.publish("octo/old")
    github.rename("octo/old", "octocat/new")
    body = await track(repos_client, "octo/old")
    assert (body["owner"], body["name"], body["full_name"]) == ("octocat", "new", "octocat/new")
    assert [c.status for c in github.calls] == [301, 200]
    (row,) = await rows(clean_db)
    assert (row["owner"], row["name"]) == ("octocat", "new")
    again = await repos_client.post(URL, json={"owner": "OCTOCAT", "name": "NEW"}, headers=WRITER)
    assert body["id"] in assert_problem(again, 409, "repo_already_tracked")["detail"]


async def test_duplicate_is_409_naming_the_existing_id_without_asking_github(
    repos_client: Client, github: FakeGitHub, clean_db: AsyncEngine
) -> None:
    github.publish("octo/hello")
    first = await track(repos_client)
    response = await repos_client.post(URL, json={"owner": "OCTO", "name": "Hello"}, headers=WRITER)
    assert first["id"] in assert_problem(response, 409, "repo_already_tracked")["detail"]
    assert len(github.calls) == 1
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
    repos_client: Client, github: FakeGitHub, clean_db: AsyncEngine, answer: FakeAnswer, retry_after: str | None
) -> None:
    github.publish("octo/hello")
    github.fail("octo/hello", answer)
    response = await repos_client.post(URL, json={"owner": "octo", "name": "hello"}, headers=WRITER)
    assert_problem(response, 503, "github_rate_limited")
    if retry_after is not None:
        assert response.headers["retry-after"] == retry_after
    else:  # until X-RateLimit-Reset (years ahead of the test clock)
        assert int(response.headers["retry-after"]) > 86_400
    assert len(github.calls) == 1, "a rate-limited call is not retried"
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
    repos_client: Client,
    github: FakeGitHub,
    clean_db: AsyncEngine,
    answers: list[FakeAnswer],
    status: int,
    code: str,
) -> None:
    github.publish("octo/hello")
    github.fail("octo/hello", *answers)
    response = await repos_client.post(URL, json={"owner": "octo", "name": "hello"}, headers=WRITER)
    assert_problem(response, status, code)
    assert len(github.calls) == len(answers)
    assert await rows(clean_db) == []


async def test_a_server_error_then_success_is_retried_transparently(
    repos_client: Client, github: FakeGitHub, clean_db: AsyncEngine
) -> None:
    github.publish("octo/hello")
    github.fail("octo/hello", FakeAnswer(502))
    await track(repos_client)
    assert [c.status for c in github.calls] == [502, 200]
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
    repos_client: Client, github: FakeGitHub, body: dict[str, Any], field: str
) -> None:
    response = await repos_client.post(URL, json=body, headers=WRITER)
    problem = assert_problem(response, 422, "validation_failed")
    assert field in [e["field"] for e in problem["errors"]]
    assert github.calls == []


async def test_writes_need_the_repos_write_scope_reads_do_not(repos_client: Client, github: FakeGitHub) -> None:
    github.publish("octo/hello")
    denied = await repos_client.post(URL, json={"owner": "octo", "name": "hello"}, headers=READER)
    assert_problem(denied, 403, "forbidden")
    assert github.calls == []
    created = await track(repos_client)
    for method, path in [("PUT", ""), ("POST", "/refresh"), ("DELETE", "")]:
        response = await repos_client.request(
            method, f"{URL}/{created['id']}{path}", json={"owner": "octo", "name": "hello"}, headers=READER
        )
        assert_problem(response, 403, "forbidden")
    assert (await repos_client.get(f"{URL}/{created['id']}", headers=READER)).status_code == 200
    assert (await repos_client.get(URL, headers=READER)).status_code == 200
    assert (await repos_client.get(URL)).status_code == 401
