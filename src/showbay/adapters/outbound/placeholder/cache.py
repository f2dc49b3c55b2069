"""CachingPlaceholderGateway: upstream answers kept for a configurable TTL, so bursts of reads hit it once."""

from __future__ import annotations

import time
from collections.abc import Callable

from showbay.adapters.outbound.ttl_cache import TtlCache
from showbay.application.placeholder import (
    ExternalComment,
    ExternalPost,
    ExternalPostPage,
    ExternalTodo,
    PlaceholderGateway,
)


class CachingPlaceholderGateway:
    """Wraps another gateway. "Not found" answers are cached too; failures never are.

    The cache lives in the process: with several workers each keeps its own copy (the data is public and
    read-only, so the cost is at most one upstream call per worker and TTL).
    """

    def __init__(
        self,
        inner: PlaceholderGateway,
        ttl: float,
        *,
        max_entries: int = 1024,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._inner = inner
        self._post: TtlCache[int, ExternalPost | None] = TtlCache(ttl, max_entries=max_entries, clock=clock)
        self._posts: TtlCache[tuple[int, int], ExternalPostPage] = TtlCache(ttl, max_entries=max_entries, clock=clock)
        self._comments: TtlCache[int, tuple[ExternalComment, ...]] = TtlCache(ttl, max_entries=max_entries, clock=clock)
        self._todo: TtlCache[int, ExternalTodo | None] = TtlCache(ttl, max_entries=max_entries, clock=clock)

    async def post(self, post_id: int) -> ExternalPost | None:
        return await self._post.get_or_load(post_id, lambda: self._inner.post(post_id))

    async def posts(self, offset: int, limit: int) -> ExternalPostPage:
        return await self._posts.get_or_load((offset, limit), lambda: self._inner.posts(offset, limit))

    async def post_comments(self, post_id: int) -> tuple[ExternalComment, ...]:
        return await self._comments.get_or_load(post_id, lambda: self._inner.post_comments(post_id))

    async def todo(self, todo_id: int) -> ExternalTodo | None:
        return await self._todo.get_or_load(todo_id, lambda: self._inner.todo(todo_id))
