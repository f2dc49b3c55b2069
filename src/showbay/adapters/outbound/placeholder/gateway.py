"""AiohttpPlaceholderGateway: the PlaceholderGateway port on JSONPlaceholder's REST API."""

from __future__ import annotations

import dataclasses

from showbay.adapters.clock import SystemClock
from showbay.adapters.outbound import UpstreamClient
from showbay.adapters.outbound.placeholder.payloads import CommentPayload, PostPayload, TodoPayload
from showbay.adapters.outbound.retry_after import ascii_int
from showbay.application.placeholder import ExternalComment, ExternalPost, ExternalPostPage, ExternalTodo
from showbay.application.ports import Clock


class AiohttpPlaceholderGateway:
    """Single posts and todos carry the moment the upstream answered (``fetched_at``), which a cache keeps."""

    def __init__(self, client: UpstreamClient, clock: Clock | None = None) -> None:
        self._client = client
        self._clock = clock or SystemClock()

    async def post(self, post_id: int) -> ExternalPost | None:
        payload = await self._client.get_json_or_none(f"/posts/{post_id}", PostPayload)
        return None if payload is None else dataclasses.replace(payload.to_post(), fetched_at=self._clock.now())

    async def posts(self, offset: int, limit: int) -> ExternalPostPage:
        # json-server pagination: _start/_limit, and the collection size in X-Total-Count.
        response = await self._client.get("/posts", params={"_start": offset, "_limit": limit})
        payloads = self._client.decode(self._client.expect_success(response, "/posts"), list[PostPayload])
        return ExternalPostPage(
            posts=tuple(p.to_post() for p in payloads[:limit]),
            offset=offset,
            limit=limit,
            total=ascii_int(response.headers.get("X-Total-Count")),
        )

    async def post_comments(self, post_id: int) -> tuple[ExternalComment, ...]:
        payloads = await self._client.get_json_or_none(f"/posts/{post_id}/comments", list[CommentPayload])
        return tuple(p.to_comment() for p in payloads or ())

    async def todo(self, todo_id: int) -> ExternalTodo | None:
        payload = await self._client.get_json_or_none(f"/todos/{todo_id}", TodoPayload)
        return None if payload is None else dataclasses.replace(payload.to_todo(), fetched_at=self._clock.now())
