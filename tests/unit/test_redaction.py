"""Secrets are masked before any log handler sees them."""

from __future__ import annotations

import logging

import pytest

from showbay.adapters.redaction import RedactingFilter, redact


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


def test_filter_rewrites_message_arguments_and_tracebacks() -> None:
    try:
        raise RuntimeError("cannot reach postgresql://svc:pw-in-exc@db/app")
    except RuntimeError as exc:
        record = logging.LogRecord(
            "x",
            logging.ERROR,
            __file__,
            1,
            "url %s",
            ("redis://:pw-in-arg@r/0",),
            (
                type(exc),
                exc,
                exc.__traceback__,
            ),
        )
    assert RedactingFilter().filter(record)
    assert "pw-in-arg" not in record.getMessage()
    assert record.exc_text is not None
    assert "pw-in-exc" not in record.exc_text
