"""The part of GitHub's repository payload we read, and its conversion to domain metadata."""

from __future__ import annotations

from datetime import datetime

import msgspec

from showbay.domain.errors import ValidationFailed
from showbay.domain.tracked_repos import RepoMetadata, RepoRef


class RepoPayload(msgspec.Struct):
    """``GET /repos/{owner}/{repo}`` (unknown fields are ignored; missing required ones are a bad response)."""

    full_name: str
    html_url: str
    default_branch: str
    stargazers_count: int
    forks_count: int
    open_issues_count: int
    watchers_count: int
    description: str | None = None
    language: str | None = None
    archived: bool = False
    pushed_at: datetime | None = None
    subscribers_count: int | None = None


def _clean(text: str | None) -> str | None:
    # PostgreSQL text cannot hold NUL; GitHub does not forbid it in descriptions.
    return None if text is None else text.replace("\x00", "")


def to_metadata(payload: RepoPayload) -> RepoMetadata:
    """Raise ``ValueError`` when the payload does not describe a repository we could store."""
    try:
        ref = RepoRef.parse(payload.full_name)
    except ValidationFailed as exc:
        raise ValueError(f"unexpected full_name {payload.full_name!r}") from exc
    counts = (payload.stargazers_count, payload.forks_count, payload.open_issues_count, payload.watchers_count)
    if min(counts) < 0:
        raise ValueError("negative counts")
    return RepoMetadata(
        ref=ref,
        description=_clean(payload.description),
        language=_clean(payload.language),
        stars=payload.stargazers_count,
        forks=payload.forks_count,
        open_issues=payload.open_issues_count,
        # GitHub's "watchers" in the UI are subscribers; watchers_count is a legacy alias of the stars.
        watchers=payload.subscribers_count if payload.subscribers_count is not None else payload.watchers_count,
        default_branch=payload.default_branch,
        html_url=payload.html_url,
        archived=payload.archived,
        pushed_at=payload.pushed_at,
    )
