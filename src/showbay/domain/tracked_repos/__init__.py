"""The tracked repositories bounded context: GitHub repositories whose metadata showbay keeps fresh."""

from showbay.domain.tracked_repos.entities import RepoMetadata, TrackedRepo
from showbay.domain.tracked_repos.errors import GitHubRepoNotFound, RepoAlreadyTracked, TrackedRepoNotFound
from showbay.domain.tracked_repos.names import RepoRef

__all__ = [
    "GitHubRepoNotFound",
    "RepoAlreadyTracked",
    "RepoMetadata",
    "RepoRef",
    "TrackedRepo",
    "TrackedRepoNotFound",
]
