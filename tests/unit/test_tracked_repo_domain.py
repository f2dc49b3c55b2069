from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import uuid4

import pytest

from showbay.domain.errors import ValidationFailed
from showbay.domain.tracked_repos import RepoRef, TrackedRepo
from tests.fakes.tracked_repos import metadata

NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("owner", "name"),
    [("octo", "hello"), ("a", "b"), ("x" * 39, "y" * 100), ("my-org", "my.repo_name-2"), ("old-", ".github")],
)
def test_valid_names(owner: str, name: str) -> None:
    assert RepoRef(owner, name).full_name == f"{owner}/{name}"


@pytest.mark.parametrize(
    ("owner", "name", "field"),
    [
        ("", "hello", "owner"),
        ("x" * 40, "hello", "owner"),
        ("-octo", "hello", "owner"),
        ("oc_to", "hello", "owner"),
        ("oc\x00to", "hello", "owner"),
        ("octo", "", "name"),
        ("octo", "n" * 101, "name"),
        ("octo", "he llo", "name"),
        ("octo", "hé", "name"),
        ("octo", "..", "name"),
        ("octo", ".", "name"),
        ("octo", "a/b", "name"),
    ],
)
def test_invalid_names_name_the_field(owner: str, name: str, field: str) -> None:
    with pytest.raises(ValidationFailed) as caught:
        RepoRef(owner, name)
    assert [p.field for p in caught.value.problems] == [field]


def test_refs_compare_case_insensitively() -> None:
    assert RepoRef("Octo", "Hello").same_as(RepoRef.parse("octo/HELLO"))
    assert not RepoRef("octo", "hello").same_as(RepoRef("octo", "hello2"))


def test_fetch_with_new_metadata_moves_last_changed_at() -> None:
    repo = TrackedRepo.track(uuid4(), metadata(), '"v1"', NOW)
    later = NOW + timedelta(hours=1)
    assert repo.record_fetch(metadata(stars=11), '"v2"', later) is True
    assert (repo.metadata.stars, repo.github_etag, repo.last_changed_at, repo.last_checked_at) == (
        11,
        '"v2"',
        later,
        later,
    )
    assert repo.version == 2


def test_fetch_with_the_same_metadata_moves_only_the_check() -> None:
    repo = TrackedRepo.track(uuid4(), metadata(), '"v1"', NOW)
    later = NOW + timedelta(hours=1)
    assert repo.record_fetch(metadata(), '"v1b"', later) is False
    assert (repo.last_changed_at, repo.updated_at, repo.last_checked_at) == (NOW, NOW, later)


def test_not_modified_moves_only_the_check_and_the_version() -> None:
    repo = TrackedRepo.track(uuid4(), metadata(), '"v1"', NOW)
    later = NOW + timedelta(hours=1)
    repo.record_not_modified(later)
    assert (repo.metadata, repo.github_etag, repo.last_changed_at, repo.last_checked_at) == (
        metadata(),
        '"v1"',
        NOW,
        later,
    )
    assert repo.etag == f'"{repo.id}-2"'
