from __future__ import annotations

import pytest

from showbay.adapters.http.conditional import expected_version, matches_any


@pytest.mark.parametrize(
    ("header", "expected"),
    [(None, None), ("*", None), ('"7-3"', 3), ('W/"7-3"', 3), ('"8-3"', 0), ("garbage", 0), ('"7-1", "7-2"', 1)],
)
def test_expected_version(header: str | None, expected: int | None) -> None:
    assert expected_version(header, 7) == expected


@pytest.mark.parametrize(
    ("header", "matches"),
    [(None, False), ('"7-3"', True), ('W/"7-3"', True), ('"7-2", "7-3"', True), ("*", True), ('"7-2"', False)],
)
def test_matches_any(header: str | None, matches: bool) -> None:
    assert matches_any(header, '"7-3"') is matches


def test_expected_version_of_a_uuid_resource() -> None:
    repo_id = "0b7c1f1e-3c9a-4c1e-9d2a-5f6e7a8b9c0d"
    assert expected_version(f'"{repo_id}-3"', repo_id) == 3
    assert expected_version(f'"{repo_id}-3"', "another-id") == 0
