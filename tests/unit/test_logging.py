"""One pipeline: stdlib records from any module come out as JSON with the request id of the request."""

from __future__ import annotations

import io
import json
import logging
import sys
import warnings
from collections.abc import Iterator
from typing import Any

import pytest
import structlog

from showbay.adapters.observability.logging import configure_logging
from showbay.adapters.request_context import request_id_var


@pytest.fixture
def stream() -> Iterator[io.StringIO]:
    buffer = io.StringIO()
    configure_logging("INFO", "json", stream=buffer)
    yield buffer
    configure_logging("INFO", "json")


def lines(buffer: io.StringIO) -> list[dict[str, Any]]:
    return [json.loads(line) for line in buffer.getvalue().splitlines() if line.strip()]


def test_stdlib_record_of_any_module_carries_the_request_id_and_extras(stream: io.StringIO) -> None:
    token = request_id_var.set("rid-42")
    try:
        logging.getLogger("showbay.outbound").info(
            "outbound call", extra={"upstream": "github", "status": 200, "attempt": 2, "duration_ms": 12.5}
        )
    finally:
        request_id_var.reset(token)
    [line] = lines(stream)
    assert line["request_id"] == "rid-42"
    assert line["logger"] == "showbay.outbound"
    assert (line["event"], line["upstream"], line["status"], line["attempt"]) == ("outbound call", "github", 200, 2)
    assert line["level"] == "info"
    assert line["timestamp"].endswith("Z")


def test_structlog_events_share_the_pipeline_and_level_filters(stream: io.StringIO) -> None:
    configure_logging("WARNING", "json", stream=stream)
    structlog.get_logger("showbay.test").info("hidden")
    structlog.get_logger("showbay.test").warning("shown", key="value")
    [line] = lines(stream)
    assert (line["event"], line["key"], line["level"]) == ("shown", "value", "warning")
    assert "request_id" not in line


def test_configuring_twice_keeps_one_handler_and_silences_uvicorn_access(stream: io.StringIO) -> None:
    configure_logging("INFO", "json", stream=stream)
    ours = [h for h in logging.getLogger().handlers if h.get_name() == "showbay"]
    assert len(ours) == 1
    logging.getLogger("uvicorn.access").info('127.0.0.1 - "GET / HTTP/1.1" 200')
    logging.getLogger("uvicorn.error").info("Started server process", extra={"color_message": "\x1b[1m"})
    [line] = lines(stream)
    assert line["logger"] == "uvicorn.error"
    assert "color_message" not in line


def test_console_format_renders_plain_text() -> None:
    buffer = io.StringIO()
    configure_logging("INFO", "console", stream=buffer)
    try:
        logging.getLogger("showbay.test").info("hello %s", "world")
    finally:
        configure_logging("INFO", "json")
    assert "hello world" in buffer.getvalue()
    assert not buffer.getvalue().lstrip().startswith("{")


SECRET_TOKEN = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJlLXNlY3JldA"
SECRET_KEY = "sbk_0123456789_" + "K" * 43
SECRET_PASSWORD = "db-pa55word-in-url"


def _explode(authorization: str, api_key: str, dsn: str) -> None:
    raise RuntimeError(f"cannot reach {dsn}")


@pytest.mark.parametrize("log_format", ["json", "console"])
@pytest.mark.parametrize("logger_name", ["showbay.outbound.deep.child", "sqlalchemy.pool.impl", "psycopg", "litestar"])
def test_no_secret_in_any_field_of_any_logger_and_no_frame_locals(
    stream: io.StringIO, log_format: str, logger_name: str
) -> None:
    configure_logging("INFO", log_format, stream=stream)
    try:
        _explode(f"Bearer {SECRET_TOKEN}", SECRET_KEY, f"postgresql://svc:{SECRET_PASSWORD}@db/app")
    except RuntimeError:
        logging.getLogger(logger_name).exception(
            "failed with %s and %s",
            f"Authorization: Bearer {SECRET_TOKEN}",
            SECRET_KEY,
            extra={"x_api_key": "opaque", "headers": {"authorization": "Basic b3BhcXVl"}, "url": "redis://:pw1@r/0"},
        )
    structlog.get_logger("showbay.native").error(
        "native", token=SECRET_TOKEN, dsn=f"postgresql://u:{SECRET_PASSWORD}@h/d"
    )
    output = stream.getvalue()
    for secret in (SECRET_TOKEN, "eyJzdWIiOiJhbGljZSJ9", "K" * 43, SECRET_PASSWORD, "opaque", "b3BhcXVl", "pw1"):
        assert secret not in output
    assert "cannot reach postgresql://svc:***@db/app" in output  # the useful part stays
    assert "_explode" in output  # the traceback is there, without its locals
    assert "api_key" not in output.replace("x_api_key", "")


def test_the_json_traceback_has_frames_but_no_locals(stream: io.StringIO) -> None:
    try:
        _explode("a", "b", "c")
    except RuntimeError:
        logging.getLogger("showbay.http").exception("boom")
    [line] = lines(stream)
    [exception] = line["exception"]
    assert exception["exc_type"] == "RuntimeError"
    assert exception["frames"]
    assert all("locals" not in frame for frame in exception["frames"])


def test_uncaught_exceptions_and_warnings_pass_the_pipeline_too(stream: io.StringIO) -> None:
    try:
        _explode("a", "b", f"postgresql://svc:{SECRET_PASSWORD}@db/app")
    except RuntimeError as error:
        sys.excepthook(type(error), error, error.__traceback__)
    with warnings.catch_warnings():  # pytest records warnings itself: install the capture inside its scope
        warnings.simplefilter("always")
        logging.captureWarnings(False)
        configure_logging("INFO", "json", stream=stream)
        warnings.warn(f"deprecated option in redis://:{SECRET_PASSWORD}@cache/0", UserWarning, stacklevel=1)
    logging.captureWarnings(False)
    uncaught, warned = lines(stream)
    assert (uncaught["logger"], uncaught["level"], uncaught["event"]) == (
        "showbay.uncaught",
        "critical",
        "uncaught exception",
    )
    assert warned["logger"] == "py.warnings"
    assert SECRET_PASSWORD not in stream.getvalue()


def test_the_access_line_renders_in_one_step_with_the_pipelines_keys_redacted_and_escaped(
    stream: io.StringIO,
) -> None:
    from showbay.adapters.observability.access import AccessRecord

    token = request_id_var.set("rid-7")
    try:
        logging.getLogger("showbay.access").handle(
            AccessRecord(
                "GET",
                '/api/v1/tasks/eyJhbGc.eyJzdWI.c2ln/"q',
                "/api/v1/tasks/{task_id}",
                status=404,
                duration_ms=1.5,
                principal=None,
            )
        )
        logging.getLogger("showbay.other").info("request", extra={"status": 200})  # the processors' line
    finally:
        request_id_var.reset(token)
    fast, slow = lines(stream)
    assert fast == {
        "event": "request",
        "method": "GET",
        "path": '/api/v1/tasks/jwt:***/"q',
        "route": "/api/v1/tasks/{task_id}",
        "status": 404,
        "duration_ms": 1.5,
        "principal": None,
        "request_id": "rid-7",
        "logger": "showbay.access",
        "level": "info",
        "timestamp": fast["timestamp"],
    }
    assert set(slow) - {"status", "message"} <= set(fast)  # the same envelope as every other line
    assert fast["timestamp"].endswith("Z")
    assert len(fast["timestamp"]) == len(slow["timestamp"])


def test_the_access_line_in_the_console_format_keeps_its_fields() -> None:
    from showbay.adapters.observability.access import AccessRecord

    buffer = io.StringIO()
    configure_logging("INFO", "console", stream=buffer)
    try:
        logging.getLogger("showbay.access").handle(
            AccessRecord("POST", "/x", "/x", status=201, duration_ms=2.0, principal="alice")
        )
    finally:
        configure_logging("INFO", "json")
    text = buffer.getvalue()
    for field in ("request", "status=201", "principal=alice", "method=POST"):
        assert field in text
