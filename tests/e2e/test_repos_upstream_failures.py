"""PUT and refresh of a tracked repo when GitHub fails (502/503/504) or the client's If-Match is stale (412).

Every failure answers a problem and leaves the stored row exactly as it was.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from tests.e2e.repos_support import READER, URL, WRITER, Client, assert_problem, rows, track
from tests.upstreams.github import FakeAnswer, FakeGitHub

# repos_client makes two attempts (outbound_max_attempts=2) of 0.5 s at most, within a 3 s budget.
FAILURES = [
    pytest.param([FakeAnswer(500)] * 2, 502, "upstream_bad_response", id="500"),
    # A Retry-After beyond the budget: no second attempt, the wait is handed on to the client.
    pytest.param([FakeAnswer(503, headers={"Retry-After": "7"})], 503, "upstream_unavailable", id="503"),
    pytest.param([FakeAnswer(delay=30)] * 2, 504, "upstream_timeout", id="timeout"),
]


async def put_same_name(client: Client, repo_id: str) -> httpx.Response:
    return await client.put(f"{URL}/{repo_id}", json={"owner": "octo", "name": "hello"}, headers=WRITER)


async def put_other_name(client: Client, repo_id: str) -> httpx.Response:
    return await client.put(f"{URL}/{repo_id}", json={"owner": "octo", "name": "other"}, headers=WRITER)


async def refresh(client: Client, repo_id: str) -> httpx.Response:
    return await client.post(f"{URL}/{repo_id}/refresh", headers=WRITER)


# (call, the repository GitHub is asked about)
OPERATIONS = [
    pytest.param(put_same_name, "octo/hello", id="put-same-name"),
    pytest.param(put_other_name, "octo/other", id="put-other-name"),
    pytest.param(refresh, "octo/hello", id="refresh"),
]


@pytest.mark.parametrize(("answers", "status", "code"), FAILURES)
@pytest.mark.parametrize(("operation", "asked_about"), OPERATIONS)
async def test_github_failing_answers_its_problem_and_changes_nothing(
    repos_client: Client,
    github: FakeGitHub,
    clean_db: AsyncEngine,
    operation: Any,
    asked_about: str,
    answers: list[FakeAnswer],
    status: int,
    code: str,
) -> None:
    github.publish("octo/hello")
    github.publish("octo/other")
    created = await track(repos_client)
    before, asked = await rows(clean_db), len(github.calls_for(asked_about))
    github.fail(asked_about, *answers)

    response = await operation(repos_client, created["id"])

    problem = assert_problem(response, status, code)
    assert problem["status"] == status
    if status == 503:
        assert response.headers["retry-after"] == "7"
    assert len(github.calls_for(asked_about)) - asked == len(answers)  # every scripted failure was met
    assert await rows(clean_db) == before
    assert (await repos_client.get(f"{URL}/{created['id']}", headers=READER)).json() == created


async def test_refresh_with_a_stale_if_match_is_412_and_asks_github_nothing(
    repos_client: Client, github: FakeGitHub, clean_db: AsyncEngine
) -> None:
    github.publish("octo/hello")
    created = await track(repos_client)
    url = f"{URL}/{created['id']}"
    first_etag = (await repos_client.get(url, headers=READER)).headers["etag"]
    moved_on = await repos_client.post(f"{url}/refresh", headers=WRITER)  # someone else refreshes: a new version
    assert moved_on.status_code == 200
    before, asked = await rows(clean_db), len(github.calls)

    stale = await repos_client.post(f"{url}/refresh", headers={**WRITER, "If-Match": first_etag})

    assert_problem(stale, 412, "precondition_failed")
    assert len(github.calls) == asked
    assert await rows(clean_db) == before
    current = await repos_client.post(f"{url}/refresh", headers={**WRITER, "If-Match": moved_on.headers["etag"]})
    assert current.status_code == 200
