"""Every error the tracked repositories context raises: its domain errors (defined in ``domain/tracked_repos``) and
its application errors."""

from __future__ import annotations

from showbay.application.errors import UpstreamUnavailable
from showbay.application.tracked_repos.ports import RateLimit
from showbay.domain.tracked_repos.errors import GitHubRepoNotFound, RepoAlreadyTracked, TrackedRepoNotFound


class GitHubRateLimited(UpstreamUnavailable):
    """GitHub refused us for exceeding a (primary or secondary) rate limit; ``retry_after`` says for how long."""

    code = "github_rate_limited"

    def __init__(self, retry_after: float, rate: RateLimit | None = None) -> None:
        self.rate = rate
        super().__init__("github", f"GitHub's rate limit is exhausted; retry in {retry_after:.0f} s", retry_after)


__all__ = ["GitHubRateLimited", "GitHubRepoNotFound", "RepoAlreadyTracked", "TrackedRepoNotFound"]
