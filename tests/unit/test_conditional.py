from __future__ import annotations

import pytest

from showbay.adapters.http.conditional import current_or_not_modified, expected_version, matches_any, tagged


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (None, None),
        ("*", None),
        ('"7-3"', 3),
        (' "7-3" ', 3),
        ('W/"7-3"', 0),  # strong comparison: a weak tag never matches
        ('W/"7-3", "7-2"', 2),
        ('"8-3"', 0),
        ("garbage", 0),
        ('"7-3"x', 0),
        ('"7-1", "7-2"', 1),
    ],
)
def test_expected_version(header: str | None, expected: int | None) -> None:
    assert expected_version(header, 7) == expected


@pytest.mark.parametrize(
    ("header", "matches"),
    [
        (None, False),
        ("", False),
        ('"7-3"', True),
        ('W/"7-3"', True),
        ('"7-2", "7-3"', True),
        ("*", True),
        ('"7-2"', False),
    ],
)
def test_matches_any(header: str | None, matches: bool) -> None:
    assert matches_any(header, '"7-3"') is matches


def test_expected_version_of_a_uuid_resource() -> None:
    repo_id = "0b7c1f1e-3c9a-4c1e-9d2a-5f6e7a8b9c0d"
    assert expected_version(f'"{repo_id}-3"', repo_id) == 3
    assert expected_version(f'"{repo_id}-3"', "another-id") == 0


def test_a_tagged_answer_carries_the_etag_and_the_other_headers() -> None:
    response = tagged({"id": 7}, '"7-2"', 201, {"Location": "/api/v1/tasks/7"})
    assert (response.status_code, response.content) == (201, {"id": 7})
    assert dict(response.headers) == {"ETag": '"7-2"', "Location": "/api/v1/tasks/7"}


@pytest.mark.parametrize(("header", "status"), [(None, 200), ('"7-1"', 200), ('"7-2"', 304), ("*", 304)])
def test_a_conditional_read_is_304_only_when_the_version_is_current(header: str | None, status: int) -> None:
    response = current_or_not_modified(header, '"7-2"', {"id": 7})
    assert response.status_code == status
    assert response.headers["ETag"] == '"7-2"'
    assert response.content == (None if status == 304 else {"id": 7})
