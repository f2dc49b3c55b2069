"""In-memory fakes of the placeholder ports: the PlaceholderGateway (posts, comments and todos) and its circuit."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from showbay.application.placeholder import ExternalComment, ExternalPost, ExternalPostPage, ExternalTodo


class FakePlaceholderGateway:
    """Knows some posts, comments and todos; ``fail_with`` makes every call raise, ``delay`` makes every call slow,
    ``during_call`` runs inside each call; ``calls`` lists the ids asked for, in order."""

    def __init__(self, *todos: ExternalTodo) -> None:
        self.todos_by_id: dict[int, ExternalTodo] = {todo.id: todo for todo in todos}
        self.posts_by_id: dict[int, ExternalPost] = {}
        self.comments_by_post: dict[int, tuple[ExternalComment, ...]] = {}
        self.fail_with: Exception | None = None
        self.delay = 0.0
        self.during_call: Callable[[], None] | None = None
        self.calls: list[int] = []

    async def _call(self, asked_for: int) -> None:
        self.calls.append(asked_for)
        if self.delay:
            await asyncio.sleep(self.delay)
        if self.during_call is not None:
            self.during_call()
        if self.fail_with is not None:
            raise self.fail_with

    async def post(self, post_id: int) -> ExternalPost | None:
        await self._call(post_id)
        return self.posts_by_id.get(post_id)

    async def posts(self, offset: int, limit: int) -> ExternalPostPage:
        await self._call(offset)
        ordered = sorted(self.posts_by_id.values(), key=lambda p: p.id)
        return ExternalPostPage(tuple(ordered[offset : offset + limit]), offset, limit, len(ordered))

    async def post_comments(self, post_id: int) -> tuple[ExternalComment, ...]:
        await self._call(post_id)
        return self.comments_by_post.get(post_id, ())

    async def todo(self, todo_id: int) -> ExternalTodo | None:
        await self._call(todo_id)
        return self.todos_by_id.get(todo_id)


class FakeCircuit:
    def __init__(self) -> None:
        self.open = False

    def is_open(self) -> bool:
        return self.open
