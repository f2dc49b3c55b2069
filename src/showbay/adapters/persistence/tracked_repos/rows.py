"""Mapping between tracked_repos rows and TrackedRepo entities."""

from __future__ import annotations

from typing import Any

from sqlalchemy import RowMapping

from showbay.domain.tracked_repos import RepoMetadata, RepoRef, TrackedRepo


def repo_from_row(row: RowMapping) -> TrackedRepo:
    metadata = RepoMetadata(
        ref=RepoRef(row["owner"], row["name"]),
        description=row["description"],
        language=row["language"],
        stars=row["stars"],
        forks=row["forks"],
        open_issues=row["open_issues"],
        watchers=row["watchers"],
        default_branch=row["default_branch"],
        html_url=row["html_url"],
        archived=row["archived"],
        pushed_at=row["pushed_at"],
    )
    return TrackedRepo(
        id=row["id"],
        metadata=metadata,
        github_etag=row["github_etag"],
        last_checked_at=row["last_checked_at"],
        last_changed_at=row["last_changed_at"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        version=row["version"],
    )


def repo_to_row(repo: TrackedRepo) -> dict[str, Any]:
    meta = repo.metadata
    return {
        "owner": meta.ref.owner,
        "name": meta.ref.name,
        "description": meta.description,
        "language": meta.language,
        "stars": meta.stars,
        "forks": meta.forks,
        "open_issues": meta.open_issues,
        "watchers": meta.watchers,
        "default_branch": meta.default_branch,
        "html_url": meta.html_url,
        "archived": meta.archived,
        "pushed_at": meta.pushed_at,
        "github_etag": repo.github_etag,
        "last_checked_at": repo.last_checked_at,
        "last_changed_at": repo.last_changed_at,
        "created_at": repo.created_at,
        "updated_at": repo.updated_at,
        "version": repo.version,
    }
