from __future__ import annotations

from uuid import UUID

from showbay.domain.errors import Conflict, NotFound


class TrackedRepoNotFound(NotFound):
    code = "tracked_repo_not_found"

    def __init__(self, repo_id: UUID) -> None:
        super().__init__("tracked repo", repo_id)


class GitHubRepoNotFound(NotFound):
    """GitHub has no (visible) repository by that name."""

    code = "github_repo_not_found"

    def __init__(self, full_name: str) -> None:
        super().__init__("GitHub repository", full_name)


class RepoAlreadyTracked(Conflict):
    """The repository is tracked already; ``existing_id`` names the tracked repo."""

    code = "repo_already_tracked"

    def __init__(self, full_name: str, existing_id: UUID) -> None:
        self.full_name = full_name
        self.existing_id = existing_id
        super().__init__(f"{full_name} is tracked already as {existing_id}")
