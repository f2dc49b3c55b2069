"""AiohttpGitHubGateway on the shared outbound client, against a local server imitating GitHub."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest

from showbay.adapters.outbound import UpstreamPolicy, open_upstream
from showbay.adapters.outbound.tracked_repos.gateway import AiohttpGitHubGateway, github_headers, hands_back
from showbay.application.errors import UpstreamBadResponse, UpstreamTimeout, UpstreamUnavailable
from showbay.application.tracked_repos.errors import GitHubRateLimited
from showbay.application.tracked_repos.ports import RepoFetched, RepoMissing, RepoNotModified
from showbay.domain.tracked_repos import RepoRef
from tests.fakes.clock import FakeClock
from tests.upstreams.github import (
    RESET_AT,
    FakeAnswer,
    FakeGitHub,
    primary_limit_exhausted,
    repo_payload,
    secondary_limit,
)

NOW = datetime.fromtimestamp(RESET_AT - 120, UTC)
HELLO = RepoRef("octo", "hello")


def policy(url: str) -> UpstreamPolicy:
    return UpstreamPolicy(
        name="github",
        base_url=url,
        attempt_timeout=0.5,
        max_attempts=2,
        backoff_initial=0.01,
        backoff_max=0.02,
        budget=3.0,
        user_agent="showbay-test/1",
        hands_back=hands_back,
    )


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(NOW)


@pytest.fixture
async def gateway(fake_github: FakeGitHub, clock: FakeClock) -> AsyncIterator[AiohttpGitHubGateway]:
    async with open_upstream(policy(fake_github.url), headers=github_headers("s3cret")) as client:
        yield AiohttpGitHubGateway(client, clock)


async def test_metadata_etag_rate_and_manners(gateway: AiohttpGitHubGateway, fake_github: FakeGitHub) -> None:
    fake_github.publish("octo/hello", '"e1"', stargazers_count=42, language=None, pushed_at=None)
    result = await gateway.fetch_repo(HELLO)
    assert isinstance(result, RepoFetched)
    meta = result.metadata
    assert (meta.ref.full_name, meta.stars, meta.forks, meta.open_issues, meta.watchers) == ("octo/hello", 42, 7, 3, 5)
    assert (meta.language, meta.pushed_at, meta.default_branch, meta.archived) == (None, None, "main", False)
    assert result.etag == '"e1"'
    assert result.rate is not None
    assert (result.rate.limit, result.rate.remaining) == (5000, 4999)
    (call,) = fake_github.calls
    assert call.headers["Accept"] == "application/vnd.github+json"
    assert call.headers["X-GitHub-Api-Version"] == "2022-11-28"
    assert call.headers["User-Agent"] == "showbay-test/1"
    assert call.headers["Authorization"] == "Bearer s3cret"
    assert not call.conditional


async def test_no_token_sends_no_authorization(fake_github: FakeGitHub) -> None:
    fake_github.publish("octo/hello")
    async with open_upstream(policy(fake_github.url), headers=github_headers(None)) as client:
        await AiohttpGitHubGateway(client, FakeClock(NOW)).fetch_repo(HELLO)
    assert "Authorization" not in fake_github.calls[0].headers


async def test_matching_etag_is_not_modified_and_costs_no_rate_limit(
    gateway: AiohttpGitHubGateway, fake_github: FakeGitHub
) -> None:
    fake_github.publish("octo/hello", '"e1"')
    result = await gateway.fetch_repo(HELLO, etag='"e1"')
    assert isinstance(result, RepoNotModified)
    assert fake_github.remaining == fake_github.limit
    assert [(c.conditional, c.status) for c in fake_github.calls] == [(True, 304)]


async def test_stale_etag_gets_the_new_metadata(gateway: AiohttpGitHubGateway, fake_github: FakeGitHub) -> None:
    fake_github.publish("octo/hello", '"e2"', stargazers_count=43)
    result = await gateway.fetch_repo(HELLO, etag='"e1"')
    assert isinstance(result, RepoFetched)
    assert (result.metadata.stars, result.etag) == (43, '"e2"')


async def test_unknown_repo_is_missing(gateway: AiohttpGitHubGateway, fake_github: FakeGitHub) -> None:
    assert isinstance(await gateway.fetch_repo(RepoRef("octo", "nope")), RepoMissing)
    assert len(fake_github.calls) == 1


async def test_renamed_repo_follows_the_301_to_the_canonical_name(
    gateway: AiohttpGitHubGateway, fake_github: FakeGitHub
) -> None:
    fake_github.publish("octo/old-name")
    fake_github.rename("octo/old-name", "octocat/new-name")
    result = await gateway.fetch_repo(RepoRef("octo", "old-name"))
    assert isinstance(result, RepoFetched)
    assert result.metadata.ref.full_name == "octocat/new-name"
    assert [c.status for c in fake_github.calls] == [301, 200]


@pytest.mark.parametrize("status", [403, 429])
async def test_exhausted_primary_limit_waits_until_the_reset_without_retrying(
    gateway: AiohttpGitHubGateway, fake_github: FakeGitHub, status: int
) -> None:
    fake_github.fail("octo/hello", primary_limit_exhausted(status))
    with pytest.raises(GitHubRateLimited) as caught:
        await gateway.fetch_repo(HELLO)
    assert caught.value.retry_after == 120.0
    assert caught.value.code == "github_rate_limited"
    assert len(fake_github.calls) == 1


async def test_calls_are_refused_locally_until_the_reset(
    gateway: AiohttpGitHubGateway, fake_github: FakeGitHub, clock: FakeClock
) -> None:
    fake_github.publish("octo/hello")
    fake_github.fail("octo/hello", primary_limit_exhausted(403))
    with pytest.raises(GitHubRateLimited):
        await gateway.fetch_repo(HELLO)
    clock.advance(100)
    with pytest.raises(GitHubRateLimited) as caught:
        await gateway.fetch_repo(HELLO, etag='"e1"')
    assert caught.value.retry_after == 20.0
    assert len(fake_github.calls) == 1, "GitHub was not asked while the limit was spent"
    clock.advance(20)
    assert isinstance(await gateway.fetch_repo(HELLO), RepoFetched)


async def test_the_last_request_of_the_budget_blocks_the_next(
    gateway: AiohttpGitHubGateway, fake_github: FakeGitHub
) -> None:
    fake_github.publish("octo/hello")
    fake_github.remaining = 1
    assert isinstance(await gateway.fetch_repo(HELLO), RepoFetched)
    with pytest.raises(GitHubRateLimited) as caught:
        await gateway.fetch_repo(HELLO)
    assert caught.value.retry_after == 120.0
    assert len(fake_github.calls) == 1


@pytest.mark.parametrize("status", [403, 429])
async def test_secondary_limit_honours_retry_after(
    gateway: AiohttpGitHubGateway, fake_github: FakeGitHub, status: int
) -> None:
    fake_github.fail("octo/hello", secondary_limit(30, status))
    with pytest.raises(GitHubRateLimited) as caught:
        await gateway.fetch_repo(HELLO)
    assert caught.value.retry_after == 30.0
    assert len(fake_github.calls) == 1


async def test_forbidden_without_rate_limit_is_a_bad_response(
    gateway: AiohttpGitHubGateway, fake_github: FakeGitHub
) -> None:
    fake_github.fail("octo/hello", FakeAnswer(403, {"message": "Repository access blocked"}))
    with pytest.raises(UpstreamBadResponse):
        await gateway.fetch_repo(HELLO)


async def test_server_error_is_retried_then_succeeds(gateway: AiohttpGitHubGateway, fake_github: FakeGitHub) -> None:
    fake_github.publish("octo/hello")
    fake_github.fail("octo/hello", FakeAnswer(502))
    assert isinstance(await gateway.fetch_repo(HELLO), RepoFetched)
    assert [c.status for c in fake_github.calls] == [502, 200]


@pytest.mark.parametrize(("status", "error"), [(500, UpstreamBadResponse), (503, UpstreamUnavailable)])
async def test_persistent_server_errors(
    gateway: AiohttpGitHubGateway, fake_github: FakeGitHub, status: int, error: type[Exception]
) -> None:
    fake_github.fail("octo/hello", FakeAnswer(status), FakeAnswer(status))
    with pytest.raises(error):
        await gateway.fetch_repo(HELLO)
    assert len(fake_github.calls) == 2


async def test_timeout(gateway: AiohttpGitHubGateway, fake_github: FakeGitHub) -> None:
    fake_github.fail("octo/hello", FakeAnswer(delay=30), FakeAnswer(delay=30))
    with pytest.raises(UpstreamTimeout):
        await gateway.fetch_repo(HELLO)


@pytest.mark.parametrize(
    "answer",
    [
        FakeAnswer(200, body=b'{"full_name": "octo/hello", '),
        FakeAnswer(200, {"full_name": "octo/hello"}),
        FakeAnswer(200, body=b"[]"),
        FakeAnswer(200, repo_payload("bad name/x")),
        FakeAnswer(200, repo_payload("o/x", forks_count=-1)),
    ],
    ids=["truncated", "missing-fields", "wrong-type", "bad-full-name", "negative-count"],
)
async def test_malformed_bodies_are_bad_responses(
    gateway: AiohttpGitHubGateway, fake_github: FakeGitHub, answer: FakeAnswer
) -> None:
    fake_github.fail("octo/hello", answer)
    with pytest.raises(UpstreamBadResponse):
        await gateway.fetch_repo(HELLO)
