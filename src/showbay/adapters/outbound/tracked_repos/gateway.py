"""AiohttpGitHubGateway: the GitHubGateway port on the shared outbound client (one pooled session, timeouts,
retries, circuit breaker), with GitHub's manners: conditional requests, rate limits, renamed repositories."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta

from showbay.adapters.outbound import UpstreamClient
from showbay.adapters.outbound.tracked_repos.payloads import RepoPayload, to_metadata
from showbay.adapters.outbound.tracked_repos.rate_limit import is_rate_limited, rate_limit, retry_after
from showbay.application.errors import UpstreamBadResponse
from showbay.application.ports import Clock
from showbay.application.tracked_repos.errors import GitHubRateLimited
from showbay.application.tracked_repos.ports import RepoFetched, RepoLookup, RepoMissing, RepoNotModified
from showbay.domain.tracked_repos import RepoRef

API_VERSION = "2022-11-28"
UPSTREAM = "github"


def github_headers(token: str | None) -> dict[str, str]:
    """Headers every call carries besides the User-Agent, which the upstream policy sets (``showbay/<version>``)."""
    headers = {"Accept": "application/vnd.github+json", "X-GitHub-Api-Version": API_VERSION}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    return headers


def hands_back(status: int, headers: Mapping[str, str]) -> bool:
    """Rate-limit refusals are not retried by the outbound client: the gateway answers them itself."""
    return is_rate_limited(status, headers)


class AiohttpGitHubGateway:
    """Once GitHub says the budget is spent (a refusal, or ``X-RateLimit-Remaining: 0``), further calls are
    refused locally until the reset: GitHub may ban integrations that keep calling while limited."""

    def __init__(self, client: UpstreamClient, clock: Clock) -> None:
        self._client = client
        self._clock = clock
        self._blocked_until: datetime | None = None

    async def fetch_repo(self, ref: RepoRef, etag: str | None = None) -> RepoLookup:
        self._refuse_while_limited()
        # Names are validated (letters, digits, '.', '-', '_'), so they need no quoting in the path.
        path = f"/repos/{ref.owner}/{ref.name}"
        response = await self._client.get(path, headers={"If-None-Match": etag} if etag else None)
        headers = response.headers
        rate = rate_limit(headers)
        if is_rate_limited(response.status, headers):
            wait = retry_after(headers, self._clock.now())
            self._blocked_until = self._clock.now() + timedelta(seconds=wait)
            raise GitHubRateLimited(wait, rate)
        if rate is not None and rate.remaining == 0:
            self._blocked_until = rate.reset_at
        if response.status == 304:
            return RepoNotModified(rate)
        if response.status == 404:
            return RepoMissing(rate)
        payload = self._client.decode(self._client.expect_success(response, path), RepoPayload)
        try:
            metadata = to_metadata(payload)
        except ValueError as exc:
            raise UpstreamBadResponse(UPSTREAM, f"GitHub described {ref.full_name} unexpectedly: {exc}") from exc
        # After a 301 (renamed or transferred) aiohttp followed the redirect: full_name is the canonical name.
        return RepoFetched(metadata, headers.get("ETag"), rate)

    def _refuse_while_limited(self) -> None:
        if self._blocked_until is None:
            return
        left = (self._blocked_until - self._clock.now()).total_seconds()
        if left > 0:
            raise GitHubRateLimited(left)
        self._blocked_until = None
