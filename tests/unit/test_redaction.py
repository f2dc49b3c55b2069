"""Secrets are masked before any log handler sees them."""

from __future__ import annotations

import pytest

from showbay.adapters.redaction import redact, redact_value


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("connecting to postgresql://svc:s3cr3t-pw@db:5432/showbay", "s3cr3t-pw"),
        ("redis://:hunter2@cache:6379/0 is down", "hunter2"),
        ("Authorization: Bearer abc.def.ghi", "abc.def.ghi"),
        ("key sbk_0123456789_" + "Q" * 43 + " used", "Q" * 43),
        ("token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhIn0.c2ln leaked", "eyJzdWIiOiJhIn0"),
        ("JWT_SECRET=topsecretvalue", "topsecretvalue"),
        ('{"password": "pa55word"}', "pa55word"),
    ],
)
def test_redact_masks_every_kind_of_secret(text: str, secret: str) -> None:
    assert secret not in redact(text)


def test_redacted_urls_keep_what_is_useful() -> None:
    assert redact("postgresql+psycopg://svc:pw@db:5432/app") == "postgresql+psycopg://svc:***@db:5432/app"
    assert redact("postgresql://db/app") == "postgresql://db/app"


def test_redact_value_walks_nested_fields_and_masks_secret_keys_whole() -> None:
    cleaned = redact_value(
        {
            "headers": [(b"authorization", b"Basic dXNlcjpodW50ZXIy"), (b"accept", b"*/*")],
            "extra": {"X-API-Key": "opaque-key-value", "dsn": "host=db", "note": ["password=pa55"]},
            "count": 3,
        }
    )
    assert cleaned == {
        "headers": [["authorization", "***"], ["accept", "*/*"]],
        "extra": {"X-API-Key": "***", "dsn": "***", "note": ["password=***"]},
        "count": 3,
    }
