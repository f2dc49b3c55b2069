"""X-Request-ID is taken from the request only when the whole value is sane."""

from __future__ import annotations

import re

import pytest
from litestar.types import Message, Receive, Scope, Send

from showbay.adapters.http.edge import edge_middleware
from showbay.adapters.request_context import current_request_id


async def answered_id(value: bytes) -> tuple[str | None, str]:
    seen: list[str | None] = []
    sent: list[Message] = []

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        seen.append(current_request_id())
        await send({"type": "http.response.start", "status": 204, "headers": []})

    async def receive() -> Message:
        return {"type": "http.disconnect"}

    async def send(message: Message) -> None:
        sent.append(message)

    scope = {"type": "http", "method": "GET", "path": "/health", "headers": [(b"x-request-id", value)]}
    await edge_middleware(app, "/api/v1")(scope, receive, send)  # type: ignore[arg-type]
    start = sent[0]
    assert start["type"] == "http.response.start"
    echoed = dict(start["headers"])[b"x-request-id"].decode()
    return seen[0], echoed


async def test_a_sane_request_id_is_kept_and_echoed() -> None:
    assert await answered_id(b"abc-123:x.y_z") == ("abc-123:x.y_z", "abc-123:x.y_z")


@pytest.mark.parametrize("value", [b"abc\n", b"abc\r\nSet-Cookie: x", b"", b"a" * 129, b"has space"])
async def test_an_insane_request_id_is_replaced(value: bytes) -> None:
    seen, echoed = await answered_id(value)
    assert seen == echoed
    assert echoed != value.decode("latin-1")
    assert re.fullmatch(r"[0-9a-f]{32}", echoed)  # 128 fresh random bits in hex
