"""What the GitHubGateway answers, in the application's words (no HTTP types)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from showbay.application.errors import UpstreamUnavailable
from showbay.domain.tracked_repos import RepoMetadata


@dataclass(frozen=True, slots=True)
class RateLimit:
    """GitHub's budget for our credentials as of the last answer."""

    limit: int
    remaining: int
    reset_at: datetime


@dataclass(frozen=True, slots=True)
class RepoFetched:
    """GitHub answered with the repository's metadata (under its canonical name) and an ETag for next time."""

    metadata: RepoMetadata
    etag: str | None
    rate: RateLimit | None = None


@dataclass(frozen=True, slots=True)
class RepoNotModified:
    """GitHub confirmed the ETag we sent (a 304, which costs no rate limit)."""

    rate: RateLimit | None = None


@dataclass(frozen=True, slots=True)
class RepoMissing:
    """GitHub has no repository by that name (or it is private to us)."""

    rate: RateLimit | None = None


RepoLookup = RepoFetched | RepoNotModified | RepoMissing


class GitHubRateLimited(UpstreamUnavailable):
    """GitHub refused us for exceeding a (primary or secondary) rate limit; ``retry_after`` says for how long."""

    code = "github_rate_limited"

    def __init__(self, retry_after: float, rate: RateLimit | None = None) -> None:
        self.rate = rate
        super().__init__("github", f"GitHub's rate limit is exhausted; retry in {retry_after:.0f} s", retry_after)
