"""Idempotency-Key on the POSTs that write: one middleware, declared on each POST by ``idempotent_post``.

The middleware runs inside the route (behind authentication and the rate limiter, before the handler): it
validates the key, fingerprints the request, and hands the handler to ``RunIdempotently`` as an operation whose
answer it captures. The answer reaches the client only after the unit of work (write plus stored answer) has
committed, so a client never sees a success that was not made durable.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import msgspec
from litestar import Request, post
from litestar.datastructures import MutableScopeHeaders
from litestar.enums import ScopeType
from litestar.handlers import HTTPRouteHandler
from litestar.openapi.spec import OpenAPIHeader, OpenAPIResponse, Operation, Parameter, Schema
from litestar.openapi.spec.enums import OpenAPIType
from litestar.types import AnyCallable, ASGIApp, Message, Receive, Scope, Send

from showbay.adapters.http.errors import ErrorResponses
from showbay.application.idempotency.errors import InvalidIdempotencyKey
from showbay.application.idempotency.keys import (
    KEY_HEADER,
    KEY_MAX_LENGTH,
    KEY_PATTERN,
    IdempotentRequest,
    RecordedResponse,
    parse_key,
)
from showbay.application.idempotency.use_cases import RunIdempotently
from showbay.application.principal import Principal

REPLAYED_HEADER = "Idempotent-Replayed"
STORED_HEADERS = ("content-type", "location", "etag")
"""What a replay carries besides the body; the rest (request id, rate limits) belongs to the retry itself."""
IDEMPOTENT_OPT = "idempotent"


def fingerprint(query_string: bytes, body: bytes) -> str:
    """A digest of what was asked: JSON bodies canonically (key order and spacing do not matter), others raw."""
    try:
        canonical = msgspec.json.encode(msgspec.json.decode(body), order="sorted") if body else b""
    except msgspec.DecodeError:
        canonical = body
    return hashlib.sha256(query_string + b"\n" + canonical).hexdigest()


@dataclass
class _CapturedResponse:
    messages: list[Message] = field(default_factory=list)

    async def send(self, message: Message) -> None:
        self.messages.append(message)

    def recorded(self) -> RecordedResponse:
        start = next((m for m in self.messages if m["type"] == "http.response.start"), None)
        if start is None:
            return RecordedResponse(500)
        headers = {name.decode("latin-1").lower(): value.decode("latin-1") for name, value in start.get("headers", ())}
        body = b"".join(m.get("body", b"") for m in self.messages if m["type"] == "http.response.body")
        return RecordedResponse(start["status"], {k: v for k, v in headers.items() if k in STORED_HEADERS}, body)


async def _send_replay(send: Send, response: RecordedResponse) -> None:
    headers = [(k.encode("latin-1"), v.encode("latin-1")) for k, v in response.headers.items()]
    headers += [(b"content-length", str(len(response.body)).encode()), (REPLAYED_HEADER.lower().encode(), b"true")]
    await send({"type": "http.response.start", "status": response.status, "headers": headers})
    await send({"type": "http.response.body", "body": response.body, "more_body": False})


def idempotency_middleware(app: ASGIApp) -> ASGIApp:
    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        request: Request[Any, Any, Any] = Request(scope, receive)
        raw_key = request.headers.get(KEY_HEADER)
        principal = scope.get("user")
        if scope["type"] != ScopeType.HTTP or raw_key is None or not isinstance(principal, Principal):
            await app(scope, receive, send)  # no key, or no caller (the access check answers 401)
            return
        key = parse_key(raw_key)
        body = await request.body()  # kept in the scope: the handler reads it from there (size limit applies)
        asked = IdempotentRequest(
            principal.id, key, scope["method"], scope["path"], fingerprint(scope["query_string"], body)
        )
        captured = _CapturedResponse()

        async def operation() -> RecordedResponse:
            await app(scope, receive, captured.send)
            return captured.recorded()

        run = await request.state.dishka_container.get(RunIdempotently)
        outcome = await run(asked, operation)
        if outcome.replayed:
            await _send_replay(send, outcome.response)
            return
        for message in captured.messages:
            if message["type"] == "http.response.start":
                MutableScopeHeaders(message)[REPLAYED_HEADER] = "false"
            await send(message)

    return middleware


KEY_PARAMETER = Parameter(
    name=KEY_HEADER,
    param_in="header",
    required=False,
    description="Makes a retry safe: the first answer to a request with this key is stored (24 h by default) and "
    "replayed, with `Idempotent-Replayed: true`, to every retry of the same request. The same key with another "
    "request is a 422; while the first request runs, a retry gets a 409 with `Retry-After`. Keys are per caller.",
    schema=Schema(type=OpenAPIType.STRING, min_length=1, max_length=KEY_MAX_LENGTH, pattern=KEY_PATTERN),
)


REPLAYED_HEADER_SPEC = OpenAPIHeader(
    description="Sent when the request carried an Idempotency-Key: `true` for a stored answer replayed to a retry, "
    "`false` for the first answer.",
    schema=Schema(type=OpenAPIType.STRING, enum=["true", "false"]),
)


@dataclass
class IdempotentOperation(Operation):
    """An operation that documents the Idempotency-Key header."""

    def __post_init__(self) -> None:
        self.parameters = [*(self.parameters or []), KEY_PARAMETER]
        for status, response in (self.responses or {}).items():
            if status.startswith("2") and isinstance(response, OpenAPIResponse):
                response.headers = {**(response.headers or {}), REPLAYED_HEADER: REPLAYED_HEADER_SPEC}


IDEMPOTENCY_ERRORS: tuple[type[Exception], ...] = (InvalidIdempotencyKey, *RunIdempotently.raises)
"""What a request with an Idempotency-Key can be refused for: a malformed key (``parse_key``), and the use case's."""


def idempotent_post(
    path: str, *, responses: ErrorResponses, **kwargs: Any
) -> Callable[[AnyCallable], HTTPRouteHandler]:
    """``litestar.post`` for a handler that writes: accepts an Idempotency-Key, documented with its 409/422."""
    opt = {**kwargs.pop("opt", {}), IDEMPOTENT_OPT: True}
    middleware = [*kwargs.pop("middleware", []), idempotency_middleware]
    return post(
        path,
        responses=responses.including(*IDEMPOTENCY_ERRORS),
        opt=opt,
        middleware=middleware,
        operation_class=IdempotentOperation,
        **kwargs,
    )


def is_idempotent(handler: HTTPRouteHandler) -> bool:
    return bool(handler.opt.get(IDEMPOTENT_OPT))
