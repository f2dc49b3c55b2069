"""Integer headers of upstreams (GitHub's rate limit, JSON-server's total) and msgspec error paths of bodies."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from showbay.adapters.http.strict_body import body_field
from showbay.adapters.outbound.retry_after import ascii_int
from showbay.adapters.outbound.tracked_repos.rate_limit import rate_limit, retry_after

NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("raw", "value"),
    [("7", 7), (" 12 ", 12), ("0", 0), ("²", None), ("٣", None), ("-1", None), ("1_0", None), ("", None), (None, None)],
)
def test_only_ascii_digits_are_an_integer(raw: str | None, value: int | None) -> None:
    assert ascii_int(raw) == value


def test_a_reset_beyond_any_calendar_is_ignored_not_an_overflow() -> None:
    headers = {"x-ratelimit-limit": "60", "x-ratelimit-remaining": "0", "x-ratelimit-reset": "9" * 18}
    assert rate_limit(headers) is None
    assert retry_after(headers, NOW) == 60.0  # the default wait


def test_github_retry_after_takes_ascii_seconds_capped_at_a_day() -> None:
    assert retry_after({"retry-after": "²"}, NOW) == 60.0
    assert retry_after({"retry-after": "30"}, NOW) == 30.0
    assert retry_after({"retry-after": "99999999"}, NOW) == 86_400.0


@pytest.mark.parametrize(
    ("message", "field", "text"),
    [
        ("Expected `int`, got `str` - at `$.external_id`", "external_id", "Expected `int`, got `str`"),
        ("Expected `int`, got `str` - at `$[2].quantity`", "[2].quantity", "Expected `int`, got `str`"),
        ("Expected `str`, got `int` - at `$.tags[0]`", "tags[0]", "Expected `str`, got `int`"),
        ("Object missing required field `title`", "data", "Object missing required field `title`"),
        (
            "Object missing required field `quantity` - at `$[1]`",
            "[1].quantity",
            "Object missing required field `quantity`",
        ),
        ("Expected `object`, got `array`", "data", "Expected `object`, got `array`"),
    ],
)
def test_a_msgspec_error_names_the_field_it_is_about(message: str, field: str, text: str) -> None:
    assert body_field(message) == (field, text)
