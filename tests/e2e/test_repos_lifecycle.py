"""Reading, refreshing, replacing, listing and deleting tracked repos over HTTP."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from litestar.testing import AsyncTestClient
from sqlalchemy.ext.asyncio import AsyncEngine

from showbay.bootstrap.app import create_app
from showbay.bootstrap.settings import GitHubSettings, Settings
from tests.conftest import TEST_JWT_SECRET
from tests.e2e.repos_support import READER, URL, WRITER, Client, assert_problem, rows, track
from tests.upstreams.github import FakeGitHub, primary_limit_exhausted


async def test_refresh_with_unchanged_etag_keeps_stars_and_last_changed_at(
    repos_client: Client, github: FakeGitHub, clean_db: AsyncEngine
) -> None:
    github.publish("octo/hello", '"e1"', stargazers_count=42)
    created = await track(repos_client)
    github.publish("octo/hello", '"e1"', stargazers_count=43)  # same ETag: GitHub answers 304
    response = await repos_client.post(f"{URL}/{created['id']}/refresh", headers=WRITER)
    assert response.status_code == 200
    body = response.json()
    assert (body["stars"], body["last_changed_at"], body["version"]) == (42, created["last_changed_at"], 2)
    assert body["last_checked_at"] > created["last_checked_at"]
    refresh_call = github.calls[-1]
    assert (refresh_call.headers.get("If-None-Match"), refresh_call.status) == ('"e1"', 304)
    assert github.remaining == github.limit - 1, "only the first, unconditional call was counted"
    (row,) = await rows(clean_db)
    assert (row["stars"], row["github_etag"]) == (42, '"e1"')


async def test_refresh_with_new_metadata_updates_the_row(
    repos_client: Client, github: FakeGitHub, clean_db: AsyncEngine
) -> None:
    github.publish("octo/hello", '"e1"', stargazers_count=42)
    created = await track(repos_client)
    github.publish("octo/hello", '"e2"', stargazers_count=50, archived=True)
    body = (await repos_client.post(f"{URL}/{created['id']}/refresh", headers=WRITER)).json()
    assert (body["stars"], body["archived"]) == (50, True)
    assert body["last_changed_at"] == body["last_checked_at"] > created["last_changed_at"]
    (row,) = await rows(clean_db)
    assert (row["stars"], row["github_etag"]) == (50, '"e2"')


async def test_refresh_of_a_repo_deleted_on_github_is_404_and_keeps_the_row(
    repos_client: Client, github: FakeGitHub, clean_db: AsyncEngine
) -> None:
    github.publish("octo/hello")
    created = await track(repos_client)
    github.repos.clear()
    response = await repos_client.post(f"{URL}/{created['id']}/refresh", headers=WRITER)
    assert_problem(response, 404, "github_repo_not_found")
    (row,) = await rows(clean_db)
    assert row["version"] == 1


async def test_rate_limited_refresh_is_503_and_changes_nothing(
    repos_client: Client, github: FakeGitHub, clean_db: AsyncEngine
) -> None:
    github.publish("octo/hello")
    created = await track(repos_client)
    github.fail("octo/hello", primary_limit_exhausted(429))
    response = await repos_client.post(f"{URL}/{created['id']}/refresh", headers=WRITER)
    assert_problem(response, 503, "github_rate_limited")
    assert "retry-after" in response.headers
    (row,) = await rows(clean_db)
    assert (row["version"], row["last_checked_at"].isoformat().replace("+00:00", "Z")) == (
        1,
        created["last_checked_at"],
    )


async def test_put_with_the_same_name_is_a_conditional_refresh(repos_client: Client, github: FakeGitHub) -> None:
    github.publish("octo/hello", '"e1"')
    created = await track(repos_client)
    response = await repos_client.put(f"{URL}/{created['id']}", json={"owner": "OCTO", "name": "hello"}, headers=WRITER)
    assert response.status_code == 200
    assert github.calls[-1].headers.get("If-None-Match") == '"e1"'


async def test_put_with_another_name_repoints_and_checks_duplicates(
    repos_client: Client, github: FakeGitHub, clean_db: AsyncEngine
) -> None:
    github.publish("octo/hello")
    github.publish("octo/other", stargazers_count=7)
    github.publish("octo/third")
    created = await track(repos_client)
    third = await track(repos_client, "octo/third")
    moved = await repos_client.put(f"{URL}/{created['id']}", json={"owner": "octo", "name": "other"}, headers=WRITER)
    assert (moved.json()["full_name"], moved.json()["stars"]) == ("octo/other", 7)
    clash = await repos_client.put(f"{URL}/{created['id']}", json={"owner": "octo", "name": "third"}, headers=WRITER)
    assert third["id"] in assert_problem(clash, 409, "repo_already_tracked")["detail"]
    missing = await repos_client.put(f"{URL}/{created['id']}", json={"owner": "octo", "name": "gone"}, headers=WRITER)
    assert_problem(missing, 404, "github_repo_not_found")
    assert [r["name"] for r in await rows(clean_db)] == ["other", "third"]


async def test_etags_if_none_match_and_if_match(
    repos_client: Client, github: FakeGitHub, clean_db: AsyncEngine
) -> None:
    github.publish("octo/hello")
    created = await track(repos_client)
    url = f"{URL}/{created['id']}"
    got = await repos_client.get(url, headers=READER)
    assert got.json() == created
    etag = got.headers["etag"]
    assert (await repos_client.get(url, headers={**READER, "If-None-Match": etag})).status_code == 304
    refreshed = await repos_client.post(f"{url}/refresh", headers={**WRITER, "If-Match": etag})
    assert refreshed.status_code == 200
    stale = await repos_client.delete(url, headers={**WRITER, "If-Match": etag})
    assert_problem(stale, 412, "precondition_failed")
    stale_put = await repos_client.put(
        url, json={"owner": "octo", "name": "hello"}, headers={**WRITER, "If-Match": etag}
    )
    assert_problem(stale_put, 412, "precondition_failed")
    deleted = await repos_client.delete(url, headers={**WRITER, "If-Match": refreshed.headers["etag"]})
    assert deleted.status_code == 204
    assert await rows(clean_db) == []
    assert_problem(await repos_client.get(url, headers=READER), 404, "tracked_repo_not_found")
    assert_problem(await repos_client.delete(url, headers=WRITER), 404, "tracked_repo_not_found")
    assert_problem(await repos_client.post(f"{url}/refresh", headers=WRITER), 404, "tracked_repo_not_found")


async def test_malformed_id_is_not_found(repos_client: Client) -> None:
    assert (await repos_client.get(f"{URL}/not-a-uuid", headers=READER)).status_code == 404


@pytest.fixture
async def catalogue(repos_client: Client, github: FakeGitHub) -> list[dict[str, Any]]:
    specs = [
        ("alpha/zeta", 5, 4, "Python", False, "2026-11-01T00:00:00Z"),
        ("alpha/Beta", 50, 3, "Rust", False, None),
        ("gamma/delta", 5, 1, "python", True, "2026-11-10T00:00:00Z"),
        ("gamma/eta", 7, 9, None, False, "2026-10-01T00:00:00Z"),
    ]
    created = []
    for full_name, stars, forks, language, archived, pushed in specs:
        github.publish(
            full_name, stargazers_count=stars, forks_count=forks, language=language, archived=archived, pushed_at=pushed
        )
        created.append(await track(repos_client, full_name))
    return created


def names(response: Any) -> list[str]:
    assert response.status_code == 200, response.text
    return [r["full_name"] for r in response.json()["data"]]


@pytest.mark.usefixtures("catalogue")
async def test_list_filters_and_sorts(repos_client: Client) -> None:
    assert names(await repos_client.get(URL, headers=READER)) == [
        "alpha/Beta",
        "gamma/delta",
        "gamma/eta",
        "alpha/zeta",
    ]
    by_stars = await repos_client.get(URL, params={"sort": "-stars,name"}, headers=READER)
    assert names(by_stars) == ["alpha/Beta", "gamma/eta", "gamma/delta", "alpha/zeta"]
    pushed = await repos_client.get(URL, params={"sort": "-pushed_at"}, headers=READER)
    assert names(pushed) == ["gamma/delta", "alpha/zeta", "gamma/eta", "alpha/Beta"]
    python = await repos_client.get(URL, params={"language": "PYTHON", "archived": "false"}, headers=READER)
    assert names(python) == ["alpha/zeta"]
    owner = await repos_client.get(URL, params={"owner": "Gamma", "sort": "forks"}, headers=READER)
    assert names(owner) == ["gamma/delta", "gamma/eta"]
    assert owner.json()["pagination"] == {"limit": 20, "offset": 0, "total": 2, "next_cursor": None}


@pytest.mark.usefixtures("catalogue")
async def test_offset_and_cursor_pages(repos_client: Client) -> None:
    first = await repos_client.get(URL, params={"sort": "-stars,name", "limit": 3}, headers=READER)
    assert names(first) == ["alpha/Beta", "gamma/eta", "gamma/delta"]
    pagination = first.json()["pagination"]
    assert (pagination["total"], pagination["offset"]) == (4, 0)
    second = await repos_client.get(
        URL, params={"sort": "-stars,name", "limit": 3, "cursor": pagination["next_cursor"]}, headers=READER
    )
    assert names(second) == ["alpha/zeta"]
    assert second.json()["pagination"] == {"limit": 3, "offset": None, "total": None, "next_cursor": None}
    by_offset = await repos_client.get(URL, params={"sort": "-stars,name", "limit": 3, "offset": 3}, headers=READER)
    assert names(by_offset) == ["alpha/zeta"]


@pytest.mark.usefixtures("catalogue")
@pytest.mark.parametrize(
    ("params", "status", "code"),
    [
        ({"sort": "watchers"}, 422, "validation_failed"),
        ({"sort": "stars, name"}, 422, "validation_failed"),
        ({"sort": ""}, 422, "validation_failed"),
        ({"limit": 0}, 422, "validation_failed"),
        ({"limit": 101}, 422, "validation_failed"),
        ({"offset": -1}, 422, "validation_failed"),
        ({"archived": "maybe"}, 422, "validation_failed"),
        ({"owner": "oc\u0000to"}, 422, "validation_failed"),
        ({"language": "Py\u0000"}, 422, "validation_failed"),
        ({"cursor": "!!!"}, 400, "invalid_cursor"),
        ({"cursor": "eyJ4IjoxfQ"}, 400, "invalid_cursor"),
    ],
)
async def test_bad_list_queries(repos_client: Client, params: dict[str, Any], status: int, code: str) -> None:
    assert_problem(await repos_client.get(URL, params=params, headers=READER), status, code)


@pytest.mark.usefixtures("catalogue")
async def test_cursor_from_another_sort_is_400_and_with_offset_422(repos_client: Client) -> None:
    first = await repos_client.get(URL, params={"sort": "name", "limit": 1}, headers=READER)
    cursor = first.json()["pagination"]["next_cursor"]
    other_sort = await repos_client.get(URL, params={"sort": "stars", "cursor": cursor}, headers=READER)
    assert_problem(other_sort, 400, "invalid_cursor")
    with_offset = await repos_client.get(URL, params={"cursor": cursor, "offset": 2}, headers=READER)
    assert_problem(with_offset, 422, "validation_failed")  # the same answer as on every list


async def test_the_app_runs_the_refresher_when_enabled(
    database_url: str, clean_db: AsyncEngine, github: FakeGitHub
) -> None:
    settings = Settings(
        database_url=database_url,
        jwt_secret=TEST_JWT_SECRET,
        github=GitHubSettings(api_url=github.url, refresh_enabled=True, refresh_interval=0.0, refresh_idle_delay=0.05),
    )
    github.publish("octo/hello", '"e1"', stargazers_count=1)
    async with AsyncTestClient(app=create_app(settings)) as client:
        created = await track(client)
        github.publish("octo/hello", '"e2"', stargazers_count=2)
        for _ in range(200):  # bounded wait for a background round
            body = (await client.get(f"{URL}/{created['id']}", headers=READER)).json()
            if body["stars"] == 2:
                break
            await asyncio.sleep(0.02)
    assert body["stars"] == 2
    assert body["last_changed_at"] > created["last_changed_at"]
    assert any(c.headers.get("If-None-Match") == '"e1"' for c in github.calls)
